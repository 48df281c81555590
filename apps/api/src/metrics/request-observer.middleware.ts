import { isPathUnder } from '@recway/common';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { Histogram } from 'prom-client';
import { MetricsService } from './metrics.service';

/** Requests no route matched share one label, so scanners cannot blow up the series count. */
export const UNMATCHED_ROUTE = 'unmatched';

export interface RequestObserverOptions {
  /** Times requests when set (METRICS_ENABLED); the metrics path itself is never timed. */
  metrics?: { service: MetricsService; path: string };
  /** One line per request at info (5xx at error); quiet paths and the paths below them are not logged. */
  log: { logger: Logger; quietPaths: string[] };
}

type DurationSeries = ReturnType<Histogram<'method' | 'route' | 'status'>['labels']>;

/**
 * Times, counts and logs every request, including those refused by guards, pipes or body limits,
 * from one `finish`/`close` listener pair: per-request logger children and serializers (what
 * pino-http does) cost ~30 % of an empty Nest app's throughput, one base-logger line does not.
 * Series are labelled with the route template (`/api/v1/segmentos/:id`), never the raw URL.
 */
export function requestObserverMiddleware({ metrics, log }: RequestObserverOptions) {
  const timer = metrics && {
    path: metrics.path,
    inFlight: metrics.service.httpRequestsInFlight,
    series: seriesCache(metrics.service.httpRequestDuration),
  };

  return (request: Request, response: Response, next: NextFunction): void => {
    const timed = timer && request.path !== timer.path ? timer : undefined;
    const logged = log.logger.isLevelEnabled('info') && !isPathUnder(request.path, log.quietPaths);
    if (!timed && !logged) return next();
    const started = process.hrtime.bigint();
    timed?.inFlight.inc();
    let recorded = false;
    const record = (): void => {
      if (recorded) return;
      recorded = true;
      const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
      // 499 (nginx's "client closed request"): the client left before the answer was complete.
      const status = response.writableFinished ? response.statusCode : 499;
      if (timed) {
        timed.inFlight.dec();
        timed.series(request.method, routeTemplate(request), String(status)).observe(milliseconds / 1000);
      }
      if (logged) logLine(log.logger, request, status, milliseconds);
    };
    // 'close' also fires when the client goes away before the answer is complete.
    response.once('finish', record);
    response.once('close', record);
    next();
  };
}

/** One child per label set, made once: prom-client hashes a labels object on every observe otherwise. */
function seriesCache(histogram: Histogram<'method' | 'route' | 'status'>) {
  const series = new Map<string, DurationSeries>();
  return (method: string, route: string, status: string): DurationSeries => {
    const key = `${method} ${status} ${route}`;
    let found = series.get(key);
    if (!found) {
      found = histogram.labels(method, route, status);
      series.set(key, found);
    }
    return found;
  };
}

/** pino-http's line shape (req, res, responseTime), so existing log queries keep working. */
function logLine(logger: Logger, request: Request, statusCode: number, milliseconds: number): void {
  const line = {
    req: { id: (request as { id?: unknown }).id, method: request.method, url: request.originalUrl },
    res: { statusCode },
    responseTime: Math.round(milliseconds),
  };
  if (statusCode >= 500) logger.error(line, 'request errored');
  else logger.info(line, statusCode === 499 ? 'request aborted' : 'request completed');
}

function routeTemplate(request: Request): string {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? path : UNMATCHED_ROUTE;
}
