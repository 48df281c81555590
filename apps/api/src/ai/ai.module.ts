import { Module } from '@nestjs/common';
import { CountersModule } from '../counters/counters.module';
import { SegmentsModule } from '../segments/segments.module';
import { AiAdmission } from './ai-admission';
import { AiController } from './ai.controller';
import { AiService } from './ai.service';
import { AiTelemetry } from './ai.telemetry';
import { ChatCompletionsClient } from './chat-completions.client';
import { SegmentContextService } from './segment-context.service';

@Module({
  imports: [SegmentsModule, CountersModule],
  controllers: [AiController],
  providers: [AiService, AiAdmission, AiTelemetry, ChatCompletionsClient, SegmentContextService],
  exports: [AiService],
})
export class AiModule {}
