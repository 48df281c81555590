import cluster, { type Worker } from 'node:cluster';
import { Logger } from '@nestjs/common';
import type { RecwayConfig } from '@recway/config';
import { servePrimaryMetrics } from '../metrics/primary-metrics.server';

/** A worker that dies is replaced after this pause, so a crash loop cannot spin the CPU. */
const RESTART_DELAY_MS = 1_000;

/**
 * Node's cluster: WORKERS processes share the port (the primary hands out connections). The
 * primary serves no requests; it replaces workers that die and, on SIGTERM/SIGINT, passes the
 * signal on and exits once every worker has drained. With METRICS_PORT it serves the metrics of all
 * workers added together.
 */
export function runClusterPrimary(config: RecwayConfig): void {
  const logger = new Logger('Cluster');
  // Workers skip what the primary already did (migrations, first admin).
  const fork = (): Worker => cluster.fork({ DATABASE_RUN_MIGRATIONS: 'false' });
  let stopping = false;

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    logger.warn(`Worker ${worker.process.pid} died (${signal ?? `exit ${code}`}); starting a replacement`);
    setTimeout(fork, RESTART_DELAY_MS);
  });

  const stop = (signal: NodeJS.Signals): void => {
    stopping = true;
    logger.log(`${signal} received: stopping ${Object.keys(cluster.workers ?? {}).length} workers`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);

  logger.log(`Primary ${process.pid} starting ${config.http.workers} workers`);
  for (let i = 0; i < config.http.workers; i += 1) fork();
  if (config.metrics.enabled && config.metrics.port !== undefined) servePrimaryMetrics(config.metrics);
}
