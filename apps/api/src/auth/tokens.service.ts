import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { RecwayConfig } from '@recway/config';
import type { Account } from '../users/users.service';
import { TokenResponseDto } from './dto/token-response.dto';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import type { SignedAccessClaims } from './access-claims';

const INVALID_REFRESH = 'Invalid or expired refresh token';

/**
 * Access tokens: short-lived HS256 JWTs. Refresh tokens: opaque `<id>.<secret>`, single use, stored
 * as SHA-256; each refresh issues a new one in the same family, and presenting a used one revokes
 * the family (a stolen token and its thief's successors stop working together).
 */
@Injectable()
export class TokensService {
  constructor(
    private readonly jwt: JwtService,
    private readonly refreshTokens: RefreshTokensRepository,
    @Inject(ConfigService) private readonly config: ConfigService<RecwayConfig, true>,
  ) {}

  async issue(account: Account, familyId: string = randomUUID()): Promise<TokenResponseDto> {
    const { accessTokenMinutes, refreshTokenDays } = this.config.get('auth', { infer: true });
    const claims: SignedAccessClaims = { sub: account.id, role: account.role, typ: 'access' };
    if (account.mustChangePassword) claims.pwc = true;
    const accessToken = await this.jwt.signAsync(claims, { jwtid: randomUUID() });
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    await this.refreshTokens.insert({
      id,
      userId: account.id,
      familyId,
      secretHash: sha256(secret),
      expiresAt: new Date(Date.now() + refreshTokenDays * 86_400_000),
    });
    return {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: accessTokenMinutes * 60,
      refresh_token: `${id}.${secret}`,
    };
  }

  /** Spends a refresh token: its user and family, or 401 (and the family revoked on reuse). */
  async spend(refreshToken: string): Promise<{ userId: string; familyId: string }> {
    const token = await this.find(refreshToken);
    if (!token || token.revokedAt || token.expiresAt.getTime() <= Date.now())
      throw new UnauthorizedException(INVALID_REFRESH);
    if (token.usedAt || !(await this.refreshTokens.markUsed(token.id))) {
      await this.refreshTokens.revokeFamily(token.familyId);
      throw new UnauthorizedException('Refresh token already used: every session of this login has been revoked');
    }
    return { userId: token.userId, familyId: token.familyId };
  }

  /** Logout: the token's whole family stops working. Unknown tokens are ignored (logout is idempotent). */
  async revoke(refreshToken: string): Promise<void> {
    const token = await this.find(refreshToken);
    if (token) await this.refreshTokens.revokeFamily(token.familyId);
  }

  private async find(refreshToken: string) {
    const [id, secret] = refreshToken.split('.');
    if (!id || !secret || !/^[0-9a-f-]{36}$/.test(id)) return undefined;
    const token = await this.refreshTokens.findById(id);
    return token && token.secretHash === sha256(secret) ? token : undefined;
  }
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
