import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import type { AuthenticatedUser } from '@recway/common';
import { RecwayConfig } from '@recway/config';
import { Inject, Injectable } from '@nestjs/common';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { looksLikeApiKey } from '../api-keys/api-key-secret';
import { AccessClaims, userFromAccessClaims } from './access-claims';
import { TOKEN_ALGORITHM, TOKEN_AUDIENCE } from './jwt.options';

export interface VerifiedCaller {
  user: AuthenticatedUser;
  /** When the credential stops being valid (epoch ms); undefined for an API key without expiry. */
  expiresAt?: number;
}

/**
 * Checks a credential outside HTTP (the realtime channel): an access token, with the same rules as
 * the JWT strategy (HS256, signature, iss, aud, every claim present), or an API key.
 */
@Injectable()
export class AccessTokenVerifier {
  constructor(
    private readonly jwt: JwtService,
    private readonly apiKeys: ApiKeysService,
    @Inject(ConfigService) private readonly config: ConfigService<RecwayConfig, true>,
  ) {}

  async verify(credential: string): Promise<VerifiedCaller | undefined> {
    if (looksLikeApiKey(credential)) {
      const user = await this.apiKeys.authenticate(credential);
      return user ? { user } : undefined;
    }
    try {
      const claims = await this.jwt.verifyAsync<Partial<AccessClaims>>(credential, {
        algorithms: [TOKEN_ALGORITHM],
        issuer: this.config.get('app.name', { infer: true }),
        audience: TOKEN_AUDIENCE,
      });
      const user = userFromAccessClaims(claims);
      return user ? { user, expiresAt: (claims.exp as number) * 1000 } : undefined;
    } catch {
      return undefined;
    }
  }
}
