import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { type AuthenticatedUser } from '@recway/common';
import { RecwayConfig } from '@recway/config';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { TOKEN_AUDIENCE, TOKEN_ALGORITHM } from './jwt.options';
import type { AccessClaims } from './tokens.service';

/**
 * Verifies `Authorization: Bearer <jwt>`: HS256 only (so `alg: none` or another algorithm is refused),
 * signature with SECRET_KEY, exp, iss = PROJECT_NAME, aud = "api", and that it is an access token.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(@Inject(ConfigService) config: ConfigService<RecwayConfig, true>) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.get('auth.secretKey', { infer: true }),
      algorithms: [TOKEN_ALGORITHM],
      issuer: config.get('app.name', { infer: true }),
      audience: TOKEN_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  validate(claims: Partial<AccessClaims>): AuthenticatedUser {
    if (claims.typ !== 'access' || typeof claims.sub !== 'string' || typeof claims.role !== 'string') {
      throw new UnauthorizedException('Not an access token');
    }
    return { id: claims.sub, role: claims.role, mustChangePassword: claims.pwc === true };
  }
}
