import { bandOf, type ConditionBand } from '@recway/iri';
import { ProfileResultDto, SurveyResponseDto } from './dto/survey-response.dto';
import { SurveyRow } from './surveys.repository';

/** The wire form of a survey, banded with the configured bands at read time. */
export function toSurveyResponse(row: SurveyRow, bands: ConditionBand[]): SurveyResponseDto {
  return {
    id_inspeccion: row.id_inspeccion,
    id_segmento: row.id_segmento,
    fecha: row.fecha,
    iri_m_km: row.iri_m_km,
    pci: row.pci,
    banda: bandOf(bands, row.iri_m_km, row.pci) as string,
    superficie: row.superficie,
    metodo: row.metodo,
    observaciones: row.observaciones,
    perfil: (row.perfil as ProfileResultDto | null) ?? null,
    creado_por: row.creado_por,
    created_at: new Date(row.created_at).toISOString(),
  };
}
