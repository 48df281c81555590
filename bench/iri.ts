/**
 * The IRI engine on 100 000 samples (25 km at 0.25 m, one wheel path), median of 7 runs, against a
 * floor in the same process: one pass that only computes the slope series the engine also computes.
 * Target (issue 14): under 1 s. Also what a profile upload adds before it: reading the CSV of two
 * wheel paths (~2 MB), streamed in 64 KiB chunks, with every line checked.
 */
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { readProfile } from '../apps/api/src/condition/profile-csv.reader';
import { computeIri } from '../libs/iri/src';

const SAMPLES = 100_001;
const SPACING = 0.25;
const RUNS = 7;

function profile(): Float64Array {
  let seed = 7;
  const noise = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 0.002;
  return Float64Array.from({ length: SAMPLES }, (_, i) => 0.01 * Math.sin(i * SPACING * 0.7) + noise());
}

function slopeFloor(elevations: Float64Array): number {
  let sum = 0;
  for (let i = 1; i < elevations.length; i++) sum += Math.abs((elevations[i] - elevations[i - 1]) / SPACING);
  return sum;
}

function medianMs(work: () => unknown): number {
  const times = Array.from({ length: RUNS }, () => {
    const start = performance.now();
    work();
    return performance.now() - start;
  }).sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)];
}

function profileCsv(elevations: Float64Array): Buffer {
  const lines = ['distancia_m,izquierda_mm,derecha_mm'];
  elevations.forEach((metres, i) => {
    const mm = (metres * 1000).toFixed(2);
    lines.push(`${(i * SPACING).toFixed(2)},${mm},${mm}`);
  });
  return Buffer.from(lines.join('\n'));
}

function chunksOf(buffer: Buffer): Readable {
  const chunks = function* () {
    for (let offset = 0; offset < buffer.length; offset += 65_536) yield buffer.subarray(offset, offset + 65_536);
  };
  return Readable.from(chunks());
}

export async function benchIri(): Promise<string> {
  const elevations = profile();
  computeIri(elevations, SPACING, 100); // warm-up
  const engine = medianMs(() => computeIri(elevations, SPACING, 100));
  const floor = medianMs(() => slopeFloor(elevations));
  const csv = profileCsv(elevations);
  const readStart = performance.now();
  await readProfile(chunksOf(csv));
  const read = performance.now() - readStart;
  return (
    `IRI engine, ${SAMPLES - 1} intervals (25 km at 0.25 m), 100 m sections: median ${engine.toFixed(1)} ms ` +
    `(target < 1000 ms); slope-only floor ${floor.toFixed(2)} ms, ratio ${(engine / floor).toFixed(1)}×; ` +
    `reading its two-path CSV (${(csv.length / 1e6).toFixed(1)} MB): ${read.toFixed(0)} ms`
  );
}

if (require.main === module) void benchIri().then((line) => console.log(line));
