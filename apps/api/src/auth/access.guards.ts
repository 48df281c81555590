import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  ALLOWED_BEFORE_PASSWORD_CHANGE,
  type AuthenticatedUser,
  bearerToken,
  IS_PUBLIC,
  NO_API_KEYS,
  REQUIRED_ROLES,
} from '@recway/common';
import { ApiKeysService, type KeyedRequest } from '../api-keys/api-keys.service';
import { AccessTokenVerifier } from './access-token.verifier';

const NOT_AUTHENTICATED = 'Not authenticated: send a valid access token (Authorization: Bearer …)';

/**
 * Global, deny by default: every route needs a valid access token (or an API key, except where
 * @NoApiKeys()) unless marked @Public().
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    private readonly tokens: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<KeyedRequest & { user?: AuthenticatedUser }>();
    const keyed = this.apiKeys.authenticateRequest(request);
    if (keyed === undefined) {
      request.user = await this.tokenUser(request.headers.authorization);
      return true;
    }
    if (this.reflector.getAllAndOverride<boolean>(NO_API_KEYS, targets)) {
      throw new UnauthorizedException('API keys cannot be used here: sign in with your password');
    }
    const user = await keyed;
    if (!user) throw new UnauthorizedException('Invalid, revoked or expired API key');
    request.user = user;
    return true;
  }

  private async tokenUser(authorization: string | string[] | undefined): Promise<AuthenticatedUser> {
    const token = bearerToken(authorization);
    const verified = token === undefined ? undefined : await this.tokens.verifyAccessToken(token);
    if (!verified) throw new UnauthorizedException(NOT_AUTHENTICATED);
    return verified.user;
  }
}

/**
 * After authentication: the roles of @Authenticated(...roles) (403 otherwise), and accounts that must
 * replace their initial password may only do that (403 elsewhere).
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const user = context.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user;
    if (user.mustChangePassword && !this.reflector.get<boolean>(ALLOWED_BEFORE_PASSWORD_CHANGE, context.getHandler())) {
      throw new ForbiddenException('Change your password first: PUT /auth/me/password');
    }
    const roles = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_ROLES, targets) ?? [];
    if (roles.length > 0 && !roles.includes(user.role)) {
      throw new ForbiddenException(`This needs the role ${roles.join(' or ')}`);
    }
    return true;
  }
}
