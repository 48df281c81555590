import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestValidationException } from '../errors/request-validation.exception';
import { jsonShapeIssues } from '../validation/json-shape';

type ParsedRequest = IncomingMessage & { body?: unknown; query?: unknown };

/**
 * Runs right after the body parsers, before any pipe, guard, interceptor or logger walks the input:
 * a body nested too deep (which would overflow the stack of every recursive walker) or any
 * `__proto__` / `constructor` key, in the body or the query, is a 422.
 */
export function jsonShapeMiddleware(
  request: ParsedRequest,
  _response: ServerResponse,
  next: (error?: unknown) => void,
): void {
  const issues = [...jsonShapeIssues(request.body, 'body'), ...jsonShapeIssues(request.query, 'query')];
  next(issues.length > 0 ? new RequestValidationException(issues) : undefined);
}
