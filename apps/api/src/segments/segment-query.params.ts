/** The spatial and ordering parameters of the list, parsed from their wire form. */
export interface GeoPoint {
  lat: number;
  lon: number;
}

export interface Bbox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export const SORT_FIELDS = ['nombre', 'ubicacion', 'created_at', 'updated_at', 'id_segmento', 'iri'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export interface SortKey {
  field: SortField;
  descending: boolean;
}

const NUMBER = /^\s*-?\d+(\.\d+)?\s*$/;

function parseNumbers(raw: unknown, count: number): number[] | undefined {
  if (typeof raw !== 'string') return undefined;
  const parts = raw.split(',');
  if (parts.length !== count || !parts.every((part) => NUMBER.test(part))) return undefined;
  return parts.map(Number);
}

const inLatRange = (lat: number): boolean => lat >= -90 && lat <= 90;
const inLonRange = (lon: number): boolean => lon >= -180 && lon <= 180;

/** `"<lat>,<lon>"` → point, or undefined when malformed or out of range. */
export function parseGeoPoint(raw: unknown): GeoPoint | undefined {
  const numbers = parseNumbers(raw, 2);
  if (!numbers) return undefined;
  const [lat, lon] = numbers;
  return inLatRange(lat) && inLonRange(lon) ? { lat, lon } : undefined;
}

/** `"<minLon>,<minLat>,<maxLon>,<maxLat>"` → box, or undefined when malformed, out of range or inverted. */
export function parseBbox(raw: unknown): Bbox | undefined {
  const numbers = parseNumbers(raw, 4);
  if (!numbers) return undefined;
  const [minLon, minLat, maxLon, maxLat] = numbers;
  const valid = inLonRange(minLon) && inLonRange(maxLon) && inLatRange(minLat) && inLatRange(maxLat);
  return valid && minLon <= maxLon && minLat <= maxLat ? { minLon, minLat, maxLon, maxLat } : undefined;
}

/** `"nombre,-created_at"` → keys, or undefined when a field is unknown or repeated. */
export function parseSort(raw: unknown): SortKey[] | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const keys = raw.split(',').map((part) => {
    const text = part.trim();
    const descending = text.startsWith('-');
    return { field: (descending ? text.slice(1) : text) as SortField, descending };
  });
  const fields = keys.map((key) => key.field);
  const valid = fields.every((field) => SORT_FIELDS.includes(field)) && new Set(fields).size === fields.length;
  return valid ? keys : undefined;
}

/** `"malo,muy_malo"` → names, or undefined when one is not a band-like name or repeats. */
export function parseBandNames(raw: unknown): string[] | undefined {
  if (typeof raw !== 'string') return undefined;
  const names = raw.split(',').map((name) => name.trim());
  const valid = names.every((name) => /^[a-z][a-z0-9_]{0,31}$/.test(name)) && new Set(names).size === names.length;
  return valid ? names : undefined;
}
