import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { MetricsService } from './metrics.service';

/** The three numbers of pg's pool, read when Prometheus scrapes. */
interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** Connection pool gauges: a pool stuck at its ceiling with requests waiting is the first sign of trouble. */
@Injectable()
export class DatabasePoolMetrics {
  constructor(@InjectDataSource() dataSource: DataSource, metrics: MetricsService) {
    const pool = (): PgPool | undefined => (dataSource.driver as unknown as { master?: PgPool }).master;
    const gauge = (name: string, help: string, read: (pool: PgPool) => number): void => {
      new Gauge({
        name,
        help,
        registers: [metrics.registry],
        collect() {
          const current = pool();
          if (current) this.set(read(current));
        },
      });
    };
    gauge('recway_db_pool_size', 'Open database connections', (current) => current.totalCount);
    gauge('recway_db_pool_idle', 'Open database connections not in use', (current) => current.idleCount);
    gauge('recway_db_pool_waiting', 'Queries waiting for a free connection', (current) => current.waitingCount);
  }
}
