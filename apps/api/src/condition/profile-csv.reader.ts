import { pipeline, Readable } from 'node:stream';
import { PayloadTooLargeException } from '@nestjs/common';
import { RequestValidationException, ValidationIssue } from '@recway/common';
import { parse as parseCsv } from 'csv-parse';

/** A longitudinal profile: one or two wheel paths of elevations (metres) at a constant spacing. */
export interface Profile {
  spacingM: number;
  /** One entry per wheel path, in the header's order. */
  paths: { name: 'unica' | 'izquierda' | 'derecha'; elevationsM: number[] }[];
}

const ONE_PATH = ['distancia_m', 'elevacion_mm'];
const TWO_PATHS = ['distancia_m', 'izquierda_mm', 'derecha_mm'];
export const MIN_SPACING_M = 0.01;
export const MAX_SPACING_M = 0.3;
export const SPACING_TOLERANCE = 0.01;
export const MIN_PROFILE_LENGTH_M = 11;
const MAX_REPORTED_ISSUES = 100;
const NUMBER = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;

/**
 * Reads a profile CSV as it streams in (header `distancia_m,elevacion_mm` or
 * `distancia_m,izquierda_mm,derecha_mm`) and checks it: numbers everywhere, distance increasing,
 * constant spacing (±1 %) between 0.01 and 0.30 m, at least 11 m. Any problem → 422 naming the line.
 */
export async function readProfile(chunks: AsyncIterable<Buffer>): Promise<Profile> {
  const parser = parseCsv({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true });
  const rows = pipeline(Readable.from(chunks), parser, () => undefined);
  const issues: ValidationIssue[] = [];
  const report = (line: number, field: string | undefined, msg: string) => {
    if (issues.length < MAX_REPORTED_ISSUES)
      issues.push({ loc: ['body', 'line', line, ...(field ? [field] : [])], msg, type: 'value_error' });
  };
  let header: string[] | undefined;
  const distances: number[] = [];
  const lines: number[] = [];
  const columns: number[][] = [];
  try {
    for await (const { record, info } of rows as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        header = checkHeader(record);
        header.slice(1).forEach(() => columns.push([]));
        continue;
      }
      readRow(record, info.lines, header, report, distances, columns, lines);
    }
  } catch (error) {
    if (error instanceof PayloadTooLargeException || error instanceof RequestValidationException) throw error;
    throw bodyIssue(`Invalid CSV: ${(error as Error).message}`);
  }
  if (!header)
    throw bodyIssue(`The profile is empty: send a header line ${ONE_PATH.join(',')} or ${TWO_PATHS.join(',')}`);
  if (issues.length === 0) checkSpacing(distances, lines, report);
  if (issues.length > 0) throw new RequestValidationException(issues);
  const spacingM = (distances[distances.length - 1] - distances[0]) / (distances.length - 1);
  const names = header.length === 2 ? (['unica'] as const) : (['izquierda', 'derecha'] as const);
  return { spacingM, paths: names.map((name, index) => ({ name, elevationsM: columns[index] })) };
}

function checkHeader(record: string[]): string[] {
  const names = record.map((name) => name.trim().toLowerCase());
  const matches = (expected: string[]) => names.length === expected.length && expected.every((n, i) => names[i] === n);
  if (matches(ONE_PATH) || matches(TWO_PATHS)) return names;
  throw new RequestValidationException([
    {
      loc: ['body', 'line', 1],
      msg: `The header must be ${ONE_PATH.join(',')} (one wheel path) or ${TWO_PATHS.join(',')} (both); got ${record.join(',')}`,
      type: 'value_error',
    },
  ]);
}

function readRow(
  record: string[],
  line: number,
  header: string[],
  report: (line: number, field: string | undefined, msg: string) => void,
  distances: number[],
  columns: number[][],
  lines: number[],
): void {
  if (record.length !== header.length) {
    report(line, undefined, `has ${record.length} values, the header has ${header.length}`);
    return;
  }
  const values = record.map((text, index) => {
    if (NUMBER.test(text)) return Number(text);
    report(line, header[index], text === '' ? 'missing value' : `not a number: ${text.slice(0, 40)}`);
    return NaN;
  });
  if (values.some(Number.isNaN)) return;
  const previous = distances[distances.length - 1];
  if (previous !== undefined && !(values[0] > previous)) {
    report(line, 'distancia_m', `distance must increase (${values[0]} after ${previous})`);
    return;
  }
  distances.push(values[0]);
  lines.push(line);
  values.slice(1).forEach((millimetres, index) => columns[index].push(millimetres / 1000));
}

function checkSpacing(
  distances: number[],
  lines: number[],
  report: (line: number, field: string | undefined, msg: string) => void,
): void {
  const length = distances.length > 1 ? distances[distances.length - 1] - distances[0] : 0;
  if (length < MIN_PROFILE_LENGTH_M) {
    report(
      lines[lines.length - 1] ?? 1,
      undefined,
      `the profile covers ${length} m; at least ${MIN_PROFILE_LENGTH_M} m are needed`,
    );
    return;
  }
  const spacing = length / (distances.length - 1);
  if (spacing < MIN_SPACING_M || spacing > MAX_SPACING_M) {
    report(
      lines[1],
      'distancia_m',
      `sample spacing ${spacing.toFixed(4)} m is outside ${MIN_SPACING_M}–${MAX_SPACING_M} m`,
    );
    return;
  }
  for (let i = 1; i < distances.length; i++) {
    const step = distances[i] - distances[i - 1];
    if (Math.abs(step / spacing - 1) > SPACING_TOLERANCE) {
      report(
        lines[i],
        'distancia_m',
        `spacing ${step.toFixed(4)} m differs from the mean ${spacing.toFixed(4)} m by more than 1 %`,
      );
    }
  }
}

function bodyIssue(msg: string): RequestValidationException {
  return new RequestValidationException([{ loc: ['body'], msg, type: 'value_error' }]);
}
