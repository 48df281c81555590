/**
 * npm run bench: RecWay's production build against a bare node:http + pg server, same machine, same
 * data (100 000 segments, seeded through RecWay's own CSV import), same load (wrk, bench/wrk.ts).
 * Needs PostgreSQL + PostGIS (BENCH_ADMIN_URL) and, optionally, Redis (BENCH_REDIS_URL).
 */
import { ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { benchIri } from './iri';
import { benchFirstScreen } from './map-first-screen';
import { benchRealtime } from './realtime';
import { NEAR_SQL } from './segment-sql';
import { LoadTarget, runLoad } from './wrk';

const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const DATABASE = 'recway_bench';
const DATABASE_URL = ADMIN_URL.replace(/\/[^/]*$/, `/${DATABASE}`);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/14';
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const DURATION = Number(process.env.BENCH_DURATION ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = 16;
/**
 * The Node that runs RecWay and both floors: BENCH_NODE (e.g. the production image's Node 24 from
 * npm's `node` package), else this one. Node 24 serves ~2.5× the requests of Node 20 here, floors too.
 */
const SERVER_NODE = process.env.BENCH_NODE ?? process.execPath;
const ADMIN = { email: 'bench@recway.co', firstPassword: 'bench-first-password', password: 'bench-final-password' };
const OURS = 3900;
const BARE = 3901;
const EMPTY_NEST = 3902;
// Where the seeded points lie: Bogotá's urban area.
const AREA = { minLon: -74.2, maxLon: -74.0, minLat: 4.5, maxLat: 4.8 };

interface Measure {
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  generatorCores: number;
}

/** What the load generator hits: one server, one request shape. */
type Target = LoadTarget;

/** A scenario on RecWay, and optionally the same request on a floor server to take the ratio against. */
interface Scenario {
  name: string;
  ours: Target;
  floor?: Target;
}

interface Outcome {
  name: string;
  ours: Measure;
  floor?: Measure;
  /** Median of the per-round ratios, and their range. */
  ratio?: { median: number; min: number; max: number };
}

async function main(): Promise<void> {
  console.log(`Servers on Node ${execFileSync(SERVER_NODE, ['--version'], { encoding: 'utf8' }).trim()} (BENCH_NODE)`);
  console.log(await benchIri());
  await recreateDatabase();
  if (process.env.BENCH_ONLY === 'map') return benchMapOnly();
  const servers = [startOurs(), startBare(), startEmptyNest()];
  try {
    await waitForHealth(`http://127.0.0.1:${OURS}/health`);
    await waitForHealth(`http://127.0.0.1:${EMPTY_NEST}/health`);
    const token = await signIn();
    const importSeconds = await seed(token);
    const ids = await sampleIds(1000);
    console.log(`\nSeeded ${ROWS} segments through POST /segmentos/import in ${importSeconds.toFixed(1)} s`);
    console.log(await explainNear());

    const randomId = () => ids[Math.floor(Math.random() * ids.length)];
    const bareOne: Target = { port: BARE, path: () => `/segmentos/${randomId()}` };
    const scenarios: Scenario[] = [
      {
        name: 'GET one (signed in)',
        ours: { port: OURS, path: () => `/api/v1/segmentos/${randomId()}`, token },
        floor: bareOne,
      },
      {
        name: 'list of 100 (signed in)',
        ours: { port: OURS, path: () => '/api/v1/segmentos/?limit=100', token },
        floor: { port: BARE, path: () => '/segmentos?limit=100' },
      },
      {
        name: 'near 500 m (signed in)',
        ours: { port: OURS, path: () => `/api/v1/segmentos/?near=${randomPoint()}&radius=500`, token },
        floor: { port: BARE, path: () => `/segmentos?near=${randomPoint()}&radius=500` },
      },
      {
        name: 'tiles, zoom 12-16 (signed in)',
        ours: { port: OURS, path: () => `/api/v1/tiles/segmentos/${randomTile(12, 16)}.mvt`, token },
        floor: { port: BARE, path: () => `/tiles/${randomTile(12, 16)}` },
      },
      {
        name: 'tiles, zoom 8-11 (signed in)',
        ours: { port: OURS, path: () => `/api/v1/tiles/segmentos/${randomTile(8, 11)}.mvt`, token },
        floor: { port: BARE, path: () => `/tiles/${randomTile(8, 11)}` },
      },
      { name: 'POST create', ours: { port: OURS, path: () => '/api/v1/segmentos/', body: createBody, token } },
      // How much of the GET-one target the framework alone leaves: trivial JSON routes vs the bare GET one.
      {
        name: 'empty Nest app, GET /health ÷ bare GET one',
        ours: { port: EMPTY_NEST, path: () => '/health' },
        floor: bareOne,
      },
      {
        name: 'RecWay GET /health (public) ÷ bare GET one',
        ours: { port: OURS, path: () => '/health' },
        floor: bareOne,
      },
    ];
    const outcomes: Outcome[] = [];
    for (const scenario of scenarios) outcomes.push(await runScenario(scenario));
    printTable(outcomes, importSeconds);
    console.log(await benchRealtime(OURS, servers[0].pid as number, token));
    console.log(await benchFirstScreen(`http://127.0.0.1:${OURS}`, DATABASE_URL, { ...ADMIN, token }));
  } finally {
    for (const server of servers) server.kill('SIGTERM');
  }
}

/** BENCH_ONLY=map: just the seeded city and the map page's first screen (no load scenarios). */
async function benchMapOnly(): Promise<void> {
  const server = startOurs();
  try {
    await waitForHealth(`http://127.0.0.1:${OURS}/health`);
    const token = await signIn();
    const importSeconds = await seed(token);
    console.log(`Seeded ${ROWS} segments through POST /segmentos/import in ${importSeconds.toFixed(1)} s`);
    console.log(await benchFirstScreen(`http://127.0.0.1:${OURS}`, DATABASE_URL, { ...ADMIN, token }));
  } finally {
    server.kill('SIGTERM');
  }
}

async function recreateDatabase(): Promise<void> {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
}

function startOurs(): ChildProcess {
  return spawn(SERVER_NODE, [join(__dirname, '..', 'dist', 'apps', 'api', 'apps', 'api', 'src', 'main.js')], {
    env: {
      ...process.env,
      PORT: String(OURS),
      DATABASE_URL,
      REDIS_URL,
      ENVIRONMENT: 'staging',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'INFO',
      SECRET_KEY: 'bench-secret-key-of-at-least-32-characters',
      // One client address sends everything: measure the API, not the per-client limit (still counted in Redis).
      RATE_LIMIT_CALLS: '1000000000',
      RATE_LIMIT_GIS_CALLS: '1000000000',
      // The realtime fan-out opens 2 000 sockets (each also counts against MAX_CONNECTIONS).
      WS_MAX_CONNECTIONS: '5000',
      MAX_CONNECTIONS: '5000',
      // No basemap: this machine has no network (a real basemap's tiles load from elsewhere, in parallel).
      MAP_STYLE_URL: 'none',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.firstPassword,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

function startBare(): ChildProcess {
  return fork(join(__dirname, 'bare-server.ts'), {
    execPath: SERVER_NODE,
    env: { ...process.env, PORT: String(BARE), DATABASE_URL },
    execArgv: ['-r', 'ts-node/register/transpile-only'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
}

/** The framework floor (bench/empty-nest-server.ts): Nest on Express with nothing added. */
function startEmptyNest(): ChildProcess {
  return fork(join(__dirname, 'empty-nest-server.ts'), {
    execPath: SERVER_NODE,
    env: { ...process.env, PORT: String(EMPTY_NEST) },
    execArgv: ['-r', 'ts-node/register/transpile-only'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
}

async function waitForHealth(url: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer within 60 s`);
}

/** The bootstrap admin, past its first password change: the token every measured request sends. */
async function signIn(): Promise<string> {
  const api = `http://127.0.0.1:${OURS}/api/v1/auth`;
  const login = async (password: string): Promise<string> => {
    const response = await fetch(`${api}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: ADMIN.email, password }),
    });
    if (!response.ok) throw new Error(`login failed: ${response.status}`);
    return ((await response.json()) as { access_token: string }).access_token;
  };
  const first = await login(ADMIN.firstPassword);
  const changed = await fetch(`${api}/me/password`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${first}` },
    body: JSON.stringify({ current_password: ADMIN.firstPassword, new_password: ADMIN.password }),
  });
  if (changed.status !== 204) throw new Error(`password change failed: ${changed.status}`);
  return login(ADMIN.password);
}

async function seed(token: string): Promise<number> {
  const lines = ['nombre,descripcion,longitud,latitud,ubicacion'];
  for (let i = 0; i < ROWS; i++) {
    const [lat, lon] = randomPoint().split(',');
    lines.push(`Segmento ${i},Estado ${i % 5},${lon},${lat},Bogotá`);
  }
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${OURS}/api/v1/segmentos/import`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/csv', Authorization: `Bearer ${token}` },
    body: lines.join('\n'),
  });
  if (response.status !== 201) throw new Error(`import failed: ${response.status} ${await response.text()}`);
  return (performance.now() - started) / 1000;
}

async function sampleIds(count: number): Promise<number[]> {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  const { rows } = await client.query<{ id: number }>(
    'SELECT id_segmento AS id FROM segmentos ORDER BY random() LIMIT $1',
    [count],
  );
  await client.query('ANALYZE segmentos');
  await client.end();
  return rows.map((row) => row.id);
}

/**
 * The plan of the `near` query RecWay runs, to show the GiST index on geog is used. Run once first on
 * the same connection: a new backend pays PostGIS's one-off library load on its first query.
 */
async function explainNear(): Promise<string> {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(NEAR_SQL, [-74.1, 4.6, 500]);
  const { rows } = await client.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN (ANALYZE, COSTS OFF) ${NEAR_SQL}`,
    [-74.08, 4.65, 500],
  );
  await client.end();
  return [
    '\nEXPLAIN ANALYZE of the near query (500 m, warm connection):',
    ...rows.map((row) => `    ${row['QUERY PLAN']}`),
  ].join('\n');
}

/**
 * A map's tile requests over the seeded area: a zoom in [min, max] (each equally likely, as a user
 * zooming in and out), then the tile under a random point of the area.
 */
function randomTile(minZoom: number, maxZoom: number): string {
  const z = minZoom + Math.floor(Math.random() * (maxZoom - minZoom + 1));
  const lon = AREA.minLon + Math.random() * (AREA.maxLon - AREA.minLon);
  const lat = AREA.minLat + Math.random() * (AREA.maxLat - AREA.minLat);
  const radians = (lat * Math.PI) / 180;
  const x = Math.floor(((lon + 180) / 360) * 2 ** z);
  const y = Math.floor(((1 - Math.log(Math.tan(radians) + 1 / Math.cos(radians)) / Math.PI) / 2) * 2 ** z);
  return `${z}/${x}/${y}`;
}

function randomPoint(): string {
  const lat = AREA.minLat + Math.random() * (AREA.maxLat - AREA.minLat);
  const lon = AREA.minLon + Math.random() * (AREA.maxLon - AREA.minLon);
  return `${lat.toFixed(6)},${lon.toFixed(6)}`;
}

function createBody(): string {
  const [lat, lon] = randomPoint().split(',');
  return JSON.stringify({ nombre: 'Bench', longitud: Number(lon), latitud: Number(lat) });
}

/**
 * Warms both servers up, then measures them in ROUNDS alternating rounds (RecWay first in even rounds,
 * the floor first in odd ones), so that a slower stretch of this shared machine hits both alike. Each
 * figure is the median over the rounds; the ratio is the median of the per-round ratios.
 */
async function runScenario(scenario: Scenario): Promise<Outcome> {
  const targets = scenario.floor ? [scenario.ours, scenario.floor] : [scenario.ours];
  for (const target of targets) await measure(target, 2);
  const rounds: Measure[][] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    const measured = new Map<Target, Measure>();
    for (const target of order) measured.set(target, await measure(target, DURATION));
    rounds.push(targets.map((target) => measured.get(target) as Measure));
  }
  const outcome: Outcome = { name: scenario.name, ours: medianMeasure(rounds.map(([ours]) => ours)) };
  if (scenario.floor) {
    outcome.floor = medianMeasure(rounds.map(([, floor]) => floor));
    const ratios = rounds.map(([ours, floor]) => ours.reqPerSec / floor.reqPerSec);
    outcome.ratio = { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
  }
  const ratio = outcome.ratio ? `, ratio ${outcome.ratio.median.toFixed(2)}` : '';
  console.log(`${scenario.name}: ${outcome.ours.reqPerSec.toFixed(0)} req/s, p99 ${outcome.ours.p99} ms${ratio}`);
  return outcome;
}

async function measure(target: Target, duration: number): Promise<Measure> {
  const result = await runLoad(target, CONNECTIONS, duration);
  if (result.errors > 0) console.error(`port ${target.port}: ${result.errors} errors or answers ≥ 400`);
  return result;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function medianMeasure(measures: Measure[]): Measure {
  return {
    reqPerSec: median(measures.map((measure) => measure.reqPerSec)),
    p50: median(measures.map((measure) => measure.p50)),
    p99: median(measures.map((measure) => measure.p99)),
    errors: measures.reduce((sum, measure) => sum + measure.errors, 0),
    generatorCores: Math.max(...measures.map((measure) => measure.generatorCores)),
  };
}

function printTable(outcomes: Outcome[], importSeconds: number): void {
  console.log(`\nMedians of ${ROUNDS} alternating rounds of ${DURATION} s, ${CONNECTIONS} connections (wrk).`);
  console.log(
    '| Scenario | RecWay req/s | p50 ms | p99 ms | floor req/s | floor p50 ms | floor p99 ms | ratio [range] |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const { name, ours, floor, ratio } of outcomes) {
    const floorCells = floor ? [floor.reqPerSec.toFixed(0), floor.p50, floor.p99] : ['—', '—', '—'];
    const ratioCell = ratio ? `${ratio.median.toFixed(2)} [${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)}]` : '—';
    console.log(
      `| ${name} | ${ours.reqPerSec.toFixed(0)} | ${ours.p50} | ${ours.p99} | ${floorCells.join(' | ')} | ${ratioCell} |`,
    );
  }
  console.log(`| import ${ROWS} CSV rows | ${importSeconds.toFixed(1)} s | | | | | | |`);
  const generator = Math.max(
    ...outcomes.flatMap(({ ours, floor }) => [ours, floor ?? ours].map((m) => m.generatorCores)),
  );
  console.log(`Load generator: wrk, one thread; at most ${generator.toFixed(2)} of a core in any round.`);
  const failed = outcomes.filter(({ ours, floor }) => ours.errors + (floor?.errors ?? 0) > 0);
  if (failed.length > 0) {
    console.error(`\nErrors in: ${failed.map(({ name }) => name).join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
