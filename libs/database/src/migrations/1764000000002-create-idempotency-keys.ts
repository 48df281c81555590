import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Responses to POSTs sent with an Idempotency-Key, kept 24 h so a retry replays the first answer,
 * across restarts and instances. The primary key serialises two concurrent requests with one key.
 */
export class CreateIdempotencyKeys1764000000002 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1764000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        scope varchar(200) NOT NULL,
        key varchar(255) NOT NULL,
        request_hash char(64) NOT NULL,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`);
    await queryRunner.query('CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE idempotency_keys');
  }
}
