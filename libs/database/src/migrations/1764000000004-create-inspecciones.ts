import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Condition surveys of a segment. A survey has an IRI (m/km), a PCI, or both; its band is never stored
 * (it is derived from CONDITION_BANDS at read time, so a threshold change re-bands everything at once).
 * A profile survey keeps its per-wheel-path and per-section results in `perfil`. `creado_por` has no
 * foreign key on purpose: deleting a user must not erase who recorded a survey. Surveys go with
 * their segment (ON DELETE CASCADE: one statement, one transaction).
 */
export class CreateInspecciones1764000000004 implements MigrationInterface {
  name = 'CreateInspecciones1764000000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE inspecciones (
        id_inspeccion serial PRIMARY KEY,
        id_segmento integer NOT NULL
          CONSTRAINT inspecciones_id_segmento_fkey REFERENCES segmentos (id_segmento) ON DELETE CASCADE,
        fecha date NOT NULL,
        iri_m_km double precision CONSTRAINT inspecciones_iri_range CHECK (iri_m_km BETWEEN 0 AND 30),
        pci double precision CONSTRAINT inspecciones_pci_range CHECK (pci BETWEEN 0 AND 100),
        superficie varchar(20) CONSTRAINT inspecciones_superficie_check
          CHECK (superficie IN ('asfalto', 'concreto', 'afirmado', 'tierra')),
        metodo varchar(20) NOT NULL CONSTRAINT inspecciones_metodo_check
          CHECK (metodo IN ('perfilometro', 'smartphone', 'visual', 'otro')),
        observaciones varchar(2000),
        perfil jsonb,
        creado_por uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT inspecciones_iri_or_pci CHECK (iri_m_km IS NOT NULL OR pci IS NOT NULL)
      )`);
    await queryRunner.query(
      'CREATE INDEX inspecciones_segmento_fecha ON inspecciones (id_segmento, fecha DESC, id_inspeccion DESC)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE inspecciones');
  }
}
