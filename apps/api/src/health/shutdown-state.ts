import { Injectable } from '@nestjs/common';

/** Set when SIGTERM arrives, so readiness turns 503 while in-flight requests still finish. */
@Injectable()
export class ShutdownState {
  private shuttingDown = false;

  begin(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }
}
