/**
 * The load generator of npm run bench: wrk (Debian's package), C on one thread. autocannon, run in
 * the bench's own JavaScript, held the bare floor to 2 600–3 000 req/s on GET one (32 connections)
 * where wrk drives the same server to 3 900–4 500, so every ratio against the floor was inflated;
 * wrk used 0.04–0.13 of a core doing it (BENCHMARKS.md, "The load generator").
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(__dirname, 'wrk-requests.lua');
/** Requests are drawn from this many paths (and bodies) made up front. */
const SAMPLES = 5000;

export interface LoadTarget {
  port: number;
  path: () => string;
  body?: () => string;
  token?: string;
}

export interface LoadResult {
  reqPerSec: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  /** Socket errors and answers ≥ 400. */
  errors: number;
  /** Cores the generator itself used (user + system time ÷ wall time). */
  generatorCores: number;
}

export async function runLoad(target: LoadTarget, connections: number, seconds: number): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'recway-wrk-'));
  const sample = (make: () => string) => Array.from({ length: SAMPLES }, make).join('\n');
  writeFileSync(join(dir, 'paths'), sample(target.path));
  if (target.body) writeFileSync(join(dir, 'bodies'), sample(target.body));
  const env = {
    ...process.env,
    WRK_PATHS: join(dir, 'paths'),
    WRK_BODIES: target.body ? join(dir, 'bodies') : '',
    WRK_TOKEN: target.token ?? '',
  };
  // wrk gives up on a request after 2 s by default; a floor computing low-zoom tiles takes longer.
  const args = ['-f', '%U %S', 'wrk', '-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '30s', '-s', SCRIPT];
  const { stdout, stderr } = await run('/usr/bin/time', [...args, `http://127.0.0.1:${target.port}`], env);
  const line = stdout.trim().split('\n').pop() ?? '';
  const result = JSON.parse(line) as {
    requests: number;
    duration_us: number;
    p50_us: number;
    p99_us: number;
    errors: number;
  };
  const [user, system] = (stderr.trim().split('\n').pop() ?? '0 0').split(' ').map(Number);
  return {
    reqPerSec: result.requests / (result.duration_us / 1e6),
    p50: Math.round(result.p50_us / 1000),
    p99: Math.round(result.p99_us / 1000),
    errors: result.errors,
    generatorCores: (user + system) / seconds,
  };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) =>
      reject(new Error(`${command} failed: ${error.message} (apt-get install -y wrk time)`)),
    );
    child.on('close', (code) =>
      code === 0 ? resolve({ stdout, stderr }) : reject(new Error(`wrk exited ${code}: ${stderr}`)),
    );
  });
}
