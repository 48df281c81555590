import { SegmentResponseDto } from './dto/segment-response.dto';

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
] as const;

export interface SegmentFeature {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: Omit<SegmentResponseDto, 'longitud' | 'latitud'> & { longitud: number; latitud: number };
}

/** RFC 7946 Feature: the point in [lon, lat], every field also in properties for GIS attribute tables. */
export function toFeature(segment: SegmentResponseDto): SegmentFeature {
  return {
    type: 'Feature',
    id: segment.id_segmento,
    geometry: { type: 'Point', coordinates: [segment.longitud, segment.latitud] },
    properties: segment,
  };
}

export function toFeatureCollection(segments: SegmentResponseDto[]): {
  type: 'FeatureCollection';
  features: SegmentFeature[];
} {
  return { type: 'FeatureCollection', features: segments.map(toFeature) };
}

/** RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break. */
export function toCsv(segments: SegmentResponseDto[]): string {
  const withDistance = segments.some((segment) => segment.distancia_m !== undefined);
  const columns: string[] = withDistance ? [...CSV_COLUMNS, 'distancia_m'] : [...CSV_COLUMNS];
  const lines = segments.map((segment) =>
    columns.map((column) => csvField(segment[column as (typeof CSV_COLUMNS)[number] | 'distancia_m'])).join(','),
  );
  return [columns.join(','), ...lines].join('\r\n') + '\r\n';
}

function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
