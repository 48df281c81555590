import type { EventEmitter } from 'node:events';
import type { INestApplicationContext } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';

/** Nest's `ws` adapter with WS_MESSAGE_MAX_SIZE as every server's maxPayload (a larger message: 1009). */
export class RealtimeWsAdapter extends WsAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly maxPayload: number,
  ) {
    super(app);
  }

  override create(port: number, options: Record<string, unknown> = {}): ReturnType<WsAdapter['create']> {
    return super.create(port, { ...options, maxPayload: this.maxPayload });
  }

  /**
   * A client's protocol error (a message over maxPayload, a bad frame) closes that socket with its
   * code (1009, 1002…); logging each at error level, as Nest's adapter does, would let any client
   * flood the log. Server errors are still logged.
   */
  override bindErrorHandler(server: EventEmitter): EventEmitter {
    server.on('connection', (socket: EventEmitter) => socket.on('error', () => undefined));
    server.on('error', (error: unknown) => this.logger.error(error));
    return server;
  }
}
