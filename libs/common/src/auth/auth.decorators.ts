import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOAuth2, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../errors/error-response.dto';

export const IS_PUBLIC = 'recway:public';
export const REQUIRED_ROLES = 'recway:roles';
export const ALLOWED_BEFORE_PASSWORD_CHANGE = 'recway:allowed-before-password-change';

/** What the access token says about the caller, on `request.user`. */
export interface AuthenticatedUser {
  id: string;
  role: string;
  mustChangePassword: boolean;
}

/** Open to anyone: everything else needs a valid access token (deny by default). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/**
 * Needs a valid access token and, when roles are given, one of them. Also declares the security
 * scheme and the 401/403 answers in the API docs.
 */
export function Authenticated(...roles: string[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(REQUIRED_ROLES, roles),
    ApiBearerAuth(),
    ApiOAuth2([]),
    ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Missing, invalid or expired access token' }),
    ...(roles.length > 0
      ? [ApiForbiddenResponse({ type: ErrorResponseDto, description: `Needs role: ${roles.join(' or ')}` })]
      : []),
  );
}

/** Reachable while the account still has to replace its initial password. */
export const AllowedBeforePasswordChange = (): MethodDecorator => SetMetadata(ALLOWED_BEFORE_PASSWORD_CHANGE, true);

export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthenticatedUser => {
  return context.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user;
});
