import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const REQUEST_ID_HEADER = 'X-Request-ID';
const SANE_REQUEST_ID = /^[\w.:-]{1,128}$/;

type WithId = IncomingMessage & { id?: unknown };

/** Keeps a caller's X-Request-ID when it is sane, generates one otherwise, and echoes it back. */
export function assignRequestId(request: WithId, response: ServerResponse): string {
  if (typeof request.id === 'string') return request.id;
  const offered = request.headers['x-request-id'];
  request.id = typeof offered === 'string' && SANE_REQUEST_ID.test(offered) ? offered : randomUUID();
  response.setHeader(REQUEST_ID_HEADER, request.id);
  return request.id;
}

/** First middleware of the app: every response, logged or not, carries its request id. */
export function requestIdMiddleware(request: WithId, response: ServerResponse, next: () => void): void {
  assignRequestId(request, response);
  next();
}
