import type { NestExpressApplication } from '@nestjs/platform-express';
import type { MetricsConfig } from '@recway/config';
import { httpMetricsMiddleware } from './http-metrics.middleware';
import { metricsHandler } from './metrics-endpoint';
import { MetricsService } from './metrics.service';

/** Request timing for every request, and the metrics path on the API port unless METRICS_PORT is set. */
export function installMetrics(app: NestExpressApplication, config: MetricsConfig): void {
  if (!config.enabled) return;
  const metrics = app.get(MetricsService);
  app.use(httpMetricsMiddleware(metrics, config.path));
  if (config.port !== undefined) return;
  const serve = metricsHandler(metrics.registry, config.token);
  const express = app.getHttpAdapter().getInstance();
  express.get(config.path, (request, response) => serve(request, response));
}
