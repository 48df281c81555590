import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { SqlRunner } from '@recway/database';
import { EntityManager, Repository } from 'typeorm';
import { CreateSegmentDto } from './dto/create-segment.dto';
import { UpdateSegmentDto } from './dto/update-segment.dto';
import { Segment } from './segment.entity';
import { type LineString, toStoredLine } from './line-geometry';
import { CONDITION_COLUMNS, latestSurveyJoin } from '../condition/latest-survey.sql';
import { SEGMENT_PLACE_COLUMNS, type SegmentPlace } from '../realtime/realtime-event';
import { planSegmentQuery, SegmentPageRequest, SegmentQueryPlan } from './segment-filter.sql';
import { STORED_SEGMENT_COLUMNS as STORED, wireSegmentColumns } from './segment-columns.sql';

/**
 * A row as the API needs it, timestamps already in the API's ISO form; `distancia_m` only with a
 * `near` filter (whose rows also carry the window total: toSegmentResponse picks the wire fields).
 */
export interface SegmentRow {
  id_segmento: number;
  nombre: string;
  descripcion: string | null;
  longitud: number;
  latitud: number;
  ubicacion: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  geometria: LineString | null;
  longitud_m: number | null;
  distancia_m?: number;
  /** The latest survey (absent after an insert: a new segment has none). */
  condicion_id?: number | null;
  condicion_fecha?: string | null;
  condicion_iri?: number | null;
  condicion_pci?: number | null;
}

/** A change applied (with where the segment was before it), or why not. */
export type UpdateOutcome = { row: SegmentRow; was: SegmentPlace } | { missing: true } | { stale: true };
export type DeleteOutcome = { was: SegmentPlace } | { missing: true } | { stale: true };

const INSERT_BATCH = 5000;
/** What every statement answers with, from the stored columns of the rows it found as `s`. */
const WIRE = wireSegmentColumns('s');
/** A GeoJSON LineString parameter (text, or null) as a stored geometry. */
const LINE_FROM_PARAM = (param: string) => `ST_SetSRID(ST_GeomFromGeoJSON(${param}::text), 4326)`;
const EDITABLE = ['nombre', 'descripcion', 'longitud', 'latitud', 'ubicacion', 'geometria'] as const;
/**
 * Every SQL statement on `segmentos`. All values travel as bind parameters, never inside the SQL text.
 * UPDATE/DELETE … RETURNING sit in a CTE because TypeORM's `query()` answers [rows, count] for those.
 */
@Injectable()
export class SegmentsRepository {
  constructor(@InjectRepository(Segment) private readonly segments: Repository<Segment>) {}

  async findById(id: number): Promise<SegmentRow | undefined> {
    const rows = await this.segments.query<SegmentRow[]>(
      `SELECT ${WIRE}, ${CONDITION_COLUMNS} FROM (SELECT ${STORED} FROM segmentos WHERE id_segmento = $1) s ${latestSurveyJoin()}`,
      [id],
    );
    return rows[0];
  }

  async insert(input: CreateSegmentDto, manager: EntityManager = this.segments.manager): Promise<SegmentRow> {
    const rows = await manager.query<SegmentRow[]>(
      `WITH s AS (
         INSERT INTO segmentos (nombre, descripcion, longitud, latitud, ubicacion, geometria)
         VALUES ($1, $2, $3, $4, $5, ${LINE_FROM_PARAM('$6')}) RETURNING ${STORED})
       SELECT ${WIRE} FROM s`,
      [
        input.nombre,
        input.descripcion ?? null,
        input.longitud,
        input.latitud,
        input.ubicacion ?? null,
        lineParam(input),
      ],
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
    const rows = await this.segments.query<(SegmentRow & { was: SegmentPlace })[]>(
      `WITH was AS (SELECT ${SEGMENT_PLACE_COLUMNS} FROM segmentos WHERE id_segmento = $1),
       updated AS (
         UPDATE segmentos SET ${[...assignments, 'id_segmento = id_segmento'].join(', ')}${bump}
         WHERE id_segmento = $1 AND ($2::int[] IS NULL OR version = ANY($2::int[]))
         RETURNING ${STORED})
       SELECT ${WIRE}, ${CONDITION_COLUMNS}, row_to_json(was) AS was FROM updated s ${latestSurveyJoin()} CROSS JOIN was`,
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

  /** On `db`: the primary by default, or a read replica (ReadReplicas). */
  async findPage(
    request: SegmentPageRequest,
    db: SqlRunner = this.segments.manager,
  ): Promise<{ rows: SegmentRow[]; total: number }> {
    return request.near ? this.findNearPage(request, db) : this.findOrderedPage(request, db);
  }

  /** Page and total in parallel: the total is a plain count, the page can stop early on an index. */
  private async findOrderedPage(
    request: SegmentPageRequest,
    db: SqlRunner,
  ): Promise<{ rows: SegmentRow[]; total: number }> {
    const plan = planSegmentQuery(request);
    const n = plan.params.length;
    const [rows, total] = await Promise.all([
      db.query<SegmentRow[]>(
        `SELECT ${WIRE}, ${CONDITION_COLUMNS} FROM (
           SELECT ${STORED}${plan.sortColumns} FROM ${plan.from} ${plan.where}
           ORDER BY ${plan.innerOrder} LIMIT $${n + 1} OFFSET $${n + 2}
         ) s ${plan.conditionJoin} ORDER BY ${plan.outerOrder}`,
        [...plan.params, request.limit, request.skip],
      ),
      this.count(plan, db),
    ]);
    return { rows, total };
  }

  /**
   * A radius search computes every candidate's distance anyway, so the total rides along as a window
   * count in the same statement (one index scan, one round trip). Past the last page there is no row
   * to carry it, and a separate count answers.
   */
  private async findNearPage(
    request: SegmentPageRequest,
    db: SqlRunner,
  ): Promise<{ rows: SegmentRow[]; total: number }> {
    const plan = planSegmentQuery(request);
    const n = plan.params.length;
    const rows = await db.query<(SegmentRow & { total: number })[]>(
      `SELECT ${WIRE}, s.distancia_m, s.total, ${CONDITION_COLUMNS} FROM (
         SELECT ${STORED}${plan.sortColumns},
           ST_Distance(geog, ${plan.point}, false) AS distancia_m, count(*) OVER ()::int AS total
         FROM ${plan.from} ${plan.where} ORDER BY ${plan.innerOrder} LIMIT $${n + 1} OFFSET $${n + 2}
       ) s ${plan.conditionJoin} ORDER BY ${plan.outerOrder}`,
      [...plan.params, request.limit, request.skip],
    );
    const total = rows[0]?.total ?? (await this.count(plan, db));
    return { rows, total };
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
