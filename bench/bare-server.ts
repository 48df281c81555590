/**
 * The floor: the same GET-one, list and `near` queries on node:http + pg, nothing else (no validation,
 * logging, headers, cache or framework). RecWay's numbers are reported as a ratio of this server's.
 * `/health` answers the liveness JSON without touching the database, for the framework-floor rows.
 */
import { createServer } from 'node:http';
import { Pool } from 'pg';

const COLUMNS = 'id_segmento, nombre, descripcion, longitud, latitud, ubicacion, created_at, updated_at';
const POINT = 'ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography';
/** RecWay's radius search (SegmentsRepository): sphere distances, the total as a window count. */
const NEAR = `SELECT ${COLUMNS}, ST_Distance(geog, ${POINT}, false) AS distancia_m, count(*) OVER ()::int AS total
  FROM segmentos WHERE ST_DWithin(geog, ${POINT}, $3, false)
  ORDER BY distancia_m ASC, id_segmento DESC LIMIT 100`;
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

function queryFor(url: URL): { sql: string; params: unknown[] } {
  const one = /^\/segmentos\/(\d+)$/.exec(url.pathname);
  if (one) return { sql: `SELECT ${COLUMNS} FROM segmentos WHERE id_segmento = $1`, params: [Number(one[1])] };
  const near = url.searchParams.get('near');
  if (near) {
    const [lat, lon] = near.split(',').map(Number);
    return { sql: NEAR, params: [lon, lat, Number(url.searchParams.get('radius'))] };
  }
  return {
    sql: `SELECT ${COLUMNS} FROM segmentos ORDER BY created_at DESC, id_segmento DESC LIMIT $1`,
    params: [Number(url.searchParams.get('limit') ?? 100)],
  };
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://bare');
  if (url.pathname === '/health') {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ status: 'healthy', timestamp: new Date().toISOString(), uptime: process.uptime() }));
    return;
  }
  const one = url.pathname !== '/segmentos';
  const { sql, params } = queryFor(url);
  pool.query(sql, params).then(
    ({ rows }) => {
      response.writeHead(one && rows.length === 0 ? 404 : 200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(one ? rows[0] : rows));
    },
    () => {
      response.writeHead(500);
      response.end();
    },
  );
});

server.listen(Number(process.env.PORT ?? 3901), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => server.close(() => void pool.end()));
