import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { SEGMENT_PLACE_COLUMNS, type SegmentPlace } from '../realtime/realtime-event';
import { Survey, type Surface, type SurveyMethod } from './survey.entity';

export interface SurveyRow {
  id_inspeccion: number;
  id_segmento: number;
  fecha: string;
  iri_m_km: number | null;
  pci: number | null;
  superficie: Surface | null;
  metodo: SurveyMethod;
  observaciones: string | null;
  perfil: unknown;
  creado_por: string | null;
  created_at: Date;
}

export type NewSurvey = Omit<SurveyRow, 'id_inspeccion' | 'created_at'>;

const COLUMNS =
  'id_inspeccion, id_segmento, fecha::text AS fecha, iri_m_km, pci, superficie, metodo, observaciones, perfil, creado_por, created_at';

/**
 * Every SQL statement on `inspecciones`. A survey write also bumps its segment's `version` in the
 * same transaction: the segment's representation (its `condicion`) changed, so its ETag must too,
 * and the row lock orders the write after a concurrent delete of the segment.
 */
@Injectable()
export class SurveysRepository {
  constructor(@InjectRepository(Survey) private readonly surveys: Repository<Survey>) {}

  /** The stored survey and where its segment is, or undefined when the segment does not exist. */
  insert(survey: NewSurvey): Promise<{ row: SurveyRow; segment: SegmentPlace } | undefined> {
    return this.surveys.manager.transaction(async (manager) => {
      const segment = await touchSegment(manager, survey.id_segmento);
      if (!segment) return undefined;
      const rows = await manager.query<SurveyRow[]>(
        `INSERT INTO inspecciones (id_segmento, fecha, iri_m_km, pci, superficie, metodo, observaciones, perfil, creado_por)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
        [
          survey.id_segmento,
          survey.fecha,
          survey.iri_m_km,
          survey.pci,
          survey.superficie,
          survey.metodo,
          survey.observaciones,
          survey.perfil === null ? null : JSON.stringify(survey.perfil),
          survey.creado_por,
        ],
      );
      return { row: rows[0], segment };
    });
  }

  /** Newest first (by date, then id); undefined when the segment does not exist. */
  async list(
    segmentId: number,
    skip: number,
    limit: number,
  ): Promise<{ rows: SurveyRow[]; total: number } | undefined> {
    const [rows, counted] = await Promise.all([
      this.surveys.query<SurveyRow[]>(
        `SELECT ${COLUMNS} FROM inspecciones WHERE id_segmento = $1
         ORDER BY fecha DESC, id_inspeccion DESC LIMIT $2 OFFSET $3`,
        [segmentId, limit, skip],
      ),
      this.surveys.query<{ total: number; segment: boolean }[]>(
        `SELECT (SELECT count(*)::int FROM inspecciones WHERE id_segmento = $1) AS total,
                EXISTS (SELECT 1 FROM segmentos WHERE id_segmento = $1) AS segment`,
        [segmentId],
      ),
    ]);
    return counted[0].segment ? { rows, total: counted[0].total } : undefined;
  }

  /** The first and last survey dates, or undefined without surveys. */
  async dateRange(): Promise<[string, string] | undefined> {
    const [row] = await this.surveys.query<{ first: string | null; last: string }[]>(
      'SELECT min(fecha)::text AS first, max(fecha)::text AS last FROM inspecciones',
    );
    return row.first === null ? undefined : [row.first, row.last];
  }

  /** Where the survey's segment is, once it is deleted; or which of the two was missing. */
  delete(segmentId: number, surveyId: number): Promise<{ segment: SegmentPlace } | 'no-segment' | 'no-survey'> {
    return this.surveys.manager
      .transaction(async (manager) => {
        const segment = await touchSegment(manager, segmentId);
        if (!segment) return 'no-segment' as const;
        const rows = await manager.query<unknown[]>(
          `WITH deleted AS (DELETE FROM inspecciones WHERE id_segmento = $1 AND id_inspeccion = $2 RETURNING 1)
         SELECT * FROM deleted`,
          [segmentId, surveyId],
        );
        if (rows.length > 0) return { segment };
        // Nothing changed: undo the version bump with the rest of the transaction.
        throw new SurveyMissing();
      })
      .catch((error: unknown) => {
        if (error instanceof SurveyMissing) return 'no-survey' as const;
        throw error;
      });
  }
}

class SurveyMissing extends Error {}

/** Bumps the segment's version (locking its row); where it is, or undefined when it does not exist. */
async function touchSegment(manager: EntityManager, segmentId: number): Promise<SegmentPlace | undefined> {
  const rows = await manager.query<SegmentPlace[]>(
    `WITH touched AS (
       UPDATE segmentos SET version = version + 1 WHERE id_segmento = $1 RETURNING ${SEGMENT_PLACE_COLUMNS})
     SELECT * FROM touched`,
    [segmentId],
  );
  return rows[0];
}
