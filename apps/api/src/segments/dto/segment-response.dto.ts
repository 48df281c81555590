import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { LineString } from '../line-geometry';
import { LINE_DESCRIPTION, LineStringDto } from './line-string.dto';
import { SegmentConditionDto } from './segment-condition.dto';

export class SegmentResponseDto {
  @ApiProperty({ description: 'Identifier', example: 42 })
  id_segmento: number;

  @ApiProperty({ example: 'Calle 26 entre Carrera 7 y Carrera 10' })
  nombre: string;

  @ApiProperty({ nullable: true, type: String, example: 'Pavimento flexible con fisuras' })
  descripcion: string | null;

  @ApiProperty({ example: -74.123456 })
  longitud: number;

  @ApiProperty({ example: 4.654321 })
  latitud: number;

  @ApiProperty({ nullable: true, type: String, example: 'Bogotá, Teusaquillo' })
  ubicacion: string | null;

  @ApiProperty({ description: 'Creation time, ISO 8601 UTC', example: '2026-11-25T10:00:00.000Z' })
  created_at: string;

  @ApiProperty({ description: 'Last change, ISO 8601 UTC', example: '2026-11-25T10:00:00.000Z' })
  updated_at: string;

  @ApiProperty({ type: LineStringDto, nullable: true, description: `${LINE_DESCRIPTION} null: a point segment.` })
  geometria: LineString | null;

  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Geodesic length of the line in metres, computed by PostGIS (read-only); null without a line',
    example: 512.37,
  })
  longitud_m: number | null;

  @ApiProperty({
    type: SegmentConditionDto,
    nullable: true,
    description: 'Condition from the latest survey; null when the segment has none',
  })
  condicion: SegmentConditionDto | null;

  @ApiPropertyOptional({ description: 'Distance in metres from `near` (only with `near`)', example: 123.4 })
  distancia_m?: number;
}
