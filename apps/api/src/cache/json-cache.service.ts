import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { OccasionalWarning, withTimeout } from '@recway/common';
import type { Cache } from 'cache-manager';
import { MetricsService } from '../metrics/metrics.service';

/** Longest a request waits for the cache before going to the database. */
export const CACHE_OP_TIMEOUT_MS = 250;

/**
 * JSON values under explicit keys. Every operation is bounded and never throws: a cache that is
 * down or slow behaves as a miss, so reads fall back to the database.
 */
@Injectable()
export class JsonCacheService {
  private readonly unavailable = new OccasionalWarning(
    new Logger('Cache'),
    'Cache unavailable: serving from the database',
  );

  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    private readonly metrics: MetricsService,
  ) {}

  async get<T>(key: string): Promise<T | undefined> {
    const value = (await this.bounded(() => this.cache.get<T>(key))) ?? undefined;
    (value === undefined ? this.metrics.cacheMisses : this.metrics.cacheHits).inc();
    return value;
  }

  async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
    await this.bounded(() => this.cache.set(key, value, ttlMs));
  }

  async delete(...keys: string[]): Promise<void> {
    await this.bounded(() => this.cache.mdel(keys));
  }

  private async bounded<T>(operation: () => Promise<T>): Promise<T | undefined> {
    try {
      return await withTimeout<T | undefined>(operation(), CACHE_OP_TIMEOUT_MS, () => undefined);
    } catch (error) {
      this.unavailable.warn(error);
      return undefined;
    }
  }
}
