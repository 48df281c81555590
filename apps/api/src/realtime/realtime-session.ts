import type { IncomingMessage } from 'node:http';
import { type AuthenticatedUser, bearerToken } from '@recway/common';
import type { WebSocket } from 'ws';
import type { VerifiedCaller } from '../auth/access-token.verifier';
import { type Bounds, intersects, type RealtimeEvent } from './realtime-event';

export interface SessionLimits {
  heartbeatMs: number;
  idleMs: number;
  authTimeoutMs: number;
  /** Past this many bytes waiting to be sent, a slow consumer is dropped rather than buffered. */
  maxBufferedBytes: number;
  /** Unknown or malformed messages tolerated before the socket is closed (1008). */
  maxBadMessages: number;
}

export interface SessionHooks {
  verify(credential: string): Promise<VerifiedCaller | undefined>;
  sent(type: string): void;
  dropped(reason: string): void;
}

/** Close codes of the protocol (README, "Realtime channel"). */
export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  policy: 1008,
  tooBig: 1009,
  tryLater: 1013,
  unauthorized: 4401,
} as const;

/**
 * One client of the realtime channel: authentication (the upgrade's Authorization header, or a first
 * `auth` message within the time allowed), its subscription, liveness, and what it is sent.
 */
export class RealtimeSession {
  private user?: AuthenticatedUser;
  /** undefined: not subscribed; null: the whole network. */
  private bbox?: Bounds | null;
  private lastActivity = Date.now();
  private lastPing = Date.now();
  private unansweredPings = 0;
  private badMessages = 0;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly socket: WebSocket,
    private readonly limits: SessionLimits,
    private readonly hooks: SessionHooks,
  ) {
    socket.on('message', (data: Buffer, isBinary) => void this.receive(isBinary ? undefined : data.toString('utf8')));
    socket.on('pong', () => {
      this.unansweredPings = 0;
      this.lastActivity = Date.now();
    });
    socket.on('close', () => this.timers.forEach(clearTimeout));
  }

  /** The upgrade may carry `Authorization: Bearer <jwt | rwk_…>`; else the first message must. */
  async start(request: IncomingMessage): Promise<void> {
    const bearer = bearerToken(request.headers.authorization);
    if (bearer !== undefined) {
      await this.authenticate(bearer);
      return;
    }
    this.timers.push(
      setTimeout(() => {
        if (!this.user) this.close(CLOSE.unauthorized, 'authentication timeout: send {"type":"auth","token":"…"}');
      }, this.limits.authTimeoutMs),
    );
  }

  /** Heartbeat and idleness, checked by the gateway's sweep. */
  sweep(now: number): void {
    if (now - this.lastActivity >= this.limits.idleMs) {
      this.close(CLOSE.normal, 'idle');
      return;
    }
    if (now - this.lastPing < this.limits.heartbeatMs) return;
    if (this.unansweredPings >= 2) {
      this.hooks.dropped('missed_pongs');
      this.socket.terminate();
      return;
    }
    this.unansweredPings += 1;
    this.lastPing = now;
    this.socket.ping();
  }

  deliver(event: RealtimeEvent): void {
    if (!this.user || this.bbox === undefined) return;
    const box = this.bbox;
    if (box && event.bounds.length > 0 && !event.bounds.some((bounds) => intersects(bounds, box))) return;
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) {
      this.hooks.dropped('slow_consumer');
      this.socket.terminate();
      return;
    }
    this.send({ type: event.type, id: event.id, data: event.data, at: event.at });
    this.hooks.sent(event.type);
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      this.socket.close(code, reason);
    }
  }

  private async receive(text: string | undefined): Promise<void> {
    this.lastActivity = Date.now();
    const message = parse(text);
    if (message?.type === 'auth' && typeof message.token === 'string' && !this.user) {
      await this.authenticate(message.token);
    } else if (!this.user) {
      this.close(CLOSE.unauthorized, 'authenticate first: {"type":"auth","token":"…"}');
    } else if (message?.type === 'subscribe') {
      this.subscribe(message.bbox);
    } else if (message?.type === 'unsubscribe' && Object.keys(message).length === 1) {
      this.bbox = undefined;
      this.send({ type: 'unsubscribed' });
    } else {
      this.refuse('unknown or malformed message; expected subscribe, unsubscribe or auth');
    }
  }

  private subscribe(raw: unknown): void {
    const bbox = raw === undefined ? null : parseBbox(raw);
    if (bbox === undefined) {
      this.refuse('bbox must be [minLon, minLat, maxLon, maxLat] in degrees, with min ≤ max');
      return;
    }
    this.bbox = bbox;
    this.send({ type: 'subscribed', bbox });
  }

  private async authenticate(credential: string): Promise<void> {
    const verified = await this.hooks.verify(credential);
    if (!verified || verified.user.mustChangePassword) {
      this.close(CLOSE.unauthorized, verified ? 'change your password first' : 'invalid or expired credentials');
      return;
    }
    this.user = verified.user;
    this.send({ type: 'authenticated' });
    if (verified.expiresAt !== undefined) {
      // A revoked role must not keep listening: the socket ends with its token.
      const remaining = Math.max(0, verified.expiresAt - Date.now());
      this.timers.push(setTimeout(() => this.close(CLOSE.unauthorized, 'token expired'), remaining));
    }
  }

  private refuse(error: string): void {
    this.badMessages += 1;
    if (this.badMessages > this.limits.maxBadMessages) {
      this.hooks.dropped('bad_messages');
      this.close(CLOSE.policy, 'too many malformed messages');
      return;
    }
    this.send({ type: 'error', error });
  }

  private send(message: object): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }
}

function parse(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function parseBbox(raw: unknown): Bounds | undefined {
  if (!Array.isArray(raw) || raw.length !== 4 || !raw.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    return undefined;
  }
  const [minLon, minLat, maxLon, maxLat] = raw as number[];
  const inRange =
    [minLon, maxLon].every((lon) => lon >= -180 && lon <= 180) &&
    [minLat, maxLat].every((lat) => lat >= -90 && lat <= 90);
  return inRange && minLon <= maxLon && minLat <= maxLat ? [minLon, minLat, maxLon, maxLat] : undefined;
}
