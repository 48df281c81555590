/** The API's wire shapes (Spanish names, as the API). */
export interface LineString {
  type: 'LineString';
  coordinates: [number, number][];
}

export interface Condition {
  id_inspeccion: number;
  fecha: string;
  iri_m_km: number | null;
  pci: number | null;
  banda: string;
}

export interface Segment {
  id_segmento: number;
  nombre: string;
  descripcion: string | null;
  longitud: number;
  latitud: number;
  ubicacion: string | null;
  geometria: LineString | null;
  longitud_m: number | null;
  condicion: Condition | null;
  created_at: string;
  updated_at: string;
}

export interface ProfileSection {
  desde_m: number;
  hasta_m: number;
  iri_m_km: number;
}

export interface Survey {
  id_inspeccion: number;
  id_segmento: number;
  fecha: string;
  iri_m_km: number | null;
  pci: number | null;
  banda: string;
  metodo: string;
  observaciones: string | null;
  perfil: { tramos: ProfileSection[]; muestras: number; espaciado_m: number } | null;
}

export interface BandSummary {
  banda: string;
  segmentos: number;
  km: number;
  porcentaje_km: number;
  iri_medio_m_km: number | null;
}

export interface NetworkSummary {
  bandas: BandSummary[];
  sin_inspeccion: { segmentos: number; km: number; porcentaje_km: number };
  total: { segmentos: number; km: number; iri_medio_m_km: number | null };
}

export interface User {
  id: string;
  email: string;
  role: 'viewer' | 'editor' | 'admin';
  must_change_password: boolean;
}

export interface MapConfig {
  estilo_url: string | null;
  tilejson_url: string;
  ws_path: string;
}

/** The filter the map, the list and the summary share (the list's query parameters). */
export interface SegmentFilter {
  q: string;
  banda: string[];
  iri_min: string;
  iri_max: string;
  fecha_desde: string;
  sin_inspeccion: '' | 'true' | 'false';
}

export const EMPTY_FILTER: SegmentFilter = {
  q: '',
  banda: [],
  iri_min: '',
  iri_max: '',
  fecha_desde: '',
  sin_inspeccion: '',
};

/** The filter as query parameters, leaving out what is not set. */
export function filterParams(filter: SegmentFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.q.trim()) params.set('q', filter.q.trim());
  if (filter.banda.length) params.set('banda', filter.banda.join(','));
  for (const key of ['iri_min', 'iri_max', 'fecha_desde', 'sin_inspeccion'] as const) {
    if (filter[key] !== '') params.set(key, filter[key]);
  }
  return params;
}
