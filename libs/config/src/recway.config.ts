import { buildConfiguration, RecwayConfig } from './configuration';
import { validateEnvironment } from './validate-environment';

/** The one place that reads process.env: validated, then mapped to typed configuration. */
export function loadRecwayConfig(env: NodeJS.ProcessEnv = process.env): RecwayConfig {
  return buildConfiguration(validateEnvironment(env));
}
