import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { FIRST_RUN_ADMIN_EMAIL } from '../apps/api/src/users/admin-bootstrap.service';
import { startTestApp } from './support/test-app';

const API = '/api/v1';
/** What a fresh clone runs with: nothing set but the test database. */
const FRESH_DEVELOPMENT = { ENVIRONMENT: 'development', ADMIN_EMAIL: undefined, ADMIN_PASSWORD: undefined };

/** A newcomer's first start: no user at all, nothing configured. */
describe('First run', () => {
  const warnings = jest.spyOn(Logger.prototype, 'warn');

  beforeAll(async () => {
    // No user may exist for the first-run admin to be made: remove the ones earlier suites created.
    const setup = await startTestApp();
    await setup.get(DataSource).query('DELETE FROM usuarios');
    await setup.close();
  });

  afterAll(() => {
    warnings.mockRestore();
  });

  const usersIn = (app: NestExpressApplication) =>
    app
      .get(DataSource)
      .query<{ email: string; role: string; must_change_password: boolean }[]>(
        'SELECT email, role, must_change_password FROM usuarios',
      );
  const printedPassword = () => {
    const message = warnings.mock.calls
      .map(([text]) => String(text))
      .find((text) => text.includes('one-time password'));
    return message?.match(/one-time password (\S+)/)?.[1];
  };

  it('should never make a default credential outside development', async () => {
    for (const environment of ['test', 'staging', 'production']) {
      const app = await startTestApp({ ...FRESH_DEVELOPMENT, ENVIRONMENT: environment, ENABLE_METRICS: 'false' });
      try {
        expect({ environment, users: await usersIn(app) }).toEqual({ environment, users: [] });
      } finally {
        await app.close();
      }
    }
    expect(printedPassword()).toBeUndefined();
  });

  it('should create one development admin, print its password once, and force a change at first sign-in', async () => {
    const app = await startTestApp(FRESH_DEVELOPMENT);
    const http = app.getHttpServer();
    try {
      expect(await usersIn(app)).toEqual([{ email: FIRST_RUN_ADMIN_EMAIL, role: 'admin', must_change_password: true }]);
      const password = printedPassword();
      expect(password).toMatch(/^[\w-]{24}$/);

      const first = await request(http)
        .post(`${API}/auth/login`)
        .send({ email: FIRST_RUN_ADMIN_EMAIL, password })
        .expect(200);
      const firstToken = first.body.access_token as string;
      await request(http).get(`${API}/segmentos/`).auth(firstToken, { type: 'bearer' }).expect(403);
      await request(http)
        .put(`${API}/auth/me/password`)
        .auth(firstToken, { type: 'bearer' })
        .send({ current_password: password, new_password: 'mi-clave-nueva-123' })
        .expect(204);
      const second = await request(http)
        .post(`${API}/auth/login`)
        .send({ email: FIRST_RUN_ADMIN_EMAIL, password: 'mi-clave-nueva-123' })
        .expect(200);
      await request(http)
        .get(`${API}/segmentos/`)
        .auth(second.body.access_token as string, { type: 'bearer' })
        .expect(200);
    } finally {
      await app.close();
    }
  });

  it('should do nothing on later starts, once a user exists', async () => {
    warnings.mockClear();
    const app = await startTestApp(FRESH_DEVELOPMENT);
    try {
      expect(await usersIn(app)).toHaveLength(1);
      expect(printedPassword()).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
