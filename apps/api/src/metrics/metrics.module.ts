import { Global, Module } from '@nestjs/common';
import { DatabasePoolMetrics } from './database-pool.metrics';
import { DatabaseReplicaMetrics } from './database-replica.metrics';
import { MetricsServer } from './metrics.server';
import { MetricsService } from './metrics.service';

/** Global so any module can count its own events (cache, login, rate limits, AI). */
@Global()
@Module({
  providers: [MetricsService, DatabasePoolMetrics, DatabaseReplicaMetrics, MetricsServer],
  exports: [MetricsService],
})
export class MetricsModule {}
