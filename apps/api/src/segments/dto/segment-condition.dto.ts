import { ApiProperty } from '@nestjs/swagger';

/** A segment's condition: its latest survey (by date, then id), banded by CONDITION_BANDS at read time. */
export class SegmentConditionDto {
  @ApiProperty({ description: 'The survey this comes from', example: 7 })
  id_inspeccion: number;

  @ApiProperty({ description: 'Survey date (YYYY-MM-DD)', example: '2026-11-20' })
  fecha: string;

  @ApiProperty({ nullable: true, type: Number, description: 'International Roughness Index, m/km', example: 3.2 })
  iri_m_km: number | null;

  @ApiProperty({ nullable: true, type: Number, description: 'Pavement Condition Index, 0–100', example: null })
  pci: number | null;

  @ApiProperty({ description: 'Condition band (CONDITION_BANDS): by IRI, else by PCI', example: 'regular' })
  banda: string;
}
