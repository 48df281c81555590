import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { RecwayConfig } from '@recway/config';
import { fingerprintOf } from '@recway/common';
import { JsonCacheService } from '../cache/json-cache.service';
import { SegmentQueryDto } from './dto/segment-query.dto';
import type { SegmentPage, VersionedSegment } from './segments.service';

// v4: segments carry `geometria` and `longitud_m` (v3 lacks them, v2 also `condicion`; v1 used Keyv's
// escaping codec); never mix them.
const VERSION = 'segmentos:v4';

/**
 * Cache keys of the Segments module (prefix `segmentos:v4:<bands fingerprint>`). One segment: `…:one:<id>`, deleted on every write to
 * it. List pages: keyed by the query and a generation token that every write replaces, so all cached
 * pages become unreachable at once (they expire on their own) on every instance sharing the cache.
 */
@Injectable()
export class SegmentsCache {
  private readonly prefix: string;
  private readonly generationKey: string;

  constructor(
    private readonly cache: JsonCacheService,
    @Inject(ConfigService) config: ConfigService<RecwayConfig, true>,
  ) {
    // Bands are derived when a segment is read: entries made under other thresholds are never served.
    this.prefix = `${VERSION}:${fingerprintOf(config.get('condition.bands', { infer: true })).slice(0, 8)}`;
    this.generationKey = `${this.prefix}:list-generation`;
  }

  getOne(id: number): Promise<VersionedSegment | undefined> {
    return this.cache.get<VersionedSegment>(this.oneKey(id));
  }

  setOne(id: number, value: VersionedSegment): Promise<void> {
    return this.cache.set(this.oneKey(id), value);
  }

  async getPage(query: SegmentQueryDto): Promise<SegmentPage | undefined> {
    if (!isCacheable(query)) return undefined;
    const generation = await this.cache.get<string>(this.generationKey);
    return generation ? this.cache.get<SegmentPage>(this.pageKey(generation, query)) : undefined;
  }

  async setPage(query: SegmentQueryDto, page: SegmentPage): Promise<void> {
    if (!isCacheable(query)) return;
    await this.cache.set(this.pageKey(await this.currentGeneration(), query), page);
  }

  private async currentGeneration(): Promise<string> {
    const generation = await this.cache.get<string>(this.generationKey);
    if (generation) return generation;
    const created = randomUUID();
    await this.cache.set(this.generationKey, created, 0);
    return created;
  }

  private oneKey(id: number): string {
    return `${this.prefix}:one:${id}`;
  }

  /** Every parameter that shapes a cacheable page (radius searches never reach here). */
  private pageKey(generation: string, query: SegmentQueryDto): string {
    const { skip, limit, sort, q, bbox, banda, iri_min, iri_max, sin_inspeccion, fecha_desde } = query;
    const shape = { skip, limit, sort, q, bbox, banda, iri_min, iri_max, sin_inspeccion, fecha_desde };
    return `${this.prefix}:list:${generation}:${fingerprintOf(shape)}`;
  }

  /**
   * A vector tile (base64 in the JSON cache), under the same generation as the list pages: every
   * write to a segment or its surveys makes every cached tile unreachable at once.
   */
  async getTile(tileKey: string): Promise<Buffer | undefined> {
    const generation = await this.cache.get<string>(this.generationKey);
    const cached = generation
      ? await this.cache.get<string>(`${this.prefix}:tile:${generation}:${tileKey}`)
      : undefined;
    return cached === undefined ? undefined : Buffer.from(cached, 'base64');
  }

  async setTile(tileKey: string, tile: Buffer): Promise<void> {
    const generation = await this.currentGeneration();
    await this.cache.set(`${this.prefix}:tile:${generation}:${tileKey}`, tile.toString('base64'));
  }

  /**
   * A value computed from the whole network (its extent, the summary by band): kept under the list
   * generation, so any write makes it unreachable at once, as the pages and tiles.
   */
  async getDerived<T>(name: string): Promise<T | undefined> {
    const generation = await this.cache.get<string>(this.generationKey);
    return generation ? this.cache.get<T>(`${this.prefix}:derived:${generation}:${name}`) : undefined;
  }

  async setDerived<T>(name: string, value: T): Promise<void> {
    await this.cache.set(`${this.prefix}:derived:${await this.currentGeneration()}:${name}`, value);
  }

  /** After any write: the segment's entry and every list page. */
  async invalidate(id?: number): Promise<void> {
    await Promise.all([
      id === undefined ? Promise.resolve() : this.cache.delete(this.oneKey(id)),
      this.cache.set(this.generationKey, randomUUID(), 0),
    ]);
  }
}

/** Radius searches come from arbitrary coordinates and rarely repeat: caching them would only churn. */
function isCacheable(query: SegmentQueryDto): boolean {
  return query.near === undefined;
}
