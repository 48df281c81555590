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

export class ReplicaStatusDto {
  @ApiProperty({ example: 'replica-1', description: 'The position of its URL in DATABASE_REPLICA_URLS' })
  name: string;

  @ApiProperty({ example: true, description: 'Answering and within DATABASE_REPLICA_MAX_LAG_SECONDS: serves reads' })
  in_rotation: boolean;

  @ApiProperty({ example: 0.12, description: 'Replication lag at the last check, in seconds' })
  lag_seconds: number;

  @ApiPropertyOptional({ example: 'connect ECONNREFUSED 10.0.0.7:5432', description: 'Why it does not answer' })
  error?: string;
}

export class DatabaseHealthDto {
  @ApiProperty({ type: DatabaseStatusDto, description: 'The primary (DATABASE_URL): every write goes there' })
  database: DatabaseStatusDto;

  @ApiPropertyOptional({
    type: [ReplicaStatusDto],
    description: 'The read replicas, when DATABASE_REPLICA_URLS is set',
  })
  replicas?: ReplicaStatusDto[];
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ok', 'error'], example: 'ok' })
  status: 'ok' | 'degraded' | 'error' | 'shutting_down';

  @ApiPropertyOptional({
    description:
      'Checks that passed, by name. With read replicas, database is up while the primary or a replica ' +
      'answers, and says which: mode read-only while the primary is down (reads answer, writes 503)',
    example: {
      database: { status: 'up', mode: 'read-only', primary: 'down', replicas_in_rotation: 2 },
      redis: { status: 'up' },
    },
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
