import { ApiProperty } from '@nestjs/swagger';
import { ProfileSectionDto, SurveyResponseDto, WheelPathIriDto } from './survey-response.dto';

/** The stored survey, with what the profile computed also at the top level. */
export class ProfileSurveyResponseDto extends SurveyResponseDto {
  @ApiProperty({ type: WheelPathIriDto })
  iri_por_huella: WheelPathIriDto;

  @ApiProperty({ type: [ProfileSectionDto] })
  tramos: ProfileSectionDto[];

  @ApiProperty({ description: 'Samples per wheel path', example: 4001 })
  muestras: number;

  @ApiProperty({ description: 'Sample spacing, metres', example: 0.25 })
  espaciado_m: number;
}
