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
}
