import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PaginationQueryDto } from '@recway/common';
import { RecwayConfig } from '@recway/config';
import type { ConditionBand } from '@recway/iri';
import { MetricsService } from '../metrics/metrics.service';
import { boundsOf } from '../realtime/realtime-event';
import { RealtimeEventsService } from '../realtime/realtime-events.service';
import { SegmentsService } from '../segments/segments.service';
import { CreateSurveyDto } from './dto/create-survey.dto';
import { SurveyResponseDto } from './dto/survey-response.dto';
import { toSurveyResponse } from './survey.mapper';
import { NewSurvey, SurveysRepository } from './surveys.repository';

export interface SurveyPage {
  items: SurveyResponseDto[];
  total: number;
}

/** Condition surveys of a segment; every write drops the segment's cached answers (its condicion changed). */
@Injectable()
export class SurveysService {
  private readonly bands: ConditionBand[];

  constructor(
    private readonly repository: SurveysRepository,
    private readonly segments: SegmentsService,
    private readonly metrics: MetricsService,
    private readonly events: RealtimeEventsService,
    @Inject(ConfigService) config: ConfigService<RecwayConfig, true>,
  ) {
    this.bands = config.get('condition.bands', { infer: true });
  }

  create(segmentId: number, input: CreateSurveyDto, userId: string): Promise<SurveyResponseDto> {
    return this.record({
      id_segmento: segmentId,
      fecha: input.fecha,
      iri_m_km: input.iri_m_km ?? null,
      pci: input.pci ?? null,
      superficie: input.superficie ?? null,
      metodo: input.metodo,
      observaciones: input.observaciones ?? null,
      perfil: null,
      creado_por: userId,
    });
  }

  /** Stores a survey already validated (typed in, or computed from a profile). */
  async record(survey: NewSurvey): Promise<SurveyResponseDto> {
    const stored = await this.repository.insert(survey);
    if (!stored) throw segmentNotFound(survey.id_segmento);
    this.metrics.surveysRecorded.inc({ metodo: survey.metodo });
    const bounds = [boundsOf(stored.segment)];
    await this.segments.conditionChanged(survey.id_segmento, bounds[0]);
    const response = toSurveyResponse(stored.row, this.bands);
    this.events.publish({ type: 'inspeccion.creada', id: stored.row.id_inspeccion, data: response, bounds });
    return response;
  }

  async list(segmentId: number, { skip, limit }: PaginationQueryDto): Promise<SurveyPage> {
    const page = await this.repository.list(segmentId, skip, limit);
    if (!page) throw segmentNotFound(segmentId);
    return { items: page.rows.map((row) => toSurveyResponse(row, this.bands)), total: page.total };
  }

  /** First and last survey dates (the temporal extent GIS clients are shown). */
  dateRange(): Promise<[string, string] | undefined> {
    return this.repository.dateRange();
  }

  async remove(segmentId: number, surveyId: number): Promise<void> {
    const outcome = await this.repository.delete(segmentId, surveyId);
    if (outcome === 'no-segment') throw segmentNotFound(segmentId);
    if (outcome === 'no-survey')
      throw new NotFoundException(`Inspección ${surveyId} not found in segmento ${segmentId}`);
    const place = boundsOf(outcome.segment);
    await this.segments.conditionChanged(segmentId, place);
    this.events.publish({
      type: 'inspeccion.eliminada',
      id: surveyId,
      data: { id_inspeccion: surveyId, id_segmento: segmentId },
      bounds: [place],
    });
  }
}

function segmentNotFound(id: number): NotFoundException {
  return new NotFoundException(`Segmento ${id} not found`);
}
