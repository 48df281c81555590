export * from './data-source-options';
export * from './database.module';
export * from './embedded-postgres';
export * from './migrations';
export * from './sql-runner';
export * from './wal-position';
