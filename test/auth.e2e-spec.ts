import { createHmac, randomUUID } from 'node:crypto';
import { NestExpressApplication } from '@nestjs/platform-express';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CounterStore } from '../apps/api/src/counters/counter.store';
import { UsersRepository } from '../apps/api/src/users/users.repository';
import { agentFor, signIn, TEST_PASSWORD, type TestUser } from './support/auth';
import { startTestApp, TEST_SECRET_KEY } from './support/test-app';

const API = '/api/v1';
const SEGMENTOS = `${API}/segmentos/`;

describe('Auth', () => {
  let app: NestExpressApplication;
  let http: ReturnType<NestExpressApplication['getHttpServer']>;
  let admin: TestUser;

  beforeAll(async () => {
    app = await startTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '5', LOGIN_MAX_FAILURES_PER_IP: '1000' });
    http = app.getHttpServer();
    admin = await signIn(app, 'admin');
  });

  afterAll(async () => {
    await app.close();
  });

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const login = (body: object) => request(http).post(`${API}/auth/login`).send(body);

  describe('login', () => {
    it('should sign in with JSON and with the OAuth2 password form', async () => {
      const user = await signIn(app, 'viewer');
      const json = await login({ email: user.email.toUpperCase(), password: TEST_PASSWORD }).expect(200);
      expect(json.body).toEqual({
        access_token: expect.any(String),
        token_type: 'bearer',
        expires_in: 1800,
        refresh_token: expect.any(String),
      });
      const form = await request(http)
        .post(`${API}/auth/login`)
        .type('form')
        .send({ grant_type: 'password', username: user.email, password: TEST_PASSWORD, scope: '' })
        .expect(200);
      const claims = jwt.decode(form.body.access_token, { complete: true });
      expect(claims?.header.alg).toBe('HS256');
      expect(claims?.payload).toMatchObject({ sub: user.id, role: 'viewer', iss: 'RecWay', aud: 'api', typ: 'access' });
      expect(claims?.payload).toHaveProperty('jti');
    });

    it('should answer wrong password, unknown email and inactive account with one 401', async () => {
      const user = await signIn(app, 'viewer');
      const wrong = await login({ email: user.email, password: 'not-the-password' }).expect(401);
      const unknown = await login({ email: `${randomUUID()}@nowhere.co`, password: TEST_PASSWORD }).expect(401);
      await app.get(UsersRepository).update(user.id, { isActive: false });
      const inactive = await login({ email: user.email, password: TEST_PASSWORD }).expect(401);
      expect(new Set([wrong.body.detail, unknown.body.detail, inactive.body.detail])).toEqual(
        new Set(['Incorrect email or password']),
      );
      expect(wrong.headers['www-authenticate']).toBe('Bearer');
    });

    it('should require an email or username', async () => {
      const response = await login({ password: 'x' }).expect(422);
      expect(response.body.detail[0].loc).toEqual(['body', 'email']);
    });
  });

  describe('refresh tokens', () => {
    it('should rotate, refuse the old token, and revoke the family when a used token comes back', async () => {
      const user = await signIn(app, 'viewer');
      const first = await request(http)
        .post(`${API}/auth/refresh`)
        .send({ refresh_token: user.refreshToken })
        .expect(200);
      expect(first.body.refresh_token).not.toBe(user.refreshToken);
      const reuse = await request(http)
        .post(`${API}/auth/refresh`)
        .send({ refresh_token: user.refreshToken })
        .expect(401);
      expect(reuse.body.detail).toContain('revoked');
      // The successor was issued before the reuse: it dies with its family.
      await request(http).post(`${API}/auth/refresh`).send({ refresh_token: first.body.refresh_token }).expect(401);
    });

    it('should end the session on logout', async () => {
      const user = await signIn(app, 'viewer');
      await request(http)
        .post(`${API}/auth/logout`)
        .set(bearer(user.token))
        .send({ refresh_token: user.refreshToken })
        .expect(204);
      await request(http).post(`${API}/auth/refresh`).send({ refresh_token: user.refreshToken }).expect(401);
    });

    it('should refuse garbage refresh tokens with 401', async () => {
      for (const token of ['', 'x', `${randomUUID()}.secret`, 'a.b.c']) {
        await request(http).post(`${API}/auth/refresh`).send({ refresh_token: token }).expect(401);
      }
    });
  });

  describe('access token attacks (each 401)', () => {
    let viewer: TestUser;
    const claims = () => ({ sub: viewer.id, role: 'admin', typ: 'access' });
    const sign = (payload: object, options: jwt.SignOptions = {}, secret = TEST_SECRET_KEY) =>
      jwt.sign(payload, secret, { algorithm: 'HS256', issuer: 'RecWay', audience: 'api', expiresIn: 600, ...options });
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

    beforeAll(async () => {
      viewer = await signIn(app, 'viewer');
    });

    it('should accept the genuine token (control)', async () => {
      await request(http).get(SEGMENTOS).set(bearer(viewer.token)).expect(200);
      await request(http)
        .get(SEGMENTOS)
        .set(bearer(sign(claims())))
        .expect(200);
    });

    it.each(['none', 'None', 'NONE', 'nOnE'])('should refuse alg %s', async (alg) => {
      const token = `${b64({ alg, typ: 'JWT' })}.${b64({ ...claims(), iss: 'RecWay', aud: 'api', exp: 9999999999 })}.`;
      await request(http).get(SEGMENTOS).set(bearer(token)).expect(401);
    });

    it('should refuse a tampered payload and an empty signature', async () => {
      const [header, , signature] = viewer.token.split('.');
      const tampered = `${header}.${b64({ ...(jwt.decode(viewer.token) as object), role: 'admin' })}.${signature}`;
      await request(http).get(`${API}/users`).set(bearer(tampered)).expect(401);
      await request(http)
        .get(SEGMENTOS)
        .set(bearer(`${header}.${viewer.token.split('.')[1]}.`))
        .expect(401);
    });

    it('should refuse expired tokens, wrong issuer or audience, and another secret', async () => {
      const expired = jwt.sign({ ...claims(), exp: Math.floor(Date.now() / 1000) - 10 }, TEST_SECRET_KEY, {
        algorithm: 'HS256',
        issuer: 'RecWay',
        audience: 'api',
      });
      for (const token of [
        expired,
        sign(claims(), { issuer: 'GRUPO_GAD' }),
        sign(claims(), { audience: 'web' }),
        sign(claims(), {}, 'another-secret-of-at-least-32-characters'),
        sign(claims(), { algorithm: 'HS512' }),
        sign({ ...claims(), typ: 'refresh' }),
        sign({ sub: viewer.id, role: 'admin' }),
      ]) {
        await request(http).get(SEGMENTOS).set(bearer(token)).expect(401);
      }
    });

    it('should refuse a validly signed token that lacks any required claim (RFC 8725 §3.10)', async () => {
      const now = Math.floor(Date.now() / 1000);
      const complete = { ...claims(), iss: 'RecWay', aud: 'api', iat: now, exp: now + 600 };
      // Signed by hand: jsonwebtoken's sign would itself refuse some of these payloads.
      const raw = (payload: object) => {
        const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
        return `${unsigned}.${createHmac('sha256', TEST_SECRET_KEY).update(unsigned).digest('base64url')}`;
      };
      await request(http)
        .get(SEGMENTOS)
        .set(bearer(raw(complete)))
        .expect(200); // control
      for (const claim of ['exp', 'iat', 'sub', 'typ', 'iss', 'aud'] as const) {
        const incomplete = Object.fromEntries(Object.entries(complete).filter(([name]) => name !== claim));
        const response = await request(http)
          .get(SEGMENTOS)
          .set(bearer(raw(incomplete)));
        expect({ claim, status: response.status }).toEqual({ claim, status: 401 });
      }
      for (const mistyped of [{ exp: 'never' }, { iat: '0' }, { sub: 42 }, { sub: '' }, { typ: 'ACCESS' }]) {
        const response = await request(http)
          .get(SEGMENTOS)
          .set(bearer(raw({ ...complete, ...mistyped })));
        expect({ mistyped, status: response.status }).toEqual({ mistyped, status: 401 });
      }
    });

    it('should refuse a refresh token used as an access token, and no token at all', async () => {
      await request(http).get(SEGMENTOS).set(bearer(viewer.refreshToken)).expect(401);
      const none = await request(http).get(SEGMENTOS).expect(401);
      expect(none.body.detail).toContain('Not authenticated');
    });
  });

  describe('roles', () => {
    it('should let viewers read but not write segments (403), editors write', async () => {
      const viewer = agentFor(app, await signIn(app, 'viewer'));
      const editor = agentFor(app, await signIn(app, 'editor'));
      await viewer.get(SEGMENTOS).expect(200);
      const denied = await viewer.post(SEGMENTOS).send({ nombre: 'x', longitud: 0, latitud: 0 }).expect(403);
      expect(denied.body.detail).toContain('editor or admin');
      await editor.post(SEGMENTOS).send({ nombre: 'x', longitud: 0, latitud: 0 }).expect(201);
      await editor.get(`${API}/users`).expect(403);
    });

    it('should let admins manage users, never exposing password hashes', async () => {
      const api = agentFor(app, admin);
      const email = `new-${randomUUID()}@recway.co`;
      const created = await api
        .post(`${API}/users`)
        .send({ email, password: 'initial-password-1', role: 'editor' })
        .expect(201);
      expect(created.body).toMatchObject({ email, role: 'editor', is_active: true, must_change_password: true });
      expect(JSON.stringify(created.body)).not.toMatch(/password_hash|\$2b\$/);
      await api
        .post(`${API}/users`)
        .send({ email: email.toUpperCase(), password: 'initial-password-1', role: 'viewer' })
        .expect(409);
      const list = await api.get(`${API}/users`).expect(200);
      expect(JSON.stringify(list.body)).not.toMatch(/password_hash|\$2b\$/);
      await api
        .patch(`${API}/users/${created.body.id}`)
        .send({ role: 'viewer' })
        .expect(200, /"role":"viewer"/);
      await api.patch(`${API}/users/${admin.id}`).send({ role: 'viewer' }).expect(409);
      await api.delete(`${API}/users/${created.body.id}`).expect(204);
      await api.get(`${API}/users/${created.body.id}`).expect(404);
      await api.get(`${API}/users/not-a-uuid`).expect(422);
    });

    it('should revoke refresh tokens at once when a user is deactivated', async () => {
      const user = await signIn(app, 'editor');
      await agentFor(app, admin).patch(`${API}/users/${user.id}`).send({ is_active: false }).expect(200);
      await request(http).post(`${API}/auth/refresh`).send({ refresh_token: user.refreshToken }).expect(401);
      await login({ email: user.email, password: TEST_PASSWORD }).expect(401);
    });
  });

  describe('first login and password change', () => {
    it('should allow only /auth/me and the password change until the initial password is replaced', async () => {
      const email = `first-${randomUUID()}@recway.co`;
      await agentFor(app, admin)
        .post(`${API}/users`)
        .send({ email, password: 'initial-password-1', role: 'editor' })
        .expect(201);
      const first = await login({ email, password: 'initial-password-1' }).expect(200);
      const me = await request(http).get(`${API}/auth/me`).set(bearer(first.body.access_token)).expect(200);
      expect(me.body.must_change_password).toBe(true);
      const blocked = await request(http).get(SEGMENTOS).set(bearer(first.body.access_token)).expect(403);
      expect(blocked.body.detail).toContain('Change your password');
      await request(http)
        .put(`${API}/auth/me/password`)
        .set(bearer(first.body.access_token))
        .send({ current_password: 'wrong-password-x', new_password: 'a-brand-new-password' })
        .expect(400);
      await request(http)
        .put(`${API}/auth/me/password`)
        .set(bearer(first.body.access_token))
        .send({ current_password: 'initial-password-1', new_password: 'short' })
        .expect(422);
      await request(http)
        .put(`${API}/auth/me/password`)
        .set(bearer(first.body.access_token))
        .send({ current_password: 'initial-password-1', new_password: 'a-brand-new-password' })
        .expect(204);
      await request(http).post(`${API}/auth/refresh`).send({ refresh_token: first.body.refresh_token }).expect(401);
      await login({ email, password: 'initial-password-1' }).expect(401);
      const second = await login({ email, password: 'a-brand-new-password' }).expect(200);
      await request(http).get(SEGMENTOS).set(bearer(second.body.access_token)).expect(200);
    });
  });

  describe('brute force', () => {
    it('should answer 429 with Retry-After after 5 failures on one account, even with the right password', async () => {
      const user = await signIn(app, 'viewer');
      for (let i = 0; i < 5; i++) await login({ email: user.email, password: `wrong-${i}` }).expect(401);
      const blocked = await login({ email: user.email, password: TEST_PASSWORD }).expect(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(800);
      expect(blocked.body.detail).toContain('Too many failed logins');
    });
  });

  it('should declare the OAuth2 password flow in /docs-json', async () => {
    const spec = await request(http).get('/docs-json').expect(200);
    expect(spec.body.components.securitySchemes.oauth2).toEqual({
      type: 'oauth2',
      flows: { password: { tokenUrl: `${API}/auth/login`, scopes: {} } },
    });
    // Every operation inherits the document's requirements unless it is public (security: []).
    expect(spec.body.security).toEqual(expect.arrayContaining([{ oauth2: [] }]));
    expect(spec.body.paths['/api/v1/segmentos'].get.security).toBeUndefined();
  });
});

describe('Login limits per client IP', () => {
  const loopbackKeys = ['127.0.0.1', '::ffff:127.0.0.1', '::1'].map((ip) => `login-failures:ip:${ip}`);
  /** The test client talks through a trusted proxy: X-Forwarded-For names the client. */
  const BEHIND_LOOPBACK_PROXY = {
    TRUSTED_PROXY_HOSTS: '["127.0.0.1","::1","::ffff:127.0.0.1"]',
    LOGIN_MAX_FAILURES_PER_IP: '3',
  };

  async function failFrom(app: NestExpressApplication, forwardedFor: string): Promise<number> {
    const response = await request(app.getHttpServer())
      .post(`${API}/auth/login`)
      .set('X-Forwarded-For', forwardedFor)
      .send({ email: `${randomUUID()}@nowhere.co`, password: 'wrong-password' });
    return response.status;
  }

  it('should count forged X-Forwarded-For from an untrusted peer as the peer itself', async () => {
    const app = await startTestApp({ TRUSTED_PROXY_HOSTS: '["10.9.9.9"]', LOGIN_MAX_FAILURES_PER_IP: '3' });
    try {
      await Promise.all(loopbackKeys.map((key) => app.get(CounterStore).reset(key)));
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push(await failFrom(app, `198.51.100.${i}`));
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await Promise.all(loopbackKeys.map((key) => app.get(CounterStore).reset(key)));
      await app.close();
    }
  });

  it('should use X-Forwarded-For from a trusted proxy to tell clients apart', async () => {
    const app = await startTestApp(BEHIND_LOOPBACK_PROXY);
    try {
      const client = `203.0.113.${Math.floor(Math.random() * 250)}`;
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push(await failFrom(app, client));
      expect(statuses).toEqual([401, 401, 401, 429]);
      expect(await failFrom(app, '192.0.2.77')).toBe(401);
    } finally {
      await app.close();
    }
  });

  it('should count an IPv6 client as its /64, so rotating addresses inside it does not reset the count', async () => {
    const app = await startTestApp(BEHIND_LOOPBACK_PROXY);
    try {
      const subnet = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:7`;
      const statuses: number[] = [];
      for (let i = 1; i <= 4; i++) statuses.push(await failFrom(app, `${subnet}::${i}`));
      expect(statuses).toEqual([401, 401, 401, 429]);
      expect(await failFrom(app, `${subnet.slice(0, -1)}8::1`)).toBe(401);
    } finally {
      await app.close();
    }
  });
});

describe('Admin bootstrap', () => {
  it('should create the first admin once, from ADMIN_EMAIL / ADMIN_PASSWORD, who must change the password', async () => {
    const email = `boot-${randomUUID()}@recway.co`;
    const env = { ADMIN_EMAIL: email, ADMIN_PASSWORD: 'bootstrap-password-1' };
    // No admin may exist for the bootstrap to act: demote the ones earlier suites created.
    const setup = await startTestApp();
    await setup.get(DataSource).query("UPDATE usuarios SET role = 'viewer' WHERE role = 'admin'");
    await setup.close();

    for (let start = 0; start < 2; start++) {
      const app = await startTestApp(env);
      await app.close();
    }
    const check = await startTestApp();
    try {
      const admins = await check
        .get(DataSource)
        .query<{ email: string; must_change_password: boolean }[]>(
          "SELECT email, must_change_password FROM usuarios WHERE role = 'admin'",
        );
      expect(admins).toEqual([{ email, must_change_password: true }]);
      await login(check, email, 'bootstrap-password-1').expect(200);
    } finally {
      await check.close();
    }
  });

  function login(app: NestExpressApplication, email: string, password: string) {
    return request(app.getHttpServer()).post(`${API}/auth/login`).send({ email, password });
  }
});
