import { randomUUID } from 'node:crypto';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type { Role } from '../../apps/api/src/users/user.entity';
import { UsersRepository } from '../../apps/api/src/users/users.repository';
import { UsersService } from '../../apps/api/src/users/users.service';

export const TEST_PASSWORD = 'a-long-test-password';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  token: string;
  refreshToken: string;
}

/** A fresh user with the role, past its first password change, signed in through the API. */
export async function signIn(app: NestExpressApplication, role: Role): Promise<TestUser> {
  const email = `${role}-${randomUUID()}@test.recway.co`;
  const created = await app.get(UsersService).create({ email, password: TEST_PASSWORD, role });
  await app.get(UsersRepository).update(created.id, { mustChangePassword: false });
  const response = await request(app.getHttpServer())
    .post('/api/v1/auth/login')
    .send({ email, password: TEST_PASSWORD })
    .expect(200);
  return {
    id: created.id,
    email,
    password: TEST_PASSWORD,
    token: response.body.access_token as string,
    refreshToken: response.body.refresh_token as string,
  };
}

/** A supertest agent that sends the user's access token with every request. */
export function agentFor(app: NestExpressApplication, user: TestUser): ReturnType<typeof request.agent> {
  return request.agent(app.getHttpServer()).set('Authorization', `Bearer ${user.token}`);
}
