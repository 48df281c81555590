/**
 * The floor: the same GET-one and list queries on node:http + pg, nothing else (no validation, logging,
 * headers, cache or framework). RecWay's numbers are reported as a ratio of this server's. `/health`
 * answers the liveness JSON without touching the database, for the framework-floor comparison.
 */
import { createServer } from 'node:http';
import { Pool } from 'pg';

const COLUMNS = 'id_segmento, nombre, descripcion, longitud, latitud, ubicacion, created_at, updated_at';
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://bare');
  if (url.pathname === '/health') {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ status: 'healthy', timestamp: new Date().toISOString(), uptime: process.uptime() }));
    return;
  }
  const one = /^\/segmentos\/(\d+)$/.exec(url.pathname);
  const query = one
    ? pool.query(`SELECT ${COLUMNS} FROM segmentos WHERE id_segmento = $1`, [Number(one[1])])
    : pool.query(`SELECT ${COLUMNS} FROM segmentos ORDER BY created_at DESC, id_segmento DESC LIMIT $1`, [
        Number(url.searchParams.get('limit') ?? 100),
      ]);
  query.then(
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
