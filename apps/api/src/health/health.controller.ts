import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { ApiOperation, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@recway/common';
import type { Response } from 'express';
import { DatabaseHealthDto, LivenessDto, ReadinessDto } from './health.dto';
import { HealthService } from './health.service';

@ApiTags('health')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process serves requests (restart it when this fails)' })
  @ApiOkResponse({ type: LivenessDto, description: 'The process is alive' })
  liveness(): LivenessDto {
    return this.health.liveness();
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: database, Redis, heap, disk; 503 while shutting down (route traffic on it)' })
  @ApiOkResponse({
    type: ReadinessDto,
    description: 'Ready for traffic: database, Redis (when configured), heap, disk',
  })
  @ApiServiceUnavailableResponse({ type: ReadinessDto, description: 'Not ready (a check failed, or shutting down)' })
  async readiness(@Res({ passthrough: true }) response: Response): Promise<ReadinessDto> {
    const { ready, result } = await this.health.readiness();
    if (!ready) response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return result;
  }

  /** Probes own their body shape on failure too, so the status code is set here instead of by an exception. */
  @Get('database')
  @ApiOperation({ summary: 'Database round trip (SELECT 1) with its latency; 503 when it does not answer' })
  @ApiOkResponse({ type: DatabaseHealthDto, description: 'The database answers' })
  @ApiServiceUnavailableResponse({ type: DatabaseHealthDto, description: 'The database does not answer in time' })
  async database(@Res({ passthrough: true }) response: Response): Promise<DatabaseHealthDto> {
    const result = await this.health.database();
    if (result.database.status !== 'connected') response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return result;
  }
}
