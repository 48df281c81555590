import { pruneMap } from '@recway/common';
import type { CounterState, CounterStore } from '../counters/counter.store';

/** Largest share of a limit one instance takes at once, and the absolute cap on a lease. */
const LEASE_FRACTION = 0.01;
const LEASE_MAX = 1_000;
const MAX_CLIENTS = 100_000;

interface Lease {
  /** The next count of the window this instance may hand out, and the last one it holds. */
  next: number;
  last: number;
  resetAt: number;
}

/**
 * Rate-limit counts taken from the shared counter in leases instead of one Redis round trip per
 * request: an instance adds a block of `leaseSize(limit)` to the window's count (INCRBY) and hands its
 * counts out locally until it is spent or the window ends. The shared count is the sum of every
 * lease, so a request is admitted only with a count ≤ limit that no other instance holds: **a client
 * never gets more than its limit**, across any number of instances. The error goes the other way and
 * is bounded: counts leased but unspent on the other instances — at most (instances − 1) × lease
 * size, 1 % of the limit per extra instance — may refuse a client that early in a window. Limits up
 * to 199 lease one count at a time, so they count exactly as before. A burst of concurrent requests
 * of one client leases as many counts as requests are waiting (they spend them at once), so it costs
 * a round trip or two, not one per request in turn.
 */
export class LeasedBudgets {
  private readonly leases = new Map<string, Lease>();
  /** One lease request per key at a time: concurrent requests wait for it instead of each leasing. */
  private readonly leasing = new Map<string, Promise<void>>();
  private readonly waiting = new Map<string, number>();

  constructor(private readonly counters: CounterStore) {}

  async take(key: string, limit: number, windowMs: number): Promise<CounterState> {
    for (;;) {
      const taken = this.takeLeased(key);
      if (taken) return taken;
      this.waiting.set(key, (this.waiting.get(key) ?? 0) + 1);
      try {
        await this.lease(key, limit, windowMs);
      } finally {
        const left = (this.waiting.get(key) ?? 1) - 1;
        if (left > 0) this.waiting.set(key, left);
        else this.waiting.delete(key);
      }
    }
  }

  private takeLeased(key: string): CounterState | undefined {
    const lease = this.leases.get(key);
    const now = Date.now();
    if (!lease || lease.next > lease.last || lease.resetAt <= now) return undefined;
    return { count: lease.next++, msToReset: lease.resetAt - now };
  }

  private lease(key: string, limit: number, windowMs: number): Promise<void> {
    let pending = this.leasing.get(key);
    if (!pending) {
      // Requests already waiting will each spend a count at once: lease enough for all of them.
      const size = Math.max(leaseSize(limit), this.waiting.get(key) ?? 1);
      pending = this.leaseNow(key, size, windowMs).finally(() => this.leasing.delete(key));
      this.leasing.set(key, pending);
    }
    return pending;
  }

  private async leaseNow(key: string, size: number, windowMs: number): Promise<void> {
    const { count, msToReset } = await this.counters.incrementBy(key, size, windowMs);
    if (this.leases.size >= MAX_CLIENTS) {
      // A dropped lease's unspent counts are lost, never given twice.
      const now = Date.now();
      pruneMap(this.leases, MAX_CLIENTS, (lease) => lease.resetAt <= now || lease.next > lease.last);
    }
    this.leases.set(key, { next: count - size + 1, last: count, resetAt: Date.now() + msToReset });
  }
}

export function leaseSize(limit: number): number {
  return Math.max(1, Math.min(LEASE_MAX, Math.floor(limit * LEASE_FRACTION)));
}
