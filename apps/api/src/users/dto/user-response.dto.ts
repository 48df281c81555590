import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role, User } from '../user.entity';

export class UserResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'ana@alcaldia.gov.co' })
  email: string;

  @ApiProperty({ nullable: true, type: String, example: 'Ana Pérez' })
  full_name: string | null;

  @ApiProperty({ enum: ROLES, example: 'editor' })
  role: Role;

  @ApiProperty({ example: true })
  is_active: boolean;

  @ApiProperty({ description: 'The user must set a new password before anything else', example: false })
  must_change_password: boolean;

  @ApiProperty({ nullable: true, type: String, example: '2026-11-25T10:00:00.000Z' })
  last_login_at: string | null;

  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' })
  created_at: string;

  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' })
  updated_at: string;
}

/** The wire form of a user: never the password hash. */
export function toUserResponse(user: User): UserResponseDto {
  return {
    id: user.id,
    email: user.email,
    full_name: user.fullName,
    role: user.role,
    is_active: user.isActive,
    must_change_password: user.mustChangePassword,
    last_login_at: user.lastLoginAt ? new Date(user.lastLoginAt).toISOString() : null,
    created_at: new Date(user.createdAt).toISOString(),
    updated_at: new Date(user.updatedAt).toISOString(),
  };
}
