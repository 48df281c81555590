import type { ConditionBand } from '@recway/iri';
import { bandRankSql, bandSql, latestSurveyJoin } from '../condition/latest-survey.sql';
import { attributePredicates, SegmentFilter } from '../segments/segment-filter.sql';

/** What a map may filter its tiles by: the list's text and condition filters. */
export type TileFilter = Pick<SegmentFilter, 'q' | 'banda' | 'iri_min' | 'iri_max' | 'sin_inspeccion' | 'fecha_desde'>;

export const TILE_EXTENT = 4096;
export const TILE_LAYER = 'segmentos';
const TILE_BUFFER = 64;
/** From this zoom on, every segment is in its tile. */
export const FULL_DETAIL_ZOOM = 12;
/** From this zoom on, with its name (at zoom 12, 100 000 names of a city make a tile over 500 KB). */
export const NAME_ZOOM = 13;
/** Below it, one segment per cell of this many tile units (4096 / 32 = 128 cells a side). */
const THINNING_CELL_UNITS = 32;
const WEB_MERCATOR_WIDTH_M = 40_075_016.685_578_5;

/**
 * Vector tiles of the segments, built by PostGIS (ST_AsMVTGeom, ST_AsMVT), layer `segmentos`: lines
 * where segments have them, points otherwise, with id, banda and iri_m_km (and nombre at zoom ≥ 13).
 *
 * Below zoom 12 a tile may cover the whole network, so it is thinned: the segments are grouped by
 * the cell of a 128 × 128 grid over the tile that holds their point (the line's midpoint), and each
 * cell keeps only its worst segment (band, then IRI) — what a road agency wants to see from afar — so
 * a tile holds at most 16 384 features; ST_AsMVTGeom also snaps every vertex to the 4096 grid, which
 * simplifies long lines. Names are left out below zoom 13: they are what makes tiles heavy (unique
 * strings), and unreadable at city scale.
 *
 * With a filter, only the segments the list would give with the same filter are drawn (and thinned).
 * This returns the SQL of one tile and its parameters; the bench's bare floor runs the same.
 */
export function tileQuery(
  z: number,
  x: number,
  y: number,
  bands: ConditionBand[],
  filter: TileFilter = {},
): { sql: string; params: unknown[] } {
  return tileSql(z, x, y, bands, filter, {
    geometry: `ST_AsMVTGeom(ST_Transform(shape, 3857), bounds.mercator, ${TILE_EXTENT}, ${TILE_BUFFER}, true)`,
    select: `SELECT ST_AsMVT(features, '${TILE_LAYER}', ${TILE_EXTENT}, 'geom', 'id') AS tile FROM features WHERE geom IS NOT NULL`,
  });
}

/**
 * The same tile as rows (id, properties, geometry in tile units as GeoJSON), for a PostGIS built
 * without protobuf-c — the embedded one — where ST_AsMVT and ST_AsMVTGeom are missing: the geometry
 * is clipped to the buffered tile, moved to tile units and snapped to their grid by plain PostGIS
 * functions (what ST_AsMVTGeom does), and tile-encoder.ts encodes the rows.
 */
export function tileFeaturesQuery(
  z: number,
  x: number,
  y: number,
  bands: ConditionBand[],
  filter: TileFilter = {},
): { sql: string; params: unknown[] } {
  const scale = `${TILE_EXTENT} / (ST_XMax(bounds.mercator) - ST_XMin(bounds.mercator))`;
  const buffer = `(ST_XMax(bounds.mercator) - ST_XMin(bounds.mercator)) * ${TILE_BUFFER / TILE_EXTENT}`;
  const clipped = `ST_ClipByBox2D(ST_Transform(shape, 3857), ST_Expand(bounds.mercator, ${buffer}))`;
  const inTileUnits = `ST_Affine(${clipped}, ${scale}, 0, 0, -${scale}, -ST_XMin(bounds.mercator) * ${scale}, ST_YMax(bounds.mercator) * ${scale})`;
  return tileSql(z, x, y, bands, filter, {
    geometry: `ST_RemoveRepeatedPoints(ST_SnapToGrid(${inTileUnits}, 1))`,
    select: `SELECT id, ${z >= NAME_ZOOM ? 'nombre, ' : ''}banda, iri_m_km, ST_AsGeoJSON(geom) AS geometry
     FROM features WHERE geom IS NOT NULL AND NOT ST_IsEmpty(geom)`,
  });
}

/** The tile's features (chosen, thinned, filtered); `geometry` puts them in tile units, `select` ends it. */
function tileSql(
  z: number,
  x: number,
  y: number,
  bands: ConditionBand[],
  filter: TileFilter,
  output: { geometry: string; select: string },
): { sql: string; params: unknown[] } {
  const params: unknown[] = [z, x, y];
  const next = (value: unknown): string => `$${params.push(value)}`;
  const detailed = z >= FULL_DETAIL_ZOOM;
  const cellColumns = detailed
    ? ''
    : thinningCell(next(WEB_MERCATOR_WIDTH_M / 2 ** z / (TILE_EXTENT / THINNING_CELL_UNITS)));
  const chosen = detailed
    ? 'SELECT * FROM candidates'
    : `SELECT DISTINCT ON (cx, cy) * FROM candidates ORDER BY cx, cy, rank DESC NULLS LAST, iri_m_km DESC NULLS LAST, id`;
  const join = latestSurveyJoin(filter.fecha_desde ? next(filter.fecha_desde) : undefined);
  const filters = attributePredicates(filter, bands, next).map((predicate) => ` AND ${predicate}`);
  const sql = `WITH bounds AS (
       SELECT ST_TileEnvelope($1, $2, $3) AS mercator, ST_Transform(ST_TileEnvelope($1, $2, $3), 4326) AS degrees),
     candidates AS (
       SELECT s.id_segmento AS id, s.nombre, ${bandSql(bands, next)} AS banda, c.iri_m_km,
         ${bandRankSql(bands, next)} AS rank, coalesce(s.geometria, s.geom) AS shape${cellColumns}
       FROM segmentos s ${join}, bounds
       WHERE (s.geometria && bounds.degrees OR (s.geometria IS NULL AND s.geom && bounds.degrees))${filters.join('')}),
     chosen AS (${chosen}),
     features AS (
       SELECT id, ${z >= NAME_ZOOM ? 'nombre, ' : ''}banda, iri_m_km, ${output.geometry} AS geom
       FROM chosen, bounds)
     ${output.select}`;
  return { sql, params };
}

/** The thinning cell of a segment's point, in Web Mercator (`cell` is its size in metres, as SQL). */
function thinningCell(cell: string): string {
  const mercator = 'ST_Transform(s.geom, 3857)';
  return `, floor(ST_X(${mercator}) / ${cell}) AS cx, floor(ST_Y(${mercator}) / ${cell}) AS cy`;
}
