import { existsSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  DiskHealthIndicator,
  type HealthIndicatorFunction,
  HealthIndicatorService,
  MemoryHealthIndicator,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import type { RecwayConfig } from '@recway/config';
import { REDIS_CLIENT, type RedisClient } from '../redis/redis.module';
import { ReadReplicas } from '../replicas/read-replicas.service';
import { ShutdownState } from './shutdown-state';

/** How long a readiness probe waits for PostgreSQL or Redis before calling it down. */
export const DEPENDENCY_PROBE_TIMEOUT_MS = 2000;
/** Ready while the heap stays under this share of V8's own limit (--max-old-space-size). */
const HEAP_LIMIT_SHARE = 0.9;
/** Ready while the disk holding the data (or the root) is less full than this. */
const DISK_FULL_SHARE = 0.95;

/** The checks behind /health/ready: what this instance needs to serve traffic. */
@Injectable()
export class ReadinessIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly memory: MemoryHealthIndicator,
    private readonly disk: DiskHealthIndicator,
    private readonly shutdown: ShutdownState,
    private readonly replicas: ReadReplicas,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient | undefined,
    @Inject(ConfigService) private readonly config: ConfigService<RecwayConfig, true>,
  ) {}

  all(): HealthIndicatorFunction[] {
    const redis = this.redis;
    return [
      () => this.acceptingTraffic(),
      () =>
        this.replicas.configured
          ? this.databaseWithReplicas()
          : this.database.pingCheck('database', { timeout: DEPENDENCY_PROBE_TIMEOUT_MS }),
      ...(redis ? [() => this.redisPing(redis)] : []),
      () => this.memory.checkHeap('memory_heap', getHeapStatistics().heap_size_limit * HEAP_LIMIT_SHARE),
      () => this.disk.checkStorage('disk', { path: this.diskPath(), thresholdPercent: DISK_FULL_SHARE }),
    ];
  }

  private acceptingTraffic() {
    const session = this.indicators.check('shutdown');
    return this.shutdown.isShuttingDown ? session.down('shutting down') : session.up();
  }

  /**
   * Ready while reads can be answered: the primary, or else a replica in rotation (read-only mode:
   * writes answer 503 until the primary is back). Taking the instance out of the load balancer then
   * would turn every read into an error too.
   */
  private async databaseWithReplicas() {
    // Terminus reports a failed ping in its result (status "down"), it does not throw.
    const ping = await this.database.pingCheck('primary', { timeout: DEPENDENCY_PROBE_TIMEOUT_MS });
    const primaryUp = ping.primary?.status === 'up';
    const inRotation = this.replicas.state().replicas.filter((replica) => replica.inRotation).length;
    const details = {
      mode: primaryUp ? 'read-write' : 'read-only',
      primary: primaryUp ? 'up' : 'down',
      replicas_in_rotation: inRotation,
    };
    const session = this.indicators.check('database');
    return primaryUp || inRotation > 0 ? session.up(details) : session.down(details);
  }

  private redisPing(redis: RedisClient) {
    return this.indicators
      .check('redis')
      .attempt(async () => {
        // Without the offline queue a disconnected client refuses at once instead of waiting.
        await redis.ping();
      })
      .withTimeout(DEPENDENCY_PROBE_TIMEOUT_MS);
  }

  private diskPath(): string {
    const dataDir = this.config.get('app.dataDir', { infer: true });
    return existsSync(dataDir) ? dataDir : '/';
  }
}
