import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { RecwayConfig } from '@recway/config';
import { PasswordHasher } from './password-hasher';
import { UsersRepository } from './users.repository';

/**
 * Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when no admin exists (idempotent, like the
 * seed's seed_production_data.py), with must_change_password set. No credentials live in code.
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
    if (!adminEmail || !adminPassword) return;
    if (await this.users.anyAdmin()) return;
    const created = await this.users.insert({
      email: adminEmail,
      fullName: 'Administrador',
      passwordHash: await this.hasher.hash(adminPassword),
      role: 'admin',
      mustChangePassword: true,
    });
    if (created) this.logger.log(`First admin created: ${adminEmail} (must change the password at first login)`);
    else this.logger.warn(`ADMIN_EMAIL ${adminEmail} belongs to an existing non-admin user; no admin was created`);
  }
}
