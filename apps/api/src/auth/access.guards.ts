import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ALLOWED_BEFORE_PASSWORD_CHANGE, type AuthenticatedUser, IS_PUBLIC, REQUIRED_ROLES } from '@recway/common';

/** Global, deny by default: every route needs a valid access token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    return super.canActivate(context);
  }

  override handleRequest<T = AuthenticatedUser>(error: unknown, user: T | false): T {
    if (error || !user)
      throw new UnauthorizedException('Not authenticated: send a valid access token (Authorization: Bearer …)');
    return user;
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
