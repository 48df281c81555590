import { PickType } from '@nestjs/swagger';
import { SegmentQueryDto } from '../../segments/dto/segment-query.dto';

/** `GET /red/resumen`: the part of the network to sum up (the list's filters), and from which survey date on. */
export class NetworkSummaryQueryDto extends PickType(SegmentQueryDto, [
  'bbox',
  'fecha_desde',
  'q',
  'banda',
  'iri_min',
  'iri_max',
  'sin_inspeccion',
] as const) {}

/** `GET /red/prioridades`: a page of the worst segments, optionally within an area or some bands. */
export class NetworkPriorityQueryDto extends PickType(SegmentQueryDto, [
  'skip',
  'limit',
  'bbox',
  'banda',
  'q',
  'fecha_desde',
] as const) {}
