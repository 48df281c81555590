import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsStorableText, MaxCodePoints } from '@recway/common';
import { IsDefined, IsIn, IsNumber, IsOptional, IsString, Max, Min, ValidateIf } from 'class-validator';
import { SURFACES, SURVEY_METHODS, type Surface, type SurveyMethod } from '../survey.entity';
import { IsSurveyDate } from './survey-date.validator';

/** A condition survey typed in (visual, smartphone app, a contractor's report…). */
export class CreateSurveyDto {
  @ApiProperty({ description: 'Survey date, YYYY-MM-DD, not in the future', example: '2026-11-20' })
  @IsSurveyDate()
  fecha: string;

  @ApiPropertyOptional({
    description: 'International Roughness Index in m/km, 0–30 (required unless pci is given)',
    example: 3.2,
  })
  @ValidateIf((survey: CreateSurveyDto) => survey.iri_m_km !== undefined || survey.pci === undefined)
  @IsDefined({ message: 'iri_m_km is required unless pci is given' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(30)
  iri_m_km?: number;

  @ApiPropertyOptional({ description: 'Pavement Condition Index (ASTM D6433), 0–100', example: 64 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  pci?: number;

  @ApiPropertyOptional({ description: 'Surface type', enum: SURFACES, example: 'asfalto' })
  @IsOptional()
  @IsIn(SURFACES)
  superficie?: Surface;

  @ApiProperty({ description: 'How the condition was measured', enum: SURVEY_METHODS, example: 'smartphone' })
  @IsIn(SURVEY_METHODS)
  metodo: SurveyMethod;

  @ApiPropertyOptional({ description: 'Notes, up to 2000 characters', example: 'Fisuras en el carril derecho' })
  @IsOptional()
  @IsString()
  @MaxCodePoints(2000)
  @IsStorableText()
  observaciones?: string;
}
