import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { EmbeddedPostgres } from './embedded-postgres';

/** Owns the embedded PGlite server for the app's lifetime; stopped after TypeORM closes its pool. */
@Injectable()
export class EmbeddedDatabaseService implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private embedded?: EmbeddedPostgres;

  async start(dataDir: string): Promise<string> {
    this.embedded = await EmbeddedPostgres.start(dataDir);
    this.logger.warn(
      `EMBEDDED MODE: PGlite + PostGIS in ${dataDir}, one connection, for development only; set DATABASE_URL for a real server`,
    );
    return this.embedded.url;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.embedded?.stop();
    this.embedded = undefined;
  }
}
