import { SegmentResponseDto } from './dto/segment-response.dto';
import { SegmentRow } from './segments.repository';

/** The wire form of a segment: seed field names, ISO 8601 UTC times, distance rounded to centimetres. */
export function toSegmentResponse(row: SegmentRow): SegmentResponseDto {
  const response: SegmentResponseDto = {
    id_segmento: row.id_segmento,
    nombre: row.nombre,
    descripcion: row.descripcion,
    longitud: row.longitud,
    latitud: row.latitud,
    ubicacion: row.ubicacion,
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
  };
  if (row.distancia_m !== undefined) response.distancia_m = Math.round(row.distancia_m * 100) / 100;
  return response;
}

/** Strong validator of one segment's state: changes with every write. */
export function etagOf(row: Pick<SegmentRow, 'version'>): string {
  return `"v${row.version}"`;
}
