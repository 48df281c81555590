import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotBlank, MAX_INT4, MaxCodePoints } from '@recway/common';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

export const MESSAGE_MAX = 4000;

export class ChatRequestDto {
  @ApiProperty({
    description:
      'The question (1–4000 characters, not blank). Segments it names ("segmento 12") are looked up and ' +
      'given to the assistant with their neighbours.',
    example: '¿En qué estado está el segmento 12 y qué vías cercanas conviene revisar?',
    minLength: 1,
    maxLength: MESSAGE_MAX,
  })
  @IsString()
  @IsNotBlank()
  @MaxCodePoints(MESSAGE_MAX)
  message: string;

  @ApiPropertyOptional({
    description:
      'A segment the question is about: its data and the segments within 1 km are given to the assistant. ' +
      'Must exist (404 otherwise).',
    example: 12,
    minimum: 1,
    maximum: MAX_INT4,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_INT4)
  segmento_id?: number;
}
