import { Injectable, Logger } from '@nestjs/common';
import type { AiCause, AiSource } from './ai-outcome';

/**
 * The one place every finished assistant request reports its outcome. Metrics (prom-client) are
 * meant to be wired in here: a counter by source and cause, and a histogram of the seconds.
 */
@Injectable()
export class AiTelemetry {
  private readonly logger = new Logger('AiTelemetry');

  recordOutcome(source: AiSource, cause: AiCause, seconds: number): void {
    this.logger.debug({ source, cause, seconds }, 'AI request finished');
  }
}
