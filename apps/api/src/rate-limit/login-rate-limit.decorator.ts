import { SetMetadata } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';

const LOGIN_RATE_LIMITED = 'recway:login-rate-limited';

/** Marks the sign-in route: the stricter `login` limit (RATE_LIMIT_LOGIN_CALLS) applies to it only. */
export const LoginRateLimit = (): MethodDecorator => SetMetadata(LOGIN_RATE_LIMITED, true);

export function isLoginRateLimited(context: ExecutionContext): boolean {
  return Reflect.getMetadata(LOGIN_RATE_LIMITED, context.getHandler()) === true;
}
