/**
 * The floor: RecWay's own GET-one, list and `near` statements on node:http + pg (each answering the
 * JSON RecWay sends, built by PostgreSQL), nothing else (no validation, logging, headers, cache or
 * framework). RecWay's numbers are reported as a ratio of this server's.
 * `/health` answers the liveness JSON without touching the database, for the framework-floor rows;
 * `/tiles/z/x/y` runs RecWay's own tile SQL (tileQuery) and sends the bytes.
 * With BARE_GZIP=1 (the "bare + gzip" floor), JSON answers of 1 kB or more go out gzipped at level 1
 * to clients that accept it, as RecWay sends them: the same bytes, with the least work that takes.
 */
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { Pool } from 'pg';
import { tileQuery } from '../apps/api/src/gis/tile.sql';
import { DEFAULT_CONDITION_BANDS } from '../libs/iri/src';
import { listSql, nearSql, oneSql } from './segment-sql';

// RecWay's pool as the bench runs it (DATABASE_POOL_SIZE + DATABASE_MAX_OVERFLOW, idle clients kept
// 30 s): with pg's default 10 s, a floor left idle while the other servers are measured reconnected
// at the start of its next round, each new backend loading PostGIS (~0.4 s p99 in those rounds).
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 30, idleTimeoutMillis: 30_000 });
const GZIP = process.env.BARE_GZIP === '1';

/** RecWay's statement for the URL, and the column of its one row that holds the JSON to send. */
function queryFor(url: URL): { sql: string; params: unknown[]; column: 'segment' | 'items' } {
  const one = /^\/segmentos\/(\d+)$/.exec(url.pathname);
  if (one) return { ...oneSql(Number(one[1])), column: 'segment' };
  const near = url.searchParams.get('near');
  if (near) {
    const [lat, lon] = near.split(',').map(Number);
    return { ...nearSql(lon, lat, Number(url.searchParams.get('radius'))), column: 'items' };
  }
  return { ...listSql(Number(url.searchParams.get('limit') ?? 100)), column: 'items' };
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://bare');
  if (url.pathname === '/health') {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ status: 'healthy', timestamp: new Date().toISOString(), uptime: process.uptime() }));
    return;
  }
  const tile = /^\/tiles\/(\d+)\/(\d+)\/(\d+)$/.exec(url.pathname);
  if (tile) {
    const [z, x, y] = tile.slice(1).map(Number);
    const { sql, params } = tileQuery(z, x, y, DEFAULT_CONDITION_BANDS);
    pool.query<{ tile: Buffer }>(sql, params).then(
      ({ rows }) => {
        response.writeHead(rows[0].tile.length ? 200 : 204, { 'Content-Type': 'application/vnd.mapbox-vector-tile' });
        response.end(rows[0].tile);
      },
      () => {
        response.writeHead(500);
        response.end();
      },
    );
    return;
  }
  const { sql, params, column } = queryFor(url);
  pool.query<Record<string, string>>(sql, params).then(
    ({ rows }) => {
      const body = rows[0]?.[column] ?? '';
      const gzip = GZIP && body.length >= 1024 && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
      response.writeHead(body === '' ? 404 : 200, {
        'Content-Type': 'application/json',
        ...(gzip ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {}),
      });
      response.end(gzip ? gzipSync(body, { level: 1 }) : body);
    },
    () => {
      response.writeHead(500);
      response.end();
    },
  );
});

server.listen(Number(process.env.PORT ?? 3901), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => server.close(() => void pool.end()));
