import { ApiProperty } from '@nestjs/swagger';
import type { AiSource } from '../ai-outcome';

export class ChatResponseDto {
  @ApiProperty({
    description: "The assistant's answer, or a fixed Spanish message when source is fallback",
    example: 'El segmento 12 (Calle 26 entre Carrera 7 y Carrera 10) tiene fisuras longitudinales…',
  })
  response: string;

  @ApiProperty({
    description:
      'ai: written by the model; fallback: the assistant could not answer (no key configured, budget or ' +
      'slots exhausted, timeout, upstream error) and response says so',
    enum: ['ai', 'fallback'],
    example: 'ai',
  })
  source: AiSource;

  @ApiProperty({ description: 'When the answer was produced, ISO 8601 UTC', example: '2026-11-25T10:00:00.000Z' })
  timestamp: string;

  @ApiProperty({
    description: 'The model the upstream reports having used; null for a fallback',
    nullable: true,
    type: String,
    example: 'gpt-4',
  })
  model: string | null;
}

/** One piece of a streamed answer: `data: {"delta": "..."}`. */
export class ChatDeltaEventDto {
  @ApiProperty({ description: 'The next piece of the answer text', example: 'El segmento 12 ' })
  delta: string;
}

/** The last event of a stream before `data: [DONE]`. */
export class ChatEndEventDto {
  @ApiProperty({
    description: 'ai after the deltas; fallback replaces whatever deltas came before it',
    enum: ['ai', 'fallback'],
    example: 'ai',
  })
  source: AiSource;

  @ApiProperty({ description: 'When the answer ended, ISO 8601 UTC', example: '2026-11-25T10:00:00.000Z' })
  timestamp: string;

  @ApiProperty({ nullable: true, type: String, description: 'As in the non-streamed answer', example: 'gpt-4' })
  model: string | null;

  @ApiProperty({
    required: false,
    description: 'Only with source fallback: the fallback message',
    example: 'El servicio de IA no está disponible temporalmente. Intente más tarde.',
  })
  response?: string;
}
