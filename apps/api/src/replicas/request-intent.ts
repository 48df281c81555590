import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

/** Methods that never write (RFC 9110 safe methods). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const intent = new AsyncLocalStorage<{ writes: boolean }>();

/**
 * Marks each request as reading or writing, for the whole of its asynchronous work: every query of a
 * request that writes goes to the primary, so it reads what it has just written.
 */
export function requestIntentMiddleware(request: Request, _response: Response, next: NextFunction): void {
  intent.run({ writes: !SAFE_METHODS.has(request.method) }, next);
}

/** Outside a request (background work) nothing is being written on a caller's behalf. */
export function currentRequestWrites(): boolean {
  return intent.getStore()?.writes ?? false;
}
