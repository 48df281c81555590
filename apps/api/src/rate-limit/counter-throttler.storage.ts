import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { CounterStore } from '../counters/counter.store';

/**
 * @nestjs/throttler's storage on the shared atomic counters (one Redis INCR + PEXPIRE per request), so
 * every instance spends one budget. A fixed window: once over the limit, a client waits for the
 * window to end (the throttler's blockDuration is the window here).
 */
export class CounterThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly counters: CounterStore) {}

  async increment(
    key: string,
    ttlMs: number,
    limit: number,
    _blockDurationMs: number,
  ): Promise<ThrottlerStorageRecord> {
    const { count, msToReset } = await this.counters.increment(`rate-limit:${key}`, ttlMs);
    const secondsToReset = Math.max(1, Math.ceil(msToReset / 1000));
    const isBlocked = count > limit;
    return {
      totalHits: count,
      timeToExpire: secondsToReset,
      isBlocked,
      timeToBlockExpire: isBlocked ? secondsToReset : 0,
    };
  }
}
