import { UNSURVEYED_COLOUR } from '../bands';
import { bandLabel, formatNumber, t } from '../i18n';
import type { Segment } from '../types';

interface SegmentListProps {
  segments: Segment[];
  total: number;
  priorities: boolean;
  colours: Record<string, string>;
  selectedId: number | null;
  onPriorities: (on: boolean) => void;
  onSelect: (id: number) => void;
}

export function SegmentList(props: SegmentListProps) {
  return (
    <section class="panel" aria-labelledby="list-title">
      <div class="row spread">
        <h2 id="list-title">{t('list')}</h2>
        <div class="tabs" role="group" aria-label={t('list')}>
          <button type="button" aria-pressed={!props.priorities} onClick={() => props.onPriorities(false)}>
            {t('allSegments')}
          </button>
          <button
            type="button"
            aria-pressed={props.priorities}
            onClick={() => props.onPriorities(true)}
            data-testid="show-priorities"
          >
            {t('priorities')}
          </button>
        </div>
      </div>
      <p class="muted" data-testid="list-total" data-total={props.total}>
        {props.segments.length ? t('showing', { shown: props.segments.length, total: props.total }) : t('noSegments')}
      </p>
      <ul class="segments">
        {props.segments.map((segment) => {
          const band = segment.condicion?.banda;
          return (
            <li key={segment.id_segmento}>
              <button
                type="button"
                class={segment.id_segmento === props.selectedId ? 'selected' : ''}
                onClick={() => props.onSelect(segment.id_segmento)}
                data-testid="segment-item"
                data-id={segment.id_segmento}
              >
                <span
                  class={`swatch${band ? '' : ' dashed'}`}
                  style={{ background: band ? props.colours[band] : UNSURVEYED_COLOUR }}
                  aria-hidden="true"
                />
                <span class="name">{segment.nombre}</span>
                <span class="muted">
                  {band ? `${bandLabel(band)} · IRI ${formatNumber(segment.condicion?.iri_m_km)}` : t('unsurveyed')}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
