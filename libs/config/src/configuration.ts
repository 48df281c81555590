import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { DatabaseUrlSource, normalizeDatabaseUrl, resolveDatabaseUrl } from './database-url';
import type { ConditionBand } from '@recway/iri';
import { Environment, EnvironmentVariables } from './environment-variables';

export type PinoLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

const SEED_LOG_LEVELS: Record<string, PinoLevel> = {
  CRITICAL: 'fatal',
  ERROR: 'error',
  WARNING: 'warn',
  INFO: 'info',
  DEBUG: 'debug',
};

export interface AppConfig {
  environment: Environment;
  isProduction: boolean;
  name: string;
  version: string;
  apiPrefix: string;
  port: number;
  debug: boolean;
  logLevel: PinoLevel;
  dataDir: string;
}

export interface HttpConfig {
  corsOrigins: string[];
  corsCredentials: boolean;
  trustedProxies: string[];
  maxBodyBytes: number;
  importMaxBodyBytes: number;
  profileMaxBodyBytes: number;
  maxConnections: number;
  workers: number;
  forceHttps: boolean;
  secureCookies: boolean;
  hstsMaxAge: number;
  healthCheckPath: string;
  shutdownDelayMs: number;
}

export interface DatabaseConfig {
  /** Undefined means embedded mode: PGlite under dataDir. */
  url?: string;
  source: DatabaseUrlSource | 'embedded';
  /** Pool size plus overflow: pg's pool has a single ceiling. */
  poolMax: number;
  poolTimeoutMs: number;
  statementTimeoutMs: number;
  runMigrations: boolean;
  dataDir: string;
  replicas: ReplicaConfig;
}

export interface ReplicaConfig {
  /** Empty: every query goes to the primary. */
  urls: string[];
  maxLagMs: number;
  checkIntervalMs: number;
}

export interface AuthConfig {
  secretKey: string;
  /** True when no SECRET_KEY was set outside production: tokens die with the process. */
  secretKeyGenerated: boolean;
  accessTokenMinutes: number;
  refreshTokenDays: number;
  /** bcrypt cost: 12 in production, 10 elsewhere (the seed's rule). */
  bcryptRounds: number;
  loginMaxFailuresPerAccount: number;
  loginMaxFailuresPerIp: number;
  loginFailureWindowMs: number;
  adminEmail?: string;
  adminPassword?: string;
}

export interface RedisConfig {
  url?: string;
}

export interface RateLimitConfig {
  calls: number;
  loginCalls: number;
  gisCalls: number;
  periodSeconds: number;
}

export interface MetricsConfig {
  enabled: boolean;
  path: string;
  token?: string;
  /** Undefined: served on the API port. */
  port?: number;
}

export interface AiConfig {
  apiKey?: string;
  model: string;
  maxTokens: number;
  temperature: number;
  baseUrl: string;
  requestTimeoutMs: number;
  maxRequestsPerMinute: number;
  maxRequestsPerUserPerMinute: number;
  maxConcurrentRequests: number;
}

export interface WsConfig {
  heartbeatIntervalSeconds: number;
  maxConnections: number;
  messageMaxBytes: number;
  connectionTimeoutSeconds: number;
}

export interface WebConfig {
  /** Absolute path of the built map page. */
  distDir: string;
  /** null: no basemap. */
  mapStyleUrl: string | null;
  /** MAP_BASEMAP_ORIGINS plus the style's own origin. */
  basemapOrigins: string[];
}

export interface ConditionConfig {
  bands: ConditionBand[];
}

export interface RecwayConfig {
  app: AppConfig;
  http: HttpConfig;
  database: DatabaseConfig;
  auth: AuthConfig;
  redis: RedisConfig;
  rateLimit: RateLimitConfig;
  metrics: MetricsConfig;
  ai: AiConfig;
  ws: WsConfig;
  web: WebConfig;
  condition: ConditionConfig;
}

/**
 * WORKERS=0 means one per CPU core in production and one elsewhere (a laptop's `npm start`). The
 * embedded database belongs to one process, so embedded mode always runs one.
 */
function workerCount(env: EnvironmentVariables, embedded: boolean): number {
  if (embedded) return 1;
  if (env.WORKERS > 0) return env.WORKERS;
  return env.ENVIRONMENT === 'production' ? availableParallelism() : 1;
}

/** Maps validated variables to the typed configuration the modules inject. */
export function buildConfiguration(env: EnvironmentVariables): RecwayConfig {
  const dataDir = resolve(env.DATA_DIR);
  const database = resolveDatabaseUrl(env);
  return {
    app: {
      environment: env.ENVIRONMENT,
      isProduction: env.ENVIRONMENT === 'production',
      name: env.PROJECT_NAME,
      version: env.PROJECT_VERSION,
      apiPrefix: env.API_V1_STR,
      port: env.PORT,
      debug: env.DEBUG,
      logLevel: SEED_LOG_LEVELS[env.LOG_LEVEL] ?? (env.LOG_LEVEL as PinoLevel),
      dataDir,
    },
    http: {
      corsOrigins: env.CORS_ALLOWED_ORIGINS,
      corsCredentials: env.CORS_ALLOW_CREDENTIALS,
      // Express spells the loopback range "loopback"; the seed's env files say "localhost".
      trustedProxies: env.TRUSTED_PROXY_HOSTS.map((host) => (host === 'localhost' ? 'loopback' : host)),
      maxBodyBytes: env.MAX_REQUEST_BODY_SIZE,
      importMaxBodyBytes: env.IMPORT_MAX_BODY_SIZE,
      profileMaxBodyBytes: env.PROFILE_MAX_BODY_SIZE,
      maxConnections: env.MAX_CONNECTIONS,
      workers: workerCount(env, database === undefined),
      forceHttps: env.FORCE_HTTPS,
      secureCookies: env.SECURE_COOKIES,
      hstsMaxAge: env.HSTS_MAX_AGE,
      healthCheckPath: env.HEALTH_CHECK_PATH,
      shutdownDelayMs: Math.round(env.SHUTDOWN_DELAY_SECONDS * 1000),
    },
    database: {
      url: database?.url,
      source: database?.source ?? 'embedded',
      poolMax: env.DATABASE_POOL_SIZE + env.DATABASE_MAX_OVERFLOW,
      poolTimeoutMs: Math.round(env.DATABASE_POOL_TIMEOUT * 1000),
      statementTimeoutMs: Math.round(env.DATABASE_STATEMENT_TIMEOUT * 1000),
      runMigrations: env.DATABASE_RUN_MIGRATIONS,
      dataDir,
      replicas: {
        urls: env.DATABASE_REPLICA_URLS.map(normalizeDatabaseUrl),
        maxLagMs: Math.round(env.DATABASE_REPLICA_MAX_LAG_SECONDS * 1000),
        checkIntervalMs: Math.round(env.DATABASE_REPLICA_CHECK_INTERVAL_SECONDS * 1000),
      },
    },
    auth: {
      secretKey: env.SECRET_KEY ?? randomBytes(32).toString('hex'),
      secretKeyGenerated: env.SECRET_KEY === undefined,
      accessTokenMinutes: env.ACCESS_TOKEN_EXPIRE_MINUTES,
      refreshTokenDays: env.REFRESH_TOKEN_EXPIRE_DAYS,
      bcryptRounds: env.ENVIRONMENT === 'production' ? 12 : 10,
      loginMaxFailuresPerAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      loginMaxFailuresPerIp: env.LOGIN_MAX_FAILURES_PER_IP,
      loginFailureWindowMs: env.LOGIN_FAILURE_WINDOW_MINUTES * 60_000,
      adminEmail: env.ADMIN_EMAIL,
      adminPassword: env.ADMIN_PASSWORD,
    },
    redis: { url: env.REDIS_URL },
    rateLimit: {
      calls: env.RATE_LIMIT_CALLS,
      loginCalls: env.RATE_LIMIT_LOGIN_CALLS,
      gisCalls: env.RATE_LIMIT_GIS_CALLS,
      periodSeconds: env.RATE_LIMIT_PERIOD,
    },
    metrics: { enabled: env.ENABLE_METRICS, path: env.METRICS_PATH, token: env.METRICS_TOKEN, port: env.METRICS_PORT },
    ai: {
      apiKey: env.OPENAI_API_KEY,
      model: env.OPENAI_MODEL,
      maxTokens: env.OPENAI_MAX_TOKENS,
      temperature: env.OPENAI_TEMPERATURE,
      baseUrl: env.OPENAI_BASE_URL,
      requestTimeoutMs: Math.round(env.AI_REQUEST_TIMEOUT * 1000),
      maxRequestsPerMinute: env.AI_MAX_REQUESTS_PER_MINUTE,
      maxRequestsPerUserPerMinute: env.AI_MAX_REQUESTS_PER_USER_PER_MINUTE,
      maxConcurrentRequests: env.AI_MAX_CONCURRENT_REQUESTS,
    },
    ws: {
      heartbeatIntervalSeconds: env.WS_HEARTBEAT_INTERVAL,
      maxConnections: env.WS_MAX_CONNECTIONS,
      messageMaxBytes: env.WS_MESSAGE_MAX_SIZE,
      connectionTimeoutSeconds: env.WS_CONNECTION_TIMEOUT,
    },
    web: {
      distDir: resolve(env.WEB_DIST_DIR),
      mapStyleUrl: env.MAP_STYLE_URL === 'none' ? null : env.MAP_STYLE_URL,
      basemapOrigins: [...new Set([...env.MAP_BASEMAP_ORIGINS, ...originOf(env.MAP_STYLE_URL)])],
    },
    condition: { bands: env.CONDITION_BANDS },
  };
}

/** The style's origin when it is on another server, as a one-item list. */
function originOf(url: string): string[] {
  return /^https?:\/\//.test(url) ? [new URL(url).origin] : [];
}
