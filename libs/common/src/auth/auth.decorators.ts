import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiOAuth2, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../errors/error-response.dto';

export const IS_PUBLIC = 'recway:public';
export const REQUIRED_ROLES = 'recway:roles';
export const ALLOWED_BEFORE_PASSWORD_CHANGE = 'recway:allowed-before-password-change';
export const NO_API_KEYS = 'recway:no-api-keys';

/** What the access token says about the caller, on `request.user`. */
export interface AuthenticatedUser {
  id: string;
  role: string;
  mustChangePassword: boolean;
  /** Set when the request authenticated with an API key (rate limits count per key). */
  apiKeyId?: string;
}

/**
 * Marks public operations in the API document; the document builder turns the mark into
 * `security: []` (@nestjs/swagger drops an empty security list given by decorators).
 */
export const PUBLIC_OPERATION_EXTENSION = 'x-recway-public';

/** Open to anyone: everything else needs a valid access token (deny by default). */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_OPERATION_EXTENSION, true));

/**
 * Needs a valid access token and, when roles are given, one of them. Also declares the 401/403
 * answers in the API docs (a token is the document's default security requirement).
 */
export function Authenticated(...roles: string[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(REQUIRED_ROLES, roles),
    ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Missing, invalid or expired access token' }),
    ...(roles.length > 0
      ? [ApiForbiddenResponse({ type: ErrorResponseDto, description: `Needs role: ${roles.join(' or ')}` })]
      : []),
  );
}

/** Needs a signed-in session: API keys are refused here (a leaked key must not mint more keys). */
export const NoApiKeys = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(NO_API_KEYS, true), ApiBearerAuth(), ApiOAuth2([]));

/** Reachable while the account still has to replace its initial password. */
export const AllowedBeforePasswordChange = (): MethodDecorator => SetMetadata(ALLOWED_BEFORE_PASSWORD_CHANGE, true);

export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthenticatedUser => {
  return context.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user;
});
