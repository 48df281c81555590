#!/usr/bin/env node
/**
 * The HTTP side of scripts/replica-drill.sh (which starts the primary, its streaming replica, Redis
 * and RecWay, and passes their addresses). Every promise of README "Read replicas" is checked against
 * the running server; the first one broken exits 1.
 */
import { execSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

const env = process.env;
const V1 = `${env.API}/api/v1`;
const CENTRE = { lat: 4.6097, lon: -74.0817 };
const BBOX = '-74.09,4.60,-74.07,4.62';
const TILE = tileOf(14, CENTRE);
const primaryDb = new pg.Pool({ connectionString: env.PRIMARY_URL, max: 1 });
const replicaDb = new pg.Pool({ connectionString: env.REPLICA_URL, max: 1 });
primaryDb.on('error', () => undefined); // the drill stops the primary under it

function check(condition, message) {
  if (!condition) throw new Error(`broken: ${message}`);
  console.log(`ok   ${message}`);
}

async function call(method, path, { token, body } = {}) {
  const response = await fetch(`${path.startsWith('/health') ? env.API : V1}${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(20_000),
  });
  const json = (response.headers.get('content-type') ?? '').includes('json');
  return {
    status: response.status,
    headers: response.headers,
    body: json ? await response.json() : await response.arrayBuffer(),
  };
}

async function signIn() {
  const login = (password) => call('POST', '/auth/login', { body: { email: 'drill@recway.co', password } });
  const first = await login(env.DRILL_PASSWORD);
  const changed = await call('PUT', '/auth/me/password', {
    token: first.body.access_token,
    body: { current_password: env.DRILL_PASSWORD, new_password: env.DRILL_NEW_PASSWORD },
  });
  if (changed.status !== 204) throw new Error(`password change answered ${changed.status}`);
  return (await login(env.DRILL_NEW_PASSWORD)).body.access_token;
}

let written = 0;
function create(token) {
  written += 1;
  const nombre = `Tramo de simulacro ${written} ${Date.now()}`;
  const body = {
    nombre,
    longitud: CENTRE.lon + (Math.random() - 0.5) * 0.01,
    latitud: CENTRE.lat + (Math.random() - 0.5) * 0.01,
  };
  return call('POST', '/segmentos/', { token, body }).then((response) => ({ ...response, nombre }));
}

/** Reads one just-written segment back by its name: it must be there at once. */
async function readsOwnWrite(token, nombre) {
  const { status, body } = await call('GET', `/segmentos/?q=${encodeURIComponent(nombre)}`, { token });
  return status === 200 && body.length === 1 && body[0].nombre === nombre;
}

/** recway_db_reads_total by target, from the server's metrics. */
async function readsAnswered() {
  const text = await (await fetch(`${env.API}/metrics`)).text();
  const count = (target) =>
    Number(text.match(new RegExp(`^recway_db_reads_total\\{target="${target}"\\} (\\d+)`, 'm'))?.[1] ?? 0);
  return { primary: count('primary'), replica: count('replica-1') };
}

async function replicaStatus() {
  return (await call('GET', '/health/database')).body.replicas[0];
}

async function waitFor(what, predicate, timeoutMs) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await predicate()) return (Date.now() - started) / 1000;
    await sleep(200);
  }
  throw new Error(`broken: ${what} within ${timeoutMs / 1000} s`);
}

async function readYourWrites(token) {
  console.log('\n## Read-your-writes: 30 segments, each read back by name at once');
  const before = await readsAnswered();
  let misses = 0;
  for (let i = 0; i < 30; i += 1) {
    const created = await create(token);
    if (created.status !== 201) throw new Error(`create answered ${created.status}`);
    if (!(await readsOwnWrite(token, created.nombre))) misses += 1;
  }
  for (let i = 0; i < 60; i += 1) await call('GET', `/segmentos/?bbox=${BBOX}&q=consulta-${i}`, { token });
  check(misses === 0, 'every segment written was in the list read right after it (30 of 30)');
  const after = await readsAnswered();
  const [replica, primary] = [after.replica - before.replica, after.primary - before.primary];
  check(replica >= 60, `the replica answered ${replica} reads of the phase, the primary ${primary}`);
}

async function lagging(token) {
  console.log('\n## Replica replay paused: it falls behind, leaves the rotation, the writer still reads its writes');
  await replicaDb.query('SELECT pg_wal_replay_pause()');
  let misses = 0;
  const until = Date.now() + 4000;
  while (Date.now() < until) {
    const created = await create(token);
    if (created.status !== 201 || !(await readsOwnWrite(token, created.nombre))) misses += 1;
    await sleep(100);
  }
  check(misses === 0, 'writes during the pause were read back at once (from the primary)');
  const out = await replicaStatus();
  check(!out.in_rotation && out.lag_seconds > 2, `replica out of rotation, lag ${out.lag_seconds} s > 2 s`);
  await replicaDb.query('SELECT pg_wal_replay_resume()');
  const back = await waitFor('replica back in rotation', async () => (await replicaStatus()).in_rotation, 15_000);
  check(true, `replay resumed: back in rotation after ${back.toFixed(1)} s`);
}

const READS = [
  () => `/segmentos/?bbox=${BBOX}&q=${Math.random().toString(36).slice(2, 6)}`,
  () => `/segmentos/?near=${CENTRE.lat},${CENTRE.lon}&radius=${200 + Math.floor(Math.random() * 800)}`,
  () => `/red/resumen?bbox=${BBOX}`,
  () => `/tiles/segmentos/${TILE}.mvt`,
  () => `/segmentos/?bbox=${BBOX}&limit=50`,
];

async function primaryStoppedUnderLoad(token) {
  console.log('\n## Primary stopped and started under load (4 readers, 1 writer)');
  const state = { phase: 'up', running: true };
  const reads = { up: 0, down: 0, back: 0 };
  const readFailures = [];
  const acknowledged = [];
  const refused = { up: 0, down: 0, back: 0 };
  const otherWrites = [];
  const reader = async () => {
    for (let i = 0; state.running; i += 1) {
      const path = READS[i % READS.length]();
      const { status } = await call('GET', path, { token });
      if (status === 200) reads[state.phase] += 1;
      else readFailures.push(`${state.phase} ${path} → ${status}`);
    }
  };
  const writer = async () => {
    while (state.running) {
      const phase = state.phase;
      const created = await create(token);
      if (created.status === 201) acknowledged.push({ id: created.body.id_segmento, phase });
      else if (created.status === 503 && created.headers.get('retry-after')) refused[phase] += 1;
      else otherWrites.push(`${phase} → ${created.status}`);
      await sleep(50);
    }
  };
  const load = [reader(), reader(), reader(), reader(), writer()];
  await sleep(2000);
  state.phase = 'down';
  execSync(env.STOP_PRIMARY, { stdio: 'inherit' });
  const readOnly = await waitFor(
    'readiness 200 in read-only mode',
    async () => {
      const { status, body } = await call('GET', '/health/ready');
      return status === 200 && body.details.database.mode === 'read-only';
    },
    5000,
  );
  await sleep(5000);
  state.phase = 'back';
  execSync(env.START_PRIMARY, { stdio: 'inherit' });
  const resumed = await waitFor(
    'a write acknowledged after the restart',
    async () => acknowledged.some((write) => write.phase === 'back'),
    30_000,
  );
  await sleep(1000);
  state.running = false;
  await Promise.all(load);

  console.log(`reads 200: ${reads.up} before, ${reads.down} with the primary down, ${reads.back} after`);
  console.log(
    `writes: ${acknowledged.length} acknowledged (201), refused with 503 + Retry-After: ${JSON.stringify(refused)}`,
  );
  check(readFailures.length === 0, `every read answered 200 (${readFailures.slice(0, 3).join('; ') || 'none failed'})`);
  check(reads.down > 50, `reads went on with the primary down (${reads.down})`);
  check(
    otherWrites.length === 0,
    `writes were 201 or 503 + Retry-After, nothing else (${otherWrites.slice(0, 3).join('; ') || 'none'})`,
  );
  check(refused.down > 0, `writes with the primary down answered 503 + Retry-After (${refused.down})`);
  check(
    true,
    `readiness said read-only ${readOnly.toFixed(1)} s after the stop; writes resumed ${resumed.toFixed(1)} s after the start`,
  );
  const all = (await call('GET', '/health/ready')).body.details.database;
  check(all.mode === 'read-write', 'readiness back to read-write');
  return acknowledged.map((write) => write.id);
}

async function nothingLost(ids) {
  console.log('\n## Nothing acknowledged is lost');
  const count = async (db) =>
    (await db.query('SELECT count(*)::int AS n FROM segmentos WHERE id_segmento = ANY($1)', [ids])).rows[0].n;
  check(
    (await count(primaryDb)) === ids.length,
    `all ${ids.length} acknowledged writes of the load are on the primary`,
  );
  await waitFor('the replica catching up', async () => (await count(replicaDb)) === ids.length, 15_000);
  check(true, `and on the replica, streaming again`);
}

function tileOf(z, { lat, lon }) {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return `${z}/${x}/${y}`;
}

try {
  const token = await signIn();
  await readYourWrites(token);
  await lagging(token);
  await nothingLost(await primaryStoppedUnderLoad(token));
  console.log('\nreplica drill: every check passed');
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await Promise.all([primaryDb.end(), replicaDb.end()]);
}
