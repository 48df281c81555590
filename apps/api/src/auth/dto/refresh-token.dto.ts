import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class RefreshTokenDto {
  @ApiProperty({ description: 'The refresh_token of the last login or refresh' })
  @IsString()
  @MaxLength(200)
  refresh_token: string;
}
