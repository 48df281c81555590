import { EventEmitter } from 'node:events';
import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { OccasionalWarning } from '@recway/common';
import { RecwayConfig } from '@recway/config';
import { REDIS_CLIENT, type RedisClient } from '../redis/redis.module';
import { NewRealtimeEvent, RealtimeEvent } from './realtime-event';

/**
 * Pub/sub channels belong to the whole Redis server, not to a database: the channel carries the
 * database number of REDIS_URL, so deployments sharing a server on different databases never hear
 * each other's events (as their keys never mix).
 */
export function channelFor(redisUrl: string | undefined): string {
  const database = redisUrl ? new URL(redisUrl).pathname.replace(/^\//, '') || '0' : '0';
  return `recway:${database}:realtime:events`;
}

/**
 * Carries events to every instance's subscribers. With REDIS_URL, through Redis pub/sub: events are
 * notices of a change whose state lives in PostgreSQL, so a client that missed some (offline, or
 * while Redis was down) re-reads through the REST API — there is nothing to replay, which is what
 * streams would add (with their trimming and consumer bookkeeping). Publishing never blocks or throws:
 * while Redis is down events are dropped (counted) and REST keeps working; the subscriber connection
 * reconnects and resubscribes by itself. Without REDIS_URL, events stay in the process.
 */
@Injectable()
export class RealtimeEventsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Realtime');
  private readonly local = new EventEmitter();
  private readonly unavailable = new OccasionalWarning(this.logger, 'Redis unavailable: realtime events paused');
  private subscriber?: RedisClient;
  private readonly channel: string;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient | undefined,
    @Inject(ConfigService) config: ConfigService<RecwayConfig, true>,
  ) {
    this.local.setMaxListeners(0);
    this.channel = channelFor(config.get('redis.url', { infer: true }));
  }

  /**
   * Subscribes in the background: a Redis that is down or silent at boot must not hold the server up.
   * The client retries with backoff and, once connected, resubscribes after every reconnection.
   */
  onModuleInit(): void {
    if (!this.redis) return;
    const subscriber = this.redis.duplicate();
    subscriber.on('error', (error: unknown) => this.unavailable.warn(error));
    this.subscriber = subscriber;
    subscriber
      .connect()
      .then(() => subscriber.subscribe(this.channel, (message) => this.deliver(message)))
      .catch((error: unknown) => this.unavailable.warn(error));
  }

  onModuleDestroy(): void {
    try {
      this.subscriber?.destroy();
    } catch {
      // never connected: nothing to close
    }
  }

  /** After the write has committed. Never throws. */
  publish(published: NewRealtimeEvent): void {
    const event: RealtimeEvent = { ...published, at: new Date().toISOString() };
    if (!this.redis) {
      this.local.emit('event', event);
      return;
    }
    this.redis.publish(this.channel, JSON.stringify(event)).catch((error: unknown) => this.unavailable.warn(error));
  }

  onEvent(listener: (event: RealtimeEvent) => void): () => void {
    this.local.on('event', listener);
    return () => this.local.off('event', listener);
  }

  private deliver(message: string): void {
    try {
      this.local.emit('event', JSON.parse(message) as RealtimeEvent);
    } catch (error) {
      this.logger.warn(`Dropped an unreadable realtime event: ${(error as Error).message}`);
    }
  }
}
