import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiPreconditionFailedResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import {
  Authenticated,
  type AuthenticatedUser,
  CurrentUser,
  ErrorResponseDto,
  parseIfMatch,
  ParseIdPipe,
  sendReadyJson,
  setPaginationHeaders,
  ValidationErrorResponseDto,
} from '@recway/common';
import type { Request, Response } from 'express';
import { CreateSegmentDto } from './dto/create-segment.dto';
import { ImportResultDto } from './dto/import-result.dto';
import { SegmentFormatQueryDto } from './dto/segment-format-query.dto';
import { SegmentQueryDto } from './dto/segment-query.dto';
import { SegmentResponseDto } from './dto/segment-response.dto';
import { UpdateSegmentDto } from './dto/update-segment.dto';
import { CSV_MEDIA_TYPE, GEOJSON_MEDIA_TYPE, toCsv, toFeature, toFeatureCollection } from './segment-formats';
import type { IdempotencyKey } from '../idempotency/idempotency.service';
import { SegmentsImportService } from './segments-import.service';
import { SegmentsService, VersionedSegment } from './segments.service';
import { ApiRateLimited } from '../rate-limit/rate-limited.decorator';

const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Any unique string (e.g. a UUID). A retry with the same key and body replays the first answer for 24 h; another body with that key gets 422.',
};
/** Reads need any signed-in user; writes an editor or an admin. */
const WRITERS = ['editor', 'admin'];
const IF_MATCH = { name: 'If-Match', required: false, description: 'ETag from a GET; a stale one gets 412' };

/**
 * Headers (ETag, Location, X-Total-Count, Link) and the content type depend on the result, so the
 * handlers take the response in passthrough mode and Nest serialises what they return; the list
 * sends its page itself, already encoded (ReadyJson).
 */
@ApiTags('segmentos')
@Authenticated()
@ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto, description: 'Invalid input, one issue per field' })
@ApiRateLimited()
@Controller('segmentos')
export class SegmentsController {
  constructor(
    private readonly segments: SegmentsService,
    private readonly importer: SegmentsImportService,
  ) {}

  @Post()
  @Authenticated(...WRITERS)
  @ApiOperation({ summary: 'Create a segment' })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiCreatedResponse({ type: SegmentResponseDto, description: 'Created (or replayed); Location and ETag headers set' })
  async create(
    @Body() input: CreateSegmentDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SegmentResponseDto> {
    const { result, replayed } = await this.segments.create(input, ownedKey(idempotencyKey, user));
    if (replayed) response.setHeader('Idempotent-Replayed', 'true');
    response.location(`${collectionPath(request)}/${result.segment.id_segmento}`);
    return withEtag(response, result);
  }

  @Post('import')
  @Authenticated(...WRITERS)
  @ApiOperation({
    summary: 'Import segments from a GeoJSON FeatureCollection of points or a CSV file, all or nothing',
    description:
      'Send the file as the raw body (curl --data-binary @file.csv -H "Content-Type: text/csv"). CSV columns: ' +
      'nombre, descripcion, longitud, latitud, ubicacion (id_segmento, created_at, updated_at are ignored, so an ' +
      'export can be re-imported). GeoJSON: Point geometry [lon, lat], properties nombre, descripcion, ubicacion. ' +
      'Any bad record → 422 listing each (features[i] or CSV line number) and nothing is written.',
  })
  @ApiConsumes(GEOJSON_MEDIA_TYPE, CSV_MEDIA_TYPE)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiCreatedResponse({ type: ImportResultDto, description: 'Every record was created' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'Larger than IMPORT_MAX_BODY_SIZE' })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorResponseDto, description: 'Neither GeoJSON nor CSV' })
  import(
    @Req() request: Request,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<ImportResultDto> {
    const declared = request.headers['content-length'];
    return this.importer.import({
      body: request,
      contentType: request.headers['content-type'],
      contentLength: declared === undefined ? undefined : Number(declared),
      idempotencyKey: ownedKey(idempotencyKey, user),
    });
  }

  @Get()
  @ApiOperation({ summary: 'List segments: search, spatial filters, sort, pagination, GeoJSON or CSV' })
  @ApiProduces('application/json', GEOJSON_MEDIA_TYPE, CSV_MEDIA_TYPE)
  @ApiOkResponse({ type: [SegmentResponseDto], description: 'A bare JSON array; X-Total-Count and Link headers' })
  async list(@Query() query: SegmentQueryDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    const { body, total } = await this.segments.listReady(query);
    setPaginationHeaders(response, request.originalUrl, { skip: query.skip, limit: query.limit, total });
    const format = query.f ?? negotiate(request, true);
    if (format === 'json') {
      sendReadyJson(request, response, body);
      return;
    }
    const items = JSON.parse(body.identity.toString()) as SegmentResponseDto[];
    if (format === 'csv') response.type(`${CSV_MEDIA_TYPE}; charset=utf-8`).send(toCsv(items));
    else response.type(GEOJSON_MEDIA_TYPE).json(toFeatureCollection(items));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get one segment (JSON or GeoJSON Feature)' })
  @ApiProduces('application/json', GEOJSON_MEDIA_TYPE)
  @ApiOkResponse({ type: SegmentResponseDto, description: 'The segment; ETag header set' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async findOne(
    @Param('id', ParseIdPipe) id: number,
    @Query() query: SegmentFormatQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<unknown> {
    const result = await this.segments.findOne(id);
    const segment = withEtag(response, result);
    if ((query.f ?? negotiate(request, false)) !== 'geojson') return segment;
    response.type(GEOJSON_MEDIA_TYPE);
    return toFeature(segment);
  }

  @Put(':id')
  @Authenticated(...WRITERS)
  @ApiOperation({ summary: 'Update a segment (fields left out keep their value)' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: SegmentResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiPreconditionFailedResponse({ type: ErrorResponseDto })
  replace(
    @Param('id', ParseIdPipe) id: number,
    @Body() changes: UpdateSegmentDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SegmentResponseDto> {
    return this.update(id, changes, ifMatch, response);
  }

  @Patch(':id')
  @Authenticated(...WRITERS)
  @ApiOperation({ summary: 'Update some fields of a segment' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: SegmentResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiPreconditionFailedResponse({ type: ErrorResponseDto })
  async update(
    @Param('id', ParseIdPipe) id: number,
    @Body() changes: UpdateSegmentDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SegmentResponseDto> {
    return withEtag(response, await this.segments.update(id, changes, parseIfMatch(ifMatch)));
  }

  @Delete(':id')
  @Authenticated(...WRITERS)
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a segment' })
  @ApiHeader(IF_MATCH)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiPreconditionFailedResponse({ type: ErrorResponseDto })
  async remove(@Param('id', ParseIdPipe) id: number, @Headers('if-match') ifMatch: string | undefined): Promise<void> {
    await this.segments.remove(id, parseIfMatch(ifMatch));
  }
}

function ownedKey(key: string | undefined, user: AuthenticatedUser): IdempotencyKey | undefined {
  return key === undefined ? undefined : { key, userId: user.id };
}

function withEtag(response: Response, { segment, etag }: VersionedSegment): SegmentResponseDto {
  response.setHeader('ETag', etag);
  return segment;
}

/** The collection's own path, whatever API_V1_STR is: `/api/v1/segmentos/` → `/api/v1/segmentos`. */
function collectionPath(request: Request): string {
  return new URL(request.originalUrl, 'http://recway.invalid').pathname.replace(/\/+$/, '');
}

function negotiate(request: Request, allowCsv: boolean): 'json' | 'geojson' | 'csv' {
  const offered = allowCsv
    ? ['application/json', GEOJSON_MEDIA_TYPE, CSV_MEDIA_TYPE]
    : ['application/json', GEOJSON_MEDIA_TYPE];
  const chosen = request.accepts(offered);
  if (chosen === GEOJSON_MEDIA_TYPE) return 'geojson';
  if (chosen === CSV_MEDIA_TYPE) return 'csv';
  return 'json';
}
