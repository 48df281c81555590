import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { SURFACES, type Surface } from '../survey.entity';
import { IsSurveyDate } from './survey-date.validator';

export class ProfileQueryDto {
  @ApiProperty({ description: 'Survey date, YYYY-MM-DD, not in the future', example: '2026-11-20' })
  @IsSurveyDate()
  fecha: string;

  @ApiPropertyOptional({
    description: 'Length of the reported sections (tramos), metres, 10–100 000',
    type: Number,
    default: 100,
    example: 100,
  })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(10)
  @Max(100_000)
  intervalo_m: number = 100;

  @ApiPropertyOptional({ description: 'Surface type', enum: SURFACES, example: 'asfalto' })
  @IsOptional()
  @IsIn(SURFACES)
  superficie?: Surface;
}
