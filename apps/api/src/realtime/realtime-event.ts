/** What happened, in the wire names of the protocol (README, "Realtime channel"). */
export type RealtimeEventType =
  | 'segmento.creado'
  | 'segmento.actualizado'
  | 'segmento.eliminado'
  | 'inspeccion.creada'
  | 'inspeccion.eliminada'
  | 'importacion.completada';

/** [minLon, minLat, maxLon, maxLat] */
export type Bounds = [number, number, number, number];

/** What a module publishes; the time is stamped on publishing. */
export type NewRealtimeEvent = Omit<RealtimeEvent, 'at'>;

/** An event as published between instances; `bounds` decide which bbox subscribers get it. */
export interface RealtimeEvent {
  type: RealtimeEventType;
  id: number | null;
  /** What the REST API would return for the resource (or its id, once deleted). */
  data: unknown;
  at: string;
  /** Where the segment is and, after a move or a delete, was. Empty: every subscriber gets it. */
  bounds: Bounds[];
}

/** Where a segment is: its point and, when it has one, its line (GeoJSON). */
export interface SegmentPlace {
  longitud: number;
  latitud: number;
  geometria?: { coordinates: [number, number][] } | null;
}

/** SQL selecting a SegmentPlace from `segmentos`. */
export const SEGMENT_PLACE_COLUMNS = 'longitud, latitud, ST_AsGeoJSON(geometria)::json AS geometria';

/** The bounds of a segment as the REST API shows it: its line, else its point. */
export function boundsOf(segment: SegmentPlace): Bounds {
  const positions = segment.geometria?.coordinates ?? [[segment.longitud, segment.latitud]];
  const lons = positions.map(([lon]) => lon);
  const lats = positions.map(([, lat]) => lat);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

export function intersects(a: Bounds, b: Bounds): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}
