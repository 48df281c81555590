import { createSecretKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import type { AuthenticatedUser } from '@recway/common';
import { RecwayConfig } from '@recway/config';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { looksLikeApiKey } from '../api-keys/api-key-secret';
import { AccessClaims, userFromAccessClaims } from './access-claims';
import { TOKEN_ALGORITHM, TOKEN_AUDIENCE } from './jwt.options';

export interface VerifiedCaller {
  user: AuthenticatedUser;
  /** When the credential stops being valid (epoch ms); undefined for an API key without expiry. */
  expiresAt?: number;
}

/** Verified tokens remembered at once; the oldest is forgotten first. */
const REMEMBERED_TOKENS = 10_000;

/**
 * Checks credentials for HTTP (JwtAuthGuard) and the realtime channel: an access token (HS256 only, so
 * `alg: none` or another algorithm is refused; signature with SECRET_KEY, exp, iss = PROJECT_NAME,
 * aud = "api", every access claim present), or an API key.
 *
 * A token that verified is remembered, by its exact text, until it expires: the same bytes under the
 * same key verify the same way until `exp`, so a client's next requests skip the HMAC and the two
 * JSON parses. Access tokens are not revocable (refresh tokens are), so nothing else could change the
 * answer. Tokens that fail are not remembered (no cache to fill with garbage).
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly key: KeyObject;
  private readonly issuer: string;
  private readonly remembered = new Map<string, VerifiedCaller>();

  constructor(
    private readonly jwt: JwtService,
    private readonly apiKeys: ApiKeysService,
    @Inject(ConfigService) config: ConfigService<RecwayConfig, true>,
  ) {
    // A KeyObject, not the string: jsonwebtoken probes a string secret as a public key on every
    // verification (~0.5 ms); with a KeyObject a verification costs ~20 µs.
    this.key = createSecretKey(Buffer.from(config.get('auth.secretKey', { infer: true })));
    this.issuer = config.get('app.name', { infer: true });
  }

  async verify(credential: string): Promise<VerifiedCaller | undefined> {
    if (!looksLikeApiKey(credential)) return this.verifyAccessToken(credential);
    const user = await this.apiKeys.authenticate(credential);
    return user ? { user } : undefined;
  }

  /** An access token only (never an API key): what `Authorization: Bearer` carries over HTTP. */
  async verifyAccessToken(token: string): Promise<VerifiedCaller | undefined> {
    const known = this.remembered.get(token);
    if (known && (known.expiresAt as number) > Date.now()) return known;
    if (known) this.remembered.delete(token);
    const verified = await this.verifySignature(token);
    if (verified) this.remember(token, verified);
    return verified;
  }

  private async verifySignature(token: string): Promise<VerifiedCaller | undefined> {
    try {
      const claims = await this.jwt.verifyAsync<Partial<AccessClaims>>(token, {
        // jsonwebtoken accepts a KeyObject; @nestjs/jwt's types only list string | Buffer.
        secret: this.key as unknown as Buffer,
        algorithms: [TOKEN_ALGORITHM],
        issuer: this.issuer,
        audience: TOKEN_AUDIENCE,
      });
      const user = userFromAccessClaims(claims);
      // Frozen: one remembered caller is every request's `request.user` for this token.
      return user ? Object.freeze({ user: Object.freeze(user), expiresAt: (claims.exp as number) * 1000 }) : undefined;
    } catch {
      return undefined;
    }
  }

  private remember(token: string, verified: VerifiedCaller): void {
    if (this.remembered.size >= REMEMBERED_TOKENS) {
      this.remembered.delete(this.remembered.keys().next().value as string);
    }
    this.remembered.set(token, verified);
  }
}
