import type { ConditionBand } from '@recway/iri';

/**
 * SQL of a segment's condition: its latest survey, joined as `c`. The Condition module owns the
 * `inspecciones` table; the Segments repository uses these fragments so a page costs one statement.
 */
export const CONDITION_COLUMNS =
  'c.id_inspeccion AS condicion_id, c.fecha::text AS condicion_fecha, c.iri_m_km AS condicion_iri, c.pci AS condicion_pci';

/**
 * The latest survey of each row of `s` (by date, then id): one probe of inspecciones_segmento_fecha
 * per row. With `since` (a date placeholder), only surveys from that date on count.
 */
export function latestSurveyJoin(since?: string): string {
  const from = since ? ` AND i.fecha >= ${since}::date` : '';
  return `LEFT JOIN LATERAL (
    SELECT id_inspeccion, fecha, iri_m_km, pci FROM inspecciones i
    WHERE i.id_segmento = s.id_segmento${from} ORDER BY fecha DESC, id_inspeccion DESC LIMIT 1) c ON true`;
}

type Bind = (value: unknown) => string;

/**
 * The band of the latest survey, mirroring @recway/iri's bandOf: by IRI when there is one, else by
 * PCI; NULL without a survey. Thresholds and names travel as bind parameters.
 */
export function bandSql(bands: ConditionBand[], next: Bind): string {
  return bandCase(bands, (band) => next(band.banda), next(bands[bands.length - 1].banda) + '::text', next);
}

/** The band's position, best 0 to worst n−1 (NULL without a survey): "worst first" orders by it. */
export function bandRankSql(bands: ConditionBand[], next: Bind): string {
  return bandCase(bands, (_band, index) => String(index), String(bands.length - 1), next);
}

function bandCase(
  bands: ConditionBand[],
  value: (band: ConditionBand, index: number) => string,
  last: string,
  next: Bind,
): string {
  const bounded = bands.slice(0, -1);
  const byIri = bounded.map((band, i) => `WHEN c.iri_m_km < ${next(band.iri_max)} THEN ${value(band, i)}`).join(' ');
  const byPci = bounded.map((band, i) => `WHEN c.pci >= ${next(band.pci_min)} THEN ${value(band, i)}`).join(' ');
  return `(CASE WHEN c.iri_m_km IS NOT NULL THEN (CASE ${byIri} ELSE ${last} END)
    WHEN c.pci IS NOT NULL THEN (CASE ${byPci} ELSE ${last} END) END)`;
}
