import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';

/**
 * JSON `{email, password}`, or the OAuth2 password-flow form (`username`, `password`, plus the fields
 * OAuth2 clients such as Swagger UI send along) so the docs' Authorize button works.
 */
export class LoginDto {
  @ApiPropertyOptional({ description: 'Account email (JSON form)', example: 'ana@alcaldia.gov.co' })
  @ValidateIf((login: LoginDto) => login.username === undefined)
  @IsEmail({}, { message: 'email must be an email address (or send username)' })
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ description: 'Account email (OAuth2 form field name)', example: 'ana@alcaldia.gov.co' })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  username?: string;

  @ApiProperty({ description: 'Password', example: 'una-clave-larga-y-secreta' })
  @IsString()
  @MaxLength(1024)
  password: string;

  @ApiPropertyOptional({ enum: ['password'], description: 'OAuth2 grant type' })
  @IsOptional()
  @IsIn(['password'])
  grant_type?: string;

  @ApiPropertyOptional({ description: 'OAuth2 scope (ignored)' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  scope?: string;

  @ApiPropertyOptional({ description: 'OAuth2 client id (ignored)' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  client_id?: string;

  @ApiPropertyOptional({ description: 'OAuth2 client secret (ignored)' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  client_secret?: string;
}
