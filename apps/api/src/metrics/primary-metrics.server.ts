import { Logger } from '@nestjs/common';
import type { MetricsConfig } from '@recway/config';
import { AggregatorRegistry } from 'prom-client';
import { createMetricsServer } from './metrics-endpoint';

/** The cluster primary's METRICS_PORT: every worker's registry, summed (prom-client's aggregator). */
export function servePrimaryMetrics(config: MetricsConfig): void {
  const aggregator = new AggregatorRegistry();
  createMetricsServer(
    { contentType: aggregator.contentType, metrics: () => aggregator.clusterMetrics() },
    config.path,
    config.token,
  )
    .on('error', (error) =>
      new Logger('Metrics').error(`Cannot serve metrics on port ${config.port}: ${error.message}`),
    )
    .listen(config.port)
    .unref();
  new Logger('Metrics').log(`Cluster metrics on port ${config.port}${config.path}`);
}
