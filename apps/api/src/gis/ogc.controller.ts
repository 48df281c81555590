import { Controller, Get, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, ParseIdPipe } from '@recway/common';
import type { Request, Response } from 'express';
import { GisRateLimit } from '../rate-limit/gis-rate-limit.decorator';
import { OgcFormatQueryDto, OgcItemsQueryDto } from './dto/ogc-items-query.dto';
import { OgcExceptionFilter } from './ogc-exception.filter';
import { GEOJSON } from './ogc.mapper';
import { OgcService } from './ogc.service';
import { requestOrigin } from './request-origin';

const OGC_ERROR = {
  description: 'OGC exception: {"code": "InvalidParameterValue", "description": "…"}',
  schema: { type: 'object', properties: { code: { type: 'string' }, description: { type: 'string' } } },
};

/**
 * OGC API – Features (Part 1: Core, GeoJSON, OAS 3.0) over the segments, for QGIS, ArcGIS, GDAL and
 * OWSLib. Signed-in users or API keys (`X-API-Key`), like the rest of the API.
 */
@ApiTags('ogc')
@Controller('ogc')
@Authenticated()
@UseFilters(OgcExceptionFilter)
@GisRateLimit()
@ApiBadRequestResponse(OGC_ERROR)
export class OgcController {
  constructor(private readonly ogc: OgcService) {}

  @Get()
  @ApiOperation({ summary: 'OGC API landing page (links: API definition, conformance, collections)' })
  @ApiOkResponse({ description: 'Landing page' })
  landing(@Query() _query: OgcFormatQueryDto, @Req() request: Request) {
    return this.ogc.landing(ogcBase(request), requestOrigin(request));
  }

  @Get('conformance')
  @ApiOperation({ summary: 'OGC conformance classes: Core, GeoJSON, OpenAPI 3.0' })
  @ApiOkResponse({ description: '{conformsTo: [...]}' })
  conformance(@Query() _query: OgcFormatQueryDto) {
    return this.ogc.conformance();
  }

  @Get('collections')
  @ApiOperation({ summary: 'The feature collections (one: segmentos)' })
  @ApiOkResponse({ description: 'Collections with their extent' })
  collections(@Query() _query: OgcFormatQueryDto, @Req() request: Request) {
    return this.ogc.collections(ogcBase(request));
  }

  @Get('collections/segmentos')
  @ApiOperation({ summary: 'The segmentos collection: extent (from the data) and links' })
  @ApiOkResponse({ description: 'Collection' })
  collection(@Query() _query: OgcFormatQueryDto, @Req() request: Request) {
    return this.ogc.collection(ogcBase(request));
  }

  @Get('collections/segmentos/items')
  @ApiOperation({
    summary:
      'Segments as a GeoJSON FeatureCollection: limit/offset paging with next/prev links, bbox, datetime, banda, q',
  })
  @ApiProduces(GEOJSON)
  @ApiOkResponse({ description: 'FeatureCollection with numberMatched, numberReturned, timeStamp, links' })
  async items(
    @Query() query: OgcItemsQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const page = await this.ogc.items(query, new URL(request.originalUrl, requestOrigin(request)));
    response.type(GEOJSON);
    return page;
  }

  @Get('collections/segmentos/items/:featureId')
  @ApiOperation({ summary: 'One segment as a GeoJSON Feature' })
  @ApiProduces(GEOJSON)
  @ApiOkResponse({ description: 'Feature' })
  @ApiNotFoundResponse(OGC_ERROR)
  async item(
    @Param('featureId', ParseIdPipe) id: number,
    @Query() _query: OgcFormatQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const feature = await this.ogc.item(id, ogcBase(request));
    response.type(GEOJSON);
    return feature;
  }
}

/** The OGC root as the client reached it, e.g. `https://recway.example/api/v1/ogc`. */
function ogcBase(request: Request): string {
  const path = new URL(request.originalUrl, 'http://recway.invalid').pathname;
  return `${requestOrigin(request)}${path.slice(0, path.indexOf('/ogc') + '/ogc'.length)}`;
}
