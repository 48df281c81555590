import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsStorableText, MaxCodePoints, PaginationQueryDto, ParsedWith } from '@recway/common';
import { Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
// Types in decorated properties must be type-only imports: ESM specs compile file by file.
import type { Bbox, GeoPoint, SortKey } from '../segment-query.params';
import { IsSurveyDate } from '../../condition/dto/survey-date.validator';
import { parseBandNames, parseBbox, parseGeoPoint, parseSort, SORT_FIELDS } from '../segment-query.params';

export const LIST_FORMATS = ['json', 'geojson', 'csv'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];
export const MAX_RADIUS_M = 200_000;

export class SegmentQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({
    description: `Comma-separated sort keys, "-" for descending; fields: ${SORT_FIELDS.join(', ')}. iri sorts by the latest IRI (segments without one last). Default: newest first (or nearest first with near).`,
    example: 'nombre,-created_at',
    type: String,
  })
  @IsOptional()
  @ParsedWith(parseSort)
  @IsArray({
    message: `sort must be a comma-separated list of ${SORT_FIELDS.join(', ')}, each optionally prefixed with "-", without repeats`,
  })
  sort?: SortKey[];

  @ApiPropertyOptional({
    description: 'Text to find in nombre or ubicacion, ignoring case and accents',
    example: 'bogota',
  })
  @IsOptional()
  @IsString()
  @MaxCodePoints(200)
  @IsStorableText()
  q?: string;

  @ApiPropertyOptional({
    description: 'Centre of a radius search, "<lat>,<lon>" in degrees (needs radius)',
    example: '4.6097,-74.0817',
    type: String,
  })
  @ValidateIf((query: SegmentQueryDto) => query.near !== undefined || query.radius !== undefined)
  @IsDefined({ message: 'near is required with radius' })
  @ParsedWith(parseGeoPoint)
  @IsObject({ message: 'near must be "<lat>,<lon>" with latitude in −90…90 and longitude in −180…180' })
  near?: GeoPoint;

  @ApiPropertyOptional({
    description: `Radius in metres around near (needs near), at most ${MAX_RADIUS_M}`,
    example: 500,
  })
  @ValidateIf((query: SegmentQueryDto) => query.near !== undefined || query.radius !== undefined)
  @IsDefined({ message: 'radius is required with near' })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_RADIUS_M)
  radius?: number;

  @ApiPropertyOptional({
    description: 'Bounding box "<minLon>,<minLat>,<maxLon>,<maxLat>" in degrees',
    example: '-74.2,4.5,-74.0,4.8',
    type: String,
  })
  @IsOptional()
  @ParsedWith(parseBbox)
  @IsObject({ message: 'bbox must be "<minLon>,<minLat>,<maxLon>,<maxLat>" in degrees, with min ≤ max' })
  bbox?: Bbox;

  @ApiPropertyOptional({
    description: 'Condition bands to keep, comma-separated (names from CONDITION_BANDS), by the latest survey',
    example: 'malo,muy_malo',
    type: String,
  })
  @IsOptional()
  @ParsedWith(parseBandNames)
  @IsArray({ message: 'banda must be a comma-separated list of band names, without repeats' })
  banda?: string[];

  @ApiPropertyOptional({ description: 'Keep segments whose latest IRI (m/km) is at least this', example: 4 })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(30)
  iri_min?: number;

  @ApiPropertyOptional({ description: 'Keep segments whose latest IRI (m/km) is at most this', example: 6 })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(30)
  iri_max?: number;

  @ApiPropertyOptional({ description: 'true: only segments never surveyed; false: only surveyed ones', type: Boolean })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'sin_inspeccion must be true or false' })
  sin_inspeccion?: boolean;

  @ApiPropertyOptional({
    description:
      'Only surveys from this date (YYYY-MM-DD) on count for condicion and the condition filters: older ones are ignored',
    example: '2026-01-01',
  })
  @IsOptional()
  @IsSurveyDate()
  fecha_desde?: string;

  @ApiPropertyOptional({
    description: 'Output format (also: Accept: application/geo+json)',
    enum: LIST_FORMATS,
    default: 'json',
  })
  @IsOptional()
  @IsIn(LIST_FORMATS)
  f?: ListFormat;
}
