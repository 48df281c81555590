import { ConsoleLogger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RecwayConfigModule } from '@recway/config';
import { DatabaseModule } from '@recway/database';
import { UsersModule } from '../users/users.module';

/** The database and users, without HTTP: what the CLIs and the pre-serve step need. */
@Module({ imports: [RecwayConfigModule, DatabaseModule.forRoot(), UsersModule] })
export class DatabaseTasksModule {}

/**
 * Pending migrations (when DATABASE_RUN_MIGRATIONS), then the first admin (ADMIN_EMAIL /
 * ADMIN_PASSWORD), once, before any worker serves: N workers doing it at once would race.
 */
export async function prepareDatabase(): Promise<void> {
  const context = await NestFactory.createApplicationContext(DatabaseTasksModule, {
    // JSON lines, like the server's own logs, so log shippers read the start-up too.
    logger: new ConsoleLogger({ json: true, logLevels: ['error', 'warn', 'log'] }),
  });
  await context.close();
}
