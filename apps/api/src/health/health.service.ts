import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { withTimeout } from '@recway/common';
import { RecwayConfig } from '@recway/config';
import { DataSource } from 'typeorm';
import { ReadReplicas } from '../replicas/read-replicas.service';
import { DatabaseHealthDto, LivenessDto } from './health.dto';
import { ReadinessIndicators } from './readiness.indicators';

export interface Readiness {
  ready: boolean;
  /** Terminus' format: status, info, error, details. */
  result: HealthCheckResult;
}

/** How long a probe waits for `SELECT 1` before it calls the database disconnected. */
export const DATABASE_PROBE_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ConfigService) private readonly config: ConfigService<RecwayConfig, true>,
    private readonly terminus: HealthCheckService,
    private readonly readinessIndicators: ReadinessIndicators,
    private readonly replicas: ReadReplicas,
  ) {}

  liveness(): LivenessDto {
    return {
      status: 'healthy',
      timestamp: new Date().toISOString(),
      uptime: Math.round(process.uptime() * 1000) / 1000,
      version: this.config.get('app.version', { infer: true }),
    };
  }

  async readiness(): Promise<Readiness> {
    try {
      return { ready: true, result: await this.terminus.check(this.readinessIndicators.all()) };
    } catch (error) {
      // Terminus reports a failed check as a 503 exception carrying the full result.
      if (error instanceof ServiceUnavailableException) {
        return { ready: false, result: error.getResponse() as HealthCheckResult };
      }
      throw error;
    }
  }

  /** The primary's round trip, and each replica's state as of its last check. */
  async database(): Promise<DatabaseHealthDto> {
    const primary = await this.primary();
    if (!this.replicas.configured) return primary;
    const replicas = this.replicas.state().replicas.map((replica) => ({
      name: replica.name,
      in_rotation: replica.inRotation,
      lag_seconds: replica.lagMs / 1000,
      ...(replica.error === undefined ? {} : { error: replica.error }),
    }));
    return { ...primary, replicas };
  }

  private async primary(): Promise<DatabaseHealthDto> {
    const started = performance.now();
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), DATABASE_PROBE_TIMEOUT_MS, () => {
        throw new Error(`no answer within ${DATABASE_PROBE_TIMEOUT_MS} ms`);
      });
      return { database: { status: 'connected', latency_ms: elapsedMs(started) } };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { database: { status: 'disconnected', latency_ms: elapsedMs(started), error: reason } };
    }
  }
}

function elapsedMs(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}
