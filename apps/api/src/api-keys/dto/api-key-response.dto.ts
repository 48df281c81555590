import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../../users/user.entity';

export class ApiKeyResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'QGIS oficina de planeación' })
  nombre: string;

  @ApiProperty({ description: 'Public part of the key (rwk_<prefijo>_…), to recognise it', example: '3f9a1c0b7d2e' })
  prefijo: string;

  @ApiProperty({ enum: ROLES, example: 'viewer' })
  rol: Role;

  @ApiProperty({ nullable: true, type: String, description: 'Expiry, ISO 8601 UTC; null: never' })
  expira: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Last use, ISO 8601 UTC (to the minute)' })
  ultimo_uso: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'When it was revoked; null while active' })
  revocada: string | null;

  @ApiProperty({ format: 'uuid', description: 'Owner' })
  usuario_id: string;

  @ApiProperty({ example: '2026-11-30T10:00:00.000Z' })
  created_at: string;
}

/** The creation answer: the only time the key itself is ever shown. */
export class CreatedApiKeyDto extends ApiKeyResponseDto {
  @ApiProperty({
    description: 'The key. Shown once: store it now (RecWay keeps only a hash)',
    example: 'rwk_3f9a1c0b7d2e_Vb0jY0mKZ2m7S1Yw4mA3uC6i1Qx9GkqX0rT2nB5pLdE',
  })
  clave: string;
}
