import { planSegmentQuery } from '../apps/api/src/segments/segment-filter.sql';
import { oneSegmentStatement, pageStatement, type Statement } from '../apps/api/src/segments/segment-json.sql';
import { DEFAULT_CONDITION_BANDS as bands } from '../libs/iri/src';

/**
 * RecWay's own statements (SegmentsRepository's), with the bands the bench runs RecWay with, so the
 * bare floor and the EXPLAIN do the same database work as RecWay and the ratios measure RecWay's own
 * per-request cost. Each answers JSON text built by PostgreSQL: `segment` for one, `items` for a page.
 */
export function oneSql(id: number): Statement {
  return oneSegmentStatement(id, bands);
}

/** The newest `limit` segments (the list with no filter). */
export function listSql(limit: number): Statement {
  const page = { skip: 0, limit, bands };
  return pageStatement(planSegmentQuery(page), page);
}

/** The first 100 segments within `radius` metres of the point, nearest first, with their total. */
export function nearSql(lon: number, lat: number, radius: number): Statement {
  const page = { near: { lon, lat }, radius, skip: 0, limit: 100, bands };
  return pageStatement(planSegmentQuery(page), page);
}
