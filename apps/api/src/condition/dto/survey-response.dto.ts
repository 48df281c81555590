import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SURFACES, SURVEY_METHODS, type Surface, type SurveyMethod } from '../survey.entity';

export class ProfileSectionDto {
  @ApiProperty({ description: 'Section start, metres from the first sample', example: 0 })
  desde_m: number;

  @ApiProperty({ description: 'Section end, metres from the first sample', example: 100 })
  hasta_m: number;

  @ApiProperty({ description: 'IRI of the section (mean of the wheel paths), m/km', example: 2.87 })
  iri_m_km: number;
}

export class WheelPathIriDto {
  @ApiPropertyOptional({ description: 'Left wheel path IRI, m/km', example: 2.9 })
  izquierda?: number;

  @ApiPropertyOptional({ description: 'Right wheel path IRI, m/km', example: 3.1 })
  derecha?: number;

  @ApiPropertyOptional({ description: 'The single wheel path, m/km', example: 3.0 })
  unica?: number;
}

/** What a profile survey computed (ASTM E1926). */
export class ProfileResultDto {
  @ApiProperty({ type: WheelPathIriDto })
  iri_por_huella: WheelPathIriDto;

  @ApiProperty({ type: [ProfileSectionDto], description: 'IRI per intervalo_m section' })
  tramos: ProfileSectionDto[];

  @ApiProperty({ description: 'Profile samples per wheel path', example: 4001 })
  muestras: number;

  @ApiProperty({ description: 'Sample spacing, metres', example: 0.25 })
  espaciado_m: number;
}

export class SurveyResponseDto {
  @ApiProperty({ example: 7 })
  id_inspeccion: number;

  @ApiProperty({ example: 42 })
  id_segmento: number;

  @ApiProperty({ description: 'Survey date, YYYY-MM-DD', example: '2026-11-20' })
  fecha: string;

  @ApiProperty({ nullable: true, type: Number, description: 'IRI, m/km', example: 3.2 })
  iri_m_km: number | null;

  @ApiProperty({ nullable: true, type: Number, description: 'PCI, 0–100', example: null })
  pci: number | null;

  @ApiProperty({ description: 'Condition band (CONDITION_BANDS), derived at read time', example: 'regular' })
  banda: string;

  @ApiProperty({ nullable: true, enum: SURFACES, example: 'asfalto' })
  superficie: Surface | null;

  @ApiProperty({ enum: SURVEY_METHODS, example: 'smartphone' })
  metodo: SurveyMethod;

  @ApiProperty({ nullable: true, type: String, example: 'Fisuras en el carril derecho' })
  observaciones: string | null;

  @ApiProperty({ type: ProfileResultDto, nullable: true, description: 'Only for surveys computed from a profile' })
  perfil: ProfileResultDto | null;

  @ApiProperty({ nullable: true, type: String, description: 'Id of the user who recorded it', example: 'b3f1…' })
  creado_por: string | null;

  @ApiProperty({ description: 'When it was recorded, ISO 8601 UTC', example: '2026-11-20T15:04:05.000Z' })
  created_at: string;
}
