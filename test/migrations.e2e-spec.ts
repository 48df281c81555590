import { buildDataSourceOptions, MIGRATIONS } from '@recway/database';
import { loadRecwayConfig } from '@recway/config';
import { DataSource } from 'typeorm';
import { requiredTestDatabaseUrl, withEnv } from './support/test-app';

/** Every migration must apply on the test database and have a working `down`. */
describe('Migrations', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    const url = requiredTestDatabaseUrl();
    const { database } = await withEnv({ DATABASE_URL: url }, () => Promise.resolve(loadRecwayConfig()));
    dataSource = new DataSource({ ...buildDataSourceOptions(database, url, []), poolSize: 1, logging: false });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
  });

  it('should apply all, revert all one by one, and apply all again', async () => {
    await dataSource.runMigrations();
    expect(await dataSource.showMigrations()).toBe(false);
    expect(await postgisVersion()).toMatch(/^3\./);

    for (let i = 0; i < MIGRATIONS.length; i++) await dataSource.undoLastMigration();
    expect(await dataSource.query('SELECT count(*)::int AS n FROM typeorm_migrations')).toEqual([{ n: 0 }]);
    expect(await dataSource.query("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")).toEqual([]);

    await dataSource.runMigrations();
    expect(await dataSource.showMigrations()).toBe(false);
  });

  async function postgisVersion(): Promise<string> {
    const [row] = await dataSource.query<{ version: string }[]>('SELECT postgis_lib_version() AS version');
    return row.version;
  }
});
