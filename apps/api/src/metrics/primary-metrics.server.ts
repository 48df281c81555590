import { createServer } from 'node:http';
import { Logger } from '@nestjs/common';
import type { MetricsConfig } from '@recway/config';
import { AggregatorRegistry } from 'prom-client';
import { metricsHandler } from './metrics-endpoint';

/** The cluster primary's METRICS_PORT: every worker's registry, summed (prom-client's aggregator). */
export function servePrimaryMetrics(config: MetricsConfig): void {
  const aggregator = new AggregatorRegistry();
  const serve = metricsHandler(
    { contentType: aggregator.contentType, metrics: () => aggregator.clusterMetrics() },
    config.token,
  );
  createServer((request, response) => {
    if (request.method === 'GET' && new URL(request.url ?? '/', 'http://metrics').pathname === config.path) {
      serve(request, response);
      return;
    }
    response.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8' });
    response.end('{"detail":"Not Found"}');
  })
    .on('error', (error) =>
      new Logger('Metrics').error(`Cannot serve metrics on port ${config.port}: ${error.message}`),
    )
    .listen(config.port)
    .unref();
  new Logger('Metrics').log(`Cluster metrics on port ${config.port}${config.path}`);
}
