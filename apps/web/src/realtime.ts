import type { Api } from './api';

export type ConnectionState = 'connecting' | 'live' | 'offline';

export interface RealtimeEvent {
  type: string;
  id: number | null;
  data: unknown;
  at: string;
}

const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * The realtime channel (GET /ws): signs in with a first message (browsers cannot set headers on a
 * WebSocket), subscribes to the whole network, and reconnects with backoff — with a fresh token when
 * the server closed because the token expired (4401).
 */
export class RealtimeClient {
  private socket: WebSocket | null = null;
  private attempts = 0;
  private retry: number | undefined;
  private stopped = false;

  constructor(
    private readonly api: Api,
    private readonly path: string,
    private readonly onEvent: (event: RealtimeEvent) => void,
    private readonly onState: (state: ConnectionState) => void,
  ) {}

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.retry);
    this.socket?.close(1000);
    this.socket = null;
  }

  private async connect(): Promise<void> {
    this.onState('connecting');
    const token = await this.api.currentToken().catch(() => null);
    if (!token || this.stopped) return this.scheduleReconnect();
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${this.path}`;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => socket.send(JSON.stringify({ type: 'auth', token }));
    socket.onmessage = (message) => this.receive(socket, JSON.parse(String(message.data)) as RealtimeEvent);
    socket.onclose = () => {
      if (this.socket === socket) this.scheduleReconnect();
    };
  }

  private receive(socket: WebSocket, message: RealtimeEvent): void {
    if (message.type === 'authenticated') socket.send(JSON.stringify({ type: 'subscribe' }));
    else if (message.type === 'subscribed') {
      this.attempts = 0;
      this.onState('live');
    } else if (message.type !== 'error' && message.type !== 'unsubscribed') this.onEvent(message);
  }

  private scheduleReconnect(): void {
    this.socket = null;
    if (this.stopped) return;
    this.onState('offline');
    const delay = RETRY_MS[Math.min(this.attempts, RETRY_MS.length - 1)];
    this.attempts += 1;
    this.retry = window.setTimeout(() => void this.connect(), delay);
  }
}
