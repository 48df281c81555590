import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { agentFor, signIn, type TestUser } from './support/auth';
import { deleteRedisKeys, readRedisValue, rewriteRedisValues } from './support/redis-keys';
import { type SilentServer, startSilentServer } from './support/silent-server';
import { startTestApp, testRedisUrl } from './support/test-app';

const BASE = '/api/v1/segmentos';
const redisUrl = testRedisUrl();
const describeWithRedis = redisUrl ? describe : describe.skip;

describeWithRedis('Segment cache shared by two instances (real Redis)', () => {
  let a: NestExpressApplication;
  let b: NestExpressApplication;
  let editor: TestUser;

  beforeAll(async () => {
    a = await startTestApp({ REDIS_URL: redisUrl });
    b = await startTestApp({ REDIS_URL: redisUrl });
    editor = await signIn(a, 'editor');
  });

  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  it('should never serve a stale segment on one instance after a write on the other', async () => {
    const created = await agentFor(a, editor).post(BASE).send({ nombre: 'v1', longitud: 1, latitud: 1 }).expect(201);
    const path = `${BASE}/${created.body.id_segmento}`;
    for (const server of [a, b]) {
      expect((await agentFor(server, editor).get(path).expect(200)).body.nombre).toBe('v1');
    }
    await agentFor(b, editor).patch(path).send({ nombre: 'v2' }).expect(200);
    const fromA = await agentFor(a, editor).get(path).expect(200);
    expect(fromA.body.nombre).toBe('v2');
    expect(fromA.headers.etag).toBe('"v2"');
    await agentFor(a, editor).delete(path).expect(204);
    await agentFor(b, editor).get(path).expect(404);
  });

  it('should show a survey recorded on one instance in the condicion read from the other at once', async () => {
    const created = await agentFor(a, editor).post(BASE).send({ nombre: 'con', longitud: 3, latitud: 3 }).expect(201);
    const path = `${BASE}/${created.body.id_segmento}`;
    const listPath = `${BASE}/?q=con&limit=1000`;
    const cachedOne = await agentFor(b, editor).get(path).expect(200); // cached on B, no condition
    expect(cachedOne.body.condicion).toBeNull();
    await agentFor(b, editor).get(listPath).expect(200); // a cached page on B too
    await agentFor(a, editor)
      .post(`${path}/inspecciones`)
      .send({ fecha: '2026-01-15', iri_m_km: 4.5, metodo: 'smartphone' })
      .expect(201);
    const fromB = await agentFor(b, editor).get(path).expect(200);
    expect(fromB.body.condicion).toMatchObject({ iri_m_km: 4.5, banda: 'malo', fecha: '2026-01-15' });
    expect(fromB.headers.etag).not.toBe(cachedOne.headers.etag);
    const listed = await agentFor(b, editor).get(listPath).expect(200);
    const item = listed.body.find(
      (segment: { id_segmento: number }) => segment.id_segmento === created.body.id_segmento,
    );
    expect(item.condicion.banda).toBe('malo');
  });

  it('should keep each entry as plain JSON under its explicit key, text verbatim through the cache', async () => {
    // Strings that Keyv's own codec escapes (a leading ":") or would revive as a Buffer (":base64:").
    const input = { nombre: ':empieza con dos puntos', descripcion: ':base64:aGk=', longitud: 2, latitud: 2 };
    const created = await agentFor(a, editor).post(BASE).send(input).expect(201);
    const path = `${BASE}/${created.body.id_segmento}`;
    await agentFor(a, editor).get(path).expect(200); // miss: stored in Redis
    const raw = await readRedisValue(redisUrl as string, `*segmentos:v4:*:one:${created.body.id_segmento}`);
    expect(JSON.parse(raw as string).value.segment).toMatchObject({
      nombre: input.nombre,
      descripcion: input.descripcion,
    });
    const fromB = await agentFor(b, editor).get(path).expect(200); // hit, on the other instance
    expect(fromB.body).toEqual(created.body);
  });

  it('should cache a list page as its JSON text and send it byte for byte, as JSON', async () => {
    const tag = `text-${Date.now()}`;
    const input = { nombre: `${tag} "comillas" \\ </script> ñ`, descripcion: ':base64:aGk=', longitud: 3, latitud: 3 };
    await agentFor(a, editor).post(BASE).send(input).expect(201);
    const listPath = `${BASE}/?q=${encodeURIComponent(tag)}`;
    await deleteRedisKeys(redisUrl as string, '*segmentos:v4:*:list-json:*'); // this page's will be the only one
    const miss = await agentFor(a, editor).get(listPath).expect(200);
    const raw = await readRedisValue(redisUrl as string, `*segmentos:v4:*:list-json:*`);
    expect(JSON.parse(JSON.parse(raw as string).value.itemsJson)).toEqual(miss.body);
    const hit = await agentFor(b, editor).get(listPath).expect(200);
    expect(hit.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(hit.text).toBe(miss.text);
    expect(hit.body[0]).toMatchObject(input);
  });

  it('should keep a page it sent ready in memory, gzipped or as is as the client accepts, one ETag', async () => {
    const tag = `ready-${Date.now()}`;
    for (let n = 0; n < 5; n++) {
      await agentFor(a, editor)
        .post(BASE)
        .send({ nombre: `${tag} ${n}`, descripcion: 'x'.repeat(200), longitud: 4, latitud: 4 })
        .expect(201);
    }
    const listPath = `${BASE}/?q=${tag}`;
    const gzipped = await agentFor(a, editor).get(listPath).set('Accept-Encoding', 'gzip').expect(200);
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toMatch(/Accept-Encoding/);
    const plain = await agentFor(a, editor).get(listPath).set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(plain.text).toBe(gzipped.text);
    expect(plain.headers.etag).toBe(gzipped.headers.etag);
    expect(plain.headers['x-total-count']).toBe('5');
    await agentFor(a, editor).get(listPath).set('If-None-Match', plain.headers.etag).expect(304);
    // A change behind the API's back (no write through it, so no new generation): the shared page
    // gone, A still sends what it keeps, B reads the database.
    await deleteRedisKeys(redisUrl as string, '*segmentos:v4:*:list-json:*');
    await a.get(DataSource).query(`UPDATE segmentos SET descripcion = 'cambiada' WHERE nombre LIKE $1`, [`${tag}%`]);
    expect((await agentFor(a, editor).get(listPath).expect(200)).text).toBe(plain.text);
    expect((await agentFor(b, editor).get(listPath).expect(200)).body[0].descripcion).toBe('cambiada');
  });

  it('should keep a page from the shared cache in memory only for what is left of its TTL', async () => {
    const tag = `ttl-${Date.now()}`;
    await agentFor(a, editor).post(BASE).send({ nombre: tag, longitud: 5, latitud: 5 }).expect(201);
    const listPath = `${BASE}/?q=${tag}`;
    await deleteRedisKeys(redisUrl as string, '*segmentos:v4:*:list-json:*');
    const first = await agentFor(a, editor).get(listPath).expect(200); // from the database: kept on A for 60 s
    // The shared copy as if stored 59.9 s ago: B, reading it now, may keep it for 0.1 s at most.
    const aged = await rewriteRedisValues(redisUrl as string, '*segmentos:v4:*:list-json:*', (raw) => {
      const entry = JSON.parse(raw);
      entry.value.storedAt = Date.now() - 59_900;
      return JSON.stringify(entry);
    });
    expect(aged).toBe(1);
    expect((await agentFor(b, editor).get(listPath).expect(200)).text).toBe(first.text);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Changed behind the API's back, as if a write's new generation had never reached Redis.
    await deleteRedisKeys(redisUrl as string, '*segmentos:v4:*:list-json:*');
    await a.get(DataSource).query(`UPDATE segmentos SET descripcion = 'cambiada' WHERE nombre = $1`, [tag]);
    expect((await agentFor(a, editor).get(listPath).expect(200)).text).toBe(first.text);
    expect((await agentFor(b, editor).get(listPath).expect(200)).body[0].descripcion).toBe('cambiada');
  });

  it('should give a page a new ETag when its total changes, even if its items do not', async () => {
    const tag = `total-${Date.now()}`;
    await agentFor(a, editor)
      .post(BASE)
      .send({ nombre: `${tag} a`, longitud: 6, latitud: 6 })
      .expect(201);
    const listPath = `${BASE}/?q=${tag}&sort=nombre&limit=1`;
    const before = await agentFor(a, editor).get(listPath).expect(200);
    expect(before.headers['x-total-count']).toBe('1');
    await agentFor(b, editor)
      .post(BASE)
      .send({ nombre: `${tag} z`, longitud: 6, latitud: 6 })
      .expect(201);
    const after = await agentFor(a, editor).get(listPath).set('If-None-Match', before.headers.etag).expect(200);
    expect(after.text).toBe(before.text);
    expect(after.headers['x-total-count']).toBe('2');
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  it('should never keep a radius search: the next one reads the database', async () => {
    const tag = `near-${Date.now()}`;
    await agentFor(a, editor).post(BASE).send({ nombre: tag, longitud: -70.5, latitud: -30.5 }).expect(201);
    const nearPath = `${BASE}/?near=-30.5,-70.5&radius=100`;
    const first = await agentFor(a, editor).get(nearPath).expect(200);
    expect(first.body.map((segment: { nombre: string }) => segment.nombre)).toEqual([tag]);
    await a.get(DataSource).query(`UPDATE segmentos SET descripcion = 'cambiada' WHERE nombre = $1`, [tag]);
    expect((await agentFor(a, editor).get(nearPath).expect(200)).body[0].descripcion).toBe('cambiada');
  });

  it('should never serve a stale list page on one instance after a write on the other', async () => {
    const tag = `cache-${Date.now()}`;
    await agentFor(a, editor)
      .post(BASE)
      .send({ nombre: `${tag} 1`, longitud: 1, latitud: 1 })
      .expect(201);
    const listPath = `${BASE}/?q=${tag}`;
    expect((await agentFor(a, editor).get(listPath).expect(200)).body).toHaveLength(1);
    expect((await agentFor(b, editor).get(listPath).expect(200)).body).toHaveLength(1);
    await agentFor(b, editor)
      .post(BASE)
      .send({ nombre: `${tag} 2`, longitud: 1, latitud: 1 })
      .expect(201);
    const fromA = await agentFor(a, editor).get(listPath).expect(200);
    expect(fromA.body).toHaveLength(2);
    expect(fromA.headers['x-total-count']).toBe('2');
  });
});

describe('Segment reads with the cache unreachable', () => {
  let app: NestExpressApplication;
  let silentRedis: SilentServer;

  beforeAll(async () => {
    silentRedis = await startSilentServer();
    app = await startTestApp({ REDIS_URL: silentRedis.redisUrl });
  });

  afterAll(async () => {
    await app.close();
    silentRedis.close();
  });

  it('should serve reads and writes from the database, without 5xx or hanging', async () => {
    const api = agentFor(app, await signIn(app, 'editor'));
    const created = await api.post(BASE).send({ nombre: 'no cache', longitud: 1, latitud: 1 }).expect(201);
    const path = `${BASE}/${created.body.id_segmento}`;
    await api.get(path).expect(200);
    await api.patch(path).send({ nombre: 'still no cache' }).expect(200);
    expect((await api.get(path).expect(200)).body.nombre).toBe('still no cache');
    await api.get(`${BASE}/?limit=5`).expect(200);
  }, 10_000);
});
