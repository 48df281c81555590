import { DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RecwayConfig } from '@recway/config';
import { buildDataSourceOptions } from './data-source-options';
import { EmbeddedDatabaseService } from './embedded-database.service';
import { TypeOrmNestLogger } from './typeorm-nest.logger';

@Module({ providers: [EmbeddedDatabaseService], exports: [EmbeddedDatabaseService] })
class EmbeddedDatabaseModule {}

/**
 * The TypeORM connection: the configured PostgreSQL, or the embedded one when none is configured.
 * Entities come from each feature's `TypeOrmModule.forFeature`; pending migrations run at start.
 */
@Module({})
export class DatabaseModule {
  private static root?: DynamicModule;

  /**
   * One definition per process: the server's module and the pre-serve step's both import it, and
   * each `TypeOrmModule.forRootAsync` call registers the name "default" again (Nest warns at boot).
   */
  static forRoot(): DynamicModule {
    return (DatabaseModule.root ??= {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          imports: [EmbeddedDatabaseModule],
          inject: [ConfigService, EmbeddedDatabaseService],
          useFactory: async (config: ConfigService<RecwayConfig, true>, embedded: EmbeddedDatabaseService) => {
            const database = config.get('database', { infer: true });
            const url = database.url ?? (await embedded.start(database.dataDir));
            return {
              ...buildDataSourceOptions(database, url, [], new TypeOrmNestLogger()),
              autoLoadEntities: true,
              migrationsRun: database.runMigrations,
              retryAttempts: 3,
              retryDelay: 1000,
            };
          },
        }),
      ],
    });
  }
}
