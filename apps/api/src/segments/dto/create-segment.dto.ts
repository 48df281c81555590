import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotBlank, IsStorableText, MaxCodePoints } from '@recway/common';
import { IsDefined, IsNumber, IsOptional, IsString, Max, Min, ValidateIf } from 'class-validator';
import { IsLineString, type LineString } from '../line-geometry';
import { LINE_DESCRIPTION, LineStringDto } from './line-string.dto';

export const NOMBRE_MAX = 200;
export const DESCRIPCION_MAX = 2000;
export const UBICACION_MAX = 200;

/** latitud/longitud may be left out together when a line is given: they become its midpoint. */
const pointRequired = (segment: CreateSegmentDto): boolean =>
  segment.geometria === undefined ||
  segment.geometria === null ||
  segment.longitud !== undefined ||
  segment.latitud !== undefined;

export class CreateSegmentDto {
  @ApiProperty({
    description: 'Name of the segment (1–200 characters, not blank). Any text is stored verbatim.',
    example: 'Calle 26 entre Carrera 7 y Carrera 10',
    minLength: 1,
    maxLength: NOMBRE_MAX,
  })
  @IsString()
  @IsNotBlank()
  @MaxCodePoints(NOMBRE_MAX)
  @IsStorableText()
  nombre: string;

  @ApiPropertyOptional({
    description: 'Free description: condition, surface, notes (at most 2000 characters).',
    example: 'Pavimento flexible con fisuras longitudinales',
    maxLength: DESCRIPCION_MAX,
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @MaxCodePoints(DESCRIPCION_MAX)
  @IsStorableText()
  descripcion?: string | null;

  @ApiProperty({
    description: 'Longitude, WGS 84 degrees (−180…180). Optional with geometria (then: the line’s midpoint).',
    example: -74.123456,
    minimum: -180,
    maximum: 180,
  })
  @ValidateIf(pointRequired)
  @IsDefined()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  longitud: number;

  @ApiProperty({
    description: 'Latitude, WGS 84 degrees (−90…90). Optional with geometria (then: the line’s midpoint).',
    example: 4.654321,
    minimum: -90,
    maximum: 90,
  })
  @ValidateIf(pointRequired)
  @IsDefined()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  latitud: number;

  @ApiPropertyOptional({
    description: 'Place name: city, locality, neighbourhood (at most 200 characters).',
    example: 'Bogotá, Teusaquillo',
    maxLength: UBICACION_MAX,
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @MaxCodePoints(UBICACION_MAX)
  @IsStorableText()
  ubicacion?: string | null;

  @ApiPropertyOptional({ type: LineStringDto, nullable: true, description: LINE_DESCRIPTION })
  @IsOptional()
  @IsLineString()
  geometria?: LineString | null;
}
