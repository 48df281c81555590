import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppCacheModule } from '../cache/cache.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { Segment } from './segment.entity';
import { SegmentsCache } from './segments.cache';
import { SegmentsController } from './segments.controller';
import { SegmentsRepository } from './segments.repository';
import { SegmentsImportService } from './segments-import.service';
import { SegmentsService } from './segments.service';

@Module({
  imports: [TypeOrmModule.forFeature([Segment]), AppCacheModule, IdempotencyModule, RealtimeModule],
  controllers: [SegmentsController],
  providers: [SegmentsService, SegmentsImportService, SegmentsRepository, SegmentsCache],
  exports: [SegmentsService],
})
export class SegmentsModule {}
