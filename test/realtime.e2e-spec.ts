import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { NestExpressApplication } from '@nestjs/platform-express';
import { WebSocket } from 'ws';
import { ApiKeysService } from '../apps/api/src/api-keys/api-keys.service';
import { agentFor, signIn, type TestUser } from './support/auth';
import { TcpProxy } from './support/tcp-proxy';
import { startTestApp, TEST_SECRET_KEY, testRedisUrl } from './support/test-app';

const SEGMENTOS = '/api/v1/segmentos/';
type Message = Record<string, unknown> & { type: string };

/** A real `ws` client that records what it receives and how it was closed. */
class Client {
  readonly messages: Message[] = [];
  closed?: { code: number; reason: string };
  private readonly socket: WebSocket;
  private readonly opened: Promise<unknown>;

  constructor(app: NestExpressApplication, headers: Record<string, string> = {}, options: { autoPong?: boolean } = {}) {
    const { port } = (app.getHttpServer() as { address(): AddressInfo }).address();
    this.socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers, autoPong: options.autoPong ?? true });
    this.socket.on('message', (data: Buffer) => this.messages.push(JSON.parse(data.toString('utf8')) as Message));
    this.socket.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
    this.socket.on('error', () => undefined);
    this.opened = new Promise((resolve) => this.socket.once('open', resolve));
  }

  /** Sends once the connection is open (fire and forget, like a browser's queue). */
  send(message: unknown): void {
    void this.opened.then(() => this.socket.send(typeof message === 'string' ? message : JSON.stringify(message)));
  }

  async next(type: string, timeoutMs = 1000): Promise<Message> {
    const found = await until(() => this.messages.find((message) => message.type === type), timeoutMs);
    if (!found) throw new Error(`no ${type} within ${timeoutMs} ms; got ${JSON.stringify(this.messages)}`);
    this.messages.splice(this.messages.indexOf(found), 1);
    return found;
  }

  async closedWith(timeoutMs = 3000): Promise<{ code: number; reason: string }> {
    const closed = await until(() => this.closed, timeoutMs);
    if (!closed) throw new Error(`still open after ${timeoutMs} ms`);
    return closed;
  }

  close(): void {
    this.socket.close();
  }
}

async function until<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function listening(overrides: Record<string, string | undefined> = {}): Promise<NestExpressApplication> {
  const app = await startTestApp(overrides);
  await app.listen(0, '127.0.0.1');
  return app;
}

/** A validly signed access token that expires in `seconds`. */
function shortToken(user: TestUser, seconds: number): string {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    sub: user.id,
    role: 'viewer',
    typ: 'access',
    iss: 'RecWay',
    aud: 'api',
    iat: now,
    exp: now + seconds,
  };
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${unsigned}.${createHmac('sha256', TEST_SECRET_KEY).update(unsigned).digest('base64url')}`;
}

describe('Realtime channel (GET /ws)', () => {
  let app: NestExpressApplication;
  let editor: TestUser;
  const clients: Client[] = [];
  const open = (headers?: Record<string, string>, options?: { autoPong?: boolean }) => {
    const client = new Client(app, headers, options);
    clients.push(client);
    return client;
  };
  const subscribed = async (bbox?: number[]) => {
    const client = open({ Authorization: `Bearer ${editor.token}` });
    await client.next('authenticated');
    client.send(bbox ? { type: 'subscribe', bbox } : { type: 'subscribe' });
    await client.next('subscribed');
    return client;
  };

  beforeAll(async () => {
    app = await listening({ WS_MESSAGE_MAX_SIZE: '4096', WS_MAX_CONNECTIONS: '20' });
    editor = await signIn(app, 'editor');
  });

  afterEach(() => clients.splice(0).forEach((client) => client.close()));

  afterAll(async () => {
    await app.close();
  });

  it('should send a created, updated and deleted segment to a subscriber, as the REST API answers it', async () => {
    const client = await subscribed();
    const created = await agentFor(app, editor)
      .post(SEGMENTOS)
      .send({ nombre: 'en vivo', longitud: 10, latitud: 10 })
      .expect(201);
    const event = await client.next('segmento.creado');
    expect(event).toEqual({
      type: 'segmento.creado',
      id: created.body.id_segmento,
      data: created.body,
      at: expect.any(String),
    });
    const updated = await agentFor(app, editor)
      .patch(`${SEGMENTOS}${created.body.id_segmento}`)
      .send({ nombre: 'renombrado' })
      .expect(200);
    expect((await client.next('segmento.actualizado')).data).toEqual(updated.body);
    await agentFor(app, editor)
      .post(`${SEGMENTOS}${created.body.id_segmento}/inspecciones`)
      .send({ fecha: '2026-01-01', iri_m_km: 3, metodo: 'otro' })
      .expect(201);
    const survey = await client.next('inspeccion.creada');
    expect(survey.data).toMatchObject({ banda: 'regular' });
    await agentFor(app, editor)
      .delete(`${SEGMENTOS}${created.body.id_segmento}/inspecciones/${survey.id as number}`)
      .expect(204);
    expect(await client.next('inspeccion.eliminada')).toMatchObject({
      id: survey.id,
      data: { id_inspeccion: survey.id, id_segmento: created.body.id_segmento },
    });
    await agentFor(app, editor).delete(`${SEGMENTOS}${created.body.id_segmento}`).expect(204);
    expect((await client.next('segmento.eliminado')).data).toEqual({ id_segmento: created.body.id_segmento });
  });

  it('should filter by bbox: inside, outside, and moved out of it', async () => {
    const client = await subscribed([20, 20, 21, 21]);
    await agentFor(app, editor).post(SEGMENTOS).send({ nombre: 'fuera', longitud: 50, latitud: 50 }).expect(201);
    const inside = await agentFor(app, editor)
      .post(SEGMENTOS)
      .send({ nombre: 'dentro', longitud: 20.5, latitud: 20.5 })
      .expect(201);
    expect((await client.next('segmento.creado')).id).toBe(inside.body.id_segmento);
    await agentFor(app, editor).patch(`${SEGMENTOS}${inside.body.id_segmento}`).send({ longitud: 60 }).expect(200);
    expect((await client.next('segmento.actualizado')).id).toBe(inside.body.id_segmento);
    expect(client.messages).toEqual([]); // "fuera" never came
  });

  it('should accept an API key in a first auth message, and send nothing for refused or replayed writes', async () => {
    const { clave } = await app
      .get(ApiKeysService)
      .create({ id: editor.id, role: 'viewer', mustChangePassword: false }, { nombre: 'ws' });
    const client = open();
    client.send({ type: 'auth', token: clave });
    await client.next('authenticated');
    client.send({ type: 'subscribe' });
    await client.next('subscribed');
    await agentFor(app, editor).post(SEGMENTOS).send({ nombre: '' }).expect(422);
    const first = await agentFor(app, editor)
      .post(SEGMENTOS)
      .set('Idempotency-Key', `ws-${Date.now()}`)
      .send({ nombre: 'una vez', longitud: 1, latitud: 1 })
      .expect(201);
    await client.next('segmento.creado');
    await agentFor(app, editor)
      .post(SEGMENTOS)
      .set('Idempotency-Key', first.request.getHeader('Idempotency-Key'))
      .send({ nombre: 'una vez', longitud: 1, latitud: 1 })
      .expect(201);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(client.messages).toEqual([]);
  });

  it('should answer bad messages with errors, then close 1008; and close 1009 for a message over the limit', async () => {
    const client = await subscribed();
    for (const bad of ['not json', { type: 'dance' }, { type: 'subscribe', bbox: [1, 2, 3] }]) client.send(bad);
    expect((await client.next('error')).error).toEqual(expect.any(String));
    for (let i = 0; i < 4; i++) client.send({ type: 'nope' });
    expect(await client.closedWith()).toEqual({ code: 1008, reason: 'too many malformed messages' });
    const big = await subscribed();
    big.send({ type: 'subscribe', padding: 'x'.repeat(5000) });
    expect((await big.closedWith()).code).toBe(1009);
  });

  it('should close 4401 for a bad token, a message before auth, and no auth within 5 s', async () => {
    expect((await open({ Authorization: 'Bearer nope' }).closedWith()).code).toBe(4401);
    const early = open();
    early.send({ type: 'subscribe' });
    expect((await early.closedWith()).code).toBe(4401);
    const silent = open();
    expect(await silent.closedWith(7000)).toEqual({
      code: 4401,
      reason: expect.stringContaining('authentication timeout'),
    });
  });

  it('should close 4401 when the token expires while connected', async () => {
    const client = open({ Authorization: `Bearer ${shortToken(editor, 2)}` });
    await client.next('authenticated');
    expect(await client.closedWith(4000)).toEqual({ code: 4401, reason: 'token expired' });
  });
});

describe('Realtime channel limits', () => {
  it('should refuse connections past WS_MAX_CONNECTIONS with 1013', async () => {
    const app = await listening({ WS_MAX_CONNECTIONS: '2' });
    try {
      const clients = [new Client(app), new Client(app)];
      await new Promise((resolve) => setTimeout(resolve, 200));
      const third = new Client(app);
      expect(await third.closedWith()).toEqual({ code: 1013, reason: 'try again later' });
      clients.forEach((client) => client.close());
    } finally {
      await app.close();
    }
  });

  it('should close an idle connection with 1000, drop a peer that misses two pongs, and say 1001 at shutdown', async () => {
    const app = await listening({ WS_CONNECTION_TIMEOUT: '1', WS_HEARTBEAT_INTERVAL: '30' });
    const user = await signIn(app, 'viewer');
    const idle = new Client(app, { Authorization: `Bearer ${user.token}` });
    expect(await idle.closedWith(3000)).toEqual({ code: 1000, reason: 'idle' });
    await app.close();
    const deaf = await listening({ WS_CONNECTION_TIMEOUT: '300', WS_HEARTBEAT_INTERVAL: '1' });
    const deafUser = await signIn(deaf, 'viewer');
    const silent = new Client(deaf, { Authorization: `Bearer ${deafUser.token}` }, { autoPong: false });
    expect((await silent.closedWith(5000)).code).toBe(1006); // terminated: no close frame
    const live = new Client(deaf, { Authorization: `Bearer ${deafUser.token}` });
    await live.next('authenticated');
    await deaf.close();
    expect(await live.closedWith()).toEqual({ code: 1001, reason: 'server shutting down' });
  });
});

const redisUrl = testRedisUrl();
(redisUrl ? describe : describe.skip)('Realtime channel across instances (real Redis)', () => {
  it('should deliver a write on instance A to a subscriber on instance B within 1 s', async () => {
    const a = await listening({ REDIS_URL: redisUrl });
    const b = await listening({ REDIS_URL: redisUrl });
    try {
      const editor = await signIn(a, 'editor');
      const client = new Client(b, { Authorization: `Bearer ${editor.token}` });
      await client.next('authenticated');
      client.send({ type: 'subscribe' });
      await client.next('subscribed');
      const created = await agentFor(a, editor)
        .post(SEGMENTOS)
        .send({ nombre: 'de A a B', longitud: 5, latitud: 5 })
        .expect(201);
      const event = await client.next('segmento.creado', 1000);
      expect(event.id).toBe(created.body.id_segmento);
      client.close();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('should pause events while Redis is down (REST unaffected) and resume when it is back', async () => {
    const { proxy, url } = await TcpProxy.in(redisUrl as string);
    const app = await listening({ REDIS_URL: url });
    try {
      const editor = await signIn(app, 'editor');
      const client = new Client(app, { Authorization: `Bearer ${editor.token}` });
      await client.next('authenticated');
      client.send({ type: 'subscribe' });
      await client.next('subscribed');
      const create = (nombre: string) =>
        agentFor(app, editor).post(SEGMENTOS).send({ nombre, longitud: 6, latitud: 6 }).expect(201);
      await create('antes');
      expect((await client.next('segmento.creado', 2000)).data).toMatchObject({ nombre: 'antes' });
      await proxy.cut();
      await create('durante'); // REST keeps working; the event is dropped, not queued
      await proxy.restore();
      // The subscriber reconnects with backoff (≤ 5 s), then events flow again.
      const resumed = await until(async () => {
        await create('después');
        return client.messages.find((message) => (message.data as { nombre?: string }).nombre === 'después');
      }, 12_000);
      expect(resumed).toBeDefined();
      expect(client.messages.some((message) => (message.data as { nombre?: string }).nombre === 'durante')).toBe(false);
      expect(client.closed).toBeUndefined();
      client.close();
    } finally {
      await app.close();
      await proxy.cut();
    }
  }, 30_000);
});
