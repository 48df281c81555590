import { Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { RecwayConfig } from './configuration';
import { loadRecwayConfig } from './recway.config';

/**
 * Validates the environment (with `.env`, when present) and exposes the typed
 * result through ConfigService<RecwayConfig, true>: `config.get('database', { infer: true })`.
 */
@Global()
@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      ignoreEnvFile: true,
      load: [() => ({ ...loadRecwayConfig() })],
    }),
  ],
})
export class RecwayConfigModule {}

/** The typed view every module injects. */
export type RecwayConfigService = ConfigService<RecwayConfig, true>;
