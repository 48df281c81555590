import { createClient, type RedisClientType } from '@keyv/redis';
import { Inject, Logger, Module, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { OccasionalWarning } from '@recway/common';
import { RecwayConfig } from '@recway/config';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
export type RedisClient = RedisClientType;

const CONNECT_TIMEOUT_MS = 1_000;
/** A connection that stays silent this long (despite the pings) is dropped and reconnected. */
const SOCKET_TIMEOUT_MS = 3_000;
const PING_INTERVAL_MS = 1_000;

/**
 * Connects to REDIS_URL for an instance's shared state (cache, counters). Commands fail at once
 * while disconnected (no offline queue: callers fall back instead of waiting), reconnection runs
 * in the background with backoff. A server that accepts but stops answering (a hung Redis, a dead
 * network path) is noticed within 3 s by the pings, so commands stop queueing behind it and counts
 * are not applied late. `undefined` when REDIS_URL is not set.
 */
function connect(url: string): RedisClient {
  const unavailable = new OccasionalWarning(
    new Logger('Redis'),
    'Redis unavailable: falling back (cache misses, local counters)',
  );
  const client = createClient({
    url,
    disableOfflineQueue: true,
    pingInterval: PING_INTERVAL_MS,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      socketTimeout: SOCKET_TIMEOUT_MS,
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5_000),
    },
  });
  client.on('error', (error: unknown) => unavailable.warn(error));
  client.connect().catch(() => undefined); // errors are reported by the 'error' listener
  return client;
}

class RedisShutdown implements OnModuleDestroy {
  constructor(@Inject(REDIS_CLIENT) private readonly client: RedisClient | undefined) {}

  /** Closes at once: a graceful QUIT would wait forever on a server that went silent. */
  onModuleDestroy(): void {
    if (this.client?.isOpen) this.client.destroy();
  }
}

@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [ConfigService],
      useFactory: (config: ConfigService<RecwayConfig, true>) => {
        const url = config.get('redis.url', { infer: true });
        return url ? connect(url) : undefined;
      },
    },
    RedisShutdown,
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule {}
