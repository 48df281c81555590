import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { RealtimeEvent } from './realtime-event';
import { RealtimeSession } from './realtime-session';

/** Just enough of a `ws` socket to watch what the session does with it (the socket is not the subject). */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readonly CONNECTING = 0;
  readyState = 1;
  bufferedAmount = 0;
  sent: Record<string, unknown>[] = [];
  pings = 0;
  terminated = false;
  closedWith?: [number, string];
  send(text: string): void {
    this.sent.push(JSON.parse(text) as Record<string, unknown>);
  }
  ping(): void {
    this.pings += 1;
  }
  terminate(): void {
    this.terminated = true;
  }
  close(code: number, reason: string): void {
    this.closedWith = [code, reason];
  }
}

const LIMITS = { heartbeatMs: 1000, idleMs: 60_000, authTimeoutMs: 5000, maxBufferedBytes: 1000, maxBadMessages: 5 };
const EVENT: RealtimeEvent = { type: 'segmento.creado', id: 1, data: {}, at: 'now', bounds: [[1, 1, 1, 1]] };

async function signedIn(): Promise<{ socket: FakeSocket; session: RealtimeSession; drops: string[] }> {
  const socket = new FakeSocket();
  const drops: string[] = [];
  const session = new RealtimeSession(socket as unknown as WebSocket, LIMITS, {
    verify: () => Promise.resolve({ user: { id: 'u', role: 'viewer', mustChangePassword: false } }),
    sent: () => undefined,
    dropped: (reason) => drops.push(reason),
  });
  await session.start({ headers: { authorization: 'Bearer anything' } } as IncomingMessage);
  return { socket, session, drops };
}

async function message(socket: FakeSocket, value: unknown): Promise<void> {
  socket.emit('message', Buffer.from(JSON.stringify(value)), false);
  await new Promise((resolve) => setImmediate(resolve));
}

describe(RealtimeSession.name, () => {
  it('should drop a slow consumer instead of buffering more for it', async () => {
    const { socket, session, drops } = await signedIn();
    await message(socket, { type: 'subscribe' });
    session.deliver(EVENT);
    expect(socket.sent.map((sent) => sent.type)).toEqual(['authenticated', 'subscribed', 'segmento.creado']);
    socket.bufferedAmount = 1001;
    session.deliver(EVENT);
    expect(socket.terminated).toBe(true);
    expect(drops).toEqual(['slow_consumer']);
  });

  it('should send only events that meet the bbox, and nothing before a subscription', async () => {
    const { socket, session } = await signedIn();
    session.deliver(EVENT);
    await message(socket, { type: 'subscribe', bbox: [10, 10, 20, 20] });
    session.deliver(EVENT);
    session.deliver({ ...EVENT, bounds: [[15, 15, 15, 15]] });
    session.deliver({ ...EVENT, bounds: [] });
    expect(socket.sent.filter((sent) => sent.type === 'segmento.creado')).toHaveLength(2);
  });

  it('should ping every heartbeat and terminate after two unanswered pings', async () => {
    const { socket, session, drops } = await signedIn();
    const start = Date.now();
    session.sweep(start + 1000);
    session.sweep(start + 2000);
    expect(socket.pings).toBe(2);
    session.sweep(start + 3000);
    expect(socket.terminated).toBe(true);
    expect(drops).toEqual(['missed_pongs']);
  });
});
