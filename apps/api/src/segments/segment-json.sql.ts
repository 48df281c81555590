import type { ConditionBand } from '@recway/iri';
import { bandSql, latestSurveyJoin } from '../condition/latest-survey.sql';
import type { SegmentQueryPlan } from './segment-filter.sql';

/**
 * The columns of a segment as stored, for the query that finds the rows: its timestamps stay
 * timestamps, so ORDER BY created_at walks the index at full precision.
 */
export const STORED_SEGMENT_COLUMNS =
  'id_segmento, nombre, descripcion, longitud, latitud, ubicacion, created_at, updated_at, version, ' +
  'ST_AsGeoJSON(geometria)::json AS geometria, longitud_m';

/** SQL and its bind parameters. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * A timestamp as the API writes it (what Date#toISOString gives: UTC, milliseconds truncated,
 * `2026-12-06T02:51:00.685Z`).
 */
export function isoTimestamp(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** Rounded to centimetres as Math.round(x * 100) / 100 rounds (halves up), still a float8. */
function centimetres(column: string): string {
  return `floor(${column} * 100 + 0.5) / 100`;
}

/**
 * A segment as the API sends it (SegmentResponseDto), as JSON text built by PostgreSQL from a row
 * `s` of STORED_SEGMENT_COLUMNS and its latest survey `c` (latestSurveyJoin), banded with `bands`
 * (their bind parameters appended to `params`). row_to_json writes what JSON.stringify would:
 * compact, the fields in this order, strings escaped alike, numbers in their shortest exact form
 * (only under 1e-4 a number is written otherwise, `1e-05` for `0.00001`: the same number to any
 * JSON reader).
 *
 * Segments are read, cached and sent as this text: node-postgres never parses their rows into
 * objects, nor does RecWay map and serialise them (on a `near` page of 100 that was most of what a
 * request allocated, BENCHMARKS.md).
 */
export function segmentJsonSql(bands: ConditionBand[], params: unknown[], distance = false): string {
  const band = bandSql(bands, (value) => `$${params.push(value)}`);
  const condition = `(SELECT row_to_json(k) FROM (
      SELECT c.id_inspeccion, c.fecha::text AS fecha, c.iri_m_km, c.pci, ${band} AS banda) k
    WHERE c.id_inspeccion IS NOT NULL)`;
  const fields = [
    's.id_segmento, s.nombre, s.descripcion, s.longitud, s.latitud, s.ubicacion',
    `${isoTimestamp('s.created_at')} AS created_at, ${isoTimestamp('s.updated_at')} AS updated_at`,
    `s.geometria, ${centimetres('s.longitud_m')} AS longitud_m, ${condition} AS condicion`,
    ...(distance ? [`${centimetres('s.distancia_m')} AS distancia_m`] : []),
  ];
  return `(SELECT row_to_json(w) FROM (SELECT ${fields.join(', ')}) w)::text`;
}

/** The rows `s` (with `c` joined) as one JSON array, in `order`. */
function jsonArraySql(segmentJson: string, order: string): string {
  return `'[' || coalesce(string_agg(${segmentJson}, ',' ORDER BY ${order}), '') || ']'`;
}

/** One segment by id: `segment` (its JSON) and `version`, or no row. */
export function oneSegmentStatement(id: number, bands: ConditionBand[]): Statement {
  const params: unknown[] = [id];
  const json = segmentJsonSql(bands, params);
  return {
    sql: `SELECT ${json} AS segment, s.version
      FROM (SELECT ${STORED_SEGMENT_COLUMNS} FROM segmentos WHERE id_segmento = $1) s ${latestSurveyJoin()}`,
    params,
  };
}

/**
 * A page in the plan's order: `items`, a JSON array. A radius search (a plan with a point) also
 * answers `total`: every candidate's distance is computed anyway, so the total rides along as a
 * window count (one index scan, one round trip); past the last page no row carries it and it is
 * null. Other pages are counted apart, in parallel.
 */
export function pageStatement(
  plan: SegmentQueryPlan,
  page: { limit: number; skip: number; bands: ConditionBand[] },
): Statement {
  const near = plan.point !== '';
  const params = [...plan.params, page.limit, page.skip];
  const json = segmentJsonSql(page.bands, params, near);
  const nearColumns = near
    ? `, ST_Distance(geog, ${plan.point}, false) AS distancia_m, count(*) OVER ()::int AS total`
    : '';
  return {
    sql: `SELECT ${jsonArraySql(json, plan.outerOrder)} AS items${near ? ', max(s.total) AS total' : ''} FROM (
        SELECT ${STORED_SEGMENT_COLUMNS}${plan.sortColumns}${nearColumns} FROM ${plan.from} ${plan.where}
        ORDER BY ${plan.innerOrder} LIMIT $${plan.params.length + 1} OFFSET $${plan.params.length + 2}
      ) s ${plan.conditionJoin}`,
    params,
  };
}
