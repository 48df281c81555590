import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class LivenessDto {
  @ApiProperty({ example: 'healthy', description: 'Always "healthy" while the process serves requests' })
  status: 'healthy';

  @ApiProperty({ example: '2026-11-25T10:00:00.000Z', description: 'Server time, ISO 8601 UTC' })
  timestamp: string;

  @ApiProperty({ example: 3600.5, description: 'Seconds since the process started' })
  uptime: number;

  @ApiProperty({ example: '1.0.0', description: 'PROJECT_VERSION' })
  version: string;
}

export class DatabaseStatusDto {
  @ApiProperty({ enum: ['connected', 'disconnected'], example: 'connected' })
  status: 'connected' | 'disconnected';

  @ApiProperty({ example: 1.42, description: 'Round trip of SELECT 1, in milliseconds' })
  latency_ms: number;

  @ApiPropertyOptional({ example: 'no answer within 2000 ms', description: 'Why the database is disconnected' })
  error?: string;
}

export class DatabaseHealthDto {
  @ApiProperty({ type: DatabaseStatusDto })
  database: DatabaseStatusDto;
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ok', 'error'], example: 'ok' })
  status: 'ok' | 'degraded' | 'error' | 'shutting_down';

  @ApiPropertyOptional({
    description: 'Checks that passed, by name',
    example: { database: { status: 'up' }, redis: { status: 'up' } },
  })
  info?: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'Checks that failed, by name, with the reason',
    example: { redis: { status: 'down', message: 'The client is closed' } },
  })
  error?: Record<string, unknown>;

  @ApiProperty({
    description: 'Every check: shutdown, database, redis (when REDIS_URL is set), memory_heap, disk',
    example: {
      shutdown: { status: 'up' },
      database: { status: 'up' },
      redis: { status: 'up' },
      memory_heap: { status: 'up' },
      disk: { status: 'up' },
    },
  })
  details: Record<string, unknown>;
}
