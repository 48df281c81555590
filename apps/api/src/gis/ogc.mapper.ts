import type { SegmentResponseDto } from '../segments/dto/segment-response.dto';

export const GEOJSON = 'application/geo+json';
export const JSON_TYPE = 'application/json';

export interface OgcLink {
  href: string;
  rel: string;
  type?: string;
  title?: string;
}

export interface OgcFeature {
  type: 'Feature';
  id: number;
  geometry: object;
  properties: Record<string, unknown>;
  links?: OgcLink[];
}

/**
 * A segment as an OGC feature: its line (or point) as geometry, and flat properties — every segment
 * field plus its latest condition as columns (banda, iri_m_km, pci, fecha_inspeccion, id_inspeccion),
 * which is what GIS attribute tables and styles can use.
 */
export function toOgcFeature(segment: SegmentResponseDto): OgcFeature {
  const { geometria, condicion, ...fields } = segment;
  delete fields.distancia_m; // only radius searches have it, and OGC has none
  return {
    type: 'Feature',
    id: segment.id_segmento,
    geometry: geometria ?? { type: 'Point', coordinates: [segment.longitud, segment.latitud] },
    properties: {
      ...fields,
      banda: condicion?.banda ?? null,
      iri_m_km: condicion?.iri_m_km ?? null,
      pci: condicion?.pci ?? null,
      fecha_inspeccion: condicion?.fecha ?? null,
      id_inspeccion: condicion?.id_inspeccion ?? null,
    },
  };
}
