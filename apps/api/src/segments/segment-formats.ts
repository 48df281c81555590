import { SegmentResponseDto } from './dto/segment-response.dto';
import { type LineString, toWkt } from './line-geometry';

export const GEOJSON_MEDIA_TYPE = 'application/geo+json';
export const CSV_MEDIA_TYPE = 'text/csv';

const CSV_COLUMNS = [
  'id_segmento',
  'nombre',
  'descripcion',
  'longitud',
  'latitud',
  'ubicacion',
  'created_at',
  'updated_at',
  'longitud_m',
  'geometria',
] as const;

export interface SegmentFeature {
  type: 'Feature';
  id: number;
  geometry: LineString | { type: 'Point'; coordinates: [number, number] };
  properties: Omit<SegmentResponseDto, 'geometria'>;
}

/**
 * RFC 7946 Feature: the line when the segment has one, else the point ([lon, lat]); every other field
 * in properties for GIS attribute tables (the line only once, as the geometry).
 */
export function toFeature(segment: SegmentResponseDto): SegmentFeature {
  const { geometria, ...properties } = segment;
  return {
    type: 'Feature',
    id: segment.id_segmento,
    geometry: geometria ?? { type: 'Point', coordinates: [segment.longitud, segment.latitud] },
    properties,
  };
}

export function toFeatureCollection(segments: SegmentResponseDto[]): {
  type: 'FeatureCollection';
  features: SegmentFeature[];
} {
  return { type: 'FeatureCollection', features: segments.map(toFeature) };
}

/** RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break; the line as WKT. */
export function toCsv(segments: SegmentResponseDto[]): string {
  const withDistance = segments.some((segment) => segment.distancia_m !== undefined);
  const columns: string[] = withDistance ? [...CSV_COLUMNS, 'distancia_m'] : [...CSV_COLUMNS];
  const lines = segments.map((segment) => {
    const row = { ...segment, geometria: segment.geometria ? toWkt(segment.geometria) : null };
    return columns.map((column) => csvField(row[column as (typeof CSV_COLUMNS)[number] | 'distancia_m'])).join(',');
  });
  return [columns.join(','), ...lines].join('\r\n') + '\r\n';
}

function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
