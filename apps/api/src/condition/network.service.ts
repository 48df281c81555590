import type { SqlRunner } from '@recway/database';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { fingerprintOf } from '@recway/common';
import { RecwayConfig } from '@recway/config';
import type { ConditionBand } from '@recway/iri';
import { SegmentPage, SegmentsService } from '../segments/segments.service';
import { NetworkPriorityQueryDto, NetworkSummaryQueryDto } from './dto/network-query.dto';
import { NetworkSummaryDto } from './dto/network-summary.dto';
import { BandTotalsRow, NetworkRepository } from './network.repository';

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const toKm = (metres: number) => round(metres / 1000, 3);
const percent = (part: number, whole: number) => (whole > 0 ? round((part / whole) * 100, 2) : 0);
const weightedIri = (iriMetres: number | null, metres: number | null) =>
  iriMetres !== null && metres ? round(iriMetres / metres, 3) : null;

/** The road network as a whole: km by condition band, and the segments to repair first. */
@Injectable()
export class NetworkService {
  private readonly bands: ConditionBand[];

  constructor(
    private readonly repository: NetworkRepository,
    private readonly segments: SegmentsService,
    @Inject(ConfigService) config: ConfigService<RecwayConfig, true>,
  ) {
    this.bands = config.get('condition.bands', { infer: true });
  }

  /** Cached until the next write, like the list: one pass over the whole network per filter. */
  summary(query: NetworkSummaryQueryDto): Promise<NetworkSummaryDto> {
    this.segments.assertKnownBands(query.banda);
    return this.segments.cachedDerived(`resumen:${fingerprintOf(query)}`, (db) => this.computeSummary(query, db));
  }

  private async computeSummary(query: NetworkSummaryQueryDto, db: SqlRunner): Promise<NetworkSummaryDto> {
    const filter = { ...query, bands: this.bands };
    const [rows, recent] = await Promise.all([
      this.repository.bandTotals(filter, db),
      this.repository.recentSurveyCount(filter, db),
    ]);
    const totalMetres = rows.reduce((sum, row) => sum + row.metros, 0);
    const byBand = new Map(rows.map((row) => [row.banda, row]));
    const empty: BandTotalsRow = { banda: null, segmentos: 0, metros: 0, iri_metros: null, metros_con_iri: null };
    const unsurveyed = byBand.get(null) ?? empty;
    const sum = (pick: (row: BandTotalsRow) => number | null) =>
      rows.reduce<number | null>(
        (total, row) => (pick(row) === null ? total : (total ?? 0) + (pick(row) as number)),
        null,
      );
    return {
      bandas: this.bands.map(({ banda }) => {
        const row = byBand.get(banda) ?? empty;
        return {
          banda,
          segmentos: row.segmentos,
          km: toKm(row.metros),
          porcentaje_km: percent(row.metros, totalMetres),
          iri_medio_m_km: weightedIri(row.iri_metros, row.metros_con_iri),
        };
      }),
      sin_inspeccion: {
        segmentos: unsurveyed.segmentos,
        km: toKm(unsurveyed.metros),
        porcentaje_km: percent(unsurveyed.metros, totalMetres),
      },
      total: {
        segmentos: rows.reduce((total, row) => total + row.segmentos, 0),
        km: toKm(totalMetres),
        iri_medio_m_km: weightedIri(
          sum((row) => row.iri_metros),
          sum((row) => row.metros_con_iri),
        ),
      },
      inspecciones_ultimos_12_meses: recent,
    };
  }

  /** Surveyed segments, worst first: band, then IRI, then length. */
  priorities(query: NetworkPriorityQueryDto): Promise<SegmentPage> {
    return this.segments.listWorstFirst(query);
  }
}
