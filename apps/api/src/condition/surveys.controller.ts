import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
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
  paginationLinks,
  PaginationQueryDto,
  ParseIdPipe,
  ValidationErrorResponseDto,
} from '@recway/common';
import type { Request, Response } from 'express';
import { CreateSurveyDto } from './dto/create-survey.dto';
import { SurveyResponseDto } from './dto/survey-response.dto';
import { SurveysService } from './surveys.service';

const WRITERS = ['editor', 'admin'];

@ApiTags('inspecciones')
@Controller('segmentos/:id/inspecciones')
@Authenticated()
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such segment (or survey)' })
@ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
export class SurveysController {
  constructor(private readonly surveys: SurveysService) {}

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
    response.setHeader('X-Total-Count', String(total));
    const links = paginationLinks(request.originalUrl, query.skip, query.limit, total);
    if (links) response.setHeader('Link', links);
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
