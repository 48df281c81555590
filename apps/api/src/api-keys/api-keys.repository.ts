import type { SqlRunner } from '@recway/database';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Role } from '../users/user.entity';
import { ApiKey } from './api-key.entity';

/** A key with what authentication needs to know about its owner. */
export interface KeyWithOwner {
  id: string;
  user_id: string;
  role: Role;
  secret_hash: string;
  expires_at: Date | null;
  revoked_at: Date | null;
  owner_active: boolean;
  owner_role: Role;
}

export type NewApiKey = Pick<ApiKey, 'userId' | 'nombre' | 'prefix' | 'secretHash' | 'role' | 'expiresAt'>;

/** Every query on `api_keys`. */
@Injectable()
export class ApiKeysRepository {
  constructor(@InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>) {}

  insert(key: NewApiKey): Promise<ApiKey> {
    return this.keys.save(this.keys.create(key));
  }

  async findForAuthentication(prefix: string, db: SqlRunner = this.keys.manager): Promise<KeyWithOwner | undefined> {
    const rows = await db.query<KeyWithOwner[]>(
      `SELECT k.id, k.user_id, k.role, k.secret_hash, k.expires_at, k.revoked_at,
              u.is_active AS owner_active, u.role AS owner_role
       FROM api_keys k JOIN usuarios u ON u.id = k.user_id WHERE k.prefix = $1`,
      [prefix],
    );
    return rows[0];
  }

  /** Newest first; a user's keys, or everybody's. */
  list(userId?: string): Promise<ApiKey[]> {
    return this.keys.find({ where: userId ? { userId } : {}, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  findById(id: string): Promise<ApiKey | null> {
    return this.keys.findOneBy({ id });
  }

  async revoke(id: string): Promise<void> {
    await this.keys.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
  }

  /** One statement for every key used since the last call: never a write per request. */
  async recordUses(uses: Map<string, Date>): Promise<void> {
    if (uses.size === 0) return;
    await this.keys.query(
      `UPDATE api_keys k SET last_used_at = GREATEST(coalesce(k.last_used_at, u.at), u.at)
       FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, at) WHERE k.id = u.id`,
      [[...uses.keys()], [...uses.values()]],
    );
  }
}
