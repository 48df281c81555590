import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { meteredChunks, RequestValidationException } from '@recway/common';
import { RecwayConfig } from '@recway/config';
import { computeIri } from '@recway/iri';
import { MetricsService } from '../metrics/metrics.service';
import { ProfileQueryDto } from './dto/profile-query.dto';
import { ProfileSurveyResponseDto } from './dto/profile-survey-response.dto';
import { ProfileResultDto } from './dto/survey-response.dto';
import { Profile, readProfile } from './profile-csv.reader';
import { SurveysService } from './surveys.service';

export interface ProfileUpload {
  segmentId: number;
  body: Readable;
  contentLength?: number;
  query: ProfileQueryDto;
  userId: string;
}

const MAX_IRI = 30;
const round = (value: number) => Math.round(value * 1000) / 1000;

/** A survey computed from a longitudinal profile (ASTM E1926 IRI), stored with `metodo: perfilometro`. */
@Injectable()
export class ProfileSurveysService {
  constructor(
    private readonly surveys: SurveysService,
    private readonly metrics: MetricsService,
    @Inject(ConfigService) private readonly config: ConfigService<RecwayConfig, true>,
  ) {}

  async record({ segmentId, body, contentLength, query, userId }: ProfileUpload): Promise<ProfileSurveyResponseDto> {
    const maxBytes = this.config.get('http.profileMaxBodyBytes', { infer: true });
    const stopTimer = this.metrics.profileDuration.startTimer();
    const profile = await readProfile(meteredChunks(body, contentLength, maxBytes, 'PROFILE_MAX_BODY_SIZE'));
    const result = profileResult(profile, query.intervalo_m);
    stopTimer();
    const iri = average(Object.values(result.iri_por_huella) as number[]);
    if (iri > MAX_IRI) {
      throw new RequestValidationException([
        {
          loc: ['body'],
          msg: `The profile gives an IRI of ${round(iri)} m/km, over ${MAX_IRI}: check that elevations are in millimetres and distances in metres`,
          type: 'value_error',
        },
      ]);
    }
    const survey = await this.surveys.record({
      id_segmento: segmentId,
      fecha: query.fecha,
      iri_m_km: round(iri),
      pci: null,
      superficie: query.superficie ?? null,
      metodo: 'perfilometro',
      observaciones: null,
      perfil: result,
      creado_por: userId,
    });
    return { ...survey, ...result };
  }
}

/** Each wheel path through the engine; sections averaged across paths. */
function profileResult(profile: Profile, sectionLengthM: number): ProfileResultDto {
  const computed = profile.paths.map(({ name, elevationsM }) => ({
    name,
    ...computeIri(elevationsM, profile.spacingM, sectionLengthM),
  }));
  return {
    iri_por_huella: Object.fromEntries(computed.map(({ name, iri }) => [name, round(iri)])),
    tramos: computed[0].sections.map((section, index) => ({
      desde_m: round(section.fromM),
      hasta_m: round(section.toM),
      iri_m_km: round(average(computed.map((path) => path.sections[index].iri))),
    })),
    muestras: profile.paths[0].elevationsM.length,
    espaciado_m: round(profile.spacingM * 1000) / 1000,
  };
}

function average(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
