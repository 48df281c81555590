import type { NestExpressApplication } from '@nestjs/platform-express';
import type { MetricsConfig } from '@recway/config';
import type { Logger } from 'pino';
import { metricsHandler } from './metrics-endpoint';
import { MetricsService } from './metrics.service';
import { requestObserverMiddleware } from './request-observer.middleware';

/**
 * Request timing (when metrics are on) and the request log line for every request, and the metrics
 * path on the API port unless METRICS_PORT is set. Probes (`quietPaths`) are timed but not logged.
 */
export function installRequestObserver(
  app: NestExpressApplication,
  config: MetricsConfig,
  log: { logger: Logger; quietPaths: string[] },
): void {
  const metrics = config.enabled ? { service: app.get(MetricsService), path: config.path } : undefined;
  app.use(requestObserverMiddleware({ metrics, log }));
  if (!metrics || config.port !== undefined) return;
  const serve = metricsHandler(metrics.service.registry, config.token);
  const express = app.getHttpAdapter().getInstance();
  express.get(config.path, (request, response) => serve(request, response));
}
