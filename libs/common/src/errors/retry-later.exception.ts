import { HttpException, HttpStatus } from '@nestjs/common';

/** 429 with the seconds to wait; the exception filter turns them into a Retry-After header. */
export class RetryLaterException extends HttpException {
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super({ detail }, HttpStatus.TOO_MANY_REQUESTS);
  }
}
