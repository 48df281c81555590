import { ApiProperty } from '@nestjs/swagger';
import { MAX_LINE_POSITIONS } from '../line-geometry';

export const LINE_DESCRIPTION =
  'The road as a GeoJSON LineString in WGS 84: 2–10 000 [longitude, latitude] positions, none repeating the ' +
  'one before it (an altitude, if sent, is dropped).';

/** The OpenAPI shape of `geometria` (validation: IsLineString). */
export class LineStringDto {
  @ApiProperty({ enum: ['LineString'], example: 'LineString' })
  type: 'LineString';

  @ApiProperty({
    type: 'array',
    minItems: 2,
    maxItems: MAX_LINE_POSITIONS,
    items: { type: 'array', minItems: 2, maxItems: 3, items: { type: 'number' } },
    example: [
      [-74.0712, 4.6281],
      [-74.0668, 4.6303],
    ],
  })
  coordinates: [number, number][];
}
