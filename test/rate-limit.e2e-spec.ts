import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { REDIS_CLIENT, type RedisClient } from '../apps/api/src/redis/redis.module';
import { eventually } from './support/eventually';
import { parsePrometheusText, sampleSum } from './support/prometheus-text';
import { deleteRedisKeys } from './support/redis-keys';
import { type SilentServer, startSilentServer } from './support/silent-server';
import { TcpProxy } from './support/tcp-proxy';
import { startTestApp, testRedisUrl } from './support/test-app';

// Throttling runs before authentication, so unauthenticated calls are counted (401) until refused (429).
const LIMITED = '/api/v1/segmentos/';
const MESSAGE = 'Rate limit exceeded. Try again later.';

/** Status codes of `count` requests fired together, spread over the apps in turn. */
async function burst(apps: NestExpressApplication[], count: number, forwardedFor?: string): Promise<number[]> {
  const responses = await Promise.all(
    Array.from({ length: count }, (_, index) => {
      const call = request(apps[index % apps.length].getHttpServer()).get(LIMITED);
      return forwardedFor ? call.set('X-Forwarded-For', forwardedFor) : call;
    }),
  );
  return responses.map((response) => response.status);
}

function admitted(statuses: number[]): number {
  return statuses.filter((status) => status !== 429).length;
}

describe('Rate limits (@nestjs/throttler)', () => {
  // Apps use REDIS_URL when the tests have it: every case starts from clean shared counters.
  const redisUrl = testRedisUrl();
  const itWithRedis = redisUrl ? it : it.skip;

  async function clearRateLimitCounters(): Promise<void> {
    if (redisUrl) await deleteRedisKeys(redisUrl, 'recway::counter:rate-limit:*');
  }

  beforeEach(clearRateLimitCounters);

  describe('one instance', () => {
    let app: NestExpressApplication;

    beforeAll(async () => {
      app = await startTestApp({ RATE_LIMIT_CALLS: '5', RATE_LIMIT_PERIOD: '60', RATE_LIMIT_LOGIN_CALLS: '2' });
    });

    afterAll(async () => {
      await app.close();
    });

    it('should admit RATE_LIMIT_CALLS per period, then answer 429 with Retry-After, detail and headers', async () => {
      const server = app.getHttpServer();
      for (let remaining = 4; remaining >= 0; remaining -= 1) {
        const response = await request(server).get(LIMITED).expect(401);
        expect(response.headers['ratelimit-limit']).toBe('5');
        expect(response.headers['ratelimit-remaining']).toBe(String(remaining));
      }
      const refused = await request(server).get(LIMITED).expect(429);
      expect(refused.body).toEqual({ detail: MESSAGE });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(refused.headers['ratelimit-remaining']).toBe('0');
      // The security headers are on refusals too.
      expect(refused.headers['x-content-type-options']).toBe('nosniff');
      expect(refused.headers['x-frame-options']).toBe('DENY');
      // The limit is per client over all routes, as in the seed.
      await request(server).get('/api/v1/auth/me').expect(429);
    });

    it('should never limit probes or metrics', async () => {
      const server = app.getHttpServer();
      for (let i = 0; i < 8; i += 1) {
        await request(server).get('/health').expect(200);
        await request(server).get('/health/ready').expect(200);
      }
      const metrics = await request(server).get('/metrics').expect(200);
      expect(
        sampleSum(parsePrometheusText(metrics.text), 'recway_rate_limited_requests_total', { limit: 'default' }),
      ).toBe(2);
    });
  });

  it('should hold sign-in to RATE_LIMIT_LOGIN_CALLS, stricter than the global limit', async () => {
    const app = await startTestApp({ RATE_LIMIT_CALLS: '100', RATE_LIMIT_LOGIN_CALLS: '2' });
    try {
      const login = () =>
        request(app.getHttpServer())
          .post('/api/v1/auth/login')
          .send({ email: 'nobody@recway.test', password: 'x'.repeat(12) });
      await login().expect(401);
      await login().expect(401);
      const refused = await login().expect(429);
      expect(refused.body).toEqual({ detail: MESSAGE });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      await request(app.getHttpServer()).get(LIMITED).expect(401); // other routes keep their budget
    } finally {
      await app.close();
    }
  });

  describe('client identity', () => {
    it('should give a client rotating forged X-Forwarded-For values no extra budget', async () => {
      // The peer (loopback) is not a trusted proxy, so its X-Forwarded-For means nothing.
      const app = await startTestApp({ RATE_LIMIT_CALLS: '3', TRUSTED_PROXY_HOSTS: '["10.9.9.9"]' });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 6; i += 1) {
          const response = await request(app.getHttpServer())
            .get(LIMITED)
            .set('X-Forwarded-For', `198.51.100.${i + 1}`);
          statuses.push(response.status);
        }
        expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
      } finally {
        await app.close();
      }
    });

    it('should tell clients apart by X-Forwarded-For behind a trusted proxy', async () => {
      const app = await startTestApp({ RATE_LIMIT_CALLS: '3', TRUSTED_PROXY_HOSTS: '["127.0.0.1/8", "::1"]' });
      try {
        expect(await burst([app], 4, '203.0.113.10')).toEqual(expect.arrayContaining([429]));
        expect(await burst([app], 3, '203.0.113.11')).toEqual([401, 401, 401]);
      } finally {
        await app.close();
      }
    });
  });

  describe('two instances', () => {
    const limits = { RATE_LIMIT_CALLS: '10', RATE_LIMIT_PERIOD: '60' };

    // Skipped only outside CI without Redis (testRedisUrl() says so); CI fails instead.
    itWithRedis('should share one budget through Redis: a burst across both admits the limit, no more', async () => {
      const a = await startTestApp({ ...limits, REDIS_URL: redisUrl });
      const b = await startTestApp({ ...limits, REDIS_URL: redisUrl });
      try {
        const statuses = await burst([a, b], 30);
        expect(admitted(statuses)).toBe(10);
        expect(statuses.filter((status) => status === 429)).toHaveLength(20);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('should, without Redis, hold the limit per instance only (why production sets REDIS_URL)', async () => {
      const a = await startTestApp({ ...limits, REDIS_URL: undefined });
      const b = await startTestApp({ ...limits, REDIS_URL: undefined });
      try {
        expect(admitted(await burst([a, b], 30))).toBe(20);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });
  });

  itWithRedis(
    'should drop a Redis connection that hangs, count locally meanwhile, and go back to Redis after',
    async () => {
      const { proxy, url } = await TcpProxy.in(redisUrl as string);
      const app = await startTestApp({ RATE_LIMIT_CALLS: '1000', REDIS_URL: url });
      const redis = app.get<RedisClient>(REDIS_CLIENT);
      try {
        await request(app.getHttpServer()).get(LIMITED).expect(401);
        expect(redis.isReady).toBe(true);
        proxy.hang();
        // Each counter call gives up after 250 ms; the pings notice the silence and drop the connection.
        await request(app.getHttpServer()).get(LIMITED).expect(401);
        await eventually(() => expect(redis.isReady).toBe(false));
        await request(app.getHttpServer()).get(LIMITED).expect(401);
        proxy.resume();
        await eventually(() => expect(redis.isReady).toBe(true));
      } finally {
        await app.close();
        await proxy.cut();
      }
    },
  );

  describe('Redis unreachable', () => {
    let silentRedis: SilentServer;

    beforeAll(async () => {
      silentRedis = await startSilentServer();
    });

    afterAll(() => {
      silentRedis.close();
    });

    it('should keep limiting, per instance, without 5xx or hanging', async () => {
      const app = await startTestApp({ RATE_LIMIT_CALLS: '3', REDIS_URL: silentRedis.redisUrl });
      try {
        const started = Date.now();
        const statuses: number[] = [];
        for (let i = 0; i < 5; i += 1) statuses.push((await request(app.getHttpServer()).get(LIMITED)).status);
        expect(statuses).toEqual([401, 401, 401, 429, 429]);
        expect(Date.now() - started).toBeLessThan(5 * 1000); // each counter call gives Redis 250 ms at most
      } finally {
        await app.close();
      }
    });
  });
});
