import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Global setup runs outside Jest's module mapper: relative import.
import { EmbeddedPostgres } from '../../libs/database/src/embedded-postgres';
import { Client } from 'pg';
import { deleteRedisKeys } from './redis-keys';

declare global {
  var __RECWAY_EMBEDDED__: EmbeddedPostgres | undefined;
}

/**
 * E2E suites need a real PostgreSQL + PostGIS: TEST_DATABASE_URL (wiped to an empty schema here;
 * the app's migrations build it), or else a throwaway embedded one. In CI the real one is required.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.REDIS_URL) await clearCacheKeys(process.env.REDIS_URL);
  if (process.env.TEST_DATABASE_URL) {
    await resetSchema(process.env.TEST_DATABASE_URL);
    return;
  }
  if (process.env.CI === 'true') {
    throw new Error('CI=true but TEST_DATABASE_URL is not set: e2e tests need the real PostgreSQL + PostGIS');
  }
  const embedded = await EmbeddedPostgres.start(mkdtempSync(join(tmpdir(), 'recway-test-')));
  globalThis.__RECWAY_EMBEDDED__ = embedded;
  process.env.TEST_DATABASE_URL = embedded.url;
  process.env.TEST_DATABASE_EMBEDDED = 'true';
}

async function resetSchema(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query('DROP SCHEMA IF EXISTS public CASCADE');
    await client.query('CREATE SCHEMA public');
  } finally {
    await client.end();
  }
}

/** Cache entries of an earlier run would describe rows that no longer exist (ids restart). */
function clearCacheKeys(url: string): Promise<void> {
  return deleteRedisKeys(url, 'recway::*');
}
