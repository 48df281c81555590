import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApiKeysService } from '../apps/api/src/api-keys/api-keys.service';
import { UsersService } from '../apps/api/src/users/users.service';
import { agentFor, signIn, type TestUser } from './support/auth';
import { startTestApp } from './support/test-app';

const API = '/api/v1';
const KEYS = `${API}/auth/api-keys`;
const SEGMENTOS = `${API}/segmentos/`;
const SEGMENT = { nombre: 'Creado con clave', longitud: -74.1, latitud: 4.6 };

describe('API keys for machine clients', () => {
  let app: NestExpressApplication;
  let http: ReturnType<NestExpressApplication['getHttpServer']>;
  let editor: TestUser;
  let admin: TestUser;
  const newKey = async (owner: TestUser, body: object = { nombre: 'QGIS' }) =>
    (await agentFor(app, owner).post(KEYS).send(body).expect(201)).body as {
      id: string;
      clave: string;
      prefijo: string;
    };
  const withKey = (key: string) => request.agent(http).set('X-API-Key', key);

  beforeAll(async () => {
    app = await startTestApp();
    http = app.getHttpServer();
    editor = await signIn(app, 'editor');
    admin = await signIn(app, 'admin');
  });

  afterAll(async () => {
    await app.close();
  });

  it('should show a new key once, list it without the secret, and accept it both ways', async () => {
    const created = await agentFor(app, editor).post(KEYS).send({ nombre: 'QGIS oficina' }).expect(201);
    expect(created.body).toMatchObject({ nombre: 'QGIS oficina', rol: 'editor', expira: null, usuario_id: editor.id });
    expect(created.body.clave).toMatch(new RegExp(`^rwk_${created.body.prefijo}_[\\w-]{43}$`));
    const listed = await agentFor(app, editor).get(KEYS).expect(200);
    expect(listed.body.find((key: { id: string }) => key.id === created.body.id)).not.toHaveProperty('clave');
    expect(JSON.stringify(listed.body)).not.toContain(created.body.clave);
    await withKey(created.body.clave).get(SEGMENTOS).expect(200);
    await request(http).get(SEGMENTOS).set('Authorization', `Bearer ${created.body.clave}`).expect(200);
    await withKey(created.body.clave).post(SEGMENTOS).send(SEGMENT).expect(201);
    const stored = await app
      .get(DataSource)
      .query<{ secret_hash: string }[]>('SELECT secret_hash FROM api_keys WHERE id = $1', [created.body.id]);
    expect(stored[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0].secret_hash).not.toContain(created.body.clave.slice(-43));
    const used = await agentFor(app, editor).get(KEYS).expect(200);
    expect(used.body.find((key: { id: string }) => key.id === created.body.id).ultimo_uso).not.toBeNull();
  });

  it('should act with the key role, never above the owner', async () => {
    const viewerKey = await newKey(editor, { nombre: 'solo lectura', rol: 'viewer' });
    await withKey(viewerKey.clave).get(SEGMENTOS).expect(200);
    await withKey(viewerKey.clave).post(SEGMENTOS).send(SEGMENT).expect(403);
    const above = await agentFor(app, editor).post(KEYS).send({ nombre: 'x', rol: 'admin' }).expect(422);
    expect(above.body.detail[0].loc).toEqual(['body', 'rol']);
  });

  it.each([
    ['an expiry in the past', { nombre: 'x', expira: '2020-01-01T00:00:00Z' }, 'expira'],
    ['an expiry that is not a date', { nombre: 'x', expira: 'mañana' }, 'expira'],
    ['no name', { rol: 'viewer' }, 'nombre'],
    ['an unknown role', { nombre: 'x', rol: 'root' }, 'rol'],
    ['an unknown field', { nombre: 'x', secreto: 'y' }, 'secreto'],
  ])('should refuse %s with a 422', async (_name, body, field) => {
    const response = await agentFor(app, editor).post(KEYS).send(body).expect(422);
    expect(response.body.detail.map((issue: { loc: string[] }) => issue.loc)).toContainEqual(['body', field]);
  });

  it('should refuse keys on the key-management routes themselves', async () => {
    const key = await newKey(admin);
    await withKey(key.clave).post(KEYS).send({ nombre: 'more' }).expect(401);
    await withKey(key.clave).get(KEYS).expect(401);
    await withKey(key.clave).delete(`${KEYS}/${key.id}`).expect(401);
  });

  it('should refuse unknown, malformed, tampered, revoked and expired keys with 401', async () => {
    const key = await newKey(editor);
    const tampered = `${key.clave.slice(0, -1)}${key.clave.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of ['rwk_nope', `rwk_000000000000_${'a'.repeat(43)}`, tampered]) {
      await withKey(bad).get(SEGMENTOS).expect(401);
    }
    await agentFor(app, editor).delete(`${KEYS}/${key.id}`).expect(204);
    await withKey(key.clave).get(SEGMENTOS).expect(401);
    const expiring = await newKey(editor, { nombre: 'caduca', expira: new Date(Date.now() + 60_000).toISOString() });
    await withKey(expiring.clave).get(SEGMENTOS).expect(200);
    await app
      .get(DataSource)
      .query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [expiring.id]);
    await withKey(expiring.clave).get(SEGMENTOS).expect(401);
  });

  it("should stop a deactivated owner's keys and follow a demoted owner's role", async () => {
    const owner = await signIn(app, 'editor');
    const key = await newKey(owner);
    await withKey(key.clave).post(SEGMENTOS).send(SEGMENT).expect(201);
    await agentFor(app, admin).patch(`${API}/users/${owner.id}`).send({ role: 'viewer' }).expect(200);
    await withKey(key.clave).post(SEGMENTOS).send(SEGMENT).expect(403);
    await withKey(key.clave).get(SEGMENTOS).expect(200);
    await agentFor(app, admin).patch(`${API}/users/${owner.id}`).send({ is_active: false }).expect(200);
    await withKey(key.clave).get(SEGMENTOS).expect(401);
  });

  it("should keep other users' keys private, except to admins", async () => {
    const key = await newKey(editor, { nombre: 'privada' });
    const other = await signIn(app, 'editor');
    await agentFor(app, other).delete(`${KEYS}/${key.id}`).expect(404);
    await agentFor(app, other).get(KEYS).query({ usuario_id: editor.id }).expect(403);
    const own = await agentFor(app, other).get(KEYS).expect(200);
    expect(own.body).toEqual([]);
    const all = await agentFor(app, admin).get(KEYS).query({ usuario_id: '*' }).expect(200);
    expect(all.body.map((k: { id: string }) => k.id)).toContain(key.id);
    const ofEditor = await agentFor(app, admin).get(KEYS).query({ usuario_id: editor.id }).expect(200);
    expect(ofEditor.body.every((k: { usuario_id: string }) => k.usuario_id === editor.id)).toBe(true);
    await agentFor(app, admin).delete(`${KEYS}/${key.id}`).expect(204);
    await agentFor(app, editor).delete(`${KEYS}/not-a-uuid`).expect(400);
  });
});

describe('API keys and rate limits', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await startTestApp({ RATE_LIMIT_CALLS: '3', RATE_LIMIT_PERIOD: '60' });
  });

  afterAll(async () => {
    await app.close();
  });

  it('should give each key its own budget', async () => {
    // Keys made without HTTP: this app's address budget is tiny, and sign-ins would spend it.
    const owner = await app
      .get(UsersService)
      .create({ email: `keys-${Date.now()}@recway.co`, password: 'a-long-password-1', role: 'viewer' });
    const caller = { id: owner.id, role: 'viewer', mustChangePassword: false };
    const keys = [
      (await app.get(ApiKeysService).create(caller, { nombre: 'a' })).clave,
      (await app.get(ApiKeysService).create(caller, { nombre: 'b' })).clave,
    ];
    const [a, b] = keys;
    expect(a).toMatch(/^rwk_/);
    for (let i = 0; i < 3; i++) await request(app.getHttpServer()).get(SEGMENTOS).set('X-API-Key', a).expect(200);
    const limited = await request(app.getHttpServer()).get(SEGMENTOS).set('X-API-Key', a).expect(429);
    expect(limited.body.detail).toBe('Rate limit exceeded. Try again later.');
    await request(app.getHttpServer()).get(SEGMENTOS).set('X-API-Key', b).expect(200);
  });
});
