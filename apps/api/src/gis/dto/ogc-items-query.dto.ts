import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsStorableText, MAX_SKIP, MaxCodePoints, ParsedWith } from '@recway/common';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Max, Min } from 'class-validator';
// Types in decorated properties must be type-only imports: ESM specs compile file by file.
import type { Bbox } from '../../segments/segment-query.params';
import { parseBandNames, parseBbox } from '../../segments/segment-query.params';
import type { DateInterval } from '../ogc-datetime';
import { parseOgcDatetime } from '../ogc-datetime';

export const OGC_MAX_LIMIT = 10_000;
export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

/** Query of `/ogc/collections/segmentos/items` (OGC API – Features Part 1, plus two property filters). */
export class OgcItemsQueryDto {
  @ApiPropertyOptional({ description: 'Features per page', default: 100, minimum: 1, maximum: OGC_MAX_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(OGC_MAX_LIMIT)
  limit: number = 100;

  @ApiPropertyOptional({ description: 'Features to skip (the `next` link carries it)', default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_SKIP)
  offset: number = 0;

  @ApiPropertyOptional({
    description: 'minLon,minLat,maxLon,maxLat in CRS84: features whose point or line meets it',
    example: '-74.2,4.5,-74.0,4.8',
    type: String,
  })
  @IsOptional()
  @ParsedWith(parseBbox)
  @IsObject({ message: 'bbox must be minLon,minLat,maxLon,maxLat in CRS84 degrees, with min ≤ max' })
  bbox?: Bbox;

  @ApiPropertyOptional({ description: 'Only CRS84 is served', enum: [CRS84] })
  @IsOptional()
  @IsIn([CRS84])
  'bbox-crs'?: string;

  @ApiPropertyOptional({
    description: 'Date of the latest survey: an instant or an interval (`2026-01-01/..`, `../2026-06-30`)',
    example: '2026-01-01/..',
    type: String,
  })
  @IsOptional()
  @ParsedWith(parseOgcDatetime)
  @IsObject({ message: 'datetime must be an RFC 3339 date or date-time, or an interval a/b with .. for an open end' })
  datetime?: DateInterval;

  @ApiPropertyOptional({ description: 'Condition bands, comma-separated', example: 'malo,muy_malo', type: String })
  @IsOptional()
  @ParsedWith(parseBandNames)
  @IsArray({ message: 'banda must be a comma-separated list of band names' })
  banda?: string[];

  @ApiPropertyOptional({ description: 'Text in nombre or ubicacion (case and accents ignored)', example: 'boyaca' })
  @IsOptional()
  @IsString()
  @MaxCodePoints(200)
  @IsStorableText()
  q?: string;

  @ApiPropertyOptional({ description: 'Output format; GeoJSON is the only one', enum: ['json', 'geojson'] })
  @IsOptional()
  @IsIn(['json', 'geojson'])
  f?: string;
}

/** `f` is the only parameter the other OGC resources take. */
export class OgcFormatQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'geojson'] })
  @IsOptional()
  @IsIn(['json', 'geojson'])
  f?: string;
}
