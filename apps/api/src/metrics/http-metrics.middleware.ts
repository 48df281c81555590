import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/** Requests no route matched share one label, so scanners cannot blow up the series count. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Times every request, including those refused by guards, pipes or body limits, and labels it with
 * the route template (`/api/v1/segmentos/:id`), never the raw URL.
 */
export function httpMetricsMiddleware(metrics: MetricsService, metricsPath: string) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (request.path === metricsPath) return next();
    const started = process.hrtime.bigint();
    metrics.httpRequestsInFlight.inc();
    let recorded = false;
    const record = (): void => {
      if (recorded) return;
      recorded = true;
      metrics.httpRequestsInFlight.dec();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // 499 (nginx's "client closed request"): the client left before the answer was complete.
      const status = response.writableFinished ? String(response.statusCode) : '499';
      metrics.httpRequestDuration.observe({ method: request.method, route: routeTemplate(request), status }, seconds);
    };
    // 'close' also fires when the client goes away before the answer is complete.
    response.once('finish', record);
    response.once('close', record);
    next();
  };
}

function routeTemplate(request: Request): string {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? path : UNMATCHED_ROUTE;
}
