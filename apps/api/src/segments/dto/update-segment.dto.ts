import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotBlank, IsStorableText, MaxCodePoints } from '@recway/common';
import { IsNumber, IsOptional, IsString, Max, Min, ValidateIf } from 'class-validator';
import { IsLineString, type LineString } from '../line-geometry';
import { LINE_DESCRIPTION, LineStringDto } from './line-string.dto';
import { DESCRIPCION_MAX, NOMBRE_MAX, UBICACION_MAX } from './create-segment.dto';

/** Present means "set": a field left out keeps its value. Only descripcion and ubicacion accept null (clear). */
const isPresent = (_: object, value: unknown): boolean => value !== undefined;

export class UpdateSegmentDto {
  @ApiPropertyOptional({ description: 'New name (1–200 characters, not blank).', example: 'Segmento Actualizado' })
  @ValidateIf(isPresent)
  @IsString()
  @IsNotBlank()
  @MaxCodePoints(NOMBRE_MAX)
  @IsStorableText()
  nombre?: string;

  @ApiPropertyOptional({ description: 'New description; null clears it.', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxCodePoints(DESCRIPCION_MAX)
  @IsStorableText()
  descripcion?: string | null;

  @ApiPropertyOptional({ description: 'New longitude (−180…180).', example: -74.08, minimum: -180, maximum: 180 })
  @ValidateIf(isPresent)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  longitud?: number;

  @ApiPropertyOptional({ description: 'New latitude (−90…90).', example: 4.61, minimum: -90, maximum: 90 })
  @ValidateIf(isPresent)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  latitud?: number;

  @ApiPropertyOptional({ description: 'New place name; null clears it.', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxCodePoints(UBICACION_MAX)
  @IsStorableText()
  ubicacion?: string | null;

  @ApiPropertyOptional({
    type: LineStringDto,
    nullable: true,
    description: `${LINE_DESCRIPTION} null removes the line; a new line without latitud/longitud moves the point to its midpoint.`,
  })
  @IsOptional()
  @IsLineString()
  geometria?: LineString | null;
}
