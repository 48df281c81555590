import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotBlank, IsStorableText, MaxCodePoints } from '@recway/common';
import { IsIn, IsISO8601, IsOptional, IsString } from 'class-validator';
import { ROLES, type Role } from '../../users/user.entity';

export class CreateApiKeyDto {
  @ApiProperty({ description: 'What the key is for (1–100 characters)', example: 'QGIS oficina de planeación' })
  @IsString()
  @IsNotBlank()
  @MaxCodePoints(100)
  @IsStorableText()
  nombre: string;

  @ApiPropertyOptional({
    description: "The key's role; at most the owner's (default: the owner's role)",
    enum: ROLES,
    example: 'viewer',
  })
  @IsOptional()
  @IsIn(ROLES)
  rol?: Role;

  @ApiPropertyOptional({
    description: 'When the key stops working, ISO 8601 date-time in the future (default: never)',
    example: '2027-06-30T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expira must be an ISO 8601 date-time' })
  expira?: string;
}
