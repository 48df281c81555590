import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { IsAcceptablePassword, PASSWORD_MIN_LENGTH } from '../../users/dto/password.validators';

export class ChangePasswordDto {
  @ApiProperty({ description: 'The password in use now' })
  @IsString()
  @MaxLength(1024)
  current_password: string;

  @ApiProperty({ description: `The new password (≥ ${PASSWORD_MIN_LENGTH} characters, ≤ 72 bytes)` })
  @IsAcceptablePassword()
  new_password: string;
}
