import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { agentFor, signIn, TestUser } from './support/auth';
import { eventually } from './support/eventually';
import { TcpProxy } from './support/tcp-proxy';
import { requiredTestDatabaseUrl, startTestApp, testRedisUrl } from './support/test-app';

const API = '/api/v1';
const METRICS_TOKEN = 'replica-suite-metrics-token';
// An area no other suite writes to.
const PLACE = { longitud: -71.2345, latitud: -33.4567 };
const BBOX = '-71.3,-33.5,-71.2,-33.4';

/**
 * DATABASE_REPLICA_URLS with real connections: the primary and the "replica" are the test database
 * behind two loopback proxies, so either can be cut like a server that stopped. (A real streaming
 * replica, its lag and a stopped primary under load: scripts/replica-drill.sh, in CI.)
 */
describe('Read replicas (DATABASE_REPLICA_URLS)', () => {
  let app: NestExpressApplication;
  let primary: TcpProxy;
  let replica: TcpProxy;
  let editor: TestUser;
  const redisUrl = testRedisUrl();

  beforeAll(async () => {
    const primaryFront = await TcpProxy.in(requiredTestDatabaseUrl());
    const replicaFront = await TcpProxy.in(requiredTestDatabaseUrl());
    primary = primaryFront.proxy;
    replica = replicaFront.proxy;
    app = await startTestApp({
      DATABASE_URL: primaryFront.url,
      DATABASE_REPLICA_URLS: JSON.stringify([replicaFront.url]),
      DATABASE_REPLICA_CHECK_INTERVAL_SECONDS: '0.2',
      DATABASE_POOL_TIMEOUT: '2',
      REDIS_URL: redisUrl,
      METRICS_TOKEN,
    });
    editor = await signIn(app, 'editor');
  });

  afterAll(async () => {
    await app.close();
    await primary.cut();
    await replica.cut();
  });

  const api = () => agentFor(app, editor);
  const create = (nombre: string) =>
    api()
      .post(`${API}/segmentos/`)
      .send({ nombre, ...PLACE });
  const metric = async (line: string) =>
    (await request(app.getHttpServer()).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`)).text
      .split('\n')
      .includes(line);

  it('should read from the replica: lists keep answering with the primary cut, with the latest write', async () => {
    const written = (await create("Av. O'Higgins (réplica)").expect(201)).body;
    await primary.cut();
    try {
      const list = await api().get(`${API}/segmentos/`).query({ bbox: BBOX, limit: 100 }).expect(200);
      expect(list.body.map((segment: { id_segmento: number }) => segment.id_segmento)).toContain(written.id_segmento);
      const near = await api()
        .get(`${API}/segmentos/`)
        .query({ near: `${PLACE.latitud},${PLACE.longitud}`, radius: 100 })
        .expect(200);
      expect(near.body[0]).toMatchObject({ id_segmento: written.id_segmento, nombre: "Av. O'Higgins (réplica)" });
      await api().get(`${API}/red/resumen`).query({ bbox: BBOX }).expect(200);
      await api().get(`${API}/ogc/collections/segmentos/items`).query({ bbox: BBOX }).expect(200);
    } finally {
      await primary.restore();
    }
  });

  it('should answer writes 503 with Retry-After while the primary is down, report read-only, and resume', async () => {
    const server = app.getHttpServer();
    await primary.cut();
    try {
      const refused = await create('Escrita sin primario').expect(503);
      expect(refused.headers['retry-after']).toBe('5');
      expect(refused.body).toEqual({ detail: 'The database is unavailable (down or restarting); retry later' });

      const ready = await request(server).get('/health/ready').expect(200);
      expect(ready.body.details.database).toEqual({
        status: 'up',
        mode: 'read-only',
        primary: 'down',
        replicas_in_rotation: 1,
      });
      const database = await request(server).get('/health/database').expect(503);
      expect(database.body.replicas).toEqual([{ name: 'replica-1', in_rotation: true, lag_seconds: 0 }]);
      await eventually(async () => expect(await metric('recway_db_primary_reachable 0')).toBe(true));
      await api().get(`${API}/segmentos/`).query({ bbox: BBOX }).expect(200);
    } finally {
      await primary.restore();
    }
    // No restart: the next check (or the next write) finds the primary again.
    await eventually(async () => {
      await create('Escrita con el primario de vuelta').expect(201);
    });
    const ready = await request(server).get('/health/ready').expect(200);
    expect(ready.body.details.database).toMatchObject({ mode: 'read-write', primary: 'up' });
    await eventually(async () => expect(await metric('recway_db_primary_reachable 1')).toBe(true));
  });

  it('should fall back to the primary when the replica goes away, and take it back when it returns', async () => {
    await replica.cut();
    try {
      await api().get(`${API}/segmentos/`).query({ bbox: BBOX }).expect(200);
      await eventually(async () => {
        const { body } = await request(app.getHttpServer()).get('/health/database').expect(200);
        expect(body.replicas[0]).toMatchObject({ in_rotation: false, error: expect.any(String) });
      });
      expect(await metric('recway_db_replica_in_rotation{replica="replica-1"} 0')).toBe(true);
    } finally {
      await replica.restore();
    }
    await eventually(async () => {
      const { body } = await request(app.getHttpServer()).get('/health/database').expect(200);
      expect(body.replicas[0]).toEqual({ name: 'replica-1', in_rotation: true, lag_seconds: 0 });
    });
  });

  it('should answer 503 with Retry-After, never 500, when neither the primary nor a replica answers', async () => {
    await Promise.all([primary.cut(), replica.cut()]);
    try {
      const response = await api().get(`${API}/segmentos/`).query({ bbox: BBOX, q: 'sin base de datos' }).expect(503);
      expect(response.headers['retry-after']).toBe('5');
      await request(app.getHttpServer()).get('/health/ready').expect(503);
    } finally {
      await Promise.all([primary.restore(), replica.restore()]);
    }
    await eventually(async () => {
      await request(app.getHttpServer()).get('/health/ready').expect(200);
    });
  });

  // The embedded PGlite (a fresh machine's `npm test` without PostgreSQL; never in CI) is one backend.
  const onServer = process.env.TEST_DATABASE_EMBEDDED === 'true' ? it.skip : it;

  onServer('should keep replica reads on their own connections (application_name recway-replica-read)', async () => {
    await eventually(async () => {
      const { body } = await request(app.getHttpServer()).get('/health/database').expect(200);
      expect(body.replicas[0]).toMatchObject({ in_rotation: true });
    });
    await api().get(`${API}/segmentos/`).query({ bbox: BBOX, q: 'conexiones' }).expect(200);
    const observer = new DataSource({ type: 'postgres', url: requiredTestDatabaseUrl() });
    await observer.initialize();
    try {
      const [row] = await observer.query<{ replica: number }[]>(
        `SELECT count(*)::int AS replica FROM pg_stat_activity
         WHERE application_name = 'recway-replica-read' AND datname = current_database()`,
      );
      expect(row.replica).toBeGreaterThan(0);
    } finally {
      await observer.destroy();
    }
  });
});
