import { pipeline, Readable } from 'node:stream';
import { PayloadTooLargeException } from '@nestjs/common';
import { JSONParser } from '@streamparser/json';
import { jsonShapeIssues } from '@recway/common';
import { parse as parseCsv } from 'csv-parse';
import { parseWktLineString } from './line-geometry';

/** One record of an import file, before validation, with where it came from. */
export interface ImportRecord {
  /** Error location after "body": ['features', 3] or ['line', 7]. */
  position: (string | number)[];
  fields: Record<string, unknown>;
  /** A problem found while reading (shape, column count), reported with the validation issues. */
  problem?: string;
  /** Its issue type, when not the generic `value_error`. */
  problemType?: string;
}

export class ImportFormatError extends Error {}

/** Output-only properties: present in RecWay's own GeoJSON exports, ignored on import. */
const IGNORED_PROPERTIES = new Set([
  'id_segmento',
  'created_at',
  'updated_at',
  'distancia_m',
  'longitud',
  'latitud',
  'longitud_m',
  'condicion',
]);

/** Features of a GeoJSON FeatureCollection, one at a time: the file is never held whole. */
export async function* readGeoJson(chunks: AsyncIterable<Buffer>): AsyncGenerator<ImportRecord> {
  const parser = new JSONParser({ paths: ['$.type', '$.features.*'], keepStack: false });
  const pending: ImportRecord[] = [];
  let collectionType: unknown;
  parser.onValue = ({ value, key }) => {
    if (key === 'type') collectionType = value;
    else pending.push(featureRecord(Number(key), value));
  };
  try {
    for await (const chunk of chunks) {
      parser.write(chunk);
      yield* pending.splice(0);
    }
    if (!parser.isEnded) parser.end();
  } catch (error) {
    if (error instanceof PayloadTooLargeException) throw error;
    throw new ImportFormatError(`Invalid JSON: ${(error as Error).message}`);
  }
  yield* pending.splice(0);
  if (collectionType !== 'FeatureCollection') {
    throw new ImportFormatError('The body must be a GeoJSON FeatureCollection ("type": "FeatureCollection")');
  }
}

function featureRecord(index: number, feature: unknown): ImportRecord {
  const position = ['features', index];
  // Before anything walks the feature recursively (validation): too deep, or __proto__ / constructor keys.
  const [shapeIssue] = jsonShapeIssues(feature, 'body');
  if (shapeIssue) {
    const { loc, msg, type } = shapeIssue;
    return { position: [...position, ...loc.slice(1)], fields: {}, problem: msg, problemType: type };
  }
  const { type, geometry, properties } = (feature ?? {}) as Record<string, unknown>;
  if (type !== 'Feature') return { position, fields: {}, problem: 'must be a GeoJSON Feature' };
  const fields = geometryFields(geometry);
  if (!fields) {
    return {
      position: [...position, 'geometry'],
      fields: {},
      problem: 'must be a Point with [longitude, latitude], or a LineString',
    };
  }
  const props = (properties ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(props)) {
    // Unknown properties stay, so validation names them (forbidden like unknown JSON fields).
    if (!IGNORED_PROPERTIES.has(name)) fields[name] = value;
  }
  return { position: [...position, 'properties'], fields };
}

/** A Point gives latitud/longitud; a LineString is the segment's line (validated with the other fields). */
function geometryFields(geometry: unknown): Record<string, unknown> | undefined {
  const { type, coordinates } = (geometry ?? {}) as { type?: unknown; coordinates?: unknown };
  if (type === 'LineString') return { geometria: geometry };
  if (type !== 'Point' || !Array.isArray(coordinates) || coordinates.length < 2) return undefined;
  return { longitud: coordinates[0] as unknown, latitud: coordinates[1] as unknown };
}

const CSV_COLUMNS = ['nombre', 'descripcion', 'longitud', 'latitud', 'ubicacion', 'geometria'];
const CSV_NUMBERS = new Set(['longitud', 'latitud']);
const CSV_NULLABLE = new Set(['descripcion', 'ubicacion', 'geometria']);

/** Rows of an RFC 4180 CSV with a header line; the same columns RecWay's CSV export writes. */
export async function* readCsv(chunks: AsyncIterable<Buffer>): AsyncGenerator<ImportRecord> {
  const parser = parseCsv({ columns: checkHeader, bom: true, info: true, relax_column_count: true, trim: false });
  // pipeline (not pipe) hands a source failure, such as 413, to the parser, whose iteration then throws it.
  const rows = pipeline(Readable.from(chunks), parser, () => undefined);
  try {
    for await (const { record, info } of rows as AsyncIterable<{ record: Record<string, string>; info: CsvInfo }>) {
      yield csvRecord(record, info);
    }
  } catch (error) {
    if (error instanceof PayloadTooLargeException || error instanceof ImportFormatError) throw error;
    throw new ImportFormatError(`Invalid CSV: ${(error as Error).message}`);
  }
}

interface CsvInfo {
  lines: number;
  invalid_field_length: number;
  columns: { name: string }[];
}

function checkHeader(header: string[]): string[] {
  const names = header.map((name) => name.trim());
  const unknown = names.filter((name) => !CSV_COLUMNS.includes(name) && !IGNORED_PROPERTIES.has(name));
  // Rows place themselves by latitud/longitud, or by a line (then its midpoint).
  const required = names.includes('geometria') ? ['nombre'] : ['nombre', 'longitud', 'latitud'];
  const missing = required.filter((name) => !names.includes(name));
  if (unknown.length > 0 || missing.length > 0) {
    throw new ImportFormatError(
      `CSV header must name the columns ${CSV_COLUMNS.join(', ')}` +
        (missing.length ? `; missing: ${missing.join(', ')}` : '') +
        (unknown.length ? `; unknown: ${unknown.join(', ')}` : ''),
    );
  }
  return names;
}

function csvRecord(record: Record<string, string>, info: CsvInfo): ImportRecord {
  const position = ['line', info.lines];
  const count = Object.keys(record).length;
  if (count !== info.columns.length) {
    return { position, fields: {}, problem: `has ${count} fields, the header has ${info.columns.length}` };
  }
  const fields: Record<string, unknown> = {};
  for (const name of CSV_COLUMNS) {
    const value = record[name];
    if (value === undefined) continue;
    if (CSV_NUMBERS.has(name)) {
      // Empty: left out, so a row with a line may take the line's midpoint (else: "Field required").
      if (value.trim() !== '')
        fields[name] = /^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(value) ? Number(value) : value;
    } else if (CSV_NULLABLE.has(name) && value === '') fields[name] = null;
    else if (name === 'geometria') fields[name] = parseWktLineString(value) ?? value;
    else fields[name] = value;
  }
  return { position, fields };
}
