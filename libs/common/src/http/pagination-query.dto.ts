import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_SKIP } from './pagination-links';

export const MAX_LIMIT = 1000;

/** `skip` / `limit` of every list, as the FastAPI system named them. */
export class PaginationQueryDto {
  @ApiPropertyOptional({ description: 'Rows to skip', default: 0, minimum: 0, maximum: MAX_SKIP })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_SKIP)
  skip = 0;

  @ApiPropertyOptional({ description: 'Rows to return', default: 100, minimum: 1, maximum: MAX_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit = 100;
}
