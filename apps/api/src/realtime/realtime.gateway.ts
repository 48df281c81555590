import type { IncomingMessage } from 'node:http';
import { BeforeApplicationShutdown, Inject, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { OnGatewayConnection, OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import { RecwayConfig } from '@recway/config';
import type { WebSocket } from 'ws';
import { AccessTokenVerifier } from '../auth/access-token.verifier';
import { MetricsService } from '../metrics/metrics.service';
import { RealtimeEventsService } from './realtime-events.service';
import { CLOSE, RealtimeSession, SessionLimits } from './realtime-session';

const AUTH_TIMEOUT_MS = 5_000;
const MAX_BUFFERED_BYTES = 1024 * 1024;
const MAX_BAD_MESSAGES = 5;
const SWEEP_EVERY_MS = 250;

/**
 * The realtime channel, `GET /ws` on the API port (protocol in the README): authenticated clients
 * subscribe (optionally to a bbox) and receive segment and survey events from every instance. Limits
 * come from WS_HEARTBEAT_INTERVAL, WS_MAX_CONNECTIONS, WS_MESSAGE_MAX_SIZE (the adapter's maxPayload:
 * 1009) and WS_CONNECTION_TIMEOUT.
 */
@WebSocketGateway({ path: '/ws' })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, BeforeApplicationShutdown, OnModuleDestroy {
  private readonly sessions = new Map<WebSocket, RealtimeSession>();
  private readonly limits: SessionLimits;
  private readonly maxConnections: number;
  private sweeper?: NodeJS.Timeout;
  private stopListening?: () => void;

  constructor(
    private readonly events: RealtimeEventsService,
    private readonly verifier: AccessTokenVerifier,
    private readonly metrics: MetricsService,
    @Inject(ConfigService) config: ConfigService<RecwayConfig, true>,
  ) {
    const ws = config.get('ws', { infer: true });
    this.maxConnections = ws.maxConnections;
    this.limits = {
      heartbeatMs: ws.heartbeatIntervalSeconds * 1000,
      idleMs: ws.connectionTimeoutSeconds * 1000,
      authTimeoutMs: AUTH_TIMEOUT_MS,
      maxBufferedBytes: MAX_BUFFERED_BYTES,
      maxBadMessages: MAX_BAD_MESSAGES,
    };
  }

  afterInit(): void {
    this.stopListening = this.events.onEvent((event) => this.sessions.forEach((session) => session.deliver(event)));
    this.sweeper = setInterval(() => {
      const now = Date.now();
      this.sessions.forEach((session) => session.sweep(now));
    }, SWEEP_EVERY_MS).unref();
  }

  async handleConnection(socket: WebSocket, request: IncomingMessage): Promise<void> {
    if (this.sessions.size >= this.maxConnections) {
      this.metrics.wsDrops.inc({ reason: 'capacity' });
      socket.close(CLOSE.tryLater, 'try again later');
      return;
    }
    const session = new RealtimeSession(socket, this.limits, {
      verify: (credential) => this.verifier.verify(credential),
      sent: (type) => this.metrics.wsEventsSent.inc({ type }),
      dropped: (reason) => this.metrics.wsDrops.inc({ reason }),
    });
    this.sessions.set(socket, session);
    this.metrics.wsConnections.set(this.sessions.size);
    socket.on('close', () => {
      this.sessions.delete(socket);
      this.metrics.wsConnections.set(this.sessions.size);
    });
    await session.start(request);
  }

  /** After readiness has turned 503 and before the server stops: every client is told to go (1001). */
  beforeApplicationShutdown(): void {
    this.sessions.forEach((session) => session.close(CLOSE.goingAway, 'server shutting down'));
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
    this.stopListening?.();
  }
}
