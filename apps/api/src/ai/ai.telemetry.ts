import { Injectable, Logger } from '@nestjs/common';
import { MetricsService } from '../metrics/metrics.service';
import type { AiCause, AiSource } from './ai-outcome';

/** The one place every finished assistant request reports its outcome: metrics and a debug line. */
@Injectable()
export class AiTelemetry {
  private readonly logger = new Logger('AiTelemetry');

  constructor(private readonly metrics: MetricsService) {}

  recordOutcome(source: AiSource, cause: AiCause, seconds: number): void {
    this.metrics.aiRequests.inc({ source, cause });
    this.metrics.aiRequestDuration.observe({ source }, seconds);
    this.logger.debug({ source, cause, seconds }, 'AI request finished');
  }
}
