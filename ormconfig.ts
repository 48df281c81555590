/**
 * The DataSource of the TypeORM CLI (`npm run migration:*`). Same configuration, same migrations
 * and same embedded fallback as the server.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { loadRecwayConfig } from '@recway/config';
import { buildDataSourceOptions, EmbeddedPostgres } from '@recway/database';
import { DataSource } from 'typeorm';

const ENTITIES = [join(__dirname, 'apps', '*', 'src', '**', '*.entity.{ts,js}')];

async function createCliDataSource(): Promise<DataSource> {
  const { database } = loadRecwayConfig();
  const url = database.url ?? (await startEmbedded(database.dataDir));
  return new DataSource(buildDataSourceOptions(database, url, ENTITIES));
}

async function startEmbedded(dataDir: string): Promise<string> {
  const embedded = await EmbeddedPostgres.start(dataDir);
  process.stderr.write(`EMBEDDED MODE: PGlite + PostGIS in ${dataDir}\n`);
  // The CLI ends with process.exit(); PGlite must close first or its last writes may be lost.
  const exit = process.exit.bind(process);
  process.exit = ((code?: number) => {
    void embedded.stop().finally(() => exit(code));
  }) as typeof process.exit;
  return embedded.url;
}

export const dataSource = createCliDataSource();
