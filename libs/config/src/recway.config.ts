import { existsSync } from 'node:fs';
import { buildConfiguration, RecwayConfig } from './configuration';
import { validateEnvironment } from './validate-environment';

let dotEnvLoaded = false;

/** `.env` in the working directory, if any, under the real environment (which wins). */
function loadDotEnvOnce(): void {
  if (dotEnvLoaded) return;
  dotEnvLoaded = true;
  if (existsSync('.env')) process.loadEnvFile('.env');
}

/**
 * The one place that reads the environment: `.env` merged in, validated, mapped to typed
 * configuration. Pass `env` to validate something else (tests).
 */
export function loadRecwayConfig(env?: NodeJS.ProcessEnv): RecwayConfig {
  if (env === undefined) loadDotEnvOnce();
  return buildConfiguration(validateEnvironment(env ?? process.env));
}
