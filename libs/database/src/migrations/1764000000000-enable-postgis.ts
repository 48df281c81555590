import { MigrationInterface, QueryRunner } from 'typeorm';

export class EnablePostgis1764000000000 implements MigrationInterface {
  name = 'EnablePostgis1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS postgis');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP EXTENSION IF EXISTS postgis');
  }
}
