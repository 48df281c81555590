import vtpbf from 'vt-pbf';
import { TILE_EXTENT, TILE_LAYER } from './tile.sql';

/** A feature of tileFeaturesQuery: its geometry already clipped and in tile units by ST_AsMVTGeom. */
export interface TileFeatureRow {
  id: number;
  nombre?: string;
  banda: string | null;
  iri_m_km: number | null;
  /** GeoJSON of the tile-unit geometry (Point, MultiPoint, LineString or MultiLineString). */
  geometry: string;
}

type Position = [number, number];
type TileGeometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'MultiPoint' | 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] };

const POINT = 1;
const LINE = 2;

/**
 * The Mapbox Vector Tile of those rows, as ST_AsMVT would make it (layer `segmentos`, extent 4096,
 * feature ids, null properties left out), serialised by vt-pbf. Empty when there is no feature.
 */
export function encodeTile(rows: TileFeatureRow[]): Buffer {
  if (rows.length === 0) return Buffer.alloc(0);
  const features = rows.map((row) => {
    const geometry = JSON.parse(row.geometry) as TileGeometry;
    const tags = Object.fromEntries(
      Object.entries({ nombre: row.nombre, banda: row.banda, iri_m_km: row.iri_m_km }).filter(
        ([, value]) => value !== null && value !== undefined,
      ),
    );
    return { id: row.id, tags, ...shape(geometry) };
  });
  // vt-pbf reads each layer as a geojson-vt *tile* ({ features }); @types/vt-pbf calls it the index.
  const layers = { [TILE_LAYER]: { features } } as unknown as Parameters<typeof vtpbf.fromGeojsonVt>[0];
  return Buffer.from(vtpbf.fromGeojsonVt(layers, { version: 2, extent: TILE_EXTENT }));
}

/** geojson-vt's shapes, which vt-pbf writes: points as a list of points, lines as a list of lines. */
function shape(geometry: TileGeometry): { type: number; geometry: Position[] | Position[][] } {
  switch (geometry.type) {
    case 'Point':
      return { type: POINT, geometry: [geometry.coordinates] };
    case 'MultiPoint':
      return { type: POINT, geometry: geometry.coordinates };
    case 'LineString':
      return { type: LINE, geometry: [geometry.coordinates] };
    case 'MultiLineString':
      return { type: LINE, geometry: geometry.coordinates };
  }
}
