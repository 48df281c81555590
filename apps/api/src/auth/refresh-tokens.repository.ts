import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { RefreshToken } from './refresh-token.entity';

@Injectable()
export class RefreshTokensRepository {
  constructor(@InjectRepository(RefreshToken) private readonly tokens: Repository<RefreshToken>) {}

  async insert(token: Pick<RefreshToken, 'id' | 'userId' | 'familyId' | 'secretHash' | 'expiresAt'>): Promise<void> {
    await this.tokens.insert(token);
  }

  findById(id: string): Promise<RefreshToken | null> {
    return this.tokens.findOneBy({ id });
  }

  /** Marks the token used; false if it already was (a concurrent refresh won, or this is a replay). */
  async markUsed(id: string): Promise<boolean> {
    const result = await this.tokens.update({ id, usedAt: IsNull(), revokedAt: IsNull() }, { usedAt: () => 'now()' });
    return (result.affected ?? 0) > 0;
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.tokens.update({ familyId, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
  }
}
