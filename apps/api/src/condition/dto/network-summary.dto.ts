import { ApiProperty } from '@nestjs/swagger';

export class BandSummaryDto {
  @ApiProperty({ description: 'Band name (CONDITION_BANDS)', example: 'malo' })
  banda: string;

  @ApiProperty({ description: 'Segments whose latest survey falls in this band', example: 12 })
  segmentos: number;

  @ApiProperty({
    description: 'Kilometres of those segments (sum of longitud_m; point segments add 0)',
    example: 8.431,
  })
  km: number;

  @ApiProperty({ description: 'Share of the surveyed and unsurveyed kilometres, %', example: 23.5 })
  porcentaje_km: number;

  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Length-weighted mean IRI (m/km) of the segments with both a line and an IRI; null when none',
    example: 4.92,
  })
  iri_medio_m_km: number | null;
}

export class UnsurveyedSummaryDto {
  @ApiProperty({ example: 40 })
  segmentos: number;

  @ApiProperty({ example: 21.07 })
  km: number;

  @ApiProperty({ example: 58.8 })
  porcentaje_km: number;
}

export class NetworkTotalDto {
  @ApiProperty({ example: 95 })
  segmentos: number;

  @ApiProperty({ example: 35.84 })
  km: number;

  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Length-weighted mean IRI of the whole network',
    example: 3.7,
  })
  iri_medio_m_km: number | null;
}

/** The network by condition band: what an agency reports. */
export class NetworkSummaryDto {
  @ApiProperty({ type: [BandSummaryDto], description: 'Every configured band, best first (zeros included)' })
  bandas: BandSummaryDto[];

  @ApiProperty({ type: UnsurveyedSummaryDto, description: 'Segments without a survey (since fecha_desde, if given)' })
  sin_inspeccion: UnsurveyedSummaryDto;

  @ApiProperty({ type: NetworkTotalDto })
  total: NetworkTotalDto;

  @ApiProperty({ description: 'Surveys dated in the last 12 months (and since fecha_desde), in the area', example: 57 })
  inspecciones_ultimos_12_meses: number;
}
