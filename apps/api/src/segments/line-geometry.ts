import { ValidateBy } from 'class-validator';

/** A segment's line: GeoJSON (RFC 7946) LineString in WGS 84, [longitude, latitude] positions. */
export interface LineString {
  type: 'LineString';
  coordinates: [number, number][];
}

export const MAX_LINE_POSITIONS = 10_000;
const EARTH_RADIUS_M = 6_371_008.8;

/** What is wrong with a would-be LineString, or undefined when it can be stored. */
export function lineStringProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be a GeoJSON LineString object';
  const { type, coordinates, ...rest } = value as Record<string, unknown>;
  if (type !== 'LineString') return 'type must be "LineString"';
  const extra = Object.keys(rest).filter((key) => key !== 'bbox');
  if (extra.length > 0) return `unknown member ${extra[0]}`;
  if (!Array.isArray(coordinates) || coordinates.length < 2 || coordinates.length > MAX_LINE_POSITIONS)
    return `coordinates must hold 2 to ${MAX_LINE_POSITIONS} positions`;
  for (const [index, position] of (coordinates as unknown[]).entries()) {
    const problem = positionProblem(position);
    if (problem) return `coordinates[${index}] ${problem}`;
    const current = position as number[];
    const previous = coordinates[index - 1] as number[] | undefined;
    if (previous && previous[0] === current[0] && previous[1] === current[1])
      return `coordinates[${index}] repeats the previous position`;
  }
  return undefined;
}

function positionProblem(position: unknown): string | undefined {
  if (!Array.isArray(position) || position.length < 2 || position.length > 3)
    return 'must be [longitude, latitude] (or with an altitude)';
  if (!position.every((value) => typeof value === 'number' && Number.isFinite(value)))
    return 'must hold finite numbers';
  const [lon, lat] = position as number[];
  if (lon < -180 || lon > 180) return `has longitude ${lon} outside −180…180`;
  if (lat < -90 || lat > 90) return `has latitude ${lat} outside −90…90`;
  return undefined;
}

/** The line as stored: 2D positions (an altitude, when sent, is dropped). */
export function toStoredLine(line: LineString): LineString {
  return { type: 'LineString', coordinates: line.coordinates.map(([lon, lat]) => [lon, lat]) };
}

/**
 * The point halfway along the line by geodesic (great-circle) length, interpolated within its
 * segment: what latitud/longitud become when a client sends only the line.
 */
export function midpointOf(line: LineString): { longitud: number; latitud: number } {
  const positions = line.coordinates;
  const lengths = positions.slice(1).map((position, index) => haversineM(positions[index], position));
  let remaining = lengths.reduce((sum, length) => sum + length, 0) / 2;
  for (const [index, length] of lengths.entries()) {
    if (remaining <= length) {
      const fraction = length === 0 ? 0 : remaining / length;
      const [lon1, lat1] = positions[index];
      const [lon2, lat2] = positions[index + 1];
      return {
        longitud: toNanodegrees(lon1 + (lon2 - lon1) * fraction),
        latitud: toNanodegrees(lat1 + (lat2 - lat1) * fraction),
      };
    }
    remaining -= length;
  }
  const [longitud, latitud] = positions[positions.length - 1];
  return { longitud, latitud };
}

/** 1e-9° is ~0.1 mm: no information lost, and no float noise such as -74.07499999999999 on the wire. */
function toNanodegrees(degrees: number): number {
  return Math.round(degrees * 1e9) / 1e9;
}

function haversineM([lon1, lat1]: [number, number], [lon2, lat2]: [number, number]): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * A line sent without latitud and longitud places the segment's point halfway along it; when either
 * is sent, what was sent is kept.
 */
export function withPointOnLine<T extends { geometria?: LineString | null; longitud?: number; latitud?: number }>(
  input: T,
): T {
  if (!input.geometria || input.longitud !== undefined || input.latitud !== undefined) return input;
  return { ...input, ...midpointOf(input.geometria) };
}

/** `LINESTRING(lon lat, …)`, as GIS tools read it from a CSV column. */
export function toWkt(line: LineString): string {
  return `LINESTRING(${line.coordinates.map(([lon, lat]) => `${lon} ${lat}`).join(', ')})`;
}

/** A WKT LINESTRING (2D or Z) → GeoJSON form, or undefined when it is not one (then validation names it). */
export function parseWktLineString(text: string): LineString | undefined {
  const match = /^\s*LINESTRING\s*(?:Z\s*)?\(([^()]*)\)\s*$/i.exec(text);
  if (!match) return undefined;
  const coordinates = match[1].split(',').map((pair) => pair.trim().split(/\s+/).map(Number));
  return { type: 'LineString', coordinates: coordinates as [number, number][] };
}

/** Class-validator rule for a `geometria` field. */
export function IsLineString(): PropertyDecorator {
  return ValidateBy({
    name: 'isLineString',
    validator: {
      validate: (value: unknown) => lineStringProblem(value) === undefined,
      defaultMessage: (args) => `$property ${lineStringProblem(args?.value) ?? 'is invalid'}`,
    },
  });
}
