import { PickType } from '@nestjs/swagger';
import { SegmentQueryDto } from '../../segments/dto/segment-query.dto';

/** The list's text and condition filters, so a map shows what its side list and summary show. */
export class TileFilterQueryDto extends PickType(SegmentQueryDto, [
  'q',
  'banda',
  'iri_min',
  'iri_max',
  'sin_inspeccion',
  'fecha_desde',
] as const) {}
