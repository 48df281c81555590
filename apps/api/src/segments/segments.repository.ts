import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { CreateSegmentDto } from './dto/create-segment.dto';
import { UpdateSegmentDto } from './dto/update-segment.dto';
import { Segment } from './segment.entity';
import type { ConditionBand } from '@recway/iri';
import { type LineString, toStoredLine } from './line-geometry';
import { Bbox, GeoPoint, SortField, SortKey } from './segment-query.params';

/** A row as the API needs it; `distancia_m` only with a `near` filter. */
export interface SegmentRow {
  id_segmento: number;
  nombre: string;
  descripcion: string | null;
  longitud: number;
  latitud: number;
  ubicacion: string | null;
  created_at: Date;
  updated_at: Date;
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

export interface SegmentFilter {
  q?: string;
  near?: GeoPoint;
  radius?: number;
  bbox?: Bbox;
  /** Condition filters, on the latest survey. */
  banda?: string[];
  iri_min?: number;
  iri_max?: number;
  sin_inspeccion?: boolean;
}

export interface SegmentPageRequest extends SegmentFilter {
  sort?: SortKey[];
  skip: number;
  limit: number;
  /** How `banda` is computed (CONDITION_BANDS). */
  bands: ConditionBand[];
}

export type UpdateOutcome = { row: SegmentRow } | { missing: true } | { stale: true };

const INSERT_BATCH = 5000;
const COLUMNS =
  'id_segmento, nombre, descripcion, longitud, latitud, ubicacion, created_at, updated_at, version, ' +
  'ST_AsGeoJSON(geometria)::json AS geometria, longitud_m';
/** A GeoJSON LineString parameter (text, or null) as a stored geometry. */
const LINE_FROM_PARAM = (param: string) => `ST_SetSRID(ST_GeomFromGeoJSON(${param}::text), 4326)`;
const CONDITION_COLUMNS =
  'c.id_inspeccion AS condicion_id, c.fecha::text AS condicion_fecha, c.iri_m_km AS condicion_iri, c.pci AS condicion_pci';
/**
 * Each segment with its latest survey: one index probe per row (inspecciones_segmento_fecha). The
 * Condition module owns the table; this read is here so a page costs one statement, not one per row.
 */
const WITH_CONDITION = `LEFT JOIN LATERAL (
    SELECT id_inspeccion, fecha, iri_m_km, pci FROM inspecciones i
    WHERE i.id_segmento = s.id_segmento ORDER BY fecha DESC, id_inspeccion DESC LIMIT 1) c ON true`;
const EDITABLE = ['nombre', 'descripcion', 'longitud', 'latitud', 'ubicacion', 'geometria'] as const;
/** Sort keys map to fixed SQL; user input never reaches the ORDER BY text. */
const SORT_COLUMNS: Record<SortField, string> = {
  nombre: 'nombre',
  ubicacion: 'ubicacion',
  created_at: 'created_at',
  updated_at: 'updated_at',
  id_segmento: 'id_segmento',
  iri: 'c.iri_m_km',
};

/**
 * Every SQL statement on `segmentos`. All values travel as bind parameters, never inside the SQL text.
 * UPDATE/DELETE … RETURNING sit in a CTE because TypeORM's `query()` answers [rows, count] for those.
 */
@Injectable()
export class SegmentsRepository {
  constructor(@InjectRepository(Segment) private readonly segments: Repository<Segment>) {}

  async findById(id: number): Promise<SegmentRow | undefined> {
    const rows = await this.segments.query<SegmentRow[]>(
      `SELECT s.*, ${CONDITION_COLUMNS} FROM (SELECT ${COLUMNS} FROM segmentos WHERE id_segmento = $1) s ${WITH_CONDITION}`,
      [id],
    );
    return rows[0];
  }

  async insert(input: CreateSegmentDto, manager: EntityManager = this.segments.manager): Promise<SegmentRow> {
    const rows = await manager.query<SegmentRow[]>(
      `INSERT INTO segmentos (nombre, descripcion, longitud, latitud, ubicacion, geometria)
       VALUES ($1, $2, $3, $4, $5, ${LINE_FROM_PARAM('$6')}) RETURNING ${COLUMNS}`,
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
    const rows = await this.segments.query<SegmentRow[]>(
      `WITH updated AS (
         UPDATE segmentos SET ${[...assignments, 'id_segmento = id_segmento'].join(', ')}${bump}
         WHERE id_segmento = $1 AND ($2::int[] IS NULL OR version = ANY($2::int[]))
         RETURNING ${COLUMNS})
       SELECT s.*, ${CONDITION_COLUMNS} FROM updated s ${WITH_CONDITION}`,
      params,
    );
    if (rows[0]) return { row: rows[0] };
    return (await this.exists(id)) ? { stale: true } : { missing: true };
  }

  async delete(
    id: number,
    expectedVersions?: number[],
  ): Promise<{ deleted: true } | { missing: true } | { stale: true }> {
    const rows = await this.segments.query<{ id_segmento: number }[]>(
      `WITH deleted AS (
         DELETE FROM segmentos WHERE id_segmento = $1 AND ($2::int[] IS NULL OR version = ANY($2::int[]))
         RETURNING id_segmento)
       SELECT * FROM deleted`,
      [id, expectedVersions ?? null],
    );
    if (rows.length > 0) return { deleted: true };
    return (await this.exists(id)) ? { stale: true } : { missing: true };
  }

  async findPage(request: SegmentPageRequest): Promise<{ rows: SegmentRow[]; total: number }> {
    return request.near ? this.findNearPage(request) : this.findOrderedPage(request);
  }

  /** Page and total in parallel: the total is a plain count, the page can stop early on an index. */
  private async findOrderedPage(request: SegmentPageRequest): Promise<{ rows: SegmentRow[]; total: number }> {
    const where = buildWhere(request);
    const n = where.params.length;
    const [paged, total] = await Promise.all([
      this.segments.query<(SegmentRow & { iri_m_km?: number })[]>(
        `SELECT s.*, ${CONDITION_COLUMNS} FROM (
           SELECT ${COLUMNS}${sortsByCondition(request) ? ', c.iri_m_km' : ''} FROM ${where.from} ${where.sql}
           ORDER BY ${orderBy(request)} LIMIT $${n + 1} OFFSET $${n + 2}
         ) s ${WITH_CONDITION} ORDER BY ${orderBy(request, 's.')}`,
        [...where.params, request.limit, request.skip],
      ),
      this.count(where),
    ]);
    const rows = paged.map(({ iri_m_km: _iri, ...row }) => row);
    return { rows, total };
  }

  /**
   * A radius search computes every candidate's distance anyway, so the total rides along as a window
   * count in the same statement (one index scan, one round trip). Past the last page there is no row
   * to carry it, and a separate count answers.
   */
  private async findNearPage(request: SegmentPageRequest): Promise<{ rows: SegmentRow[]; total: number }> {
    const where = buildWhere(request);
    const n = where.params.length;
    const rows = await this.segments.query<(SegmentRow & { total: number; iri_m_km?: number })[]>(
      `SELECT s.*, ${CONDITION_COLUMNS} FROM (
         SELECT ${COLUMNS}${sortsByCondition(request) ? ', c.iri_m_km' : ''},
           ST_Distance(geog, ${where.point}, false) AS distancia_m, count(*) OVER ()::int AS total
         FROM ${where.from} ${where.sql} ORDER BY ${orderBy(request)} LIMIT $${n + 1} OFFSET $${n + 2}
       ) s ${WITH_CONDITION} ORDER BY ${orderBy(request, 's.')}`,
      [...where.params, request.limit, request.skip],
    );
    const total = rows[0]?.total ?? (await this.count(where));
    return { rows: rows.map(({ total: _total, iri_m_km: _iri, ...row }) => row), total };
  }

  private async count(where: { from: string; sql: string; params: unknown[] }): Promise<number> {
    const [row] = await this.segments.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM ${where.from} ${where.sql}`,
      where.params,
    );
    return row.total;
  }

  private async exists(id: number): Promise<boolean> {
    const rows = await this.segments.query<unknown[]>('SELECT 1 FROM segmentos WHERE id_segmento = $1', [id]);
    return rows.length > 0;
  }
}

/**
 * Distances are computed on the sphere (use_spheroid = false): within 0.5 % of the spheroid at road
 * scale and several times cheaper, which keeps `near` fast under load. Both calls use the GiST index.
 */
function buildWhere(request: SegmentPageRequest): { from: string; sql: string; params: unknown[]; point: string } {
  const filter: SegmentFilter = request;
  const conditions: string[] = [];
  const params: unknown[] = [];
  const next = (value: unknown): string => `$${params.push(value)}`;
  let point = '';
  if (filter.q !== undefined && filter.q !== '') {
    conditions.push(`search_text LIKE '%' || recway_fold(${next(escapeLike(filter.q))}) || '%'`);
  }
  if (filter.near && filter.radius !== undefined) {
    point = `ST_SetSRID(ST_MakePoint(${next(filter.near.lon)}, ${next(filter.near.lat)}), 4326)::geography`;
    conditions.push(`ST_DWithin(geog, ${point}, ${next(filter.radius)}, false)`);
  }
  if (filter.bbox) {
    const { minLon, minLat, maxLon, maxLat } = filter.bbox;
    const box = `ST_MakeEnvelope(${next(minLon)}, ${next(minLat)}, ${next(maxLon)}, ${next(maxLat)}, 4326)`;
    // The point or any part of the line: each side uses its own GiST index.
    conditions.push(`(geom && ${box} OR geometria && ${box})`);
  }
  conditions.push(...conditionPredicates(request, next));
  const joined = usesCondition(request);
  return {
    from: joined ? `segmentos s ${WITH_CONDITION}` : 'segmentos',
    sql: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '',
    params,
    point,
  };
}

/** Filters on the latest survey (the `c` of WITH_CONDITION). */
function conditionPredicates(request: SegmentPageRequest, next: (value: unknown) => string): string[] {
  const predicates: string[] = [];
  if (request.sin_inspeccion !== undefined)
    predicates.push(`c.id_inspeccion IS ${request.sin_inspeccion ? '' : 'NOT '}NULL`);
  if (request.iri_min !== undefined) predicates.push(`c.iri_m_km >= ${next(request.iri_min)}`);
  if (request.iri_max !== undefined) predicates.push(`c.iri_m_km <= ${next(request.iri_max)}`);
  if (request.banda) predicates.push(`${bandSql(request.bands, next)} = ANY(${next(request.banda)}::text[])`);
  return predicates;
}

/**
 * The band of the latest survey in SQL, mirroring @recway/iri's bandOf: by IRI when there is one,
 * else by PCI. Thresholds and names travel as bind parameters.
 */
export function bandSql(bands: ConditionBand[], next: (value: unknown) => string, alias = 'c'): string {
  const last = next(bands[bands.length - 1].banda);
  const byIri = bands
    .slice(0, -1)
    .map((band) => `WHEN ${alias}.iri_m_km < ${next(band.iri_max)} THEN ${next(band.banda)}`)
    .join(' ');
  const byPci = bands
    .slice(0, -1)
    .map((band) => `WHEN ${alias}.pci >= ${next(band.pci_min)} THEN ${next(band.banda)}`)
    .join(' ');
  return `(CASE WHEN ${alias}.iri_m_km IS NOT NULL THEN (CASE ${byIri} ELSE ${last}::text END)
    WHEN ${alias}.pci IS NOT NULL THEN (CASE ${byPci} ELSE ${last}::text END) END)`;
}

function usesCondition(request: SegmentPageRequest): boolean {
  return (
    sortsByCondition(request) ||
    request.sin_inspeccion !== undefined ||
    request.iri_min !== undefined ||
    request.iri_max !== undefined ||
    request.banda !== undefined
  );
}

function sortsByCondition(request: SegmentPageRequest): boolean {
  return request.sort?.some((key) => key.field === 'iri') ?? false;
}

/** Explicit keys first; then nearest (with near) or newest; the id breaks ties so pages never overlap. */
function orderBy(request: SegmentPageRequest, outer = ''): string {
  const column = (field: SortField) => (field === 'iri' ? `${outer || 'c.'}iri_m_km` : SORT_COLUMNS[field]);
  const keys = (request.sort ?? []).map(
    (key) => `${column(key.field)} ${key.descending ? 'DESC' : 'ASC'}${key.field === 'iri' ? ' NULLS LAST' : ''}`,
  );
  if (keys.length === 0) keys.push(request.near ? 'distancia_m ASC' : 'created_at DESC');
  const tieBreak = request.sort?.some((key) => key.field === 'id_segmento') ? [] : ['id_segmento DESC'];
  return [...keys, ...tieBreak].join(', ');
}

/** The line as a GeoJSON text parameter (null: no line). */
function lineParam(input: { geometria?: LineString | null }): string | null {
  return input.geometria ? JSON.stringify(toStoredLine(input.geometria)) : null;
}

/** `%` and `_` in the user's text are literal characters, not LIKE wildcards. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (match) => `\\${match}`);
}
