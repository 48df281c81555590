import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RealtimeModule } from '../realtime/realtime.module';
import { SegmentsModule } from '../segments/segments.module';
import { NetworkController } from './network.controller';
import { NetworkRepository } from './network.repository';
import { NetworkService } from './network.service';
import { ProfileSurveysService } from './profile-surveys.service';
import { Survey } from './survey.entity';
import { SurveysController } from './surveys.controller';
import { SurveysRepository } from './surveys.repository';
import { SurveysService } from './surveys.service';

/** Road condition: surveys of segments (typed in, or computed from a profile), bands, network KPIs. */
@Module({
  imports: [TypeOrmModule.forFeature([Survey]), SegmentsModule, RealtimeModule],
  controllers: [SurveysController, NetworkController],
  providers: [SurveysService, ProfileSurveysService, SurveysRepository, NetworkService, NetworkRepository],
  exports: [SurveysService],
})
export class ConditionModule {}
