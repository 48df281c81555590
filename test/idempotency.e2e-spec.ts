import { randomUUID } from 'node:crypto';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { agentFor, signIn, type TestUser } from './support/auth';
import { startTestApp } from './support/test-app';

const BASE = '/api/v1/segmentos';

describe('Idempotency-Key on POST /segmentos', () => {
  let app: NestExpressApplication;
  let api: ReturnType<typeof request.agent>;
  let editor: TestUser;

  beforeAll(async () => {
    app = await startTestApp();
    editor = await signIn(app, 'editor');
    api = agentFor(app, editor);
  });

  afterAll(async () => {
    await app.close();
  });

  async function countNamed(nombre: string): Promise<number> {
    const response = await api.get(BASE).query({ q: nombre }).expect(200);
    return Number(response.headers['x-total-count']);
  }

  it('should replay the first response to a retry, without a second row', async () => {
    const key = randomUUID();
    const body = { nombre: `idem ${key}`, longitud: -74.1, latitud: 4.6 };
    const first = await api.post(BASE).set('Idempotency-Key', key).send(body).expect(201);
    const retry = await api
      .post(BASE)
      .set('Idempotency-Key', key)
      .send({ latitud: 4.6, longitud: -74.1, nombre: body.nombre })
      .expect(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await countNamed(key)).toBe(1);
  });

  it('should refuse the same key with another body with a 422', async () => {
    const key = randomUUID();
    await api
      .post(BASE)
      .set('Idempotency-Key', key)
      .send({ nombre: `a ${key}`, longitud: 1, latitud: 1 })
      .expect(201);
    const conflict = await api
      .post(BASE)
      .set('Idempotency-Key', key)
      .send({ nombre: `b ${key}`, longitud: 1, latitud: 1 })
      .expect(422);
    expect(conflict.body.detail).toEqual([expect.objectContaining({ loc: ['header', 'Idempotency-Key'] })]);
    expect(await countNamed(key)).toBe(1);
  });

  it('should create one row for concurrent requests with one key', async () => {
    const key = randomUUID();
    const body = { nombre: `concurrent ${key}`, longitud: 2, latitud: 2 };
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => api.post(BASE).set('Idempotency-Key', key).send(body)),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(201));
    expect(new Set(responses.map((response) => response.body.id_segmento as number)).size).toBe(1);
    expect(await countNamed(key)).toBe(1);
  });

  it('should keep the key across a restart (stored in the database)', async () => {
    const key = randomUUID();
    const body = { nombre: `restart ${key}`, longitud: 3, latitud: 3 };
    const first = await api.post(BASE).set('Idempotency-Key', key).send(body).expect(201);
    const other = await startTestApp();
    try {
      const retry = await agentFor(other, editor).post(BASE).set('Idempotency-Key', key).send(body).expect(201);
      expect(retry.body.id_segmento).toBe(first.body.id_segmento);
    } finally {
      await other.close();
    }
  });

  it('should not keep the key of a request that failed validation', async () => {
    const key = randomUUID();
    await api.post(BASE).set('Idempotency-Key', key).send({ nombre: '', longitud: 1, latitud: 1 }).expect(422);
    await api
      .post(BASE)
      .set('Idempotency-Key', key)
      .send({ nombre: `ok ${key}`, longitud: 1, latitud: 1 })
      .expect(201);
  });

  it("should keep one user's keys apart from another's", async () => {
    const key = randomUUID();
    const body = { nombre: `shared key ${key}`, longitud: 4, latitud: 4 };
    const mine = await api.post(BASE).set('Idempotency-Key', key).send(body).expect(201);
    const theirs = await agentFor(app, await signIn(app, 'editor'))
      .post(BASE)
      .set('Idempotency-Key', key)
      .send(body)
      .expect(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.body.id_segmento).not.toBe(mine.body.id_segmento);
    expect(await countNamed(key)).toBe(2);
  });

  it('should refuse a malformed key', async () => {
    const response = await api
      .post(BASE)
      .set('Idempotency-Key', 'x'.repeat(256))
      .send({ nombre: 'n', longitud: 1, latitud: 1 })
      .expect(422);
    expect(response.body.detail[0].loc).toEqual(['header', 'Idempotency-Key']);
  });
});
