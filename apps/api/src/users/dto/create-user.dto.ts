import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsStorableText, MaxCodePoints } from '@recway/common';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ROLES, type Role } from '../user.entity';
import { IsAcceptablePassword, PASSWORD_MIN_LENGTH } from './password.validators';

export class CreateUserDto {
  @ApiProperty({ description: 'Login email, unique ignoring case', example: 'ana@alcaldia.gov.co', maxLength: 320 })
  @IsEmail()
  @MaxLength(320)
  email: string;

  @ApiPropertyOptional({
    description: 'Display name',
    example: 'Ana Pérez',
    maxLength: 200,
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @MaxCodePoints(200)
  @IsStorableText()
  full_name?: string | null;

  @ApiProperty({
    description: `Initial password (≥ ${PASSWORD_MIN_LENGTH} characters); the user must change it at first login`,
    example: 'cambie-esta-clave-ya',
  })
  @IsAcceptablePassword()
  password: string;

  @ApiProperty({
    enum: ROLES,
    description: 'admin: everything; editor: read and write segments; viewer: read',
    example: 'editor',
  })
  @IsIn(ROLES)
  role: Role;
}
