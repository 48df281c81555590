import { DatabaseConfig } from '@recway/config';
import { DataSourceOptions, Logger as TypeOrmLogger } from 'typeorm';
import { MIGRATIONS } from './migrations';

export type PostgresDataSourceOptions = Extract<DataSourceOptions, { type: 'postgres' }>;

export type EntityList = NonNullable<PostgresDataSourceOptions['entities']>;

/** The single description of RecWay's database connection, shared by the app and the CLI. */
export function buildDataSourceOptions(
  config: DatabaseConfig,
  url: string,
  entities: EntityList,
  logger?: TypeOrmLogger,
): PostgresDataSourceOptions {
  const embedded = config.source === 'embedded';
  return {
    type: 'postgres',
    url,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    installExtensions: false,
    poolSize: embedded ? 1 : config.poolMax,
    connectTimeoutMS: config.poolTimeoutMs,
    logger,
    logging: ['error', 'warn', 'migration'],
    extra: {
      statement_timeout: config.statementTimeoutMs,
      idle_in_transaction_session_timeout: config.statementTimeoutMs,
      idleTimeoutMillis: 30_000,
      application_name: 'recway',
    },
  };
}
