import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export const ITEM_FORMATS = ['json', 'geojson'] as const;
export type ItemFormat = (typeof ITEM_FORMATS)[number];

export class SegmentFormatQueryDto {
  @ApiPropertyOptional({
    description: 'Output format (also: Accept: application/geo+json)',
    enum: ITEM_FORMATS,
    default: 'json',
  })
  @IsOptional()
  @IsIn(ITEM_FORMATS)
  f?: ItemFormat;
}
