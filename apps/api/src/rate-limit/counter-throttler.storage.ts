import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { CounterStore } from '../counters/counter.store';
import { LeasedBudgets } from './leased-budgets';

/**
 * @nestjs/throttler's storage on the shared atomic counters, leased in blocks (LeasedBudgets), so
 * every instance spends one budget without a Redis round trip per request. A fixed window: once over
 * the limit, a client waits for the window to end (the throttler's blockDuration is the window here).
 */
export class CounterThrottlerStorage implements ThrottlerStorage {
  private readonly budgets: LeasedBudgets;

  constructor(counters: CounterStore) {
    this.budgets = new LeasedBudgets(counters);
  }

  async increment(
    key: string,
    ttlMs: number,
    limit: number,
    _blockDurationMs: number,
  ): Promise<ThrottlerStorageRecord> {
    const { count, msToReset } = await this.budgets.take(`rate-limit:${key}`, limit, ttlMs);
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
