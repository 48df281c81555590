import type { Logger } from '@nestjs/common';

/**
 * A warning logged at most once per interval: while a dependency is down every request fails over,
 * and one line per request would flood the log without saying more.
 */
export class OccasionalWarning {
  private lastLoggedAt = 0;

  constructor(
    private readonly logger: Logger,
    private readonly message: string,
    private readonly intervalMs = 30_000,
  ) {}

  warn(error: unknown): void {
    if (Date.now() - this.lastLoggedAt < this.intervalMs) return;
    this.lastLoggedAt = Date.now();
    this.logger.warn({ err: error }, this.message);
  }
}
