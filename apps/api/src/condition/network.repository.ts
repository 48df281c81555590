import { Injectable } from '@nestjs/common';
import type { SqlRunner } from '@recway/database';
import type { ConditionBand } from '@recway/iri';
import { attributePredicates, bboxSql, filtersOnCondition, SegmentFilter } from '../segments/segment-filter.sql';
import { bandSql, latestSurveyJoin } from './latest-survey.sql';

export type NetworkFilter = Pick<
  SegmentFilter,
  'bbox' | 'fecha_desde' | 'q' | 'banda' | 'iri_min' | 'iri_max' | 'sin_inspeccion'
> & { bands: ConditionBand[] };

type Bind = (value: unknown) => string;

/** Per band (null: no survey): segments, metres, and the IRI × metres of those with both. */
export interface BandTotalsRow {
  banda: string | null;
  segmentos: number;
  metros: number;
  iri_metros: number | null;
  metros_con_iri: number | null;
}

/**
 * The network-wide sums behind GET /red/resumen: the same joins and predicates as the segment list,
 * on the primary or a read replica (`db`, chosen by ReadReplicas).
 */
@Injectable()
export class NetworkRepository {
  async bandTotals(filter: NetworkFilter, db: SqlRunner): Promise<BandTotalsRow[]> {
    const params: unknown[] = [];
    const next = (value: unknown): string => `$${params.push(value)}`;
    const banda = bandSql(filter.bands, next);
    return db.query<BandTotalsRow[]>(
      `WITH latest AS (
         SELECT s.longitud_m, c.iri_m_km, ${banda} AS banda ${filteredSegments(filter, next)})
       SELECT banda, count(*)::int AS segmentos, coalesce(sum(longitud_m), 0)::float8 AS metros,
         sum(iri_m_km * longitud_m)::float8 AS iri_metros,
         sum(longitud_m) FILTER (WHERE iri_m_km IS NOT NULL)::float8 AS metros_con_iri
       FROM latest GROUP BY banda`,
      params,
    );
  }

  /** Surveys dated within the last 12 months (and from `fecha_desde` on) of the segments the filter keeps. */
  async recentSurveyCount(filter: NetworkFilter, db: SqlRunner): Promise<number> {
    const params: unknown[] = [];
    const next = (value: unknown): string => `$${params.push(value)}`;
    const since = filter.fecha_desde ? ` AND i.fecha >= ${next(filter.fecha_desde)}::date` : '';
    const [row] = await db.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM inspecciones i
       WHERE i.fecha > current_date - interval '12 months'${since}
         AND i.id_segmento IN (SELECT s.id_segmento ${filteredSegments(filter, next, filtersOnCondition(filter))})`,
      params,
    );
    return row.total;
  }
}

/** `FROM segmentos s` with its latest survey `c`, and WHERE the list's filters: what GET /segmentos/ keeps. */
function filteredSegments(filter: NetworkFilter, next: Bind, withCondition = true): string {
  const join = withCondition ? latestSurveyJoin(filter.fecha_desde ? next(filter.fecha_desde) : undefined) : '';
  const predicates = [
    ...(filter.bbox ? [bboxSql(filter.bbox, next)] : []),
    ...attributePredicates(filter, filter.bands, next),
  ];
  return `FROM segmentos s ${join}${predicates.length ? ` WHERE ${predicates.join(' AND ')}` : ''}`;
}
