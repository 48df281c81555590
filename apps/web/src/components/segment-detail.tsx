import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type Api, ApiError } from '../api';
import { bandLabel, formatNumber, t } from '../i18n';
import type { Segment, Survey } from '../types';
import { Assistant } from './assistant';
import { type ChartSeries, IriChart } from './iri-chart';
import { type SegmentFields, SegmentForm } from './segment-form';
import { SurveyForms } from './survey-forms';

interface SegmentDetailProps {
  api: Api;
  id: number;
  canEdit: boolean;
  colours: Record<string, string>;
  /** Bumped by a live event about this segment: reload it. */
  revision: number;
  onChanged: () => void;
  onDeleted: () => void;
  onClose: () => void;
}

interface Loaded {
  segment: Segment;
  etag: string;
  surveys: Survey[];
}

export function SegmentDetail(props: SegmentDetailProps) {
  const { api, id } = props;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [editing, setEditing] = useState(false);
  /** The editor's values, kept across a conflict so nothing typed is lost. */
  const [draft, setDraft] = useState<SegmentFields | null>(null);
  /**
   * The version the editor started from. Live updates refresh the details meanwhile, but a save must
   * still be checked against what the editor saw, or it would overwrite a change they never saw.
   */
  const editBase = useRef('');
  const [error, setError] = useState('');

  const load = async () => {
    const [{ data: segment, response }, surveys] = await Promise.all([
      api.request<Segment>(`/segmentos/${id}`),
      api.get<Survey[]>(`/segmentos/${id}/inspecciones?limit=1000`),
    ]);
    const etag = response.headers.get('etag') ?? '';
    setLoaded({ segment, etag, surveys });
    return etag;
  };

  useEffect(() => {
    setLoaded(null);
    setEditing(false);
    setDraft(null);
    setError('');
    load().catch((failure: Error) => setError(failure.message));
  }, [id]);

  // A change made elsewhere: show it in place, keeping whatever the user is typing in the forms.
  const firstRevision = useRef(props.revision);
  useEffect(() => {
    if (props.revision !== firstRevision.current) load().catch((failure: Error) => setError(failure.message));
  }, [props.revision]);

  /** If-Match: a write made meanwhile by someone else is a 412, explained, never silently overwritten. */
  const save = async (fields: SegmentFields) => {
    try {
      await api.request(`/segmentos/${id}`, {
        method: 'PATCH',
        body: fields,
        headers: { 'If-Match': editBase.current },
      });
      setEditing(false);
      setDraft(null);
      setError('');
      await load();
      props.onChanged();
    } catch (failure) {
      setDraft(fields);
      if (failure instanceof ApiError && failure.status === 412) {
        // Now the editor has seen the current version (above the form): saving again replaces it.
        editBase.current = (await load()) ?? '';
        setError(t('conflict'));
      } else setError((failure as Error).message);
    }
  };

  const remove = async () => {
    if (!loaded || !window.confirm(t('confirmDelete', { nombre: loaded.segment.nombre }))) return;
    try {
      await api.request(`/segmentos/${id}`, { method: 'DELETE', headers: { 'If-Match': loaded.etag } });
      props.onDeleted();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 412) await load();
      setError(failure instanceof ApiError && failure.status === 412 ? t('conflict') : (failure as Error).message);
    }
  };

  const charts = useMemo(() => (loaded ? chartsOf(loaded.surveys) : []), [loaded]);

  if (!loaded) {
    return (
      <section class="panel detail" data-testid="segment-detail" aria-busy={!error}>
        {error ? <p class="error">{error}</p> : t('loading')}
      </section>
    );
  }
  const { segment, surveys } = loaded;
  if (editing) {
    return (
      <SegmentForm
        title={`${t('edit')}: ${segment.nombre}`}
        id={segment.id_segmento}
        overlay
        current={
          draft ? { nombre: segment.nombre, descripcion: segment.descripcion, ubicacion: segment.ubicacion } : undefined
        }
        initial={draft ?? { nombre: segment.nombre, descripcion: segment.descripcion, ubicacion: segment.ubicacion }}
        error={error}
        onSave={(fields) => void save(fields)}
        onCancel={() => {
          setEditing(false);
          setDraft(null);
          setError('');
        }}
      />
    );
  }
  const band = segment.condicion?.banda;
  return (
    <section
      class="panel detail"
      data-testid="segment-detail"
      data-id={segment.id_segmento}
      aria-labelledby="detail-title"
    >
      <div class="row spread">
        <h2 id="detail-title">{segment.nombre}</h2>
        <button type="button" class="secondary" onClick={props.onClose} aria-label={t('close')}>
          ×
        </button>
      </div>
      <dl>
        <dt>{t('condition')}</dt>
        <dd data-testid="detail-banda" data-banda={band ?? ''}>
          {band ? (
            <>
              <span class="swatch" style={{ background: props.colours[band] }} aria-hidden="true" />
              {bandLabel(band)} · IRI {formatNumber(segment.condicion?.iri_m_km)} m/km ({segment.condicion?.fecha})
            </>
          ) : (
            t('unsurveyed')
          )}
        </dd>
        <dt>{t('location')}</dt>
        <dd>{segment.ubicacion ?? '—'}</dd>
        <dt>{t('length')}</dt>
        <dd>{segment.longitud_m === null ? '—' : `${formatNumber(segment.longitud_m, 0)} m`}</dd>
        {segment.descripcion && (
          <>
            <dt>{t('description')}</dt>
            <dd>{segment.descripcion}</dd>
          </>
        )}
      </dl>
      {error && (
        <p class="error" role="alert" data-testid="detail-error">
          {error}
        </p>
      )}
      {props.canEdit && (
        <div class="row">
          <button
            type="button"
            onClick={() => {
              editBase.current = loaded.etag;
              setEditing(true);
            }}
            data-testid="segment-edit"
          >
            {t('edit')}
          </button>
          <button type="button" class="danger" onClick={() => void remove()} data-testid="segment-delete">
            {t('delete')}
          </button>
        </div>
      )}
      {charts.map((chart) => (
        <IriChart key={chart.title} title={chart.title} series={chart.series} />
      ))}
      <h3>{t('surveys')}</h3>
      {surveys.length === 0 ? (
        <p class="muted">{t('noSurveys')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('date')}</th>
              <th scope="col">IRI</th>
              <th scope="col">{t('condition')}</th>
              <th scope="col">{t('method')}</th>
            </tr>
          </thead>
          <tbody>
            {surveys.map((survey) => (
              <tr key={survey.id_inspeccion} data-testid="survey-row">
                <td>{survey.fecha}</td>
                <td>{formatNumber(survey.iri_m_km)}</td>
                <td>{bandLabel(survey.banda)}</td>
                <td>{survey.metodo}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.canEdit && (
        <SurveyForms
          api={api}
          segmentId={id}
          onRecorded={() => {
            void load();
            props.onChanged();
          }}
        />
      )}
      <Assistant api={api} segmentId={id} />
    </section>
  );
}

/** IRI per survey over time; and along the segment, the sections of the newest profile survey. */
function chartsOf(surveys: Survey[]): { title: string; series: ChartSeries }[] {
  const charts: { title: string; series: ChartSeries }[] = [];
  const dated = surveys.filter((survey) => survey.iri_m_km !== null).sort((a, b) => a.fecha.localeCompare(b.fecha));
  if (dated.length) {
    charts.push({
      title: t('iriOverTime'),
      series: {
        x: dated.map((survey) => Date.parse(survey.fecha) / 1000),
        y: dated.map((survey) => survey.iri_m_km as number),
        label: 'IRI',
        time: true,
      },
    });
  }
  const profile = surveys.find((survey) => survey.perfil?.tramos.length);
  if (profile?.perfil) {
    const sections = profile.perfil.tramos;
    charts.push({
      title: t('iriAlong', { fecha: profile.fecha }),
      series: {
        x: sections.map((section) => (section.desde_m + section.hasta_m) / 2),
        y: sections.map((section) => section.iri_m_km),
        label: 'IRI',
        time: false,
        colour: '#D55E00',
      },
    });
  }
  return charts;
}
