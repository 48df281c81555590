import { EnvironmentVariables } from './environment-variables';

export type DatabaseUrlSource = 'DATABASE_URL' | 'DB_URL' | 'POSTGRES_*';

/** SQLAlchemy-only query parameters the old env files carry; pg would treat them as server options. */
const SQLALCHEMY_ONLY_PARAMS = ['pool_size', 'max_overflow', 'pool_timeout', 'pool_recycle'];

/**
 * Picks the database URL with the seed's priority: DATABASE_URL, then DB_URL (legacy),
 * then the POSTGRES_* parts. Returns undefined when none is configured (embedded mode).
 */
export function resolveDatabaseUrl(env: EnvironmentVariables): { url: string; source: DatabaseUrlSource } | undefined {
  if (env.DATABASE_URL) return { url: normalizeDatabaseUrl(env.DATABASE_URL), source: 'DATABASE_URL' };
  if (env.DB_URL) return { url: normalizeDatabaseUrl(env.DB_URL), source: 'DB_URL' };
  if (env.POSTGRES_SERVER) return { url: urlFromParts(env), source: 'POSTGRES_*' };
  return undefined;
}

/** Accepts SQLAlchemy schemes (`postgresql+asyncpg://`) and drops SQLAlchemy-only parameters. */
export function normalizeDatabaseUrl(raw: string): string {
  const url = new URL(raw.replace(/^postgres(ql)?\+\w+:\/\//, 'postgresql://'));
  for (const param of SQLALCHEMY_ONLY_PARAMS) url.searchParams.delete(param);
  if (url.searchParams.get('ssl') === 'require') {
    url.searchParams.delete('ssl');
    url.searchParams.set('sslmode', 'require');
  }
  return url.toString();
}

function urlFromParts(env: EnvironmentVariables): string {
  const user = encodeURIComponent(env.POSTGRES_USER ?? 'postgres');
  const password = env.POSTGRES_PASSWORD ? `:${encodeURIComponent(env.POSTGRES_PASSWORD)}` : '';
  const database = encodeURIComponent(env.POSTGRES_DB ?? 'recway');
  return `postgresql://${user}${password}@${env.POSTGRES_SERVER}:${env.POSTGRES_PORT}/${database}`;
}

/** The URL with its password masked, for logs. */
export function redactDatabaseUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
