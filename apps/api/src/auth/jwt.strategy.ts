import { createSecretKey } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { type AuthenticatedUser } from '@recway/common';
import { RecwayConfig } from '@recway/config';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { TOKEN_AUDIENCE, TOKEN_ALGORITHM } from './jwt.options';
import { AccessClaims, userFromAccessClaims } from './access-claims';

/**
 * Verifies `Authorization: Bearer <jwt>`: HS256 only (so `alg: none` or another algorithm is refused),
 * signature with SECRET_KEY, exp, iss = PROJECT_NAME, aud = "api", and that every access claim is present.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(@Inject(ConfigService) config: ConfigService<RecwayConfig, true>) {
    // A KeyObject, not the string: jsonwebtoken probes a string secret as a public key on every
    // verification (~0.5 ms); with a KeyObject a verification costs ~20 µs.
    const key = createSecretKey(Buffer.from(config.get('auth.secretKey', { infer: true })));
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // jsonwebtoken accepts a KeyObject; passport-jwt's types only list string | Buffer.
      secretOrKey: key as unknown as Buffer,
      algorithms: [TOKEN_ALGORITHM],
      issuer: config.get('app.name', { infer: true }),
      audience: TOKEN_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  validate(claims: Partial<AccessClaims>): AuthenticatedUser {
    const user = userFromAccessClaims(claims);
    if (!user) throw new UnauthorizedException('Not an access token');
    return user;
  }
}
