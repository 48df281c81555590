/**
 * The columns of a segment as stored, for the query that finds the rows: its timestamps stay
 * timestamps, so ORDER BY created_at walks the index at full precision.
 */
export const STORED_SEGMENT_COLUMNS =
  'id_segmento, nombre, descripcion, longitud, latitud, ubicacion, created_at, updated_at, version, ' +
  'ST_AsGeoJSON(geometria)::json AS geometria, longitud_m';

/**
 * A timestamp as the API writes it (what Date#toISOString gives: UTC, milliseconds truncated,
 * `2026-12-06T02:51:00.685Z`), formatted by PostgreSQL. Read as timestamptz, each value would be
 * parsed by node-postgres into a Date (a regex match, ~0.5 kB of garbage) and formatted back: on a
 * page of 100 segments that was 200 parses, a fifth of what a `near` request allocated.
 */
export function isoTimestamp(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

const PLAIN_COLUMNS = ['id_segmento', 'nombre', 'descripcion', 'longitud', 'latitud', 'ubicacion', 'version'];

/** The columns the API answers with, read from `alias` (a row of STORED_SEGMENT_COLUMNS). */
export function wireSegmentColumns(alias: string): string {
  return [
    ...PLAIN_COLUMNS.map((column) => `${alias}.${column}`),
    `${isoTimestamp(`${alias}.created_at`)} AS created_at`,
    `${isoTimestamp(`${alias}.updated_at`)} AS updated_at`,
    `${alias}.geometria`,
    `${alias}.longitud_m`,
  ].join(', ');
}
