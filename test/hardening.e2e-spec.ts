import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { agentFor, signIn, type TestUser } from './support/auth';
import { startTestApp } from './support/test-app';

const API = '/api/v1';
const SEGMENTOS = `${API}/segmentos/`;

/** `{"nombre": [[[…]]], …}` with `depth` nested arrays, written as text (JSON.stringify would overflow). */
function deeplyNested(depth: number, rest = '"longitud": 1, "latitud": 2'): string {
  return `{"nombre": ${'['.repeat(depth)}${']'.repeat(depth)}, ${rest}}`;
}

/** Regression tests of the defects found by the hardening review (issue 13). */
describe('Hardening: nesting, prototype keys, public operations', () => {
  let app: NestExpressApplication;
  let http: ReturnType<NestExpressApplication['getHttpServer']>;
  let editor: TestUser;
  let admin: TestUser;
  const segmentCount = async () =>
    Number((await app.get(DataSource).query('SELECT count(*)::int AS n FROM segmentos'))[0].n);

  beforeAll(async () => {
    app = await startTestApp();
    http = app.getHttpServer();
    editor = await signIn(app, 'editor');
    admin = await signIn(app, 'admin');
  });

  afterAll(async () => {
    await app.close();
  });

  describe('JSON nested deeper than 32 levels', () => {
    it('should answer 422 json_too_deep, not 500, on a 5 000-level body, and write nothing', async () => {
      const before = await segmentCount();
      const response = await agentFor(app, editor)
        .post(SEGMENTOS)
        .set('Content-Type', 'application/json')
        .send(deeplyNested(5000))
        .expect(422);
      expect(response.body.detail).toHaveLength(1);
      expect(response.body.detail[0]).toMatchObject({
        msg: 'JSON nested deeper than 32 levels',
        type: 'json_too_deep',
      });
      expect(response.body.detail[0].loc.slice(0, 3)).toEqual(['body', 'nombre', 0]);
      expect(await segmentCount()).toBe(before);
    });

    it('should refuse it on every JSON route, public ones included, before authentication', async () => {
      const body = deeplyNested(100_000);
      for (const [method, path] of [
        ['post', `${API}/auth/login`],
        ['post', `${API}/auth/refresh`],
        ['post', `${API}/users`],
        ['put', `${API}/auth/me/password`],
        ['post', `${API}/ai/chat`],
        ['patch', `${SEGMENTOS}1`],
      ] as const) {
        const response = await request(http)[method](path).set('Content-Type', 'application/json').send(body);
        expect({ path, status: response.status, type: response.body.detail?.[0]?.type }).toEqual({
          path,
          status: 422,
          type: 'json_too_deep',
        });
      }
    });

    it('should refuse it inside an idempotent create (the fingerprint walks the body)', async () => {
      await agentFor(app, editor)
        .post(SEGMENTOS)
        .set('Idempotency-Key', 'deep-body-1')
        .set('Content-Type', 'application/json')
        .send(deeplyNested(5000))
        .expect(422);
    });

    it('should refuse it inside a GeoJSON import feature, naming the feature', async () => {
      const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
      const collection =
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": ' +
        `{"type": "Point", "coordinates": [1, 2]}, "properties": {"nombre": ${deep}}}]}`;
      const before = await segmentCount();
      const response = await agentFor(app, editor)
        .post(`${SEGMENTOS}import`)
        .set('Content-Type', 'application/geo+json')
        .send(collection)
        .expect(422);
      expect(response.body.detail[0].type).toBe('json_too_deep');
      expect(response.body.detail[0].loc.slice(0, 6)).toEqual(['body', 'features', 0, 'properties', 'nombre', 0]);
      expect(await segmentCount()).toBe(before);
    });

    it('should still validate normally at the limit (a type error, not a depth error)', async () => {
      const response = await agentFor(app, editor)
        .post(SEGMENTOS)
        .set('Content-Type', 'application/json')
        .send(deeplyNested(31))
        .expect(422);
      expect(response.body.detail).toEqual([{ loc: ['body', 'nombre'], msg: expect.any(String), type: 'string_type' }]);
    });
  });

  describe('__proto__, constructor and prototype keys', () => {
    it.each(['__proto__', 'constructor', 'prototype'])(
      'should refuse a top-level %s field with 422 naming it',
      async (key) => {
        const before = await segmentCount();
        const response = await agentFor(app, editor)
          .post(SEGMENTOS)
          .set('Content-Type', 'application/json')
          .send(`{"nombre": "ok", "longitud": 1, "latitud": 2, "${key}": {"role": "admin"}}`)
          .expect(422);
        expect(response.body.detail).toEqual([
          { loc: ['body', key], msg: `property ${key} should not exist`, type: 'extra_forbidden' },
        ]);
        expect(await segmentCount()).toBe(before);
      },
    );

    it('should refuse them on updates, user management, nested values and the query string', async () => {
      const created = await agentFor(app, editor)
        .post(SEGMENTOS)
        .send({ nombre: 'proto target', longitud: 1, latitud: 2 })
        .expect(201);
      const id = created.body.id_segmento as number;
      const patched = await agentFor(app, editor)
        .patch(`${SEGMENTOS}${id}`)
        .set('Content-Type', 'application/json')
        .send('{"nombre": "renamed", "__proto__": {"nombre": "x"}}')
        .expect(422);
      expect(patched.body.detail[0].loc).toEqual(['body', '__proto__']);
      await agentFor(app, editor)
        .get(`${SEGMENTOS}${id}`)
        .expect(200, /proto target/);

      const user = await agentFor(app, admin)
        .post(`${API}/users`)
        .set('Content-Type', 'application/json')
        .send('{"email": "p@recway.co", "password": "a-long-password-1", "role": "viewer", "constructor": {}}')
        .expect(422);
      expect(user.body.detail[0].loc).toEqual(['body', 'constructor']);

      const nested = await agentFor(app, editor)
        .post(SEGMENTOS)
        .set('Content-Type', 'application/json')
        .send('{"nombre": ["a", {"__proto__": {"x": 1}}], "longitud": 1, "latitud": 2}')
        .expect(422);
      expect(nested.body.detail[0].loc).toEqual(['body', 'nombre', 1, '__proto__']);

      const query = await agentFor(app, editor).get(`${SEGMENTOS}?constructor=1&limit=5`).expect(422);
      expect(query.body.detail).toEqual([
        { loc: ['query', 'constructor'], msg: 'property constructor should not exist', type: 'extra_forbidden' },
      ]);
    });

    it('should refuse them in GeoJSON import properties', async () => {
      const response = await agentFor(app, editor)
        .post(`${SEGMENTOS}import`)
        .set('Content-Type', 'application/geo+json')
        .send(
          '{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point", ' +
            '"coordinates": [1, 2]}, "properties": {"nombre": "x", "__proto__": {"y": 1}}}]}',
        )
        .expect(422);
      expect(response.body.detail[0]).toMatchObject({
        loc: ['body', 'features', 0, 'properties', '__proto__'],
        type: 'extra_forbidden',
      });
    });
  });

  describe('the OpenAPI document says which operations are public', () => {
    const PUBLIC = [
      'get /health',
      'get /health/ready',
      'get /health/database',
      'post /api/v1/auth/login',
      'post /api/v1/auth/refresh',
      // The map page reads it before sign-in; it holds no secret.
      'get /api/v1/mapa/configuracion',
    ];

    it('should require a token by default and declare security: [] on exactly the public operations', async () => {
      const document = (await request(http).get('/docs-json').expect(200)).body;
      expect(document.security).toEqual([{ bearer: [] }, { oauth2: [] }, { apiKey: [] }]);
      const operations = Object.entries(
        document.paths as Record<string, Record<string, { security?: unknown[] }>>,
      ).flatMap(([path, item]) =>
        Object.entries(item).map(([method, operation]) => ({ id: `${method} ${path}`, operation })),
      );
      const declaredPublic = operations.filter(({ operation }) => operation.security?.length === 0).map(({ id }) => id);
      expect(declaredPublic.sort()).toEqual([...PUBLIC].sort());
      expect(JSON.stringify(document)).not.toContain('x-recway-public');
    });

    it('should match the guards: every other operation answers 401 without a token', async () => {
      const document = (await request(http).get('/docs-json').expect(200)).body;
      for (const [path, item] of Object.entries(
        document.paths as Record<string, Record<string, { security?: unknown[] }>>,
      )) {
        for (const [method, operation] of Object.entries(item)) {
          const concrete = path.replace(/\{[^}]+\}/g, '1');
          const response = await request(http)[method as 'get'](concrete);
          if (operation.security?.length === 0)
            expect({ path, method, status: response.status }).not.toMatchObject({ status: 401 });
          else expect({ path, method, status: response.status }).toEqual({ path, method, status: 401 });
        }
      }
    });
  });
});
