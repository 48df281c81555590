import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Road segments. `geom` (planar, for bounding boxes and GeoJSON) and `geog` (spherical, for distances
 * in metres) are generated from longitud/latitud so they can never drift; each has a GiST index.
 * `search_text` is nombre + ubicacion folded to lower case without accents, for `q` searches.
 */
export class CreateSegmentos1764000000001 implements MigrationInterface {
  name = 'CreateSegmentos1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION recway_fold(value text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT lower(translate(value,
        'ÁÀÂÄÃÅáàâäãåÉÈÊËéèêëÍÌÎÏíìîïÓÒÔÖÕóòôöõÚÙÛÜúùûüÑñÇç',
        'AAAAAAaaaaaaEEEEeeeeIIIIiiiiOOOOOoooooUUUUuuuuNnCc')) $$`);
    await queryRunner.query(`
      CREATE TABLE segmentos (
        id_segmento serial PRIMARY KEY,
        nombre varchar(200) NOT NULL CONSTRAINT segmentos_nombre_not_blank CHECK (btrim(nombre) <> ''),
        descripcion varchar(2000),
        longitud double precision NOT NULL CONSTRAINT segmentos_longitud_range CHECK (longitud BETWEEN -180 AND 180),
        latitud double precision NOT NULL CONSTRAINT segmentos_latitud_range CHECK (latitud BETWEEN -90 AND 90),
        ubicacion varchar(200),
        geom geometry(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(longitud, latitud), 4326)) STORED,
        geog geography(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(longitud, latitud), 4326)::geography) STORED,
        search_text text GENERATED ALWAYS AS (recway_fold(nombre || ' ' || coalesce(ubicacion, ''))) STORED,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await recordGeneratedColumns(queryRunner);
    await queryRunner.query('CREATE INDEX segmentos_geom_gist ON segmentos USING gist (geom)');
    await queryRunner.query('CREATE INDEX segmentos_geog_gist ON segmentos USING gist (geog)');
    await queryRunner.query('CREATE INDEX segmentos_created_at ON segmentos (created_at DESC, id_segmento DESC)');
    await queryRunner.query('CREATE INDEX segmentos_nombre ON segmentos (nombre, id_segmento)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM typeorm_metadata WHERE type = 'GENERATED_COLUMN' AND "table" = 'segmentos'`);
    await queryRunner.query('DROP TABLE segmentos');
    await queryRunner.query('DROP FUNCTION recway_fold(text)');
  }
}

/** TypeORM compares generated columns with what it recorded in typeorm_metadata; record ours as it would. */
const GENERATED_COLUMNS: [string, string][] = [
  ['geom', 'ST_SetSRID(ST_MakePoint(longitud, latitud), 4326)'],
  ['geog', 'ST_SetSRID(ST_MakePoint(longitud, latitud), 4326)::geography'],
  ['search_text', "recway_fold(nombre || ' ' || coalesce(ubicacion, ''))"],
];

async function recordGeneratedColumns(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE IF NOT EXISTS typeorm_metadata (
      "type" varchar NOT NULL, "database" varchar, "schema" varchar, "table" varchar, "name" varchar, "value" text
    )`);
  for (const [name, expression] of GENERATED_COLUMNS) {
    await queryRunner.query(
      `INSERT INTO typeorm_metadata ("database", "schema", "table", "type", "name", "value")
       VALUES (current_database(), current_schema(), 'segmentos', 'GENERATED_COLUMN', $1, $2)`,
      [name, expression],
    );
  }
}
