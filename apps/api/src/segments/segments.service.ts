import { Inject, Injectable, NotFoundException, PreconditionFailedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { fingerprintOf, type ReadyJson, readyJson, RequestValidationException } from '@recway/common';
import { RecwayConfig } from '@recway/config';
import type { SqlRunner, WalPosition } from '@recway/database';
import type { ConditionBand } from '@recway/iri';
import { IdempotencyKey, IdempotencyService, IdempotentResult } from '../idempotency/idempotency.service';
import { type Bounds, boundsOf } from '../realtime/realtime-event';
import { RealtimeEventsService } from '../realtime/realtime-events.service';
import { ReadOutcome, ReadReplicas } from '../replicas/read-replicas.service';
import { CreateSegmentDto } from './dto/create-segment.dto';
import { SegmentQueryDto } from './dto/segment-query.dto';
import { SegmentResponseDto } from './dto/segment-response.dto';
import { UpdateSegmentDto } from './dto/update-segment.dto';
import { withPointOnLine } from './line-geometry';
import { SegmentsCache, type SharedPage, writtenAt } from './segments.cache';
import type { SegmentFilter, SegmentPageRequest } from './segment-filter.sql';
import { SegmentJsonRow, SegmentPageJson, SegmentsRepository } from './segments.repository';

const CREATE_OPERATION = 'POST /segmentos';

export interface VersionedSegment {
  segment: SegmentResponseDto;
  etag: string;
}

/** The list parameters that make sense for a worst-first list (no sort, no radius). */
export type WorstFirstQuery = Pick<SegmentQueryDto, 'skip' | 'limit' | 'bbox' | 'banda' | 'q' | 'fecha_desde'>;

export type FeatureQuery = Omit<SegmentPageRequest, 'sort' | 'bands' | 'worstFirst'>;

export interface SegmentPage {
  items: SegmentResponseDto[];
  total: number;
}

/** A list page as the API sends it: its items' JSON ready to send (identity and gzip), and the total. */
export interface ReadyPage {
  body: ReadyJson;
  total: number;
}

@Injectable()
export class SegmentsService {
  private readonly bands: ConditionBand[];

  constructor(
    private readonly repository: SegmentsRepository,
    private readonly cache: SegmentsCache,
    private readonly idempotency: IdempotencyService,
    private readonly events: RealtimeEventsService,
    private readonly replicas: ReadReplicas,
    @Inject(ConfigService) config: ConfigService<RecwayConfig, true>,
  ) {
    this.bands = config.get('condition.bands', { infer: true });
  }

  /** With an Idempotency-Key, a retry replays the first answer instead of creating a second row. */
  async create(
    request: CreateSegmentDto,
    idempotencyKey?: IdempotencyKey,
  ): Promise<IdempotentResult<VersionedSegment>> {
    const input = withPointOnLine(request);
    const created =
      idempotencyKey === undefined
        ? { result: this.versioned(await this.repository.insert(input)), replayed: false }
        : await this.idempotency.execute(CREATE_OPERATION, idempotencyKey, request, async (manager) =>
            this.versioned(await this.repository.insert(input, manager)),
          );
    await this.cache.invalidate(undefined, [boundsOf(created.result.segment)]);
    if (!created.replayed) this.announce('segmento.creado', created.result.segment);
    return created;
  }

  async findOne(id: number): Promise<VersionedSegment> {
    const cached = await this.cache.getOne(id);
    if (cached) return cached;
    const row = await this.repository.findById(id);
    if (!row) throw notFound(id);
    const found = this.versioned(row);
    await this.cache.setOne(id, found);
    return found;
  }

  async list(query: SegmentQueryDto): Promise<SegmentPage> {
    const { body, total } = await this.listReady(query);
    return parsed({ itemsJson: body.identity.toString(), total });
  }

  /**
   * A list page ready to send. A page this instance sent under the current generation is sent again
   * from memory (one cache round trip, for the generation): no parsing, serialising or compressing
   * (BENCHMARKS.md). Otherwise it comes from the shared cache as JSON text, or from the database (a
   * read replica, maybe: ReadReplicas), and is encoded once. A radius search is never cached, so it
   * reads no generation either: only the last write's position, when there are replicas.
   */
  async listReady(query: SegmentQueryDto): Promise<ReadyPage> {
    if (!this.cache.cachesPage(query)) {
      const { value: page } = await this.page(query, await this.cache.lastWritePosition());
      return ready(page);
    }
    const generation = await this.cache.listGeneration();
    const kept = this.cache.getReadyPage(generation, query);
    if (kept) return kept;
    const page = await this.pageAsJson(generation, query);
    const encoded = ready(page);
    if (page.storedAt !== undefined) this.cache.keepReadyPage(generation, query, encoded, page.storedAt);
    return encoded;
  }

  /**
   * From the shared cache, or from the database and then shared (unless a replica lagged behind);
   * `storedAt` is when the shared copy was stored, absent when there is none.
   */
  private async pageAsJson(generation: string, query: SegmentQueryDto): Promise<SegmentPageJson & Partial<SharedPage>> {
    const cached = await this.cache.getPage(generation, query);
    if (cached) return cached;
    const { value: page, fresh } = await this.page(query, writtenAt(generation));
    if (!fresh) return page;
    const shared = { ...page, storedAt: Date.now() };
    await this.cache.setPage(generation, query, shared);
    return shared;
  }

  /** Surveyed segments, worst first (band, then IRI, then length): not cached, planners' reads are few. */
  async listWorstFirst(query: WorstFirstQuery): Promise<SegmentPage> {
    const freshAsOf = await this.cache.lastWritePosition();
    return parsed((await this.page({ ...query, sin_inspeccion: false, worstFirst: true }, freshAsOf)).value);
  }

  /**
   * A page for GIS clients (OGC API Features): any filter of the list, oldest id first so offset
   * paging is stable, up to 10 000 rows, never cached (GIS clients page through everything once).
   */
  async findForFeatures(request: FeatureQuery): Promise<SegmentPage> {
    const freshAsOf = await this.cache.lastWritePosition();
    return parsed(
      (await this.page({ ...request, sort: [{ field: 'id_segmento', descending: false }] }, freshAsOf)).value,
    );
  }

  /**
   * A vector tile from the cache, or built and cached (60 s at most; a segment or survey write drops
   * the tiles it touches, on every instance sharing the cache).
   */
  async cachedTile(zxy: string, filter: SegmentFilter, build: (db: SqlRunner) => Promise<Buffer>): Promise<Buffer> {
    this.assertKnownBands(filter.banda);
    const { key, tile: cached, freshAsOf } = await this.cache.tileLookup(zxy, fingerprintOf(filter));
    if (cached) return cached;
    const { value: tile, fresh } = await this.replicas.read(build, { freshAsOf });
    if (fresh) await this.cache.setTile(key, tile);
    return tile;
  }

  /** [minLon, minLat, maxLon, maxLat] of the whole network, or undefined when it is empty. */
  async extent(): Promise<[number, number, number, number] | undefined> {
    const extent = await this.cachedDerived('extent', async (db) => (await this.repository.extent(db)) ?? null);
    return extent ?? undefined;
  }

  /**
   * A figure over the whole network (`name` says which, with its parameters), from the cache or
   * computed and cached until the next write (60 s at most), like the list pages.
   */
  async cachedDerived<T>(name: string, build: (db: SqlRunner) => Promise<T>): Promise<T> {
    const generation = await this.cache.listGeneration();
    const cached = await this.cache.getDerived<T>(generation, name);
    if (cached !== undefined) return cached;
    const { value, fresh } = await this.replicas.read(build, { freshAsOf: writtenAt(generation) });
    if (fresh) await this.cache.setDerived(generation, name, value);
    return value;
  }

  async update(id: number, changes: UpdateSegmentDto, expectedVersions?: number[]): Promise<VersionedSegment> {
    const outcome = await this.repository.update(id, withPointOnLine(changes), expectedVersions);
    if ('missing' in outcome) throw notFound(id);
    if ('stale' in outcome) throw stale(id);
    const updated = this.versioned(outcome.row);
    await this.cache.invalidate(id, [boundsOf(updated.segment), boundsOf(outcome.was)]);
    // Where it was too, so subscribers of that area hear that it moved away.
    this.announce('segmento.actualizado', updated.segment, [boundsOf(outcome.was)]);
    return updated;
  }

  async remove(id: number, expectedVersions?: number[]): Promise<void> {
    const outcome = await this.repository.delete(id, expectedVersions);
    if ('missing' in outcome) throw notFound(id);
    if ('stale' in outcome) throw stale(id);
    await this.cache.invalidate(id, [boundsOf(outcome.was)]);
    this.events.publish({ type: 'segmento.eliminado', id, data: { id_segmento: id }, bounds: [boundsOf(outcome.was)] });
  }

  /** After a write elsewhere changed what a segment shows (its condition): drop its cached answers. */
  conditionChanged(id: number, place: Bounds): Promise<void> {
    return this.cache.invalidate(id, [place]);
  }

  /** Tells realtime subscribers, once the write has committed. */
  private announce(
    type: 'segmento.creado' | 'segmento.actualizado',
    segment: SegmentResponseDto,
    was: Bounds[] = [],
  ): void {
    this.events.publish({ type, id: segment.id_segmento, data: segment, bounds: [boundsOf(segment), ...was] });
  }

  /** Band names come from configuration, so the DTO can only check their shape. */
  assertKnownBands(names: string[] | undefined): void {
    const unknown = names?.filter((name) => !this.bands.some((band) => band.banda === name)) ?? [];
    if (unknown.length === 0) return;
    const known = this.bands.map((band) => band.banda).join(', ');
    throw new RequestValidationException([
      { loc: ['query', 'banda'], msg: `unknown band ${unknown.join(', ')}; the bands are ${known}`, type: 'enum' },
    ]);
  }

  /**
   * One page from the database, including every write up to `freshAsOf`, banded with the configured
   * bands (a page is never cached with bad names).
   */
  private page(
    request: Omit<SegmentPageRequest, 'bands'>,
    freshAsOf: WalPosition | undefined,
  ): Promise<ReadOutcome<SegmentPageJson>> {
    this.assertKnownBands(request.banda);
    return this.replicas.read((db) => this.repository.findPage({ ...request, bands: this.bands }, db), { freshAsOf });
  }

  private versioned(row: SegmentJsonRow): VersionedSegment {
    return { segment: JSON.parse(row.segment) as SegmentResponseDto, etag: etagOf(row.version) };
  }
}

/** The total rides in X-Total-Count and the Link header: it is part of the page's ETag. */
function ready({ itemsJson, total }: SegmentPageJson): ReadyPage {
  return { body: readyJson(itemsJson, String(total)), total };
}

function parsed({ itemsJson, total }: SegmentPageJson): SegmentPage {
  return { items: JSON.parse(itemsJson) as SegmentResponseDto[], total };
}

/** Strong validator of one segment's state: changes with every write. */
function etagOf(version: number): string {
  return `"v${version}"`;
}

function notFound(id: number): NotFoundException {
  return new NotFoundException(`Segmento ${id} not found`);
}

function stale(id: number): PreconditionFailedException {
  return new PreconditionFailedException(
    `Segmento ${id} has changed since the version in If-Match; fetch it again and retry`,
  );
}
