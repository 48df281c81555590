import { Injectable, NotFoundException } from '@nestjs/common';
import { MAX_INT4 } from '@recway/common';
import type { SegmentResponseDto } from '../segments/dto/segment-response.dto';
import { SegmentQueryDto } from '../segments/dto/segment-query.dto';
import { SegmentsService } from '../segments/segments.service';

const NEARBY_RADIUS_M = 1_000;
const NEARBY_LIMIT = 5;
/** Segments named in one question that get looked up; more would bloat the prompt. */
const MAX_NAMED = 3;
/** "segmento 12", "segmento #12", "segmento nº 12", "Segmento No. 12". */
const SEGMENT_MENTION = /\bsegmentos?\s*(?:n[°ºo]?\.?\s*|#\s*)?(\d{1,10})\b/giu;

export interface NearbySegment {
  id_segmento: number;
  nombre: string;
  ubicacion: string | null;
  distancia_m: number;
}

export interface GroundedSegment {
  id_segmento: number;
  nombre: string;
  descripcion: string | null;
  ubicacion: string | null;
  latitud: number;
  longitud: number;
  updated_at: string;
  cercanos: NearbySegment[];
}

/** The agency's data a question is about, as the model receives it. */
export interface SegmentContext {
  segmentos: GroundedSegment[];
  /** Ids the question named that the registry does not have, so the model says so instead of guessing. */
  inexistentes: number[];
}

/**
 * Grounds a question on the agency's own roads: the segment of `segmento_id` (which must exist) and
 * the ones the text names, each with its nearest neighbours within 1 km (the Segments module's
 * `near` search).
 */
@Injectable()
export class SegmentContextService {
  constructor(private readonly segments: SegmentsService) {}

  /** Undefined when the question is about no segment; a missing `segmentoId` is the Segments 404. */
  async forQuestion(message: string, segmentoId?: number): Promise<SegmentContext | undefined> {
    const explicit = segmentoId === undefined ? [] : [(await this.segments.findOne(segmentoId)).segment];
    const named = namedSegmentIds(message).filter((id) => id !== segmentoId);
    const found = await Promise.all(named.map((id) => this.findIfExists(id)));
    const segments = [...explicit, ...found.filter((segment) => segment !== undefined)];
    const inexistentes = named.filter((_, index) => found[index] === undefined);
    if (segments.length === 0 && inexistentes.length === 0) return undefined;
    return { segmentos: await Promise.all(segments.map((segment) => this.withNeighbours(segment))), inexistentes };
  }

  private async findIfExists(id: number): Promise<SegmentResponseDto | undefined> {
    try {
      return (await this.segments.findOne(id)).segment;
    } catch (error) {
      if (error instanceof NotFoundException) return undefined;
      throw error;
    }
  }

  private async withNeighbours(segment: SegmentResponseDto): Promise<GroundedSegment> {
    const query = Object.assign(new SegmentQueryDto(), {
      near: { lat: segment.latitud, lon: segment.longitud },
      radius: NEARBY_RADIUS_M,
      limit: NEARBY_LIMIT + 1,
    });
    const { items } = await this.segments.list(query);
    const cercanos = items
      .filter((item) => item.id_segmento !== segment.id_segmento)
      .slice(0, NEARBY_LIMIT)
      .map(({ id_segmento, nombre, ubicacion, distancia_m }) => ({
        id_segmento,
        nombre,
        ubicacion,
        distancia_m: distancia_m ?? 0,
      }));
    const { id_segmento, nombre, descripcion, ubicacion, latitud, longitud, updated_at } = segment;
    return { id_segmento, nombre, descripcion, ubicacion, latitud, longitud, updated_at, cercanos };
  }
}

/** Distinct valid ids named in the text, in order, at most MAX_NAMED. */
export function namedSegmentIds(message: string): number[] {
  const ids = [...message.matchAll(SEGMENT_MENTION)].map((match) => Number(match[1]));
  return [...new Set(ids.filter((id) => id >= 1 && id <= MAX_INT4))].slice(0, MAX_NAMED);
}
