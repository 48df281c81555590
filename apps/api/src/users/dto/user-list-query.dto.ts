import { ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_SKIP } from '@recway/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class UserListQueryDto {
  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: MAX_SKIP })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_SKIP)
  skip = 0;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit = 100;
}
