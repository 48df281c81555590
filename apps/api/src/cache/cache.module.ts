import { createKeyv as createMemoryKeyv } from '@cacheable/memory';
import { createKeyv as createRedisKeyv } from '@keyv/redis';
import { CacheModule } from '@nestjs/cache-manager';
import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { RecwayConfig } from '@recway/config';
import type { Keyv } from 'keyv';
import { JsonCacheService } from './json-cache.service';

/** Entries live at most this long even if an invalidation is lost (e.g. Redis down during a write). */
export const CACHE_TTL_MS = 60_000;
const MEMORY_MAX_ENTRIES = 10_000;
/** Redis must answer quickly or not at all: a slow cache is worse than none. */
const REDIS_CONNECT_TIMEOUT_MS = 1_000;

function createStore(redisUrl: string | undefined): Keyv {
  if (!redisUrl) return createMemoryKeyv({ lruSize: MEMORY_MAX_ENTRIES, checkInterval: CACHE_TTL_MS });
  const store = createRedisKeyv(
    {
      url: redisUrl,
      // Fail commands at once while disconnected instead of queueing them behind a reconnect.
      disableOfflineQueue: true,
      socket: {
        connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
        reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5_000),
      },
    },
    { namespace: 'recway', throwOnConnectError: false, throwOnErrors: false },
  );
  // Keyv reports a lost connection as an 'error' event; unheard, it would end the process.
  store.on('error', (error: unknown) => logRedisError(error));
  return store;
}

const redisLogger = new Logger('Cache');
let lastRedisError = 0;
function logRedisError(error: unknown): void {
  if (Date.now() - lastRedisError < 30_000) return;
  lastRedisError = Date.now();
  redisLogger.warn({ err: error }, 'Redis unavailable: cache reads fall back to the database');
}

/**
 * Cache-aside storage for plain JSON: Redis when REDIS_URL is set (shared by every instance),
 * a bounded in-memory LRU otherwise (one instance only). Imported by each feature that caches rather
 * than global, so its shutdown hook (closing Redis at once) runs before the cache module's own.
 */
@Module({
  imports: [
    CacheModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<RecwayConfig, true>) => ({
        stores: [createStore(config.get('redis.url', { infer: true }))],
        ttl: CACHE_TTL_MS,
      }),
    }),
  ],
  providers: [JsonCacheService],
  exports: [JsonCacheService],
})
export class AppCacheModule {}
