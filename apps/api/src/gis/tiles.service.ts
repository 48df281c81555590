import { createHash } from 'node:crypto';
import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { RecwayConfig } from '@recway/config';
import type { ConditionBand } from '@recway/iri';
import { SegmentsService } from '../segments/segments.service';
import { FULL_DETAIL_ZOOM, NAME_ZOOM, TileFilter } from './tile.sql';
import { TilesRepository } from './tiles.repository';

export const MAX_ZOOM = 22;
export const MVT_MEDIA_TYPE = 'application/vnd.mapbox-vector-tile';

export interface Tile {
  /** Empty when no segment reaches the tile. */
  bytes: Buffer;
  etag: string;
}

/** Vector tiles of the segments and their TileJSON. */
@Injectable()
export class TilesService {
  private readonly bands: ConditionBand[];

  constructor(
    private readonly repository: TilesRepository,
    private readonly segments: SegmentsService,
    @Inject(ConfigService) config: ConfigService<RecwayConfig, true>,
  ) {
    this.bands = config.get('condition.bands', { infer: true });
  }

  /** 400 for a zoom that is not 0–22 or a malformed coordinate; 404 for x/y outside that zoom's grid. */
  async tile(zText: string, xText: string, yText: string, filter: TileFilter = {}): Promise<Tile> {
    const [z, x, y] = [zText, xText, yText].map((text) => (/^\d{1,8}$/.test(text) ? Number(text) : NaN));
    if (!Number.isInteger(z) || z > MAX_ZOOM) throw new BadRequestException(`z must be an integer 0–${MAX_ZOOM}`);
    if (!Number.isInteger(x) || !Number.isInteger(y)) throw new BadRequestException('x and y must be integers');
    const size = 2 ** z;
    if (x >= size || y >= size)
      throw new NotFoundException(`No tile ${z}/${x}/${y}: at zoom ${z}, x and y go from 0 to ${size - 1}`);
    const bytes = await this.segments.cachedTile(`${z}/${x}/${y}`, filter, (db) =>
      this.repository.tile(z, x, y, this.bands, filter, db),
    );
    return { bytes, etag: `"${createHash('sha1').update(bytes).digest('base64url')}"` };
  }

  /** TileJSON 3.0.0: one URL from which MapLibre, QGIS and GDAL find the tiles. */
  async tileJson(tilesUrl: string) {
    const extent = await this.segments.extent();
    return {
      tilejson: '3.0.0',
      name: 'RecWay segmentos',
      description: 'Road segments coloured by condition band (lines, or points)',
      tiles: [tilesUrl],
      minzoom: 0,
      maxzoom: MAX_ZOOM,
      bounds: extent ?? [-180, -85.0511, 180, 85.0511],
      vector_layers: [
        {
          id: 'segmentos',
          description: `Every segment from zoom ${FULL_DETAIL_ZOOM}; below, the worst segment of each 1/128-tile cell`,
          minzoom: 0,
          maxzoom: MAX_ZOOM,
          fields: {
            id: 'Number: id_segmento',
            nombre: `String (zoom ≥ ${NAME_ZOOM})`,
            banda: `String: ${this.bands.map((band) => band.banda).join(', ')}; absent without a survey`,
            iri_m_km: 'Number: IRI of the latest survey, m/km',
          },
        },
      ],
    };
  }
}
