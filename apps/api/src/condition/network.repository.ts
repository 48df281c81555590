import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ConditionBand } from '@recway/iri';
import { DataSource } from 'typeorm';
import { bboxSql } from '../segments/segment-filter.sql';
import type { Bbox } from '../segments/segment-query.params';
import { bandSql, latestSurveyJoin } from './latest-survey.sql';

export interface NetworkFilter {
  bbox?: Bbox;
  fecha_desde?: string;
  bands: ConditionBand[];
}

/** Per band (null: no survey): segments, metres, and the IRI × metres of those with both. */
export interface BandTotalsRow {
  banda: string | null;
  segmentos: number;
  metros: number;
  iri_metros: number | null;
  metros_con_iri: number | null;
}

/** The network-wide sums behind GET /red/resumen: the same joins and predicates as the segment list. */
@Injectable()
export class NetworkRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async bandTotals({ bbox, fecha_desde, bands }: NetworkFilter): Promise<BandTotalsRow[]> {
    const params: unknown[] = [];
    const next = (value: unknown): string => `$${params.push(value)}`;
    const join = latestSurveyJoin(fecha_desde ? next(fecha_desde) : undefined);
    const banda = bandSql(bands, next);
    const where = bbox ? `WHERE ${bboxSql(bbox, next)}` : '';
    return this.dataSource.query<BandTotalsRow[]>(
      `WITH latest AS (
         SELECT s.longitud_m, c.iri_m_km, ${banda} AS banda FROM segmentos s ${join} ${where})
       SELECT banda, count(*)::int AS segmentos, coalesce(sum(longitud_m), 0)::float8 AS metros,
         sum(iri_m_km * longitud_m)::float8 AS iri_metros,
         sum(longitud_m) FILTER (WHERE iri_m_km IS NOT NULL)::float8 AS metros_con_iri
       FROM latest GROUP BY banda`,
      params,
    );
  }

  /** Surveys dated within the last 12 months (and from `fecha_desde` on) of segments in the area. */
  async recentSurveyCount({ bbox, fecha_desde }: NetworkFilter): Promise<number> {
    const params: unknown[] = [];
    const next = (value: unknown): string => `$${params.push(value)}`;
    const conditions = ["i.fecha > current_date - interval '12 months'"];
    if (fecha_desde) conditions.push(`i.fecha >= ${next(fecha_desde)}::date`);
    if (bbox) conditions.push(bboxSql(bbox, next));
    const [row] = await this.dataSource.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM inspecciones i JOIN segmentos s USING (id_segmento)
       WHERE ${conditions.join(' AND ')}`,
      params,
    );
    return row.total;
  }
}
