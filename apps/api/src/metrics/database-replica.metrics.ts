import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { ReadReplicas } from '../replicas/read-replicas.service';
import { MetricsService } from './metrics.service';

/**
 * Replication as each worker saw it at its last check (DATABASE_REPLICA_URLS): lag, and whether a
 * replica serves reads; with the primary's reachability, the read-only mode shows on a dashboard.
 * Workers' values are combined by max (lag) and min (in rotation, primary up), never summed.
 */
@Injectable()
export class DatabaseReplicaMetrics {
  constructor(replicas: ReadReplicas, metrics: MetricsService) {
    if (!replicas.configured) return;
    const registers = [metrics.registry];
    new Gauge({
      name: 'recway_db_replica_lag_seconds',
      help: 'Replication lag of each read replica at its last check',
      labelNames: ['replica'] as const,
      aggregator: 'max',
      registers,
      collect() {
        for (const replica of replicas.state().replicas) this.set({ replica: replica.name }, replica.lagMs / 1000);
      },
    });
    new Gauge({
      name: 'recway_db_replica_in_rotation',
      help: '1 while a read replica answers within DATABASE_REPLICA_MAX_LAG_SECONDS and serves reads',
      labelNames: ['replica'] as const,
      aggregator: 'min',
      registers,
      collect() {
        for (const replica of replicas.state().replicas)
          this.set({ replica: replica.name }, replica.inRotation ? 1 : 0);
      },
    });
    new Counter({
      name: 'recway_db_reads_total',
      help: 'Reads that tolerate replication lag, by the database that answered them (primary or replica-N)',
      labelNames: ['target'] as const,
      registers,
      collect() {
        this.reset();
        for (const [target, count] of replicas.answered) this.inc({ target }, count);
      },
    });
    new Gauge({
      name: 'recway_db_primary_reachable',
      help: '1 while the primary answers; 0: read-only mode (reads from replicas, writes 503)',
      aggregator: 'min',
      registers,
      collect() {
        this.set(replicas.state().primaryReachable ? 1 : 0);
      },
    });
  }
}
