import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import type { RecwayConfig } from '@recway/config';
import type { SqlRunner } from '@recway/database';
import type { ConditionBand } from '@recway/iri';
import { EntityManager, Repository } from 'typeorm';
import { CreateSegmentDto } from './dto/create-segment.dto';
import { UpdateSegmentDto } from './dto/update-segment.dto';
import { Segment } from './segment.entity';
import { type LineString, toStoredLine } from './line-geometry';
import { latestSurveyJoin } from '../condition/latest-survey.sql';
import { SEGMENT_PLACE_COLUMNS, type SegmentPlace } from '../realtime/realtime-event';
import { planSegmentQuery, SegmentPageRequest, SegmentQueryPlan } from './segment-filter.sql';
import {
  oneSegmentStatement,
  pageStatement,
  segmentJsonSql,
  STORED_SEGMENT_COLUMNS as STORED,
} from './segment-json.sql';

/** A segment as the API sends it, as JSON text (segmentJsonSql), and its version (the ETag's). */
export interface SegmentJsonRow {
  segment: string;
  version: number;
}

/** A page of segments: their JSON array as text, and how many match in all. */
export interface SegmentPageJson {
  itemsJson: string;
  total: number;
}

/** A change applied (with where the segment was before it), or why not. */
export type UpdateOutcome = { row: SegmentJsonRow; was: SegmentPlace } | { missing: true } | { stale: true };
export type DeleteOutcome = { was: SegmentPlace } | { missing: true } | { stale: true };

const INSERT_BATCH = 5000;
/** A GeoJSON LineString parameter (text, or null) as a stored geometry. */
const LINE_FROM_PARAM = (param: string) => `ST_SetSRID(ST_GeomFromGeoJSON(${param}::text), 4326)`;
const EDITABLE = ['nombre', 'descripcion', 'longitud', 'latitud', 'ubicacion', 'geometria'] as const;
/**
 * Every SQL statement on `segmentos`. All values travel as bind parameters, never inside the SQL text.
 * UPDATE/DELETE … RETURNING sit in a CTE because TypeORM's `query()` answers [rows, count] for those.
 */
@Injectable()
export class SegmentsRepository {
  private readonly bands: ConditionBand[];

  constructor(
    @InjectRepository(Segment) private readonly segments: Repository<Segment>,
    @Inject(ConfigService) config: ConfigService<RecwayConfig, true>,
  ) {
    this.bands = config.get('condition.bands', { infer: true });
  }

  async findById(id: number): Promise<SegmentJsonRow | undefined> {
    const { sql, params } = oneSegmentStatement(id, this.bands);
    const rows = await this.segments.query<SegmentJsonRow[]>(sql, params);
    return rows[0];
  }

  async insert(input: CreateSegmentDto, manager: EntityManager = this.segments.manager): Promise<SegmentJsonRow> {
    const params: unknown[] = [
      input.nombre,
      input.descripcion ?? null,
      input.longitud,
      input.latitud,
      input.ubicacion ?? null,
      lineParam(input),
    ];
    const rows = await manager.query<SegmentJsonRow[]>(
      `WITH s AS (
         INSERT INTO segmentos (nombre, descripcion, longitud, latitud, ubicacion, geometria)
         VALUES ($1, $2, $3, $4, $5, ${LINE_FROM_PARAM('$6')}) RETURNING ${STORED})
       SELECT ${segmentJsonSql(this.bands, params)} AS segment, s.version FROM s ${latestSurveyJoin()}`,
      params,
    );
    return rows[0];
  }

  /** Inserts many rows with a few array-bound statements (one per batch), in the caller's transaction. */
  async insertMany(inputs: CreateSegmentDto[], manager: EntityManager = this.segments.manager): Promise<number> {
    for (let start = 0; start < inputs.length; start += INSERT_BATCH) {
      const batch = inputs.slice(start, start + INSERT_BATCH);
      await manager.query(
        `INSERT INTO segmentos (nombre, descripcion, longitud, latitud, ubicacion, geometria)
         SELECT n, d, lon, lat, u, ${LINE_FROM_PARAM('g')}
         FROM unnest($1::varchar[], $2::varchar[], $3::float8[], $4::float8[], $5::varchar[], $6::text[])
           AS t(n, d, lon, lat, u, g)`,
        [
          batch.map((input) => input.nombre),
          batch.map((input) => input.descripcion ?? null),
          batch.map((input) => input.longitud),
          batch.map((input) => input.latitud),
          batch.map((input) => input.ubicacion ?? null),
          batch.map(lineParam),
        ],
      );
    }
    return inputs.length;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.segments.manager.transaction(work);
  }

  /**
   * Applies the present fields in one statement; with `expectedVersions` the row changes only if its
   * version is one of them, so a concurrent writer can never be overwritten silently.
   */
  async update(id: number, changes: UpdateSegmentDto, expectedVersions?: number[]): Promise<UpdateOutcome> {
    const fields = EDITABLE.filter((field) => changes[field] !== undefined);
    const params: unknown[] = [
      id,
      expectedVersions ?? null,
      ...fields.map((field) => (field === 'geometria' ? lineParam(changes) : changes[field])),
    ];
    const assignments = fields.map((field, index) =>
      field === 'geometria' ? `geometria = ${LINE_FROM_PARAM(`$${index + 3}`)}` : `${field} = $${index + 3}`,
    );
    const bump = fields.length > 0 ? ', version = version + 1, updated_at = now()' : '';
    // `was` reads the same snapshot as the UPDATE: the row as it was before this statement.
    const rows = await this.segments.query<(SegmentJsonRow & { was: SegmentPlace })[]>(
      `WITH was AS (SELECT ${SEGMENT_PLACE_COLUMNS} FROM segmentos WHERE id_segmento = $1),
       updated AS (
         UPDATE segmentos SET ${[...assignments, 'id_segmento = id_segmento'].join(', ')}${bump}
         WHERE id_segmento = $1 AND ($2::int[] IS NULL OR version = ANY($2::int[]))
         RETURNING ${STORED})
       SELECT ${segmentJsonSql(this.bands, params)} AS segment, s.version, row_to_json(was) AS was
       FROM updated s ${latestSurveyJoin()} CROSS JOIN was`,
      params,
    );
    if (rows[0]) {
      const { was, ...row } = rows[0];
      return { row, was };
    }
    return (await this.exists(id)) ? { stale: true } : { missing: true };
  }

  async delete(id: number, expectedVersions?: number[]): Promise<DeleteOutcome> {
    const rows = await this.segments.query<SegmentPlace[]>(
      `WITH deleted AS (
         DELETE FROM segmentos WHERE id_segmento = $1 AND ($2::int[] IS NULL OR version = ANY($2::int[]))
         RETURNING ${SEGMENT_PLACE_COLUMNS})
       SELECT * FROM deleted`,
      [id, expectedVersions ?? null],
    );
    if (rows[0]) return { was: rows[0] };
    return (await this.exists(id)) ? { stale: true } : { missing: true };
  }

  /** A page (its JSON array and total) on `db`: the primary by default, or a read replica (ReadReplicas). */
  async findPage(request: SegmentPageRequest, db: SqlRunner = this.segments.manager): Promise<SegmentPageJson> {
    const plan = planSegmentQuery(request);
    const { sql, params } = pageStatement(plan, request);
    if (request.near) {
      const [row] = await db.query<{ items: string; total: number | null }[]>(sql, params);
      return { itemsJson: row.items, total: row.total ?? (await this.count(plan, db)) };
    }
    // Page and total in parallel: the total is a plain count, the page can stop early on an index.
    const [[row], total] = await Promise.all([db.query<{ items: string }[]>(sql, params), this.count(plan, db)]);
    return { itemsJson: row.items, total };
  }

  private async count(plan: SegmentQueryPlan, db: SqlRunner): Promise<number> {
    const [row] = await db.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM ${plan.from} ${plan.where}`,
      plan.params.slice(0, plan.whereParamCount),
    );
    return row.total;
  }

  /** The bounding box of every point and line, or undefined without segments. */
  async extent(db: SqlRunner = this.segments.manager): Promise<[number, number, number, number] | undefined> {
    const [row] = await db.query<{ xmin: number | null; ymin: number; xmax: number; ymax: number }[]>(
      `SELECT ST_XMin(e) AS xmin, ST_YMin(e) AS ymin, ST_XMax(e) AS xmax, ST_YMax(e) AS ymax
       FROM (SELECT ST_Extent(coalesce(geometria, geom)) AS e FROM segmentos) x`,
    );
    return row.xmin === null ? undefined : [row.xmin, row.ymin, row.xmax, row.ymax];
  }

  private async exists(id: number): Promise<boolean> {
    const rows = await this.segments.query<unknown[]>('SELECT 1 FROM segmentos WHERE id_segmento = $1', [id]);
    return rows.length > 0;
  }
}

/** The line as a GeoJSON text parameter (null: no line). */
function lineParam(input: { geometria?: LineString | null }): string | null {
  return input.geometria ? JSON.stringify(toStoredLine(input.geometria)) : null;
}
