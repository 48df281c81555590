/**
 * The realtime channel under fan-out: SUBSCRIBERS WebSocket clients on one instance, then writes, each
 * fanned out to all of them. Reports the delivery latency (from just before the POST to each client's
 * receipt: it includes the write itself) and the server's RSS before and after the sockets.
 * Targets (issue 16): p99 < 250 ms; RSS growth < 200 MB for 2 000 sockets.
 */
import { readFileSync } from 'node:fs';
import { WebSocket } from 'ws';

const SUBSCRIBERS = Number(process.env.BENCH_WS_SUBSCRIBERS ?? 2000);
const WRITES = 20;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function subscriber(port: number, token: string, onEvent: (id: number) => void): Promise<WebSocket> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { Authorization: `Bearer ${token}` } });
  await new Promise<void>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { type: string; id: number };
      if (message.type === 'authenticated') socket.send(JSON.stringify({ type: 'subscribe' }));
      else if (message.type === 'subscribed') resolve();
      else if (message.type === 'segmento.creado') onEvent(message.id);
    });
  });
  return socket;
}

export async function benchRealtime(port: number, pid: number, token: string): Promise<string> {
  const before = rssMb(pid);
  const arrivals = new Map<number, number[]>();
  const sockets: WebSocket[] = [];
  for (let i = 0; i < SUBSCRIBERS; i += 100) {
    const batch = Array.from({ length: Math.min(100, SUBSCRIBERS - i) }, () =>
      subscriber(port, token, (id) => {
        // The event may arrive before the POST's answer: record it under its id either way.
        const times = arrivals.get(id) ?? [];
        times.push(performance.now());
        arrivals.set(id, times);
      }),
    );
    sockets.push(...(await Promise.all(batch)));
  }
  const connected = rssMb(pid);
  const latencies: number[] = [];
  for (let write = 0; write < WRITES; write++) {
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/segmentos/`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ nombre: `fan-out ${write}`, longitud: -74.1, latitud: 4.6 }),
    });
    const { id_segmento: id } = (await response.json()) as { id_segmento: number };
    const deadline = Date.now() + 5000;
    const received = () => arrivals.get(id) ?? [];
    while (received().length < SUBSCRIBERS && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 5));
    const times = received();
    latencies.push(...times.map((at) => at - started));
    if (times.length < SUBSCRIBERS) latencies.push(...Array(SUBSCRIBERS - times.length).fill(Infinity));
  }
  sockets.forEach((socket) => socket.terminate());
  const sorted = latencies.sort((a, b) => a - b);
  const missed = sorted.filter((value) => value === Infinity).length;
  return (
    `Realtime fan-out: ${SUBSCRIBERS} subscribers × ${WRITES} writes: delivery p50 ${percentile(sorted, 50).toFixed(0)} ms, ` +
    `p99 ${percentile(sorted, 99).toFixed(0)} ms (target < 250 ms)${missed ? `, ${missed} not delivered in 5 s` : ''}; ` +
    `server RSS ${before.toFixed(0)} → ${connected.toFixed(0)} MB with the sockets (+${(connected - before).toFixed(0)} MB, target < 200 MB)`
  );
}
