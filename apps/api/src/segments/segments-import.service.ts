import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Inject, Injectable, UnsupportedMediaTypeException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { RecwayConfig } from '@recway/config';
import { meteredChunks, RequestValidationException, toValidationIssues, ValidationIssue } from '@recway/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { IdempotencyKey, IdempotencyService } from '../idempotency/idempotency.service';
import { RealtimeEventsService } from '../realtime/realtime-events.service';
import { CreateSegmentDto } from './dto/create-segment.dto';
import { ImportResultDto } from './dto/import-result.dto';
import { ImportFormatError, ImportRecord, readCsv, readGeoJson } from './segment-import.readers';
import { withPointOnLine } from './line-geometry';
import { GEOJSON_MEDIA_TYPE } from './segment-formats';
import { SegmentsCache } from './segments.cache';
import { SegmentsRepository } from './segments.repository';

const IMPORT_OPERATION = 'POST /segmentos/import';
/** A 422 lists every bad record up to this many, then says how many more there were. */
const MAX_REPORTED_ISSUES = 1000;

export interface ImportRequest {
  body: Readable;
  contentType: string | undefined;
  contentLength?: number;
  idempotencyKey?: IdempotencyKey;
}

/**
 * Bulk import, all or nothing: the file is streamed and every record validated first; only when all
 * are valid are they written, in one transaction. Any bad record → 422 listing each one, nothing written.
 */
@Injectable()
export class SegmentsImportService {
  constructor(
    private readonly repository: SegmentsRepository,
    private readonly cache: SegmentsCache,
    private readonly idempotency: IdempotencyService,
    private readonly events: RealtimeEventsService,
    @Inject(ConfigService) private readonly config: ConfigService<RecwayConfig, true>,
  ) {}

  async import({ body, contentType, contentLength, idempotencyKey }: ImportRequest): Promise<ImportResultDto> {
    const read = readerFor(contentType);
    const hash = createHash('sha256');
    const maxBytes = this.config.get('http.importMaxBodyBytes', { infer: true });
    const chunks = meteredChunks(body, contentLength, maxBytes, 'IMPORT_MAX_BODY_SIZE', hash);
    const segments = await validateAll(read(chunks));
    const insertAll = async (manager: EntityManager) => ({
      importados: await this.repository.insertMany(segments, manager),
    });
    const result = idempotencyKey
      ? (await this.idempotency.execute(IMPORT_OPERATION, idempotencyKey, { sha256: hash.digest('hex') }, insertAll))
          .result
      : await this.repository.transaction((manager) => insertAll(manager));
    await this.cache.invalidate();
    // Many segments, anywhere: every subscriber hears it (no bounds), then re-reads what it shows.
    this.events.publish({ type: 'importacion.completada', id: null, data: result, bounds: [] });
    return result;
  }
}

function readerFor(contentType: string | undefined): (chunks: AsyncIterable<Buffer>) => AsyncGenerator<ImportRecord> {
  const mediaType = contentType?.split(';')[0].trim().toLowerCase();
  if (mediaType === GEOJSON_MEDIA_TYPE) return readGeoJson;
  if (mediaType === 'text/csv') return readCsv;
  throw new UnsupportedMediaTypeException(
    `Send the file as Content-Type ${GEOJSON_MEDIA_TYPE} (a FeatureCollection of points or lines) or text/csv`,
  );
}

async function validateAll(records: AsyncGenerator<ImportRecord>): Promise<CreateSegmentDto[]> {
  const segments: CreateSegmentDto[] = [];
  const issues: ValidationIssue[] = [];
  let badRecords = 0;
  try {
    for await (const record of records) {
      const checked = checkRecord(record);
      if ('segment' in checked) segments.push(checked.segment);
      else if (++badRecords <= MAX_REPORTED_ISSUES) issues.push(...checked.issues);
    }
  } catch (error) {
    if (error instanceof ImportFormatError) throw formatIssue(error.message);
    throw error;
  }
  if (badRecords > MAX_REPORTED_ISSUES) {
    issues.push({
      loc: ['body'],
      msg: `…and ${badRecords - MAX_REPORTED_ISSUES} more bad records`,
      type: 'too_many_errors',
    });
  }
  if (issues.length > 0) throw new RequestValidationException(issues);
  if (segments.length === 0) throw formatIssue('The file holds no segments');
  return segments;
}

/** The record as a validated segment, or its issues located in the file. */
function checkRecord(record: ImportRecord): { segment: CreateSegmentDto } | { issues: ValidationIssue[] } {
  if (record.problem)
    return {
      issues: [{ loc: ['body', ...record.position], msg: record.problem, type: record.problemType ?? 'value_error' }],
    };
  const segment = plainToInstance(CreateSegmentDto, record.fields);
  const errors = validateSync(segment, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length === 0) return { segment: withPointOnLine(segment) };
  const issues = toValidationIssues(errors, 'body').map((issue) => ({
    ...issue,
    loc: ['body', ...record.position, ...issue.loc.slice(1)],
  }));
  return { issues };
}

function formatIssue(msg: string): RequestValidationException {
  return new RequestValidationException([{ loc: ['body'], msg, type: 'value_error' }]);
}
