import { CONDITION_COLUMNS, latestSurveyJoin } from '../apps/api/src/condition/latest-survey.sql';
import { STORED_SEGMENT_COLUMNS, wireSegmentColumns } from '../apps/api/src/segments/segment-columns.sql';

const POINT = 'ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography';

/**
 * A page of rows with their latest survey joined afterwards and the columns RecWay answers with
 * (timestamps formatted by the query), as SegmentsRepository does, so the floor does the same
 * database work as RecWay and the ratio measures RecWay's own per-request cost. `extra`: columns of
 * the page kept as they are (the distance and total of `near`).
 */
export function withCondition(pageSql: string, extra = ''): string {
  return `SELECT ${wireSegmentColumns('s')}${extra}, ${CONDITION_COLUMNS} FROM (${pageSql}) s ${latestSurveyJoin()}`;
}

/**
 * RecWay's radius search as SegmentsRepository runs it (sphere distances, the total as a window count),
 * for the bare server and the EXPLAIN the bench prints. Parameters: $1 longitude, $2 latitude,
 * $3 radius in metres.
 */
export const NEAR_SQL = `SELECT ${STORED_SEGMENT_COLUMNS}, ST_Distance(geog, ${POINT}, false) AS distancia_m, count(*) OVER ()::int AS total
  FROM segmentos WHERE ST_DWithin(geog, ${POINT}, $3, false)
  ORDER BY distancia_m ASC, id_segmento DESC LIMIT 100`;

/** The extra columns of a `near` page. */
export const NEAR_EXTRA = ', s.distancia_m, s.total';
