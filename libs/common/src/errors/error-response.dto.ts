import { ApiProperty } from '@nestjs/swagger';

export class ErrorResponseDto {
  @ApiProperty({ description: 'What went wrong', example: 'Segmento 99999 not found' })
  detail: string;
}

export class ValidationIssueDto {
  @ApiProperty({ description: 'Where: body, query, path or header, then the field path', example: ['body', 'nombre'] })
  loc: (string | number)[];

  @ApiProperty({ description: 'Human-readable message', example: 'nombre must be at most 200 characters' })
  msg: string;

  @ApiProperty({ description: 'Machine-readable error type (pydantic names)', example: 'string_too_long' })
  type: string;
}

export class ValidationErrorResponseDto {
  @ApiProperty({ type: [ValidationIssueDto], description: 'One entry per failing field' })
  detail: ValidationIssueDto[];
}
