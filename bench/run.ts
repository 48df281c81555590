/**
 * npm run bench: RecWay's production build against a bare node:http + pg server, same machine, same
 * data (100 000 segments, seeded through RecWay's own CSV import), same load (wrk, bench/wrk.ts).
 * Needs PostgreSQL + PostGIS (BENCH_ADMIN_URL) and, optionally, Redis (BENCH_REDIS_URL).
 */
import { ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { benchIri } from './iri';
import { benchFirstScreen } from './map-first-screen';
import { benchRealtime } from './realtime';
import { nearSql } from './segment-sql';
import { LoadTarget, runLoad } from './wrk';

const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const DATABASE = 'recway_bench';
const DATABASE_URL = ADMIN_URL.replace(/\/[^/]*$/, `/${DATABASE}`);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/14';
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const DURATION = Number(process.env.BENCH_DURATION ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/**
 * The Node that runs RecWay and both floors: BENCH_NODE (e.g. the production image's Node 24 from
 * npm's `node` package), else this one. Node 24 serves ~2.5× the requests of Node 20 here, floors too.
 */
const SERVER_NODE = process.env.BENCH_NODE ?? process.execPath;
const ADMIN = { email: 'bench@recway.co', firstPassword: 'bench-first-password', password: 'bench-final-password' };
const OURS = 3900;
const BARE = 3901;
const BARE_GZIP = 3903;
const EMPTY_NEST = 3902;
// Where the seeded points lie: Bogotá's urban area.
const AREA = { minLon: -74.2, maxLon: -74.0, minLat: 4.5, maxLat: 4.8 };

interface Measure {
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  generatorCores: number;
  /** CPU time (user + system) the measured server used per request, in µs. */
  cpuUs: number;
}

/** What the load generator hits: one server, one request shape. */
type Target = LoadTarget;

/** The floors of issue 18: bare node:http + pg (same SQL), and the empty Nest app (framework only). */
type FloorName = 'bare' | 'bareGzip' | 'nest';
const FLOOR_LABELS: Record<FloorName, string> = {
  bare: 'bare node:http + pg',
  bareGzip: 'bare + gzip (same bytes)',
  nest: 'empty Nest app',
};

/**
 * One of issue 18's targets, taken per round against a floor measured in the same round:
 * `throughput` is RecWay's req/s ÷ the floor's (≥ target), `p99` RecWay's p99 ÷ the floor's (≤ target).
 */
interface Check {
  floor: FloorName;
  measure: 'throughput' | 'p99';
  target: number;
  /** Not one of issue 18's targets: the same measure against another floor, printed to inform them. */
  informational?: boolean;
}

interface Scenario {
  name: string;
  connections: number;
  ours: Target;
  floors?: Partial<Record<FloorName, Target>>;
  checks?: Check[];
}

interface CheckOutcome {
  check: Check;
  /** Median of the per-round ratios, and their range. */
  median: number;
  min: number;
  max: number;
  met: boolean;
}

interface Outcome {
  name: string;
  connections: number;
  ours: Measure;
  floors: Partial<Record<FloorName, Measure>>;
  checks: CheckOutcome[];
  /** RecWay's resident memory (MB) after each round. */
  rssMb: number[];
}

async function main(): Promise<void> {
  console.log(`Servers on Node ${execFileSync(SERVER_NODE, ['--version'], { encoding: 'utf8' }).trim()} (BENCH_NODE)`);
  console.log(await benchIri());
  await recreateDatabase();
  if (process.env.BENCH_ONLY === 'map') return benchMapOnly();
  const servers = [startOurs(), startBare(BARE), startBare(BARE_GZIP, { BARE_GZIP: '1' }), startEmptyNest()];
  for (const [port, server] of [OURS, BARE, BARE_GZIP, EMPTY_NEST].map((port, i) => [port, servers[i]] as const)) {
    serverPids.set(port, server.pid as number);
  }
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
    const nestHealth: Target = { port: EMPTY_NEST, path: () => '/health' };
    // Issue 18's table: each target against the floor it names, in the same alternating rounds.
    const scenarios: Scenario[] = [
      {
        name: 'public GET /health',
        connections: 16,
        ours: { port: OURS, path: () => '/health' },
        floors: { nest: nestHealth },
        checks: [{ floor: 'nest', measure: 'throughput', target: 0.7 }],
      },
      {
        name: 'GET one (signed in)',
        connections: 32,
        ours: { port: OURS, path: () => `/api/v1/segmentos/${randomId()}`, token },
        floors: { bare: bareOne, nest: nestHealth },
        checks: [
          { floor: 'nest', measure: 'throughput', target: 0.5 },
          { floor: 'bare', measure: 'p99', target: 3 },
        ],
      },
      {
        name: 'list of 100 (signed in)',
        connections: 16,
        ours: { port: OURS, path: () => '/api/v1/segmentos/?limit=100', token },
        floors: {
          bare: { port: BARE, path: () => '/segmentos?limit=100' },
          bareGzip: { port: BARE_GZIP, path: () => '/segmentos?limit=100' },
        },
        checks: [
          { floor: 'bare', measure: 'throughput', target: 0.8 },
          { floor: 'bareGzip', measure: 'throughput', target: 0.8, informational: true },
        ],
      },
      {
        name: 'near 500 m (signed in)',
        connections: 16,
        ours: { port: OURS, path: () => `/api/v1/segmentos/?near=${randomPoint()}&radius=500`, token },
        floors: {
          bare: { port: BARE, path: () => `/segmentos?near=${randomPoint()}&radius=500` },
          bareGzip: { port: BARE_GZIP, path: () => `/segmentos?near=${randomPoint()}&radius=500` },
        },
        checks: [
          { floor: 'bare', measure: 'p99', target: 1.5 },
          { floor: 'bareGzip', measure: 'p99', target: 1.5, informational: true },
        ],
      },
      {
        name: 'tiles, zoom 12-16 (signed in)',
        connections: 16,
        ours: { port: OURS, path: () => `/api/v1/tiles/segmentos/${randomTile(12, 16)}.mvt`, token },
        floors: { bare: { port: BARE, path: () => `/tiles/${randomTile(12, 16)}` } },
        checks: [{ floor: 'bare', measure: 'p99', target: 1.5 }],
      },
      {
        name: 'tiles, zoom 8-11 (signed in)',
        connections: 16,
        ours: { port: OURS, path: () => `/api/v1/tiles/segmentos/${randomTile(8, 11)}.mvt`, token },
        floors: { bare: { port: BARE, path: () => `/tiles/${randomTile(8, 11)}` } },
      },
      {
        name: 'POST create',
        connections: 16,
        ours: { port: OURS, path: () => '/api/v1/segmentos/', body: createBody, token },
      },
    ];
    const outcomes: Outcome[] = [];
    const pid = servers[0].pid as number;
    for (const scenario of scenarios) outcomes.push(await runScenario(scenario, pid));
    printTable(outcomes, importSeconds);
    console.log(await benchRealtime(OURS, pid, token));
    console.log(await benchFirstScreen(`http://127.0.0.1:${OURS}`, DATABASE_URL, { ...ADMIN, token }));
    printMemory(outcomes, residentMb(pid));
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

/** The Node flags of `npm run start:prod` (the heap cap), so RecWay runs here as it runs in production. */
function productionNodeFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  return scripts['start:prod'].split(' ').filter((word) => word.startsWith('--'));
}

function startOurs(): ChildProcess {
  const main = join(__dirname, '..', 'dist', 'apps', 'api', 'apps', 'api', 'src', 'main.js');
  return spawn(SERVER_NODE, [...productionNodeFlags(), main], {
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

function startBare(port: number, extraEnv: NodeJS.ProcessEnv = {}): ChildProcess {
  return fork(join(__dirname, 'bare-server.ts'), {
    execPath: SERVER_NODE,
    env: { ...process.env, ...extraEnv, PORT: String(port), DATABASE_URL },
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
  const warmUp = nearSql(-74.1, 4.6, 500);
  await client.query(warmUp.sql, warmUp.params);
  const { sql, params } = nearSql(-74.08, 4.65, 500);
  const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${sql}`, params);
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
 * Warms every server up, then measures them in ROUNDS alternating rounds (RecWay first in even rounds,
 * last in odd ones), so that a slower stretch of this shared machine hits all alike. Each figure is
 * the median over the rounds; each ratio the median of the per-round ratios.
 */
async function runScenario(scenario: Scenario, pid: number): Promise<Outcome> {
  const floorNames = Object.keys(scenario.floors ?? {}) as FloorName[];
  const targets = [scenario.ours, ...floorNames.map((name) => scenario.floors?.[name] as Target)];
  for (const target of targets) await measure(target, scenario.connections, 2);
  const rounds: Measure[][] = [];
  const rssMb: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    const measured = new Map<Target, Measure>();
    for (const target of order) measured.set(target, await measure(target, scenario.connections, DURATION));
    rounds.push(targets.map((target) => measured.get(target) as Measure));
    rssMb.push(residentMb(pid));
  }
  const floors = Object.fromEntries(
    floorNames.map((name, index) => [name, medianMeasure(rounds.map((round) => round[index + 1]))]),
  );
  const checks = (scenario.checks ?? []).map((check) => {
    const index = floorNames.indexOf(check.floor) + 1;
    const ratios = rounds.map((round) =>
      check.measure === 'throughput'
        ? round[0].reqPerSec / round[index].reqPerSec
        : round[0].p99 / Math.max(round[index].p99, 1),
    );
    const middle = median(ratios);
    const met = check.measure === 'throughput' ? middle >= check.target : middle <= check.target;
    return { check, median: middle, min: Math.min(...ratios), max: Math.max(...ratios), met };
  });
  const outcome: Outcome = {
    name: scenario.name,
    connections: scenario.connections,
    ours: medianMeasure(rounds.map(([ours]) => ours)),
    floors,
    checks,
    rssMb,
  };
  const summary = checks.map(({ check, median: ratio }) => `${check.measure} ÷ ${check.floor} ${ratio.toFixed(2)}`);
  console.log(
    `${scenario.name}: ${outcome.ours.reqPerSec.toFixed(0)} req/s, p99 ${outcome.ours.p99} ms ${summary.join(', ')}`,
  );
  return outcome;
}

/** The process behind each port, whose CPU time each measurement reads. */
const serverPids = new Map<number, number>();

async function measure(target: Target, connections: number, duration: number): Promise<Measure> {
  const pid = serverPids.get(target.port) as number;
  const before = cpuMicroseconds(pid);
  const result = await runLoad(target, connections, duration);
  const requests = result.reqPerSec * duration;
  if (result.errors > 0) console.error(`port ${target.port}: ${result.errors} errors or answers ≥ 400`);
  return { ...result, cpuUs: (cpuMicroseconds(pid) - before) / Math.max(requests, 1) };
}

/** utime + stime of a process (Linux /proc, clock ticks of 10 ms), in µs. */
function cpuMicroseconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** VmRSS of a process, in MB (Linux). */
function residentMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return line ? Math.round(Number(line[1]) / 1024) : NaN;
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
    cpuUs: median(measures.map((measure) => measure.cpuUs)),
  };
}

function printTable(outcomes: Outcome[], importSeconds: number): void {
  console.log(`\nMedians of ${ROUNDS} alternating rounds of ${DURATION} s (wrk); floors measured in the same rounds.`);
  console.log(
    '| Scenario | conns | RecWay req/s | p50 ms | p99 ms | bare req/s | bare p99 ms | bare+gzip req/s | ' +
      'bare+gzip p99 ms | empty Nest req/s | CPU µs/request: RecWay / bare / bare+gzip / empty Nest |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const { name, connections, ours, floors } of outcomes) {
    const rate = (measure?: Measure) => (measure ? measure.reqPerSec.toFixed(0) : '—');
    const p99 = (measure?: Measure) => (measure ? String(measure.p99) : '—');
    const cpu = [ours, floors.bare, floors.bareGzip, floors.nest].map((m) => (m ? m.cpuUs.toFixed(0) : '—'));
    console.log(
      `| ${name} | ${connections} | ${rate(ours)} | ${ours.p50} | ${ours.p99} | ${rate(floors.bare)} | ` +
        `${p99(floors.bare)} | ${rate(floors.bareGzip)} | ${p99(floors.bareGzip)} | ${rate(floors.nest)} | ` +
        `${cpu.join(' / ')} |`,
    );
  }
  console.log(`| import ${ROWS} CSV rows | | ${importSeconds.toFixed(1)} s | | | | | | | | |`);
  console.log("\nIssue 18's targets (median of the per-round ratios [range]):");
  console.log('| Scenario | measure | floor | ratio [range] | target | met |');
  console.log('| --- | --- | --- | ---: | ---: | --- |');
  for (const { name, checks } of outcomes) {
    for (const { check, median: ratio, min, max, met } of checks) {
      const target = `${check.measure === 'throughput' ? '≥' : '≤'} ${check.target}`;
      const what = check.measure === 'throughput' ? 'req/s' : 'p99';
      const range = `${ratio.toFixed(2)} [${min.toFixed(2)}–${max.toFixed(2)}]`;
      console.log(
        `| ${name} | ${what} | ${FLOOR_LABELS[check.floor]} | ${range} | ${target} | ${verdict(check, met)} |`,
      );
    }
  }
  const generator = Math.max(
    ...outcomes.flatMap(({ ours, floors }) => [ours, ...Object.values(floors)].map((m) => m.generatorCores)),
  );
  console.log(`Load generator: wrk, one thread; at most ${generator.toFixed(2)} of a core in any round.`);
  const failed = outcomes.filter(({ ours, floors }) =>
    [ours, ...Object.values(floors)].some((measured) => measured.errors > 0),
  );
  if (failed.length > 0) {
    console.error(`\nErrors in: ${failed.map(({ name }) => name).join(', ')}`);
    process.exitCode = 1;
  }
}

function verdict(check: Check, met: boolean): string {
  if (check.informational) return met ? '(information) would be met' : '(information) would not be met';
  return met ? 'yes' : 'no';
}

/** Issue 18: under 250 MB per worker after the whole bench, and no growth from round to round. */
function printMemory(outcomes: Outcome[], finalMb: number): void {
  console.log('\nRecWay RSS (MB) after each round:');
  for (const { name, rssMb } of outcomes) console.log(`  ${name}: ${rssMb.join(', ')}`);
  const growth = Math.max(...outcomes.map(({ rssMb }) => rssMb[rssMb.length - 1] - rssMb[0]));
  console.log(
    `RSS after the whole bench: ${finalMb} MB (target < 250: ${finalMb < 250 ? 'met' : 'not met'}); ` +
      `largest growth from a scenario's first round to its last: ${growth} MB`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
