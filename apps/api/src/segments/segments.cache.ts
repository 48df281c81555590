import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { RecwayConfig } from '@recway/config';
import { fingerprintOf, readyJsonSize } from '@recway/common';
import type { WalPosition } from '@recway/database';
import { CACHE_TTL_MS } from '../cache/cache.module';
import { JsonCacheService } from '../cache/json-cache.service';
import type { Bounds } from '../realtime/realtime-event';
import { ReadReplicas } from '../replicas/read-replicas.service';
import { SegmentQueryDto } from './dto/segment-query.dto';
import type { SegmentPageJson } from './segments.repository';
import type { ReadyPage, VersionedSegment } from './segments.service';
import { tilesTouched } from './tiles-touched';

// v4: segments carry `geometria` and `longitud_m` (v3 lacks them, v2 also `condicion`; v1 used Keyv's
// escaping codec); never mix them.
const VERSION = 'segmentos:v4';
/** Memory for list pages kept ready to send in each instance (~40 kB a page of 100). */
const READY_PAGES_MAX_BYTES = 16 * 1024 * 1024;
/** What an entry of that memory costs besides its bytes and key (the LRU's node, the objects). */
const READY_PAGE_OVERHEAD_BYTES = 512;

/** A list page as the shared cache holds it: with when it was stored (ms since the epoch). */
export interface SharedPage extends SegmentPageJson {
  storedAt: number;
}

/**
 * Cache keys of the Segments module (prefix `segmentos:v4:<bands fingerprint>`). One segment: `…:one:<id>`, deleted on every write to
 * it. List pages: keyed by the query and a generation token that every write replaces, so all cached
 * pages become unreachable at once (they expire on their own) on every instance sharing the cache.
 * With read replicas the token carries the write's WAL position (`<uuid>@<lsn>`): a read of that
 * generation is answered only by a replica that has replayed it (ReadReplicas). Each instance also
 * keeps the pages it sent in memory, ready to send, under the same keys: the generation, always read
 * from the shared cache, makes them unreachable after a write on any instance.
 */
@Injectable()
export class SegmentsCache {
  private readonly prefix: string;
  private readonly generationKey: string;
  private readonly tilesGenerationKey: string;
  private readonly readyPages = new LRUCache<string, ReadyPage>({
    maxSize: READY_PAGES_MAX_BYTES,
    sizeCalculation: (page, key) => readyJsonSize(page.body) + key.length + READY_PAGE_OVERHEAD_BYTES,
  });

  constructor(
    private readonly cache: JsonCacheService,
    private readonly replicas: ReadReplicas,
    @Inject(ConfigService) config: ConfigService<RecwayConfig, true>,
  ) {
    // Bands are derived when a segment is read: entries made under other thresholds are never served.
    this.prefix = `${VERSION}:${fingerprintOf(config.get('condition.bands', { infer: true })).slice(0, 8)}`;
    this.generationKey = `${this.prefix}:list-generation`;
    this.tilesGenerationKey = `${this.prefix}:tile-generation`;
  }

  getOne(id: number): Promise<VersionedSegment | undefined> {
    return this.cache.get<VersionedSegment>(this.oneKey(id));
  }

  setOne(id: number, value: VersionedSegment): Promise<void> {
    return this.cache.set(this.oneKey(id), value);
  }

  /**
   * The generation of every list page and network figure, read before the database: an answer is
   * stored under the generation it was read in, so a write meanwhile makes it unreachable.
   */
  async listGeneration(): Promise<string> {
    const generation = await this.cache.get<string>(this.generationKey);
    if (generation) return generation;
    const created = randomUUID();
    await this.cache.set(this.generationKey, created, 0);
    return created;
  }

  /**
   * The WAL position of the last write, for a read that is not cached under the generation (no
   * cache read, nor any without replicas: without them there is nothing to be fresh against).
   */
  async lastWritePosition(): Promise<WalPosition | undefined> {
    if (!this.replicas.configured) return undefined;
    const generation = await this.cache.get<string>(this.generationKey);
    return generation === undefined ? undefined : writtenAt(generation);
  }

  /** Radius searches come from arbitrary coordinates and rarely repeat: caching them would only churn. */
  cachesPage(query: SegmentQueryDto): boolean {
    return query.near === undefined;
  }

  /** The following four: only for a query the cache takes (cachesPage). */
  getPage(generation: string, query: SegmentQueryDto): Promise<SharedPage | undefined> {
    return this.cache.get<SharedPage>(this.pageKey(generation, query));
  }

  async setPage(generation: string, query: SegmentQueryDto, page: SharedPage): Promise<void> {
    await this.cache.set(this.pageKey(generation, query), page);
  }

  /** A page this instance keeps ready to send (see the class comment). */
  getReadyPage(generation: string, query: SegmentQueryDto): ReadyPage | undefined {
    return this.readyPages.get(this.pageKey(generation, query));
  }

  /**
   * Kept only for what is left of the shared copy's life (`storedAt`): should a write's new generation
   * fail to reach the shared cache, no instance sends the page longer than the cache's TTL would.
   */
  keepReadyPage(generation: string, query: SegmentQueryDto, page: ReadyPage, storedAt: number): void {
    const ttl = CACHE_TTL_MS - (Date.now() - storedAt);
    if (ttl > 0) this.readyPages.set(this.pageKey(generation, query), page, { ttl: Math.min(ttl, CACHE_TTL_MS) });
  }

  private oneKey(id: number): string {
    return `${this.prefix}:one:${id}`;
  }

  /** Every parameter that shapes a cacheable page (radius searches never reach here). */
  private pageKey(generation: string, query: SegmentQueryDto): string {
    const { skip, limit, sort, q, bbox, banda, iri_min, iri_max, sin_inspeccion, fecha_desde } = query;
    const shape = { skip, limit, sort, q, bbox, banda, iri_min, iri_max, sin_inspeccion, fecha_desde };
    // `list-json`: pages hold their items as JSON text (`list` pages, of instances before, objects).
    return `${this.prefix}:list-json:${generation}:${fingerprintOf(shape)}`;
  }

  /**
   * A vector tile (base64 in the JSON cache), keyed by three versions: of all tiles (an import, which
   * writes anywhere), of its zoom, and of the tile itself. A write to one segment changes only the
   * tiles its old and new places touch (`invalidate`), so the rest of the map stays cached. The key
   * is read before the tile is built and the tile stored under it: a write meanwhile makes it
   * unreachable. Versions outlive the tiles (2 × TTL), so a version expiring never uncovers a tile
   * older than the write that set it.
   */
  async tileLookup(zxy: string, filter: string): Promise<{ key: string; tile?: Buffer; freshAsOf?: WalPosition }> {
    const z = zxy.slice(0, zxy.indexOf('/'));
    const [freshAsOf, ...versions] = await Promise.all([
      this.lastWritePosition(),
      ...[this.tilesGenerationKey, this.zoomVersionKey(z), this.tileVersionKey(zxy)].map(
        async (key) => (await this.cache.get<string>(key)) ?? '0',
      ),
    ]);
    const key = `${this.prefix}:tile:${versions.join(':')}:${zxy}:${filter}`;
    const cached = await this.cache.get<string>(key);
    return {
      key,
      tile: cached === undefined ? undefined : Buffer.from(cached, 'base64'),
      freshAsOf,
    };
  }

  async setTile(key: string, tile: Buffer): Promise<void> {
    await this.cache.set(key, tile.toString('base64'));
  }

  /**
   * A value computed from the whole network (its extent, the summary by band): kept under the list
   * generation, so any write makes it unreachable at once, as the pages and tiles.
   */
  getDerived<T>(generation: string, name: string): Promise<T | undefined> {
    return this.cache.get<T>(`${this.prefix}:derived:${generation}:${name}`);
  }

  async setDerived<T>(generation: string, name: string, value: T): Promise<void> {
    await this.cache.set(`${this.prefix}:derived:${generation}:${name}`, value);
  }

  /**
   * After any write: the segment's entry, every list page and network figure, and the tiles its
   * places (old and new bounds) touch — or every tile, without places (an import).
   */
  async invalidate(id?: number, places?: Bounds[]): Promise<void> {
    const version = randomUUID();
    const versionTtl = 2 * CACHE_TTL_MS;
    const tileKeys = places ? this.versionKeysOf(places) : [this.tilesGenerationKey];
    const position = await this.replicas.writePosition();
    await Promise.all([
      id === undefined ? Promise.resolve() : this.cache.delete(this.oneKey(id)),
      this.cache.set(this.generationKey, position ? `${version}@${position}` : version, 0),
      ...tileKeys.map((key) => this.cache.set(key, version, versionTtl)),
    ]);
  }

  /** The version keys of the tiles (and whole zooms) those places touch. */
  private versionKeysOf(places: Bounds[]): string[] {
    const { tiles, zooms } = tilesTouched(places);
    return [...tiles.map((tile) => this.tileVersionKey(tile)), ...zooms.map((z) => this.zoomVersionKey(z))];
  }

  private zoomVersionKey(z: string | number): string {
    return `${this.prefix}:tile-version:${z}`;
  }

  private tileVersionKey(zxy: string): string {
    return `${this.prefix}:tile-version:${zxy}`;
  }
}

/** The WAL position of the write that started a generation (none without replicas). */
export function writtenAt(generation: string): WalPosition | undefined {
  const at = generation.indexOf('@');
  return at < 0 ? undefined : generation.slice(at + 1);
}
