import { UNSURVEYED_COLOUR } from '../bands';
import { bandLabel, formatNumber, t } from '../i18n';
import type { NetworkSummary as Summary } from '../types';

/** Km and % per band (GET /red/resumen with the shared filter): also the map's legend. */
export function NetworkSummary({ summary, colours }: { summary: Summary | null; colours: Record<string, string> }) {
  if (!summary) return <section class="panel" aria-busy="true" data-testid="summary" />;
  const rows = [
    ...summary.bandas.map((band) => ({
      key: band.banda,
      label: bandLabel(band.banda),
      colour: colours[band.banda],
      ...band,
    })),
    { key: 'sin_inspeccion', label: t('unsurveyed'), colour: UNSURVEYED_COLOUR, ...summary.sin_inspeccion },
  ];
  return (
    <section class="panel" aria-labelledby="summary-title" data-testid="summary">
      <h2 id="summary-title">{t('summary')}</h2>
      <table class="summary">
        <thead>
          <tr>
            <th scope="col">{t('condition')}</th>
            <th scope="col">{t('segments')}</th>
            <th scope="col">km</th>
            <th scope="col">%</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-testid="summary-band" data-banda={row.key} data-count={row.segmentos}>
              <th scope="row">
                <span
                  class={`swatch${row.key === 'sin_inspeccion' ? ' dashed' : ''}`}
                  style={{ background: row.colour }}
                  aria-hidden="true"
                />
                {row.label}
              </th>
              <td>{formatNumber(row.segmentos, 0)}</td>
              <td>{formatNumber(row.km, 1)}</td>
              <td>{formatNumber(row.porcentaje_km, 1)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('total')}</th>
            <td data-testid="summary-total">{formatNumber(summary.total.segmentos, 0)}</td>
            <td>{formatNumber(summary.total.km, 1)}</td>
            <td>100</td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
