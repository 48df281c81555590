import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { startTestApp } from './support/test-app';

describe('HTTP contract (whole app, real database)', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await startTestApp({
      CORS_ALLOWED_ORIGINS: '["https://app.recway.test"]',
      MAX_REQUEST_BODY_SIZE: '2048',
      PROJECT_NAME: 'RecWay Test',
      PROJECT_VERSION: '9.8.7',
    });
  });

  afterAll(async () => {
    await app.close();
  });

  it('should answer liveness in the seed shape at /health', async () => {
    const response = await request(app.getHttpServer()).get('/health').expect(200);
    expect(response.body).toEqual({
      status: 'healthy',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      uptime: expect.any(Number),
      version: '9.8.7',
    });
  });

  it('should report the database connected with its latency', async () => {
    const response = await request(app.getHttpServer()).get('/health/database').expect(200);
    expect(response.body.database.status).toBe('connected');
    expect(response.body.database.latency_ms).toBeGreaterThanOrEqual(0);
  });

  it('should answer unknown routes with a JSON 404 inside and outside the API prefix', async () => {
    const inside = await request(app.getHttpServer()).get('/api/v1/no-such-thing').expect(404);
    expect(inside.body.detail).toContain('/api/v1/no-such-thing');
    const outside = await request(app.getHttpServer()).get('/no-such-thing').expect(404);
    expect(outside.body).toEqual({ detail: 'Not Found' });
  });

  it('should answer malformed JSON with a 422 json_invalid issue', async () => {
    const response = await request(app.getHttpServer())
      .post('/api/v1/anything')
      .set('Content-Type', 'application/json')
      .send('{"nombre": ')
      .expect(422);
    expect(response.body.detail).toEqual([{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }]);
  });

  it('should refuse a body over MAX_REQUEST_BODY_SIZE with 413', async () => {
    const response = await request(app.getHttpServer())
      .post('/api/v1/anything')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ nombre: 'x'.repeat(4096) }))
      .expect(413);
    expect(response.body).toEqual({ detail: 'Request body too large' });
  });

  it('should echo a sane X-Request-ID and replace an insane one', async () => {
    const kept = await request(app.getHttpServer()).get('/health').set('X-Request-ID', 'abc-123.def').expect(200);
    expect(kept.headers['x-request-id']).toBe('abc-123.def');
    const replaced = await request(app.getHttpServer())
      .get('/health')
      .set('X-Request-ID', 'bad id <script>')
      .expect(200);
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should send security headers and no X-Powered-By, on errors too', async () => {
    const response = await request(app.getHttpServer()).get('/no-such-thing').expect(404);
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('should give API answers the headers that protect data, and pages the full set', async () => {
    const answer = await request(app.getHttpServer()).get('/api/v1/no-such-thing').expect(404);
    expect(answer.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['x-frame-options']).toBe('DENY');
    expect(answer.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(answer.headers['cross-origin-opener-policy']).toBeUndefined();
    const probe = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(probe.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    const page = await request(app.getHttpServer()).get('/docs').expect(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
  });

  it('should send CORS headers only to cross-origin requests, and Vary: Origin to all', async () => {
    const sameOrigin = await request(app.getHttpServer()).get('/health').expect(200);
    expect(sameOrigin.headers.vary).toBe('Origin');
    expect(sameOrigin.headers['access-control-allow-credentials']).toBeUndefined();
    expect(sameOrigin.headers['access-control-expose-headers']).toBeUndefined();
    const crossOrigin = await request(app.getHttpServer())
      .get('/health')
      .set('Origin', 'https://app.recway.test')
      .expect(200);
    expect(crossOrigin.headers['access-control-expose-headers']).toContain('X-Request-ID');
  });

  it('should allow only the configured CORS origins', async () => {
    const allowed = await request(app.getHttpServer())
      .options('/api/v1/anything')
      .set('Origin', 'https://app.recway.test')
      .set('Access-Control-Request-Method', 'PATCH')
      .expect(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.recway.test');
    expect(allowed.headers['access-control-allow-methods']).toBe('GET,POST,PUT,DELETE,PATCH,OPTIONS');
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    const denied = await request(app.getHttpServer()).get('/health').set('Origin', 'https://evil.test').expect(200);
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('should serve Swagger UI at /docs and OpenAPI 3 JSON titled from the configuration', async () => {
    await request(app.getHttpServer()).get('/docs').expect(200).expect('Content-Type', /html/);
    const spec = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(spec.body.openapi).toMatch(/^3\./);
    expect(spec.body.info).toMatchObject({ title: 'RecWay Test', version: '9.8.7' });
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining(['/health', '/health/database', '/health/ready']),
    );
    expect(Object.keys(spec.body.paths['/api/v1/segmentos/{id}'].get.responses)).toEqual(
      expect.arrayContaining(['200', '401', '404', '422', '429']),
    );
  });

  it('should gzip large responses for clients that accept it', async () => {
    const response = await request(app.getHttpServer()).get('/docs-json').set('Accept-Encoding', 'gzip').expect(200);
    expect(response.headers['content-encoding']).toBe('gzip');
  });
});

describe('HSTS and CORS credentials follow the configuration', () => {
  it('should send HSTS with HSTS_MAX_AGE only when FORCE_HTTPS (or production) asks for it', async () => {
    const plain = await startTestApp();
    const https = await startTestApp({ FORCE_HTTPS: 'true', HSTS_MAX_AGE: '1234' });
    try {
      const without = await request(plain.getHttpServer()).get('/health').expect(200);
      expect(without.headers['strict-transport-security']).toBeUndefined();
      const withHsts = await request(https.getHttpServer()).get('/no-such-thing').expect(404);
      expect(withHsts.headers['strict-transport-security']).toBe('max-age=1234; includeSubDomains');
    } finally {
      await Promise.all([plain.close(), https.close()]);
    }
  });

  it('should leave out Access-Control-Allow-Credentials when CORS_ALLOW_CREDENTIALS is false', async () => {
    const app = await startTestApp({
      CORS_ALLOWED_ORIGINS: '["https://app.recway.test"]',
      CORS_ALLOW_CREDENTIALS: 'false',
    });
    try {
      const response = await request(app.getHttpServer())
        .get('/health')
        .set('Origin', 'https://app.recway.test')
        .expect(200);
      expect(response.headers['access-control-allow-origin']).toBe('https://app.recway.test');
      expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
