import { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../apps/api/src/bootstrap/create-app';

export const TEST_SECRET_KEY = 'test-secret-key-of-at-least-32-characters!';

/** The variables every e2e app gets: the test database, quiet logs. */
function baseTestEnv(): Record<string, string> {
  const embedded = process.env.TEST_DATABASE_EMBEDDED === 'true';
  return {
    DATABASE_URL: requiredTestDatabaseUrl(),
    LOG_LEVEL: 'error',
    ENVIRONMENT: 'test',
    // Shared by every instance a test starts, as in a real deployment.
    SECRET_KEY: TEST_SECRET_KEY,
    // Every suite signs in from the loopback address; the suites about login limits set their own.
    LOGIN_MAX_FAILURES_PER_IP: '1000',
    // Suites fire thousands of requests from one address; the rate-limit suite sets its own limits.
    RATE_LIMIT_CALLS: '1000000',
    RATE_LIMIT_LOGIN_CALLS: '1000000',
    RATE_LIMIT_GIS_CALLS: '1000000',
    // PGlite serves one connection at a time.
    ...(embedded ? { DATABASE_POOL_SIZE: '1', DATABASE_MAX_OVERFLOW: '0' } : {}),
  };
}

export function requiredTestDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set; run the e2e tests through jest (global setup)');
  return url;
}

/** Runs `build` with extra environment variables, restoring the environment afterwards. */
export async function withEnv<T>(overrides: Record<string, string | undefined>, build: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(overrides).map((key) => [key, process.env[key]]));
  Object.assign(process.env, overrides);
  for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete process.env[key];
  try {
    return await build();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** The whole application, configured exactly as the server, on the test database. */
export function startTestApp(overrides: Record<string, string | undefined> = {}): Promise<NestExpressApplication> {
  return withEnv({ ...baseTestEnv(), ...overrides }, createApp);
}

/**
 * The Redis of the tests: REDIS_URL. Missing in CI is an error; missing elsewhere (a fresh machine
 * without Redis) skips the suites that need it, and says so.
 */
export function testRedisUrl(): string | undefined {
  const url = process.env.REDIS_URL;
  if (url) return url;
  if (process.env.CI === 'true') throw new Error('CI=true but REDIS_URL is not set: these tests need the real Redis');
  process.stderr.write('REDIS_URL is not set: skipping the suites that need Redis\n');
  return undefined;
}
