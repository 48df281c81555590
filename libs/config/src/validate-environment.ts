import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { EnvironmentVariables } from './environment-variables';
import { resolveDatabaseUrl } from './database-url';

/** Values copied from the seeds' examples: fine in a document, never in production. */
export const PLACEHOLDER_SECRETS = [
  'tu_clave_secreta_minimo_32_caracteres_2024',
  'generar_con_openssl_rand_hex_32_aqui',
  'GENERATED_CRYPTOGRAPHICALLY_SECURE_KEY',
  'cambiar_en_primer_login_2024',
  'password_seguro_cambiar_2024',
  'password_muy_seguro_cambiar_2024',
  'change-me',
  'changeme',
  'replace-with-openssl-rand-hex-24',
];

const MIN_SECRET_KEY_LENGTH = 32;
const MIN_ADMIN_PASSWORD_LENGTH = 12;

/** Thrown when the environment cannot run RecWay; each problem names its variable. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

/**
 * Parses and checks the raw environment once, at boot. An empty value counts as unset
 * (docker-compose passes `VAR=` for unset variables), so the default applies.
 */
export function validateEnvironment(raw: NodeJS.ProcessEnv): EnvironmentVariables {
  const present = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined && value !== ''));
  const env = plainToInstance(EnvironmentVariables, present, { exposeDefaultValues: true });
  const problems = validateSync(env, { forbidUnknownValues: false }).map(describeError);
  if (env.ENVIRONMENT === 'production') problems.push(...productionProblems(env));
  if (env.DATABASE_REPLICA_URLS?.length > 0 && !resolveDatabaseUrl(env)) {
    problems.push('DATABASE_REPLICA_URLS needs DATABASE_URL (the primary): the embedded database has no replicas');
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return env;
}

/** Type rules explain a bad value better than range rules ("must be an integer" beats "≤ 256"). */
const TYPE_RULES = ['isBoolean', 'isInt', 'isNumber', 'isArray', 'isIn', 'matches', 'isEmail', 'isUrl'];

/** One message per variable, naming it. */
function describeError(error: ValidationError): string {
  const constraints = error.constraints ?? {};
  const rule = TYPE_RULES.find((name) => name in constraints) ?? Object.keys(constraints)[0];
  const message = constraints[rule] ?? 'is invalid';
  return message.startsWith(error.property) ? message : `${error.property}: ${message}`;
}

function productionProblems(env: EnvironmentVariables): string[] {
  const problems: string[] = [];
  if (!env.SECRET_KEY || env.SECRET_KEY.length < MIN_SECRET_KEY_LENGTH) {
    problems.push(
      `SECRET_KEY must be at least ${MIN_SECRET_KEY_LENGTH} characters in production (openssl rand -hex 32)`,
    );
  } else if (isPlaceholder(env.SECRET_KEY)) {
    problems.push('SECRET_KEY is a placeholder copied from the documentation; generate one with openssl rand -hex 32');
  }
  if (env.DEBUG) problems.push('DEBUG must be false in production');
  if (env.CORS_ALLOWED_ORIGINS.includes('*')) {
    problems.push('CORS_ALLOWED_ORIGINS must list explicit origins in production, never "*"');
  }
  if (!env.DATABASE_URL && !env.DB_URL && !env.POSTGRES_SERVER) {
    problems.push('DATABASE_URL (or DB_URL, or POSTGRES_SERVER/USER/PASSWORD/DB) must be set in production');
  }
  problems.push(...metricsExposureProblems(env));
  if (env.ADMIN_PASSWORD !== undefined) {
    if (env.ADMIN_PASSWORD.length < MIN_ADMIN_PASSWORD_LENGTH) {
      problems.push(`ADMIN_PASSWORD must be at least ${MIN_ADMIN_PASSWORD_LENGTH} characters in production`);
    } else if (isPlaceholder(env.ADMIN_PASSWORD)) {
      problems.push('ADMIN_PASSWORD is a placeholder copied from the documentation');
    }
  }
  return problems;
}

/** Metrics reveal routes, volumes and errors: in production they need a token or a private port. */
function metricsExposureProblems(env: EnvironmentVariables): string[] {
  if (!env.ENABLE_METRICS) return [];
  if (env.METRICS_TOKEN !== undefined && isPlaceholder(env.METRICS_TOKEN)) {
    return ['METRICS_TOKEN is a placeholder copied from the documentation; generate one with openssl rand -hex 24'];
  }
  if (env.METRICS_TOKEN === undefined && env.METRICS_PORT === undefined) {
    return ['ENABLE_METRICS in production needs METRICS_TOKEN or a private METRICS_PORT (or ENABLE_METRICS=false)'];
  }
  return [];
}

function isPlaceholder(value: string): boolean {
  const lowered = value.toLowerCase();
  return PLACEHOLDER_SECRETS.some((placeholder) => lowered === placeholder.toLowerCase());
}
