import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AllExceptionsFilter, RequestValidationPipe } from '@recway/common';
import { RecwayConfigModule } from '@recway/config';
import { DatabaseModule } from '@recway/database';
import { AiModule } from './ai/ai.module';
import { AuthModule } from './auth/auth.module';
import { ConditionModule } from './condition/condition.module';
import { LoggingModule } from './bootstrap/logging.module';
import { GisModule } from './gis/gis.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { ReplicasModule } from './replicas/replicas.module';
import { SegmentsModule } from './segments/segments.module';
import { UsersModule } from './users/users.module';
import { WebModule } from './web/web.module';

@Module({
  imports: [
    RecwayConfigModule,
    LoggingModule,
    MetricsModule,
    DatabaseModule.forRoot(),
    ReplicasModule,
    RateLimitModule,
    AuthModule,
    UsersModule,
    HealthModule,
    SegmentsModule,
    ConditionModule,
    GisModule,
    AiModule,
    WebModule,
  ],
  providers: [
    { provide: APP_PIPE, useClass: RequestValidationPipe },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
})
export class AppModule {}
