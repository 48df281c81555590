import { CONDITION_COLUMNS, latestSurveyJoin } from '../apps/api/src/condition/latest-survey.sql';

/** The columns RecWay returns (the line as GeoJSON and its length included), for the bare server. */
export const SEGMENT_COLUMNS =
  'id_segmento, nombre, descripcion, longitud, latitud, ubicacion, created_at, updated_at, ' +
  'ST_AsGeoJSON(geometria)::json AS geometria, longitud_m';
const POINT = 'ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography';

/**
 * A page of rows with their latest survey joined afterwards, as SegmentsRepository does, so the floor
 * does the same database work as RecWay and the ratio measures RecWay's own per-request cost.
 */
export function withCondition(pageSql: string): string {
  return `SELECT s.*, ${CONDITION_COLUMNS} FROM (${pageSql}) s ${latestSurveyJoin()}`;
}

/**
 * RecWay's radius search as SegmentsRepository runs it (sphere distances, the total as a window count),
 * for the bare server and the EXPLAIN the bench prints. Parameters: $1 longitude, $2 latitude,
 * $3 radius in metres.
 */
export const NEAR_SQL = `SELECT ${SEGMENT_COLUMNS}, ST_Distance(geog, ${POINT}, false) AS distancia_m, count(*) OVER ()::int AS total
  FROM segmentos WHERE ST_DWithin(geog, ${POINT}, $3, false)
  ORDER BY distancia_m ASC, id_segmento DESC LIMIT 100`;
