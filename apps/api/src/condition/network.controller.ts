import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Authenticated, setPaginationHeaders, ValidationErrorResponseDto } from '@recway/common';
import type { Request, Response } from 'express';
import { SegmentResponseDto } from '../segments/dto/segment-response.dto';
import { NetworkPriorityQueryDto, NetworkSummaryQueryDto } from './dto/network-query.dto';
import { NetworkSummaryDto } from './dto/network-summary.dto';
import { NetworkService } from './network.service';

@ApiTags('red')
@Controller('red')
@Authenticated()
@ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
export class NetworkController {
  constructor(private readonly network: NetworkService) {}

  @Get('resumen')
  @ApiOperation({
    summary: 'The network by condition band: segments, km, % of km and length-weighted IRI per band',
    description:
      'Each segment counts in the band of its latest survey (from fecha_desde on, when given), or as without a ' +
      'survey. The figures equal what GET /segmentos/ gives with the same filters (bbox, q, banda, iri_min, iri_max, ' +
      'sin_inspeccion, fecha_desde); inspecciones_ultimos_12_meses counts the surveys of those segments.',
  })
  @ApiOkResponse({ type: NetworkSummaryDto })
  summary(@Query() query: NetworkSummaryQueryDto): Promise<NetworkSummaryDto> {
    return this.network.summary(query);
  }

  @Get('prioridades')
  @ApiOperation({
    summary: 'Surveyed segments, worst first (band, then IRI, then length), paginated',
    description: 'The list a maintenance planner starts from; segments never surveyed are left out (see /red/resumen).',
  })
  @ApiOkResponse({ type: [SegmentResponseDto], description: 'A bare JSON array; X-Total-Count and Link headers' })
  async priorities(
    @Query() query: NetworkPriorityQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SegmentResponseDto[]> {
    const { items, total } = await this.network.priorities(query);
    setPaginationHeaders(response, request.originalUrl, { skip: query.skip, limit: query.limit, total });
    return items;
  }
}
