import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { RecwayConfig } from '@recway/config';
import { createApp } from './create-app';
import { shutDownGracefully } from './graceful-shutdown';

/** How long in-flight requests get to finish, after the drain delay, before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 25_000;

/** One serving process (alone, or a cluster worker): listen, then drain and exit on a signal. */
export async function serve(): Promise<void> {
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

  const shutdown = (signal: NodeJS.Signals): void => {
    // An orchestrator sends SIGTERM and needs the drain delay; Ctrl-C in a terminal does not.
    const drainDelayMs = signal === 'SIGTERM' ? config.get('http.shutdownDelayMs', { infer: true }) : 0;
    logger.log(`${signal} received: readiness is 503; finishing in-flight requests in ${drainDelayMs} ms`);
    setTimeout(() => process.exit(1), drainDelayMs + SHUTDOWN_GRACE_MS).unref();
    shutDownGracefully(app, drainDelayMs).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
