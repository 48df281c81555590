import 'reflect-metadata';
import cluster from 'node:cluster';
import { ConfigValidationError, loadRecwayConfig } from '@recway/config';
import { runClusterPrimary } from './bootstrap/cluster-primary';
import { prepareDatabase } from './bootstrap/prepare-database';
import { serve } from './bootstrap/serve';

async function bootstrap(): Promise<void> {
  // Fail fast, before Nest starts, with only the list of bad variables on stderr.
  const config = loadRecwayConfig();
  if (cluster.isPrimary && config.http.workers > 1) {
    // Migrations (when DATABASE_RUN_MIGRATIONS) and the first admin, once, before any worker starts.
    await prepareDatabase();
    runClusterPrimary(config);
    return;
  }
  await serve();
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigValidationError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `RecWay failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
