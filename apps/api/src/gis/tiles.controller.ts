import { Controller, Get, Headers, Param, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Authenticated, ErrorResponseDto, ValidationErrorResponseDto } from '@recway/common';
import type { Request, Response } from 'express';
import { GisRateLimit } from '../rate-limit/gis-rate-limit.decorator';
import { TileFilterQueryDto } from './dto/tile-filter-query.dto';
import { requestOrigin } from './request-origin';
import { MVT_MEDIA_TYPE, TilesService } from './tiles.service';

/**
 * A browser may keep a tile this long after a write: a minute, as the segment cache, because a map's
 * tiles are fetched again on every pan and zoom (shorter would multiply the load), while the realtime
 * channel tells open maps about changes at once. On the server, a write drops the cached tiles its
 * segment touches (SegmentsCache). Private: tiles need a token or an API key.
 */
const TILE_CACHE_CONTROL = 'private, max-age=60';

@ApiTags('tiles')
@Controller('tiles')
@Authenticated()
@GisRateLimit()
export class TilesController {
  constructor(private readonly tiles: TilesService) {}

  @Get('segmentos.json')
  @ApiOperation({ summary: 'TileJSON 3.0 of the segment tiles (tiles URL, zooms, bounds, vector_layers)' })
  @ApiOkResponse({ description: 'TileJSON' })
  tileJson(@Req() request: Request) {
    const base = requestOrigin(request);
    const path = new URL(request.originalUrl, base).pathname.replace(/\.json$/, '');
    return this.tiles.tileJson(`${base}${path}/{z}/{x}/{y}.mvt`);
  }

  @Get('segmentos/:z/:x/:y.mvt')
  @ApiOperation({
    summary: 'A Mapbox Vector Tile of the segments (layer segmentos: id, banda, iri_m_km, nombre)',
    description:
      'Built by PostGIS (ST_AsMVT, 4096 extent, 64 buffer). Lines where segments have them, points otherwise. ' +
      'Below zoom 12 thinned to the worst segment per 1/128-tile cell; names from zoom 13. ETag and Cache-Control ' +
      `"${TILE_CACHE_CONTROL}". The list's filters (q, banda, iri_min, iri_max, sin_inspeccion, fecha_desde) keep ` +
      'only the segments GET /segmentos/ would give with them.',
  })
  @ApiProduces(MVT_MEDIA_TYPE)
  @ApiOkResponse({
    description: 'The tile',
    content: { [MVT_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiNoContentResponse({ description: 'No segment in this tile' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'z not 0–22, or x/y not integers' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto, description: 'A bad filter' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'x or y outside the zoom level' })
  async tile(
    @Param('z') z: string,
    @Param('x') x: string,
    @Param('y') y: string,
    @Query() filter: TileFilterQueryDto,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const tile = await this.tiles.tile(z, x, y, filter);
    response.setHeader('Cache-Control', TILE_CACHE_CONTROL);
    if (tile.bytes.length === 0) {
      response.status(204).end();
      return;
    }
    response.setHeader('ETag', tile.etag);
    if (ifNoneMatch === tile.etag) {
      response.status(304).end();
      return;
    }
    response.status(200).type(MVT_MEDIA_TYPE).send(tile.bytes);
  }
}
