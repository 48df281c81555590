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
  if (database.url) return new DataSource(buildDataSourceOptions(database, database.url, ENTITIES));
  const embedded = await EmbeddedPostgres.start(database.dataDir);
  process.stderr.write(`EMBEDDED MODE: PGlite + PostGIS in ${database.dataDir}\n`);
  const dataSource = new DataSource(buildDataSourceOptions(database, embedded.url, ENTITIES));
  // Every CLI command ends by destroying the DataSource: close PGlite then too, so its files are
  // closed cleanly and no open socket keeps the process alive.
  const destroy = dataSource.destroy.bind(dataSource);
  dataSource.destroy = async () => {
    await destroy();
    await embedded.stop();
  };
  return dataSource;
}

export const dataSource = createCliDataSource();
