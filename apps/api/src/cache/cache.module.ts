import { createKeyv as createMemoryKeyv } from '@cacheable/memory';
import { createKeyv as createRedisKeyv } from '@keyv/redis';
import { CacheModule } from '@nestjs/cache-manager';
import { Module } from '@nestjs/common';
import type { Keyv } from 'keyv';
import { REDIS_CLIENT, RedisClient, RedisModule } from '../redis/redis.module';
import { JsonCacheService } from './json-cache.service';

/** Entries live at most this long even if an invalidation is lost (e.g. Redis down during a write). */
export const CACHE_TTL_MS = 60_000;
const MEMORY_MAX_ENTRIES = 10_000;

/**
 * The client belongs to RedisModule, which closes it last; the cache module's own shutdown would
 * otherwise close it gracefully first, and that waits forever on a server that went silent.
 */
function sharedRedisStore(redis: RedisClient): Keyv {
  const store = createRedisKeyv(redis, { namespace: 'recway', throwOnConnectError: false, throwOnErrors: false });
  store.disconnect = () => Promise.resolve();
  // Values are plain JSON, never Buffers: native JSON is ~4× faster on a page of 100 segments than
  // Keyv's default codec, which visits every string to escape it for Buffer support.
  store.serialize = JSON.stringify;
  store.deserialize = JSON.parse;
  return store;
}

/**
 * Cache-aside storage for plain JSON: Redis when REDIS_URL is set (shared by every instance),
 * a bounded in-memory LRU otherwise (one instance only).
 */
@Module({
  imports: [
    CacheModule.registerAsync({
      imports: [RedisModule],
      inject: [REDIS_CLIENT],
      useFactory: (redis: RedisClient | undefined) => ({
        stores: [
          redis
            ? sharedRedisStore(redis)
            : createMemoryKeyv({ lruSize: MEMORY_MAX_ENTRIES, checkInterval: CACHE_TTL_MS }),
        ],
        ttl: CACHE_TTL_MS,
      }),
    }),
  ],
  providers: [JsonCacheService],
  exports: [JsonCacheService],
})
export class AppCacheModule {}
