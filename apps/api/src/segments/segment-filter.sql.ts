import type { ConditionBand } from '@recway/iri';
import { bandRankSql, bandSql, latestSurveyJoin } from '../condition/latest-survey.sql';
import { Bbox, GeoPoint, SortField, SortKey } from './segment-query.params';

export interface SegmentFilter {
  q?: string;
  near?: GeoPoint;
  radius?: number;
  bbox?: Bbox;
  /** Condition filters, on the latest survey (from `fecha_desde` on, when given). */
  banda?: string[];
  iri_min?: number;
  iri_max?: number;
  sin_inspeccion?: boolean;
  fecha_desde?: string;
  /** The latest survey's date within [desde, hasta] (either end open). */
  fecha_inspeccion?: { desde?: string; hasta?: string };
}

export interface SegmentPageRequest extends SegmentFilter {
  sort?: SortKey[];
  /** Worst first: band, then IRI, then length (GET /red/prioridades). Replaces `sort`. */
  worstFirst?: boolean;
  skip: number;
  limit: number;
  /** How `banda` is computed (CONDITION_BANDS). */
  bands: ConditionBand[];
}

/** A WHERE clause with its bind parameters, how to join the condition, and how to order a page. */
export interface SegmentQueryPlan {
  /** `segmentos`, or `segmentos s` with the latest survey joined when a filter or the order needs it. */
  from: string;
  where: string;
  /** Every bind parameter of the page query; the first `whereParamCount` are those of from/where. */
  params: unknown[];
  whereParamCount: number;
  /** The latest-survey join for the page's rows (same parameters). */
  conditionJoin: string;
  /** The `near` point, as SQL. */
  point: string;
  /** Extra columns the inner page selects so the outer query can keep its order (`sort_*`). */
  sortColumns: string;
  innerOrder: string;
  outerOrder: string;
}

/** Sort keys map to fixed SQL; user input never reaches the ORDER BY text. */
const SORT_COLUMNS: Record<Exclude<SortField, 'iri'>, string> = {
  nombre: 'nombre',
  ubicacion: 'ubicacion',
  created_at: 'created_at',
  updated_at: 'updated_at',
  id_segmento: 'id_segmento',
};

/**
 * Distances are computed on the sphere (use_spheroid = false): within 0.5 % of the spheroid at road
 * scale and several times cheaper, which keeps `near` fast under load. Both calls use the GiST index.
 */
export function planSegmentQuery(request: SegmentPageRequest): SegmentQueryPlan {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const next = (value: unknown): string => `$${params.push(value)}`;
  let point = '';
  if (request.near && request.radius !== undefined) {
    point = `ST_SetSRID(ST_MakePoint(${next(request.near.lon)}, ${next(request.near.lat)}), 4326)::geography`;
    conditions.push(`ST_DWithin(geog, ${point}, ${next(request.radius)}, false)`);
  }
  if (request.bbox) conditions.push(bboxSql(request.bbox, next));
  const conditionJoin = latestSurveyJoin(request.fecha_desde ? next(request.fecha_desde) : undefined);
  conditions.push(...attributePredicates(request, request.bands, next));
  const whereParamCount = params.length;
  const order = orderPlan(request, next);
  return {
    from: usesCondition(request) ? `segmentos s ${conditionJoin}` : 'segmentos',
    where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '',
    params,
    whereParamCount,
    conditionJoin,
    point,
    ...order,
  };
}

/** The point or any part of the line in the box: each side uses its own GiST index. */
export function bboxSql({ minLon, minLat, maxLon, maxLat }: Bbox, next: (value: unknown) => string): string {
  const box = `ST_MakeEnvelope(${next(minLon)}, ${next(minLat)}, ${next(maxLon)}, ${next(maxLat)}, 4326)`;
  return `(geom && ${box} OR geometria && ${box})`;
}

/** `q`: the text in nombre or ubicacion, ignoring case and accents. */
function textPredicate(q: string, next: (value: unknown) => string): string {
  return `search_text LIKE '%' || recway_fold(${next(escapeLike(q))}) || '%'`;
}

/**
 * The list's non-spatial filters (text and condition) over `segmentos s` joined to its latest survey
 * `c`: the tiles and the network summary apply them too, so map, list and summary always agree.
 */
export function attributePredicates(
  filter: SegmentFilter,
  bands: ConditionBand[],
  next: (value: unknown) => string,
): string[] {
  const predicates = filter.q ? [textPredicate(filter.q, next)] : [];
  return [...predicates, ...conditionPredicates(filter, bands, next)];
}

/** Filters on the latest survey (the `c` of the condition join). */
function conditionPredicates(
  request: SegmentFilter,
  bands: ConditionBand[],
  next: (value: unknown) => string,
): string[] {
  const predicates: string[] = [];
  if (request.sin_inspeccion !== undefined)
    predicates.push(`c.id_inspeccion IS ${request.sin_inspeccion ? '' : 'NOT '}NULL`);
  if (request.iri_min !== undefined) predicates.push(`c.iri_m_km >= ${next(request.iri_min)}`);
  if (request.iri_max !== undefined) predicates.push(`c.iri_m_km <= ${next(request.iri_max)}`);
  if (request.banda) predicates.push(`${bandSql(bands, next)} = ANY(${next(request.banda)}::text[])`);
  const { desde, hasta } = request.fecha_inspeccion ?? {};
  if (desde !== undefined) predicates.push(`c.fecha >= ${next(desde)}::date`);
  if (hasta !== undefined) predicates.push(`c.fecha <= ${next(hasta)}::date`);
  return predicates;
}

function usesCondition(request: SegmentPageRequest): boolean {
  return (
    request.worstFirst === true ||
    request.fecha_desde !== undefined ||
    (request.sort?.some((key) => key.field === 'iri') ?? false) ||
    filtersOnCondition(request)
  );
}

/** Whether the filter reads the latest survey (`c`), so the condition join must be there. */
export function filtersOnCondition(filter: SegmentFilter): boolean {
  return (
    filter.sin_inspeccion !== undefined ||
    filter.iri_min !== undefined ||
    filter.iri_max !== undefined ||
    filter.banda !== undefined ||
    filter.fecha_inspeccion !== undefined
  );
}

interface OrderKey {
  /** What the inner page orders by. */
  expression: string;
  /** Its name in the outer query (a column of the page, or a `sort_*` one it selects). */
  outer: string;
  direction: 'ASC' | 'DESC';
  /** Expressions the page must select for the outer query (name → SQL). */
  exposes?: [string, string];
}

/**
 * Explicit keys first (or worst first); then nearest (with near) or newest; the id breaks ties so
 * pages never overlap. The page is ordered inside, then again outside after the condition join.
 */
function orderPlan(
  request: SegmentPageRequest,
  next: (value: unknown) => string,
): Pick<SegmentQueryPlan, 'sortColumns' | 'innerOrder' | 'outerOrder'> {
  const keys: OrderKey[] = request.worstFirst ? worstFirstKeys(request.bands, next) : sortKeys(request.sort ?? []);
  if (keys.length === 0) {
    const column = request.near ? 'distancia_m' : 'created_at';
    keys.push({ expression: column, outer: column, direction: request.near ? 'ASC' : 'DESC' });
  }
  if (!keys.some((key) => key.expression === 'id_segmento'))
    keys.push({ expression: 'id_segmento', outer: 'id_segmento', direction: 'DESC' });
  const nulls = (key: OrderKey) => (key.exposes ? ' NULLS LAST' : '');
  return {
    sortColumns: keys
      .filter((key) => key.exposes)
      .map((key) => `, ${(key.exposes as [string, string])[1]} AS ${(key.exposes as [string, string])[0]}`)
      .join(''),
    innerOrder: keys.map((key) => `${key.expression} ${key.direction}${nulls(key)}`).join(', '),
    outerOrder: keys.map((key) => `s.${key.outer} ${key.direction}${nulls(key)}`).join(', '),
  };
}

function sortKeys(sort: SortKey[]): OrderKey[] {
  return sort.map((key) => {
    const direction = key.descending ? 'DESC' : 'ASC';
    if (key.field === 'iri')
      return { expression: 'c.iri_m_km', outer: 'sort_iri', direction, exposes: ['sort_iri', 'c.iri_m_km'] };
    const column = SORT_COLUMNS[key.field];
    return { expression: column, outer: column, direction };
  });
}

function worstFirstKeys(bands: ConditionBand[], next: (value: unknown) => string): OrderKey[] {
  const rank = bandRankSql(bands, next);
  return [
    { expression: rank, outer: 'sort_rank', direction: 'DESC', exposes: ['sort_rank', rank] },
    { expression: 'c.iri_m_km', outer: 'sort_iri', direction: 'DESC', exposes: ['sort_iri', 'c.iri_m_km'] },
    { expression: 'longitud_m', outer: 'sort_length', direction: 'DESC', exposes: ['sort_length', 'longitud_m'] },
  ];
}

/** `%` and `_` in the user's text are literal characters, not LIKE wildcards. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (match) => `\\${match}`);
}
