import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SegmentsModule } from '../segments/segments.module';
import { ProfileSurveysService } from './profile-surveys.service';
import { Survey } from './survey.entity';
import { SurveysController } from './surveys.controller';
import { SurveysRepository } from './surveys.repository';
import { SurveysService } from './surveys.service';

/** Road condition: surveys of segments (typed in, or computed from a profile) and their bands. */
@Module({
  imports: [TypeOrmModule.forFeature([Survey]), SegmentsModule],
  controllers: [SurveysController],
  providers: [SurveysService, ProfileSurveysService, SurveysRepository],
  exports: [SurveysService],
})
export class ConditionModule {}
