import { ApiProperty } from '@nestjs/swagger';

export class TokenResponseDto {
  @ApiProperty({ description: 'JWT (HS256) for Authorization: Bearer' })
  access_token: string;

  @ApiProperty({ example: 'bearer' })
  token_type: 'bearer';

  @ApiProperty({ description: 'Seconds until the access token expires', example: 1800 })
  expires_in: number;

  @ApiProperty({ description: 'Single-use token for POST /auth/refresh; rotated on every use' })
  refresh_token: string;
}
