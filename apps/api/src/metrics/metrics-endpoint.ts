import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** A registry, or the cluster primary's sum of its workers' registries. */
export interface MetricsSource {
  contentType: string;
  metrics(): Promise<string>;
}

/**
 * Serves the registry in Prometheus text format. With a token, only `Authorization: Bearer <token>`
 * gets the numbers; anyone else gets the API's usual 401.
 */
export function metricsHandler(registry: MetricsSource, token: string | undefined) {
  const expected = token === undefined ? undefined : digest(token);
  return (request: IncomingMessage, response: ServerResponse): void => {
    if (expected && !presentsToken(request, expected)) {
      sendJson(response, 401, { detail: 'Not authenticated' }, { 'WWW-Authenticate': 'Bearer' });
      return;
    }
    registry.metrics().then(
      (text) => {
        // Headers set, not written: the text is large, and compression decides when the body starts.
        response.setHeader('Content-Type', registry.contentType);
        response.setHeader('Cache-Control', 'no-store');
        response.end(text);
      },
      () => sendJson(response, 500, { detail: 'Internal Server Error' }),
    );
  };
}

/** A server of its own for METRICS_PORT: the metrics path, and a JSON 404 for anything else. */
export function createMetricsServer(source: MetricsSource, path: string, token: string | undefined): Server {
  const serve = metricsHandler(source, token);
  return createServer((request, response) => {
    if (request.method === 'GET' && new URL(request.url ?? '/', 'http://metrics').pathname === path) {
      serve(request, response);
      return;
    }
    sendJson(response, 404, { detail: 'Not Found' });
  });
}

function presentsToken(request: IncomingMessage, expected: Buffer): boolean {
  const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
  // Comparing digests keeps the comparison constant-time whatever the length sent.
  return match !== null && timingSafeEqual(digest(match[1]), expected);
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}
