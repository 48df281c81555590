import type { Request } from 'express';

/**
 * Scheme and host as the client reached the server (X-Forwarded-* count only from trusted proxies):
 * what absolute links in OGC documents and TileJSON start with.
 */
export function requestOrigin(request: Request): string {
  return `${request.protocol}://${request.get('host') ?? 'localhost'}`;
}
