import { bandLabel, t } from '../i18n';
import { EMPTY_FILTER, type SegmentFilter } from '../types';

interface FiltersProps {
  filter: SegmentFilter;
  bands: string[];
  colours: Record<string, string>;
  onChange: (filter: SegmentFilter) => void;
}

export function Filters({ filter, bands, colours, onChange }: FiltersProps) {
  const set = (changes: Partial<SegmentFilter>) => onChange({ ...filter, ...changes });
  const toggleBand = (band: string) =>
    set({ banda: filter.banda.includes(band) ? filter.banda.filter((b) => b !== band) : [...filter.banda, band] });

  return (
    <section class="panel" aria-labelledby="filters-title">
      <h2 id="filters-title">{t('filters')}</h2>
      <label>
        {t('search')}
        <input
          type="search"
          value={filter.q}
          onInput={(e) => set({ q: e.currentTarget.value })}
          data-testid="filter-q"
        />
      </label>
      <fieldset>
        <legend>{t('bands')}</legend>
        {bands.map((band) => (
          <label class="check" key={band}>
            <input
              type="checkbox"
              checked={filter.banda.includes(band)}
              onChange={() => toggleBand(band)}
              data-testid="filter-banda"
              data-banda={band}
            />
            <span class="swatch" style={{ background: colours[band] }} aria-hidden="true" />
            {bandLabel(band)}
          </label>
        ))}
      </fieldset>
      <div class="row">
        <label>
          {t('iriMin')}
          <input
            type="number"
            min="0"
            max="30"
            step="0.1"
            value={filter.iri_min}
            onChange={(e) => set({ iri_min: e.currentTarget.value })}
            data-testid="filter-iri-min"
          />
        </label>
        <label>
          {t('iriMax')}
          <input
            type="number"
            min="0"
            max="30"
            step="0.1"
            value={filter.iri_max}
            onChange={(e) => set({ iri_max: e.currentTarget.value })}
            data-testid="filter-iri-max"
          />
        </label>
      </div>
      <div class="row">
        <label>
          {t('surveyedSince')}
          <input
            type="date"
            value={filter.fecha_desde}
            onChange={(e) => set({ fecha_desde: e.currentTarget.value })}
            data-testid="filter-fecha"
          />
        </label>
        <label>
          {t('surveyState')}
          <select
            value={filter.sin_inspeccion}
            onChange={(e) => set({ sin_inspeccion: e.currentTarget.value as SegmentFilter['sin_inspeccion'] })}
            data-testid="filter-inspeccion"
          >
            <option value="">{t('any')}</option>
            <option value="false">{t('surveyedOnly')}</option>
            <option value="true">{t('unsurveyedOnly')}</option>
          </select>
        </label>
      </div>
      <button type="button" class="link" onClick={() => onChange(EMPTY_FILTER)}>
        {t('clearFilters')}
      </button>
    </section>
  );
}
