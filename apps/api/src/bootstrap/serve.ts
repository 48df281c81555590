import cluster from 'node:cluster';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { RecwayConfig } from '@recway/config';
import { AggregatorRegistry } from 'prom-client';
import { createApp } from './create-app';
import { drainDelayFor, shutdownBudgetMs, shutDownGracefully } from './graceful-shutdown';

/** One serving process (alone, or a cluster worker): listen, then drain and exit on a signal. */
export async function serve(): Promise<void> {
  // Answer the primary's metrics requests from the start, even while this worker boots (prom-client's
  // cluster protocol; MetricsService then points it at the app's registry).
  if (cluster.isWorker) new AggregatorRegistry();
  const app = await createApp();
  const config = app.get<ConfigService<RecwayConfig, true>>(ConfigService);
  const { port, name, environment } = config.get('app', { infer: true });
  const server = app.getHttpServer();
  server.maxConnections = config.get('http.maxConnections', { infer: true });
  await app.listen(port);
  const logger = new Logger('Bootstrap');
  logger.log(`${name} listening on port ${port} (${environment}, pid ${process.pid}); docs at /docs`);
  if (config.get('auth.secretKeyGenerated', { infer: true })) {
    logger.warn('SECRET_KEY is not set: using a random key, tokens will not survive a restart');
  }

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return; // the terminal and the cluster primary may both send Ctrl-C's SIGINT
    stopping = true;
    const drainDelayMs = drainDelayFor(signal, config.get('http.shutdownDelayMs', { infer: true }));
    logger.log(`${signal} received: readiness is 503; closing the listener in ${drainDelayMs} ms, then draining`);
    const budgetMs = shutdownBudgetMs(drainDelayMs, config.get('ai.requestTimeoutMs', { infer: true }));
    setTimeout(() => process.exit(1), budgetMs).unref();
    shutDownGracefully(app, drainDelayMs).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
