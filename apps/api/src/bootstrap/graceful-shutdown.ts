import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ShutdownState } from '../health/shutdown-state';

/** How long in-flight requests get to finish, after the drain delay, before the process exits anyway. */
const IN_FLIGHT_GRACE_MS = 25_000;

/** An orchestrator's SIGTERM gets the drain delay; Ctrl-C's SIGINT in a terminal does not. */
export function drainDelayFor(signal: NodeJS.Signals, shutdownDelayMs: number): number {
  return signal === 'SIGTERM' ? shutdownDelayMs : 0;
}

/** The drain delay plus the time in-flight requests may take: an AI answer may run AI_REQUEST_TIMEOUT. */
export function shutdownBudgetMs(drainDelayMs: number, aiRequestTimeoutMs: number): number {
  return drainDelayMs + Math.max(IN_FLIGHT_GRACE_MS, aiRequestTimeoutMs + 1_000);
}

/**
 * The order load balancers need: readiness turns 503 at once; after `drainDelayMs` (time for the
 * balancer to notice) the server stops accepting connections and waits for in-flight requests; only
 * then does the pool close, then the modules (Redis, the embedded database). Nest's own close()
 * would close them before the server stops taking requests.
 */
export async function shutDownGracefully(app: INestApplication, drainDelayMs: number): Promise<void> {
  app.get(ShutdownState).begin();
  if (drainDelayMs > 0) await sleep(drainDelayMs);
  const server = app.getHttpServer() as Server;
  // Node also closes idle keep-alive connections here; the callback waits for the busy ones.
  await new Promise<void>((resolve) => server.close(() => resolve()));
  // The pool goes before the modules: the embedded database would otherwise stop under it.
  await app.get(DataSource).destroy();
  await app.close();
}
