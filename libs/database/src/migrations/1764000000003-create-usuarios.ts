import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users and their refresh tokens. Emails are unique ignoring case. A refresh token is stored as the
 * SHA-256 of its secret; tokens issued by rotation share a family, so reuse of a rotated token can
 * revoke the whole family.
 */
export class CreateUsuarios1764000000003 implements MigrationInterface {
  name = 'CreateUsuarios1764000000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE usuarios (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(320) NOT NULL,
        full_name varchar(200),
        password_hash varchar(100) NOT NULL,
        role varchar(10) NOT NULL CONSTRAINT usuarios_role_check CHECK (role IN ('admin', 'editor', 'viewer')),
        is_active boolean NOT NULL DEFAULT true,
        must_change_password boolean NOT NULL DEFAULT false,
        last_login_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX usuarios_email_lower ON usuarios (lower(email))');
    await queryRunner.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES usuarios (id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        secret_hash char(64) NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id)');
    await queryRunner.query('CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE refresh_tokens');
    await queryRunner.query('DROP TABLE usuarios');
  }
}
