import {
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';
import { ToBoolean, ToJson, ToNumber, ToStringList } from './env-transforms';
import { IsProxyAddress } from './is-proxy-address';
import { IsConditionBands } from './is-condition-bands';
import { ConditionBand, DEFAULT_CONDITION_BANDS } from '@recway/iri';

export const ENVIRONMENTS = ['development', 'test', 'staging', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** The seed's level names (Python logging) plus the lower-case pino names. */
export const LOG_LEVELS = [
  'CRITICAL',
  'ERROR',
  'WARNING',
  'INFO',
  'DEBUG',
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
] as const;

/**
 * Every environment variable RecWay reads, with its default and rule.
 * Names follow the seeds (003 §1, 000 "Despliegue en Producción").
 */
export class EnvironmentVariables {
  // --- Application ---
  @IsIn(ENVIRONMENTS)
  ENVIRONMENT: Environment = 'development';

  @IsString()
  @MinLength(1)
  PROJECT_NAME = 'RecWay';

  @Matches(/^\d+\.\d+\.\d+([-+][\w.-]+)?$/, { message: 'PROJECT_VERSION must be a semantic version like 1.0.0' })
  PROJECT_VERSION = '1.0.0';

  @Matches(/^\/[\w\-/]*[\w-]$/, {
    message: 'API_V1_STR must be a path like /api/v1 (leading slash, no trailing slash)',
  })
  API_V1_STR = '/api/v1';

  @ToNumber()
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'INFO';

  @ToBoolean()
  @IsBoolean()
  DEBUG = false;

  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  // --- Security ---
  @IsOptional()
  @IsString()
  SECRET_KEY?: string;

  @ToNumber()
  @IsInt()
  @Min(1)
  @Max(1440)
  ACCESS_TOKEN_EXPIRE_MINUTES = 30;

  @ToNumber()
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_EXPIRE_DAYS = 7;

  @ToNumber()
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_ACCOUNT = 5;

  @ToNumber()
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_IP = 20;

  @ToNumber()
  @IsInt()
  @Min(1)
  @Max(1440)
  LOGIN_FAILURE_WINDOW_MINUTES = 15;

  @IsOptional()
  @IsEmail()
  ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  ADMIN_PASSWORD?: string;

  // --- Database ---
  @IsOptional()
  @Matches(/^postgres(ql)?(\+\w+)?:\/\//, { message: 'DATABASE_URL must be a postgresql:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^postgres(ql)?(\+\w+)?:\/\//, { message: 'DB_URL must be a postgresql:// URL' })
  DB_URL?: string;

  @IsOptional()
  @IsString()
  POSTGRES_SERVER?: string;

  @IsOptional()
  @IsString()
  POSTGRES_USER?: string;

  @IsOptional()
  @IsString()
  POSTGRES_PASSWORD?: string;

  @IsOptional()
  @IsString()
  POSTGRES_DB?: string;

  @ToNumber()
  @IsInt()
  @Min(1)
  @Max(65535)
  POSTGRES_PORT = 5432;

  @ToNumber()
  @IsInt()
  @Min(1)
  @Max(500)
  DATABASE_POOL_SIZE = 20;

  @ToNumber()
  @IsInt()
  @Min(0)
  @Max(500)
  DATABASE_MAX_OVERFLOW = 10;

  /** Seconds to wait for a pooled connection (seed's pool_timeout). */
  @ToNumber()
  @IsNumber()
  @Min(0.1)
  @Max(300)
  DATABASE_POOL_TIMEOUT = 30;

  /** Seconds a single statement may run (seed's command_timeout). */
  @ToNumber()
  @IsNumber()
  @Min(0.1)
  @Max(3600)
  DATABASE_STATEMENT_TIMEOUT = 60;

  @ToBoolean()
  @IsBoolean()
  DATABASE_RUN_MIGRATIONS = true;

  /** Streaming replicas of DATABASE_URL's database, for reads that tolerate replication lag. */
  @ToStringList()
  @IsArray({ message: 'DATABASE_REPLICA_URLS must be a JSON list of postgresql:// URLs or a comma-separated list' })
  @Matches(/^postgres(ql)?(\+\w+)?:\/\//, {
    each: true,
    message: 'DATABASE_REPLICA_URLS must be a JSON list of postgresql:// URLs or a comma-separated list',
  })
  DATABASE_REPLICA_URLS: string[] = [];

  /** A replica further behind the primary than this leaves the rotation until it catches up. */
  @ToNumber()
  @IsNumber()
  @Min(0.1)
  @Max(3600)
  DATABASE_REPLICA_MAX_LAG_SECONDS = 10;

  /** How often each replica's health and lag (and the primary's health) are checked. */
  @ToNumber()
  @IsNumber()
  @Min(0.1)
  @Max(60)
  DATABASE_REPLICA_CHECK_INTERVAL_SECONDS = 1;

  // --- HTTP, CORS, proxies ---
  @ToStringList()
  @IsArray({ message: 'CORS_ALLOWED_ORIGINS must be a JSON list of strings or a comma-separated list' })
  @IsString({ each: true, message: 'CORS_ALLOWED_ORIGINS must be a JSON list of strings or a comma-separated list' })
  CORS_ALLOWED_ORIGINS: string[] = ['http://localhost:3000', 'http://127.0.0.1:3000'];

  @ToBoolean()
  @IsBoolean()
  CORS_ALLOW_CREDENTIALS = true;

  @ToStringList()
  @IsArray({ message: 'TRUSTED_PROXY_HOSTS must be a JSON list of strings or a comma-separated list' })
  @IsProxyAddress({ each: true })
  TRUSTED_PROXY_HOSTS: string[] = ['127.0.0.1', '::1'];

  @ToNumber()
  @IsInt()
  @Min(1024)
  MAX_REQUEST_BODY_SIZE = 10 * 1024 * 1024;

  /** Largest segment import (CSV or GeoJSON), streamed; separate from MAX_REQUEST_BODY_SIZE. */
  @ToNumber()
  @IsInt()
  @Min(1024)
  IMPORT_MAX_BODY_SIZE = 100 * 1024 * 1024;

  /** Largest longitudinal profile CSV (streamed): 32 MiB holds ~1 million samples of two wheel paths. */
  @ToNumber()
  @IsInt()
  @Min(1024)
  PROFILE_MAX_BODY_SIZE = 32 * 1024 * 1024;

  /** Cluster worker processes; 0 means one per CPU core in production, one elsewhere. */
  @ToNumber()
  @IsInt()
  @Min(0)
  @Max(256)
  WORKERS = 0;

  @ToNumber()
  @IsInt()
  @Min(1)
  MAX_CONNECTIONS = 1000;

  @ToBoolean()
  @IsBoolean()
  FORCE_HTTPS = false;

  @ToBoolean()
  @IsBoolean()
  SECURE_COOKIES = false;

  @ToNumber()
  @IsInt()
  @Min(0)
  HSTS_MAX_AGE = 31536000;

  // --- Monitoring ---
  @ToBoolean()
  @IsBoolean()
  ENABLE_METRICS = true;

  @Matches(/^\/[\w\-/]*$/, { message: 'METRICS_PATH must be a path like /metrics' })
  METRICS_PATH = '/metrics';

  @Matches(/^\/[\w\-/]*$/, { message: 'HEALTH_CHECK_PATH must be a path like /api/v1/health' })
  HEALTH_CHECK_PATH = '/api/v1/health';

  /** When set, the metrics endpoint wants `Authorization: Bearer <METRICS_TOKEN>`. */
  @IsOptional()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  /** When set, metrics are served on this port only (keep it private), not on PORT. */
  @IsOptional()
  @ToNumber()
  @IsInt()
  @Min(1)
  @Max(65535)
  METRICS_PORT?: number;

  /** After SIGTERM, readiness answers 503 for this long before the server stops accepting requests. */
  @ToNumber()
  @IsNumber()
  @Min(0)
  @Max(120)
  SHUTDOWN_DELAY_SECONDS = 5;

  // --- Rate limits ---
  @ToNumber()
  @IsInt()
  @Min(1)
  RATE_LIMIT_CALLS = 100;

  @ToNumber()
  @IsInt()
  @Min(1)
  RATE_LIMIT_PERIOD = 60;

  /** Login attempts per client per RATE_LIMIT_PERIOD, on top of the global limit. */
  @ToNumber()
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_CALLS = 10;

  /** Requests per client per RATE_LIMIT_PERIOD to the GIS routes (OGC features, tiles), instead of RATE_LIMIT_CALLS. */
  @ToNumber()
  @IsInt()
  @Min(1)
  RATE_LIMIT_GIS_CALLS = 3000;

  // --- Redis ---
  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  // --- WebSockets (reserved for the realtime channel; validated so env files stay honest) ---
  @ToNumber()
  @IsInt()
  @Min(1)
  WS_HEARTBEAT_INTERVAL = 30;

  @ToNumber()
  @IsInt()
  @Min(1)
  WS_MAX_CONNECTIONS = 100;

  @ToNumber()
  @IsInt()
  @Min(1)
  WS_MESSAGE_MAX_SIZE = 1048576;

  @ToNumber()
  @IsInt()
  @Min(1)
  WS_CONNECTION_TIMEOUT = 300;

  // --- The map page (apps/web) ---
  /** Where `npm run build` puts the map page; relative paths start at the working directory. */
  @IsString()
  WEB_DIST_DIR = 'dist/web';

  /**
   * The basemap's MapLibre style: a path on this server or an http(s) URL; `none` for no basemap (the
   * segments on a plain background: offline installs and tests). The default style uses OpenStreetMap.
   */
  @Matches(/^(none|\/\S*|https?:\/\/\S+)$/, {
    message: 'MAP_STYLE_URL must be none, a path starting with / or an http(s) URL',
  })
  MAP_STYLE_URL = '/estilos/osm.json';

  /** Origins the basemap loads tiles, glyphs and sprites from: the page's Content-Security-Policy allows them. */
  @ToStringList()
  @IsArray({ message: 'MAP_BASEMAP_ORIGINS must be a JSON list of origins or a comma-separated list' })
  @Matches(/^https?:\/\/[\w.-]+(:\d+)?$/, {
    each: true,
    message: 'MAP_BASEMAP_ORIGINS must list origins like https://tile.openstreetmap.org (no path)',
  })
  MAP_BASEMAP_ORIGINS: string[] = ['https://tile.openstreetmap.org'];

  // --- Road condition ---
  /**
   * Ordered condition bands by IRI (m/km), with PCI lower bounds for PCI-only surveys; JSON. Default:
   * RoadLab Pro's four. Bands are derived at read time, so a change re-bands every segment at once.
   */
  @ToJson()
  @IsConditionBands()
  CONDITION_BANDS: ConditionBand[] = DEFAULT_CONDITION_BANDS;

  // --- AI ---
  @IsOptional()
  @IsString()
  OPENAI_API_KEY?: string;

  @IsString()
  @MinLength(1)
  OPENAI_MODEL = 'gpt-4';

  @ToNumber()
  @IsInt()
  @Min(1)
  @Max(128000)
  OPENAI_MAX_TOKENS = 2000;

  @ToNumber()
  @IsNumber()
  @Min(0)
  @Max(2)
  OPENAI_TEMPERATURE = 0.7;

  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'OPENAI_BASE_URL must be an http(s) URL' })
  OPENAI_BASE_URL = 'https://api.openai.com/v1';

  @ToNumber()
  @IsNumber()
  @Min(0.1)
  @Max(600)
  AI_REQUEST_TIMEOUT = 30;

  @ToNumber()
  @IsInt()
  @Min(1)
  AI_MAX_REQUESTS_PER_MINUTE = 60;

  /** One user's share of AI_MAX_REQUESTS_PER_MINUTE, so a single account cannot spend everyone's budget. */
  @ToNumber()
  @IsInt()
  @Min(1)
  AI_MAX_REQUESTS_PER_USER_PER_MINUTE = 20;

  @ToNumber()
  @IsInt()
  @Min(1)
  AI_MAX_CONCURRENT_REQUESTS = 5;
}
