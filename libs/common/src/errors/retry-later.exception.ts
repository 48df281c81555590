import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * 429 (or 503) with the seconds to wait; the exception filter turns them into a Retry-After header.
 */
export class RetryLaterException extends HttpException {
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
    status: HttpStatus.TOO_MANY_REQUESTS | HttpStatus.SERVICE_UNAVAILABLE = HttpStatus.TOO_MANY_REQUESTS,
  ) {
    super({ detail }, status);
  }
}
