import { ConfigValidationError } from './validate-environment';
import { loadRecwayConfig } from './recway.config';

const PRODUCTION_BASE = {
  ENVIRONMENT: 'production',
  SECRET_KEY: 'a'.repeat(16) + 'b'.repeat(16) + 'c'.repeat(8),
  DATABASE_URL: 'postgresql://recway:pw@db:5432/recway',
  CORS_ALLOWED_ORIGINS: '["https://app.recway.co"]',
  METRICS_TOKEN: 'd'.repeat(24),
};

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadRecwayConfig(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  return [];
}

describe(loadRecwayConfig.name, () => {
  it('should apply the seed defaults to an empty environment', () => {
    const config = loadRecwayConfig({});
    expect(config.app).toMatchObject({ name: 'RecWay', apiPrefix: '/api/v1', port: 3000, logLevel: 'info' });
    expect(config.rateLimit).toEqual({ calls: 100, loginCalls: 10, gisCalls: 3000, periodSeconds: 60 });
    expect(config.database).toMatchObject({ source: 'embedded', poolMax: 30, statementTimeoutMs: 60_000 });
    expect(config.auth.secretKeyGenerated).toBe(true);
    expect(config.auth.secretKey).toHaveLength(64);
  });

  it('should treat empty values as unset', () => {
    expect(loadRecwayConfig({ PORT: '', DATABASE_URL: '' }).app.port).toBe(3000);
  });

  it('should name the variable and the rule of each bad value', () => {
    const problems = problemsOf({ WORKERS: 'many', PORT: '70000', DEBUG: 'maybe', LOG_LEVEL: 'LOUD' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^WORKERS.*integer/),
        expect.stringMatching(/^PORT.*65535/),
        expect.stringMatching(/^DEBUG.*boolean/),
        expect.stringMatching(/^LOG_LEVEL/),
      ]),
    );
  });

  it('should read CONDITION_BANDS as JSON (default RoadLab Pro) and refuse unusable bands', () => {
    expect(loadRecwayConfig({}).condition.bands.map((band) => band.banda)).toEqual([
      'bueno',
      'regular',
      'malo',
      'muy_malo',
    ]);
    const fhwa =
      '[{"banda":"bueno","iri_max":1.5,"pci_min":71},{"banda":"aceptable","iri_max":2.68,"pci_min":41},{"banda":"malo"}]';
    expect(loadRecwayConfig({ CONDITION_BANDS: fhwa }).condition.bands).toHaveLength(3);
    expect(problemsOf({ CONDITION_BANDS: '[{"banda":"a"' })).toEqual([expect.stringContaining('CONDITION_BANDS')]);
    expect(
      problemsOf({
        CONDITION_BANDS:
          '[{"banda":"a","iri_max":4,"pci_min":50},{"banda":"b","iri_max":2,"pci_min":40},{"banda":"c"}]',
      }),
    ).toEqual([expect.stringMatching(/^CONDITION_BANDS.*increase/)]);
  });

  it('should read the JSON-list form of the seed and the comma form', () => {
    const json = loadRecwayConfig({ CORS_ALLOWED_ORIGINS: '["https://a.co","https://b.co"]' });
    expect(json.http.corsOrigins).toEqual(['https://a.co', 'https://b.co']);
    const comma = loadRecwayConfig({ TRUSTED_PROXY_HOSTS: '10.0.0.0/8, 127.0.0.1' });
    expect(comma.http.trustedProxies).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(problemsOf({ CORS_ALLOWED_ORIGINS: '["unterminated' })).toEqual([
      expect.stringContaining('CORS_ALLOWED_ORIGINS'),
    ]);
  });

  it('should accept proxy IPs, CIDRs and "localhost", and name a bad entry', () => {
    const config = loadRecwayConfig({ TRUSTED_PROXY_HOSTS: '["localhost","172.18.0.1","10.0.0.0/8","::1"]' });
    expect(config.http.trustedProxies).toEqual(['loopback', '172.18.0.1', '10.0.0.0/8', '::1']);
    expect(problemsOf({ TRUSTED_PROXY_HOSTS: '["proxy.internal"]' })).toEqual([
      expect.stringMatching(/^TRUSTED_PROXY_HOSTS entries must be IP addresses/),
    ]);
    expect(problemsOf({ TRUSTED_PROXY_HOSTS: '10.0.0.0/33' })).toHaveLength(1);
  });

  it('should map the seed log levels to pino levels', () => {
    expect(loadRecwayConfig({ LOG_LEVEL: 'WARNING' }).app.logLevel).toBe('warn');
    expect(loadRecwayConfig({ LOG_LEVEL: 'CRITICAL' }).app.logLevel).toBe('fatal');
  });

  describe('database URL', () => {
    const parts = { POSTGRES_SERVER: 'db', POSTGRES_USER: 'u', POSTGRES_PASSWORD: 'p@ss', POSTGRES_DB: 'gad' };

    it('should prefer DATABASE_URL, then DB_URL, then POSTGRES_*', () => {
      const all = { ...parts, DATABASE_URL: 'postgresql://a@h1/x', DB_URL: 'postgresql://b@h2/y' };
      expect(loadRecwayConfig(all).database).toMatchObject({ url: 'postgresql://a@h1/x', source: 'DATABASE_URL' });
      const legacy = { ...parts, DB_URL: 'postgresql://b@h2/y' };
      expect(loadRecwayConfig(legacy).database).toMatchObject({ url: 'postgresql://b@h2/y', source: 'DB_URL' });
      expect(loadRecwayConfig(parts).database).toMatchObject({
        url: 'postgresql://u:p%40ss@db:5432/gad',
        source: 'POSTGRES_*',
      });
    });

    it('should accept SQLAlchemy schemes and drop SQLAlchemy-only parameters', () => {
      const { database } = loadRecwayConfig({
        DATABASE_URL: 'postgresql+asyncpg://gad_user:pw@db:5432/gad_db?ssl=require&pool_size=20&max_overflow=0',
      });
      expect(database.url).toBe('postgresql://gad_user:pw@db:5432/gad_db?sslmode=require');
    });

    it('should refuse a non-PostgreSQL URL', () => {
      expect(problemsOf({ DATABASE_URL: 'sqlite+aiosqlite:///./dev.db' })).toEqual([
        'DATABASE_URL must be a postgresql:// URL',
      ]);
    });
  });

  describe('in production', () => {
    it('should accept a complete, safe configuration', () => {
      expect(problemsOf(PRODUCTION_BASE)).toEqual([]);
    });

    it('should refuse a short or placeholder SECRET_KEY', () => {
      expect(problemsOf({ ...PRODUCTION_BASE, SECRET_KEY: 'short' })).toEqual([
        expect.stringMatching(/^SECRET_KEY must be at least 32 characters/),
      ]);
      expect(problemsOf({ ...PRODUCTION_BASE, SECRET_KEY: 'tu_clave_secreta_minimo_32_caracteres_2024' })).toEqual([
        expect.stringMatching(/^SECRET_KEY is a placeholder/),
      ]);
      expect(problemsOf({ ...PRODUCTION_BASE, SECRET_KEY: undefined })).toHaveLength(1);
    });

    it('should refuse DEBUG, a "*" CORS origin and a missing database', () => {
      const problems = problemsOf({
        ...PRODUCTION_BASE,
        DEBUG: 'true',
        CORS_ALLOWED_ORIGINS: '["*"]',
        DATABASE_URL: undefined,
      });
      expect(problems).toEqual([
        'DEBUG must be false in production',
        expect.stringMatching(/^CORS_ALLOWED_ORIGINS .*never "\*"/),
        expect.stringMatching(/^DATABASE_URL .* must be set in production/),
      ]);
    });

    it('should refuse a weak or placeholder ADMIN_PASSWORD', () => {
      expect(problemsOf({ ...PRODUCTION_BASE, ADMIN_PASSWORD: 'short' })).toEqual([
        expect.stringMatching(/^ADMIN_PASSWORD must be at least 12/),
      ]);
      expect(problemsOf({ ...PRODUCTION_BASE, ADMIN_PASSWORD: 'cambiar_en_primer_login_2024' })).toEqual([
        expect.stringMatching(/^ADMIN_PASSWORD is a placeholder/),
      ]);
    });

    it('should refuse open metrics: a token, a private port or metrics off', () => {
      const open = { ...PRODUCTION_BASE, METRICS_TOKEN: undefined };
      expect(problemsOf(open)).toEqual([expect.stringMatching(/^ENABLE_METRICS in production needs METRICS_TOKEN/)]);
      expect(problemsOf({ ...open, METRICS_PORT: '9464' })).toEqual([]);
      expect(problemsOf({ ...open, ENABLE_METRICS: 'false' })).toEqual([]);
      expect(problemsOf({ ...PRODUCTION_BASE, METRICS_TOKEN: 'replace-with-openssl-rand-hex-24' })).toEqual([
        expect.stringMatching(/^METRICS_TOKEN is a placeholder/),
      ]);
    });
  });
});
