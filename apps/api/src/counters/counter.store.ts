import { Inject, Injectable } from '@nestjs/common';
import { pruneMap, withTimeout } from '@recway/common';
import { REDIS_CLIENT, type RedisClient } from '../redis/redis.module';

export interface CounterState {
  count: number;
  /** Milliseconds until the window ends and the count starts again from zero. */
  msToReset: number;
}

const PREFIX = 'recway::counter:';
const REDIS_TIMEOUT_MS = 250;
const MEMORY_MAX_KEYS = 100_000;

// INCRBY and the window's expiry in one atomic step: every instance sees one count.
const INCREMENT = `
local count = redis.call('INCRBY', KEYS[1], ARGV[2])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

/**
 * Fixed-window counters (failed logins, rate limits) shared by all instances through Redis. When Redis
 * is not configured, or does not answer within 250 ms, the count is kept in this process instead:
 * limits then hold per instance rather than not at all.
 */
@Injectable()
export class CounterStore {
  private readonly local = new Map<string, { count: number; resetAt: number }>();

  constructor(@Inject(REDIS_CLIENT) private readonly redis: RedisClient | undefined) {}

  increment(key: string, windowMs: number): Promise<CounterState> {
    return this.incrementBy(key, 1, windowMs);
  }

  /** Adds `amount` to the window's count at once (a rate-limit lease); the state is after the addition. */
  async incrementBy(key: string, amount: number, windowMs: number): Promise<CounterState> {
    const shared = await this.tryRedis(async (redis) => {
      const [count, ttl] = (await redis.eval(INCREMENT, {
        keys: [PREFIX + key],
        arguments: [String(windowMs), String(amount)],
      })) as [number, number];
      return { count, msToReset: ttl };
    });
    return shared ?? this.incrementLocal(key, amount, windowMs);
  }

  async peek(key: string): Promise<CounterState> {
    const shared = await this.tryRedis(async (redis) => {
      const [count, ttl] = await Promise.all([redis.get(PREFIX + key), redis.pTTL(PREFIX + key)]);
      return { count: Number(count ?? 0), msToReset: Math.max(ttl, 0) };
    });
    return shared ?? this.peekLocal(key);
  }

  async reset(key: string): Promise<void> {
    this.local.delete(key);
    await this.tryRedis((redis) => redis.del(PREFIX + key));
  }

  private async tryRedis<T>(operation: (redis: RedisClient) => Promise<T>): Promise<T | undefined> {
    if (!this.redis?.isReady) return undefined;
    try {
      return await withTimeout<T | undefined>(operation(this.redis), REDIS_TIMEOUT_MS, () => undefined);
    } catch {
      return undefined;
    }
  }

  private incrementLocal(key: string, amount: number, windowMs: number): CounterState {
    const now = Date.now();
    let entry = this.local.get(key);
    if (!entry || entry.resetAt <= now) {
      if (this.local.size >= MEMORY_MAX_KEYS) pruneMap(this.local, MEMORY_MAX_KEYS, (kept) => kept.resetAt <= now);
      entry = { count: 0, resetAt: now + windowMs };
      this.local.set(key, entry);
    }
    entry.count += amount;
    return { count: entry.count, msToReset: entry.resetAt - now };
  }

  private peekLocal(key: string): CounterState {
    const entry = this.local.get(key);
    const now = Date.now();
    return entry && entry.resetAt > now
      ? { count: entry.count, msToReset: entry.resetAt - now }
      : { count: 0, msToReset: 0 };
  }
}
