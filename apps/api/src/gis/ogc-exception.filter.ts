import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { AllExceptionsFilter, RequestValidationException } from '@recway/common';
import type { Response } from 'express';

const CODES: Record<number, string> = {
  400: 'InvalidParameterValue',
  401: 'NotAuthenticated',
  403: 'Forbidden',
  404: 'NotFound',
  406: 'NotAcceptable',
  429: 'TooManyRequests',
};

/**
 * Errors of the OGC routes in the OGC shape: a bad parameter is a 400 (not the rest of the API's 422)
 * with `{code, description}`; other client errors keep their status. Unexpected errors go to the
 * application's filter (a logged 500 with the request id).
 */
@Catch()
export class OgcExceptionFilter implements ExceptionFilter {
  private readonly fallback = new AllExceptionsFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    if (!(exception instanceof HttpException)) return this.fallback.catch(exception, host);
    const response = host.switchToHttp().getResponse<Response>();
    const validation = exception instanceof RequestValidationException;
    const status = validation ? HttpStatus.BAD_REQUEST : exception.getStatus();
    if (status >= 500) return this.fallback.catch(exception, host);
    const description = validation
      ? exception.issues.map((issue) => `${issue.loc.slice(1).join('.')}: ${issue.msg}`).join('; ')
      : describe(exception);
    if (status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
    response.status(status).json({ code: CODES[status] ?? 'ClientError', description });
  }
}

function describe(exception: HttpException): string {
  const payload = exception.getResponse();
  if (typeof payload === 'string') return payload;
  const { detail, message } = payload as { detail?: unknown; message?: unknown };
  const text = detail ?? message;
  return typeof text === 'string' ? text : exception.message;
}
