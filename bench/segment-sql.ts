/** The columns RecWay returns, shared by the bare server's queries. */
export const SEGMENT_COLUMNS = 'id_segmento, nombre, descripcion, longitud, latitud, ubicacion, created_at, updated_at';
const POINT = 'ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography';

/**
 * RecWay's radius search as SegmentsRepository runs it (sphere distances, the total as a window count),
 * for the bare server and the EXPLAIN the bench prints. Parameters: $1 longitude, $2 latitude,
 * $3 radius in metres.
 */
export const NEAR_SQL = `SELECT ${SEGMENT_COLUMNS}, ST_Distance(geog, ${POINT}, false) AS distancia_m, count(*) OVER ()::int AS total
  FROM segmentos WHERE ST_DWithin(geog, ${POINT}, $3, false)
  ORDER BY distancia_m ASC, id_segmento DESC LIMIT 100`;
