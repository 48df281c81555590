import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { fingerprintOf } from '@recway/common';
import { JsonCacheService } from '../cache/json-cache.service';
import { SegmentQueryDto } from './dto/segment-query.dto';
import type { SegmentPage, VersionedSegment } from './segments.service';

// v2: entries are encoded with plain JSON.stringify (v1 used Keyv's escaping codec); never mix the two.
const PREFIX = 'segmentos:v2';
const GENERATION_KEY = `${PREFIX}:list-generation`;

/**
 * Cache keys of the Segments module. One segment: `segmentos:v2:one:<id>`, deleted on every write to
 * it. List pages: keyed by the query and a generation token that every write replaces, so all cached
 * pages become unreachable at once (they expire on their own) on every instance sharing the cache.
 */
@Injectable()
export class SegmentsCache {
  constructor(private readonly cache: JsonCacheService) {}

  getOne(id: number): Promise<VersionedSegment | undefined> {
    return this.cache.get<VersionedSegment>(oneKey(id));
  }

  setOne(id: number, value: VersionedSegment): Promise<void> {
    return this.cache.set(oneKey(id), value);
  }

  async getPage(query: SegmentQueryDto): Promise<SegmentPage | undefined> {
    if (!isCacheable(query)) return undefined;
    const generation = await this.cache.get<string>(GENERATION_KEY);
    return generation ? this.cache.get<SegmentPage>(pageKey(generation, query)) : undefined;
  }

  async setPage(query: SegmentQueryDto, page: SegmentPage): Promise<void> {
    if (!isCacheable(query)) return;
    let generation = await this.cache.get<string>(GENERATION_KEY);
    if (!generation) {
      generation = randomUUID();
      await this.cache.set(GENERATION_KEY, generation, 0);
    }
    await this.cache.set(pageKey(generation, query), page);
  }

  /** After any write: the segment's entry and every list page. */
  async invalidate(id?: number): Promise<void> {
    await Promise.all([
      id === undefined ? Promise.resolve() : this.cache.delete(oneKey(id)),
      this.cache.set(GENERATION_KEY, randomUUID(), 0),
    ]);
  }
}

/** Radius searches come from arbitrary coordinates and rarely repeat: caching them would only churn. */
function isCacheable(query: SegmentQueryDto): boolean {
  return query.near === undefined;
}

function oneKey(id: number): string {
  return `${PREFIX}:one:${id}`;
}

/** Every parameter that shapes a cacheable page (radius searches never reach here). */
function pageKey(generation: string, query: SegmentQueryDto): string {
  const { skip, limit, sort, q, bbox } = query;
  return `${PREFIX}:list:${generation}:${fingerprintOf({ skip, limit, sort, q, bbox })}`;
}
