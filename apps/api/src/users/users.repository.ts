import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Role, User } from './user.entity';

export interface NewUser {
  email: string;
  fullName: string | null;
  passwordHash: string;
  role: Role;
  mustChangePassword: boolean;
}

export type UserChanges = Partial<Pick<User, 'fullName' | 'role' | 'isActive' | 'passwordHash' | 'mustChangePassword'>>;

/** Every query on `usuarios`. Emails are matched ignoring case (unique index on lower(email)). */
@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getOne();
  }

  list(skip: number, limit: number): Promise<[User[], number]> {
    return this.users.findAndCount({ order: { createdAt: 'ASC', id: 'ASC' }, skip, take: limit });
  }

  async anyUser(): Promise<boolean> {
    return this.users.exists();
  }

  async anyAdmin(): Promise<boolean> {
    return this.users.existsBy({ role: 'admin' });
  }

  /** Undefined when the email is already taken (the unique index decides, so concurrent creates are safe). */
  async insert(user: NewUser): Promise<User | undefined> {
    const rows = await this.users.query<User[]>(
      `INSERT INTO usuarios (email, full_name, password_hash, role, must_change_password)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id`,
      [user.email, user.fullName, user.passwordHash, user.role, user.mustChangePassword],
    );
    return rows[0] ? ((await this.findById(rows[0].id)) ?? undefined) : undefined;
  }

  async update(id: string, changes: UserChanges): Promise<User | null> {
    await this.users.update({ id }, { ...changes, updatedAt: () => 'now()' });
    return this.findById(id);
  }

  async recordLogin(id: string): Promise<void> {
    await this.users.update({ id }, { lastLoginAt: () => 'now()' });
  }

  /** Revokes every refresh token of the user (deactivation, password change): their sessions end now. */
  async revokeSessions(id: string): Promise<void> {
    await this.users.query('UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [
      id,
    ]);
  }

  async countActiveAdmins(): Promise<number> {
    return this.users.countBy({ role: 'admin', isActive: true });
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.users.delete({ id });
    return (result.affected ?? 0) > 0;
  }
}
