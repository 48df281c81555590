import { createServer } from 'node:net';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { agentFor, signIn } from './support/auth';
import { parsePrometheusText, sampleSum } from './support/prometheus-text';
import { startTestApp } from './support/test-app';

const TOKEN = 'metrics-token-for-the-tests';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Prometheus metrics', () => {
  describe('after traffic', () => {
    let app: NestExpressApplication;

    beforeAll(async () => {
      app = await startTestApp({ METRICS_TOKEN: TOKEN });
      const viewer = await signIn(app, 'viewer');
      const agent = agentFor(app, viewer);
      await agent.get('/api/v1/segmentos/987654').expect(404);
      await agent.get('/api/v1/segmentos/987655').expect(404);
      await agent.get('/api/v1/segmentos/?limit=3').expect(200); // a miss, then
      await agent.get('/api/v1/segmentos/?limit=3').expect(200); // a hit
      await request(app.getHttpServer()).get('/wp-admin/setup.php').expect(404);
      await request(app.getHttpServer())
        .post('/api/v1/auth/login')
        .send({ email: viewer.email, password: 'not-the-password' })
        .expect(401);
    });

    afterAll(async () => {
      await app.close();
    });

    async function scrape() {
      const response = await request(app.getHttpServer())
        .get('/metrics')
        .set('Authorization', `Bearer ${TOKEN}`)
        .expect(200)
        .expect('Content-Type', /^text\/plain; version=0\.0\.4/);
      return { text: response.text, samples: parsePrometheusText(response.text) };
    }

    it('should time requests by method, route template and status, never by raw URL', async () => {
      const { text, samples } = await scrape();
      const notFound = { method: 'GET', route: '/api/v1/segmentos/:id', status: '404' };
      expect(sampleSum(samples, 'http_request_duration_seconds_count', notFound)).toBe(2);
      expect(
        sampleSum(samples, 'http_request_duration_seconds_count', { route: '/api/v1/segmentos', status: '200' }),
      ).toBe(2);
      expect(sampleSum(samples, 'http_request_duration_seconds_count', { route: 'unmatched', status: '404' })).toBe(1);
      expect(text).not.toContain('987654');
      expect(text).not.toContain('wp-admin');
      expect(samples.some((sample) => sample.name === 'http_requests_in_flight')).toBe(true);
    });

    it('should expose process, database pool, cache and login metrics', async () => {
      const { samples } = await scrape();
      const names = new Set(samples.map((sample) => sample.name));
      for (const name of [
        'process_cpu_user_seconds_total',
        'nodejs_heap_size_used_bytes',
        'nodejs_eventloop_lag_seconds',
      ]) {
        expect(names).toContain(name);
      }
      expect(sampleSum(samples, 'recway_db_pool_size')).toBeGreaterThanOrEqual(1);
      expect(names).toContain('recway_db_pool_idle');
      expect(sampleSum(samples, 'recway_db_pool_waiting')).toBe(0);
      expect(sampleSum(samples, 'recway_cache_misses_total')).toBeGreaterThanOrEqual(1);
      expect(sampleSum(samples, 'recway_cache_hits_total')).toBeGreaterThanOrEqual(1);
      expect(sampleSum(samples, 'recway_login_failures_total', { reason: 'bad_credentials' })).toBe(1);
    });

    it('should refuse a scrape without the bearer token, or with another one', async () => {
      const missing = await request(app.getHttpServer()).get('/metrics').expect(401);
      expect(missing.body).toEqual({ detail: 'Not authenticated' });
      expect(missing.headers['www-authenticate']).toBe('Bearer');
      await request(app.getHttpServer())
        .get('/metrics')
        .set('Authorization', 'Bearer wrong-token-entirely')
        .expect(401);
    });
  });

  it('should serve metrics only on METRICS_PORT when it is set', async () => {
    const port = await freePort();
    const app = await startTestApp({ METRICS_PORT: String(port) });
    try {
      await request(app.getHttpServer()).get('/metrics').expect(404);
      const response = await request(`http://127.0.0.1:${port}`).get('/metrics').expect(200);
      expect(response.text).toContain('# TYPE http_request_duration_seconds histogram');
    } finally {
      await app.close();
    }
    await expect(request(`http://127.0.0.1:${port}`).get('/metrics')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('should serve no metrics when ENABLE_METRICS is false', async () => {
    const app = await startTestApp({ ENABLE_METRICS: 'false' });
    try {
      await request(app.getHttpServer()).get('/metrics').expect(404);
    } finally {
      await app.close();
    }
  });
});
