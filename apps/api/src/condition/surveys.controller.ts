import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiPayloadTooLargeResponse,
  ApiUnsupportedMediaTypeResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  Authenticated,
  type AuthenticatedUser,
  CurrentUser,
  ErrorResponseDto,
  PaginationQueryDto,
  ParseIdPipe,
  setPaginationHeaders,
  ValidationErrorResponseDto,
} from '@recway/common';
import type { Request, Response } from 'express';
import { CreateSurveyDto } from './dto/create-survey.dto';
import { ProfileQueryDto } from './dto/profile-query.dto';
import { ProfileSurveyResponseDto } from './dto/profile-survey-response.dto';
import { ProfileSurveysService } from './profile-surveys.service';
import { SurveyResponseDto } from './dto/survey-response.dto';
import { SurveysService } from './surveys.service';

const WRITERS = ['editor', 'admin'];

@ApiTags('inspecciones')
@Controller('segmentos/:id/inspecciones')
@Authenticated()
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such segment (or survey)' })
@ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
export class SurveysController {
  constructor(
    private readonly surveys: SurveysService,
    private readonly profiles: ProfileSurveysService,
  ) {}

  @Post()
  @Authenticated(...WRITERS)
  @ApiOperation({ summary: 'Record a condition survey (IRI and/or PCI) of a segment' })
  @ApiCreatedResponse({ type: SurveyResponseDto, description: 'The survey, with its band' })
  create(
    @Param('id', ParseIdPipe) segmentId: number,
    @Body() input: CreateSurveyDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<SurveyResponseDto> {
    return this.surveys.create(segmentId, input, user.id);
  }

  @Post('perfil')
  @Authenticated(...WRITERS)
  @ApiOperation({
    summary: 'Compute IRI from a longitudinal profile (ASTM E1926) and record it as a survey',
    description:
      'The raw body is a CSV (Content-Type: text/csv), streamed: header `distancia_m,elevacion_mm` (one wheel ' +
      'path) or `distancia_m,izquierda_mm,derecha_mm` (both); distances in metres, increasing, at a constant ' +
      'spacing (±1 %) of 0.01–0.30 m, at least 11 m; elevations in millimetres. The golden quarter car at 80 km/h ' +
      '(exact state transition, 250 mm moving average below 250 mm spacing, initial state from the first 11 m) ' +
      'gives the IRI of each wheel path and of each `intervalo_m` section (state carried across sections). ' +
      'Example: curl --data-binary @test/fixtures/perfil-ejemplo.csv -H "Content-Type: text/csv".',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: ProfileSurveyResponseDto, description: 'The stored survey and what the profile gave' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'Larger than PROFILE_MAX_BODY_SIZE' })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorResponseDto, description: 'Not text/csv' })
  recordProfile(
    @Param('id', ParseIdPipe) segmentId: number,
    @Query() query: ProfileQueryDto,
    @CurrentUser() user: AuthenticatedUser,
    @Req() request: Request,
  ): Promise<ProfileSurveyResponseDto> {
    if (request.headers['content-type']?.split(';')[0].trim().toLowerCase() !== 'text/csv') {
      throw new UnsupportedMediaTypeException('Send the profile as Content-Type: text/csv');
    }
    const declared = request.headers['content-length'];
    return this.profiles.record({
      segmentId,
      body: request,
      contentLength: declared === undefined ? undefined : Number(declared),
      query,
      userId: user.id,
    });
  }

  @Get()
  @ApiOperation({ summary: "A segment's surveys, newest first (by date), paginated" })
  @ApiOkResponse({ type: [SurveyResponseDto], description: 'A bare JSON array; X-Total-Count and Link headers' })
  async list(
    @Param('id', ParseIdPipe) segmentId: number,
    @Query() query: PaginationQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SurveyResponseDto[]> {
    const { items, total } = await this.surveys.list(segmentId, query);
    setPaginationHeaders(response, request.originalUrl, { skip: query.skip, limit: query.limit, total });
    return items;
  }

  @Delete(':surveyId')
  @Authenticated(...WRITERS)
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a survey (the segment falls back to its previous one)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  async remove(
    @Param('id', ParseIdPipe) segmentId: number,
    @Param('surveyId', ParseIdPipe) surveyId: number,
  ): Promise<void> {
    await this.surveys.remove(segmentId, surveyId);
  }
}
