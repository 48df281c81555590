import { Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { RecwayConfig } from './configuration';
import { loadRecwayConfig } from './recway.config';

/**
 * Loads `.env` (when present) into the environment, validates it once and exposes the typed
 * result through ConfigService<RecwayConfig, true>: `config.get('database', { infer: true })`.
 */
@Global()
@Module({
  imports: [ConfigModule.forRoot({ isGlobal: true, cache: true, load: [() => ({ ...loadRecwayConfig() })] })],
})
export class RecwayConfigModule {}

/** The typed view every module injects. */
export type RecwayConfigService = ConfigService<RecwayConfig, true>;
