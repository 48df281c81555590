import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsStorableText, MaxCodePoints } from '@recway/common';
import { IsBoolean, IsIn, IsOptional, IsString, ValidateIf } from 'class-validator';
import { ROLES, type Role } from '../user.entity';

const isPresent = (_: object, value: unknown): boolean => value !== undefined;

export class UpdateUserDto {
  @ApiPropertyOptional({ description: 'Display name; null clears it', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxCodePoints(200)
  @IsStorableText()
  full_name?: string | null;

  @ApiPropertyOptional({ enum: ROLES, description: 'New role; takes effect when the current access token expires' })
  @ValidateIf(isPresent)
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'false deactivates: refresh tokens are revoked at once, access tokens expire' })
  @ValidateIf(isPresent)
  @IsBoolean()
  is_active?: boolean;
}
