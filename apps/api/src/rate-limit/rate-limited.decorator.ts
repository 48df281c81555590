import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '@recway/common';

/** Documents, on a controller, the 429 every API route can answer (see RateLimitModule). */
export const ApiRateLimited = (): ClassDecorator & MethodDecorator =>
  ApiTooManyRequestsResponse({
    type: ErrorResponseDto,
    description: 'Rate limit exceeded: wait Retry-After seconds (RateLimit-Limit/-Remaining/-Reset tell the budget)',
  });
