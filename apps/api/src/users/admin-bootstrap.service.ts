import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { RecwayConfig } from '@recway/config';
import { PasswordHasher } from './password-hasher';
import { UsersRepository } from './users.repository';

/** The account a fresh development install signs in with (see createFirstRunAdmin). */
export const FIRST_RUN_ADMIN_EMAIL = 'admin@recway.local';

/**
 * The first admin, with must_change_password set, so nobody keeps a password someone else has seen:
 * - from ADMIN_EMAIL / ADMIN_PASSWORD when no admin exists (idempotent, like the seed's
 *   seed_production_data.py), in any environment;
 * - in development only, when no user exists at all and those are unset: a one-time admin with a
 *   generated password shown once in the log, so a fresh clone can sign in at once. Production
 *   never creates a default credential and never prints a secret. No credential lives in code.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    @Inject(ConfigService) private readonly config: ConfigService<RecwayConfig, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { adminEmail, adminPassword } = this.config.get('auth', { infer: true });
    if (adminEmail && adminPassword) await this.createConfiguredAdmin(adminEmail, adminPassword);
    else if (this.config.get('app.environment', { infer: true }) === 'development') await this.createFirstRunAdmin();
  }

  private async createConfiguredAdmin(email: string, password: string): Promise<void> {
    if (await this.users.anyAdmin()) return;
    const created = await this.insertAdmin(email, password);
    if (created) this.logger.log(`First admin created: ${email} (must change the password at first login)`);
    else this.logger.warn(`ADMIN_EMAIL ${email} belongs to an existing non-admin user; no admin was created`);
  }

  private async createFirstRunAdmin(): Promise<void> {
    if (await this.users.anyUser()) return;
    const password = randomBytes(18).toString('base64url');
    if (!(await this.insertAdmin(FIRST_RUN_ADMIN_EMAIL, password))) return; // another instance won the race
    const port = this.config.get('app.port', { infer: true });
    const login = `curl -s localhost:${port}${this.config.get('app.apiPrefix', { infer: true })}/auth/login`;
    this.logger.warn(
      [
        `No user existed: created the development admin ${FIRST_RUN_ADMIN_EMAIL} with the one-time password ` +
          `${password} (shown only now; it must be changed at first sign-in). Sign in with:`,
        `  ${login} -H 'Content-Type: application/json' -d '{"email":"${FIRST_RUN_ADMIN_EMAIL}","password":"${password}"}'`,
        'then PUT /auth/me/password (README, "Quick start"). Lost it? npm run user:create -- --email ' +
          `${FIRST_RUN_ADMIN_EMAIL} --role admin`,
      ].join('\n'),
    );
  }

  private async insertAdmin(email: string, password: string) {
    return this.users.insert({
      email,
      fullName: 'Administrador',
      passwordHash: await this.hasher.hash(password),
      role: 'admin',
      mustChangePassword: true,
    });
  }
}
