import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { REQUEST_ID_HEADER } from '../http/request-id';
import { OccasionalWarning } from '../logging/occasional-warning';
import { RequestValidationException } from './request-validation.exception';
import { isDatabaseUnavailable } from './database-unavailable';
import { RetryLaterException } from './retry-later.exception';

/** A database restart or a failover usually completes within this. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Errors raised by Express' body parsers (http-errors) before Nest sees the request. */
interface BodyParserError {
  type: string;
  status: number;
  message: string;
}

/**
 * Owns the wire shape of every error: `{ detail }` as the FastAPI system answered. Validation is a
 * 422 list; other client errors a string; anything unexpected a generic 500 with the request id
 * (the stack goes to the log only). A database that cannot answer is a 503 with Retry-After, not a 500.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');
  private readonly databaseDown = new OccasionalWarning(
    this.logger,
    'Database unavailable: answering 503 with Retry-After',
  );

  catch(caught: unknown, host: ArgumentsHost): void {
    const exception = isDatabaseUnavailable(caught) ? this.databaseUnavailable(caught) : caught;
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const { status, body } = this.toResponse(exception, response);
    if (response.headersSent) return;
    if (exception instanceof RetryLaterException)
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    if (status === 401) response.setHeader('WWW-Authenticate', 'Bearer'); // RFC 6750
    response.status(status).json(body);
  }

  private databaseUnavailable(cause: unknown): RetryLaterException {
    this.databaseDown.warn(cause);
    return databaseUnavailableException();
  }

  private toResponse(exception: unknown, response: Response): { status: number; body: Record<string, unknown> } {
    if (exception instanceof RequestValidationException) {
      return { status: HttpStatus.UNPROCESSABLE_ENTITY, body: { detail: exception.issues } };
    }
    // Nest wraps body-parser failures in an HttpException; their cause says what went wrong.
    const cause = exception instanceof HttpException ? exception.cause : exception;
    if (isBodyParserError(cause)) return bodyParserResponse(cause);
    if (exception instanceof HttpException) {
      return { status: exception.getStatus(), body: { detail: detailOf(exception) } };
    }
    const requestId = response.getHeader(REQUEST_ID_HEADER)?.toString() ?? '';
    this.logger.error({ err: exception, requestId }, 'Unhandled error');
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      body: { detail: 'Internal server error', request_id: requestId },
    };
  }
}

/** The primary is down (or unreachable): reads go on from replicas, a write is retried later. */
function databaseUnavailableException(): RetryLaterException {
  return new RetryLaterException(
    'The database is unavailable (down or restarting); retry later',
    DATABASE_RETRY_AFTER_SECONDS,
    HttpStatus.SERVICE_UNAVAILABLE,
  );
}

function detailOf(exception: HttpException): unknown {
  const payload = exception.getResponse();
  if (typeof payload === 'string') return payload;
  const { detail, message } = payload as { detail?: unknown; message?: unknown };
  return detail ?? message ?? exception.message;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  const type = (error as Partial<BodyParserError> | undefined)?.type;
  return typeof type === 'string' && type.startsWith('entity.');
}

function bodyParserResponse(error: BodyParserError): { status: number; body: Record<string, unknown> } {
  if (error.type === 'entity.parse.failed') {
    return {
      status: HttpStatus.UNPROCESSABLE_ENTITY,
      body: { detail: [{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }] },
    };
  }
  if (error.type === 'entity.too.large') {
    return { status: HttpStatus.PAYLOAD_TOO_LARGE, body: { detail: 'Request body too large' } };
  }
  const status = error.status >= 400 && error.status < 500 ? error.status : HttpStatus.BAD_REQUEST;
  return { status, body: { detail: error.message } };
}
