import cluster, { type Worker } from 'node:cluster';
import { ConsoleLogger, Logger } from '@nestjs/common';
import type { RecwayConfig } from '@recway/config';
import { servePrimaryMetrics } from '../metrics/primary-metrics.server';
import { drainDelayFor, shutdownBudgetMs } from './graceful-shutdown';

/** A worker that dies is replaced after this pause, so a crash loop cannot spin the CPU. */
const RESTART_DELAY_MS = 1_000;

/**
 * Node's cluster: WORKERS processes share the port (the primary hands out connections). The
 * primary serves no requests; it replaces workers that die and, on SIGTERM/SIGINT, passes the
 * signal on and exits once every worker has drained. With METRICS_PORT it serves the metrics of all
 * workers added together.
 */
export function runClusterPrimary(config: RecwayConfig): void {
  Logger.overrideLogger(new ConsoleLogger({ json: true })); // JSON lines, like the workers' logs
  const logger = new Logger('Cluster');
  const alive = new Set<Worker>();
  let stopping = false;

  const fork = (): void => {
    if (stopping) return;
    const worker = cluster.fork({
      // The primary already did these (migrations, first admin).
      DATABASE_RUN_MIGRATIONS: 'false',
      // Without SECRET_KEY each worker would draw its own, and reject the others' tokens.
      SECRET_KEY: config.auth.secretKey,
    });
    alive.add(worker);
    worker.on('exit', (code, signal) => {
      alive.delete(worker);
      if (stopping) {
        if (alive.size === 0) process.exit(0);
        return;
      }
      logger.warn(`Worker ${worker.process.pid} died (${signal ?? `exit ${code}`}); starting a replacement`);
      setTimeout(fork, RESTART_DELAY_MS);
    });
  };

  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    if (alive.size === 0) process.exit(0);
    logger.log(`${signal} received: stopping ${alive.size} workers`);
    // Ctrl-C reaches the workers from the terminal too; they ignore a repeated signal.
    for (const worker of alive) worker.process.kill(signal);
    const budgetMs = shutdownBudgetMs(drainDelayFor(signal, config.http.shutdownDelayMs), config.ai.requestTimeoutMs);
    setTimeout(() => process.exit(1), budgetMs + 5_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  logger.log(`Primary ${process.pid} starting ${config.http.workers} workers`);
  for (let i = 0; i < config.http.workers; i += 1) fork();
  if (!config.metrics.enabled) return;
  if (config.metrics.port !== undefined) servePrimaryMetrics(config.metrics);
  else logger.warn('Metrics on the API port come from whichever worker answers: set METRICS_PORT for totals');
}
