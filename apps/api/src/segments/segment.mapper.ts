import { bandOf, type ConditionBand } from '@recway/iri';
import { SegmentConditionDto } from './dto/segment-condition.dto';
import { SegmentResponseDto } from './dto/segment-response.dto';
import { SegmentRow } from './segments.repository';

/**
 * The wire form of a segment: seed field names, ISO 8601 UTC times (formatted by the query, see
 * isoTimestamp), distance rounded to centimetres, and its condition banded with the configured bands
 * (never stored, so never stale).
 */
export function toSegmentResponse(row: SegmentRow, bands: ConditionBand[]): SegmentResponseDto {
  const response: SegmentResponseDto = {
    id_segmento: row.id_segmento,
    nombre: row.nombre,
    descripcion: row.descripcion,
    longitud: row.longitud,
    latitud: row.latitud,
    ubicacion: row.ubicacion,
    created_at: row.created_at,
    updated_at: row.updated_at,
    geometria: row.geometria,
    longitud_m: row.longitud_m === null ? null : Math.round(row.longitud_m * 100) / 100,
    condicion: conditionOf(row, bands),
  };
  if (row.distancia_m !== undefined) response.distancia_m = Math.round(row.distancia_m * 100) / 100;
  return response;
}

function conditionOf(row: SegmentRow, bands: ConditionBand[]): SegmentConditionDto | null {
  if (row.condicion_id === null || row.condicion_id === undefined) return null;
  const iri = row.condicion_iri ?? null;
  const pci = row.condicion_pci ?? null;
  return {
    id_inspeccion: row.condicion_id,
    fecha: row.condicion_fecha as string,
    iri_m_km: iri,
    pci,
    banda: bandOf(bands, iri, pci) as string,
  };
}

/** Strong validator of one segment's state: changes with every write. */
export function etagOf(row: Pick<SegmentRow, 'version'>): string {
  return `"v${row.version}"`;
}
