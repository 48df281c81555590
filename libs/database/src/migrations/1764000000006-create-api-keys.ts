import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys of machine clients (GIS tools, scripts). A key is `rwk_<prefix>_<secret>`: the prefix
 * finds the row, the whole key is stored only as a keyed hash (HMAC-SHA256). A key acts for its
 * owner with a role never above the owner's; it dies with the owner (ON DELETE CASCADE).
 */
export class CreateApiKeys1764000000006 implements MigrationInterface {
  name = 'CreateApiKeys1764000000006';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL CONSTRAINT api_keys_user_id_fkey REFERENCES usuarios (id) ON DELETE CASCADE,
        nombre varchar(100) NOT NULL,
        prefix varchar(16) NOT NULL,
        secret_hash char(64) NOT NULL,
        role varchar(10) NOT NULL CONSTRAINT api_keys_role_check CHECK (role IN ('admin', 'editor', 'viewer')),
        expires_at timestamptz,
        revoked_at timestamptz,
        last_used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX api_keys_prefix_key ON api_keys (prefix)');
    await queryRunner.query('CREATE INDEX api_keys_user ON api_keys (user_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE api_keys');
  }
}
