import { createServer, Server } from 'node:net';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { startTestApp, testRedisUrl } from './support/test-app';

const BASE = '/api/v1/segmentos';
const redisUrl = testRedisUrl();
const describeWithRedis = redisUrl ? describe : describe.skip;

describeWithRedis('Segment cache shared by two instances (real Redis)', () => {
  let a: NestExpressApplication;
  let b: NestExpressApplication;

  beforeAll(async () => {
    a = await startTestApp({ REDIS_URL: redisUrl });
    b = await startTestApp({ REDIS_URL: redisUrl });
  });

  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  it('should never serve a stale segment on one instance after a write on the other', async () => {
    const created = await request(a.getHttpServer())
      .post(BASE)
      .send({ nombre: 'v1', longitud: 1, latitud: 1 })
      .expect(201);
    const path = `${BASE}/${created.body.id_segmento}`;
    for (const server of [a, b]) {
      expect((await request(server.getHttpServer()).get(path).expect(200)).body.nombre).toBe('v1');
    }
    await request(b.getHttpServer()).patch(path).send({ nombre: 'v2' }).expect(200);
    const fromA = await request(a.getHttpServer()).get(path).expect(200);
    expect(fromA.body.nombre).toBe('v2');
    expect(fromA.headers.etag).toBe('"v2"');
    await request(a.getHttpServer()).delete(path).expect(204);
    await request(b.getHttpServer()).get(path).expect(404);
  });

  it('should never serve a stale list page on one instance after a write on the other', async () => {
    const tag = `cache-${Date.now()}`;
    await request(a.getHttpServer())
      .post(BASE)
      .send({ nombre: `${tag} 1`, longitud: 1, latitud: 1 })
      .expect(201);
    const listPath = `${BASE}/?q=${tag}`;
    expect((await request(a.getHttpServer()).get(listPath).expect(200)).body).toHaveLength(1);
    expect((await request(b.getHttpServer()).get(listPath).expect(200)).body).toHaveLength(1);
    await request(b.getHttpServer())
      .post(BASE)
      .send({ nombre: `${tag} 2`, longitud: 1, latitud: 1 })
      .expect(201);
    const fromA = await request(a.getHttpServer()).get(listPath).expect(200);
    expect(fromA.body).toHaveLength(2);
    expect(fromA.headers['x-total-count']).toBe('2');
  });
});

describe('Segment reads with the cache unreachable', () => {
  let app: NestExpressApplication;
  let blackHole: Server;

  beforeAll(async () => {
    // Accepts connections and never answers: the worst case for a client without timeouts.
    blackHole = createServer(() => undefined);
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    const port = (blackHole.address() as { port: number }).port;
    app = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${port}` });
  });

  afterAll(async () => {
    await app.close();
    blackHole.close();
  });

  it('should serve reads and writes from the database, without 5xx or hanging', async () => {
    const http = app.getHttpServer();
    const created = await request(http).post(BASE).send({ nombre: 'no cache', longitud: 1, latitud: 1 }).expect(201);
    const path = `${BASE}/${created.body.id_segmento}`;
    await request(http).get(path).expect(200);
    await request(http).patch(path).send({ nombre: 'still no cache' }).expect(200);
    expect((await request(http).get(path).expect(200)).body.nombre).toBe('still no cache');
    await request(http).get(`${BASE}/?limit=5`).expect(200);
  }, 10_000);
});
