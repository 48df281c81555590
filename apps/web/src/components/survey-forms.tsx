import { useState } from 'preact/hooks';
import type { Api } from '../api';
import { t } from '../i18n';
import type { Survey } from '../types';
import { formFile, formText } from '../form-values';

const METHODS = ['perfilometro', 'smartphone', 'visual', 'otro'];
const today = () => new Date().toISOString().slice(0, 10);

interface SurveyFormsProps {
  api: Api;
  segmentId: number;
  onRecorded: (survey: Survey) => void;
}

/** An editor's two ways to add a survey: the figures, or a profile CSV the API turns into IRI. */
export function SurveyForms({ api, segmentId, onRecorded }: SurveyFormsProps) {
  const [error, setError] = useState('');
  const run = async (work: () => Promise<Survey>, form: HTMLFormElement) => {
    setError('');
    try {
      onRecorded(await work());
      form.reset();
    } catch (failure) {
      setError((failure as Error).message);
    }
  };

  const addSurvey = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const iri = formText(data, 'iri');
    void run(
      async () =>
        (
          await api.request<Survey>(`/segmentos/${segmentId}/inspecciones`, {
            method: 'POST',
            body: {
              fecha: formText(data, 'fecha'),
              metodo: formText(data, 'metodo'),
              ...(iri ? { iri_m_km: Number(iri) } : {}),
            },
          })
        ).data,
      form,
    );
  };

  const uploadProfile = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const file = formFile(data, 'perfil');
    const query = new URLSearchParams({ fecha: formText(data, 'fecha'), intervalo_m: formText(data, 'intervalo') });
    void run(
      async () =>
        (
          await api.request<Survey>(`/segmentos/${segmentId}/inspecciones/perfil?${query}`, {
            method: 'POST',
            rawBody: file ?? '',
            contentType: 'text/csv',
          })
        ).data,
      form,
    );
  };

  return (
    <div class="survey-forms">
      <form onSubmit={addSurvey} aria-label={t('addSurvey')}>
        <h3>{t('addSurvey')}</h3>
        <div class="row">
          <SurveyDate />
          <label>
            IRI (m/km)
            <input name="iri" type="number" min="0" max="30" step="0.01" required data-testid="survey-iri" />
          </label>
          <label>
            {t('method')}
            <select name="metodo">
              {METHODS.map((method) => (
                <option key={method}>{method}</option>
              ))}
            </select>
          </label>
        </div>
        <button type="submit" data-testid="survey-save">
          {t('save')}
        </button>
      </form>
      <form onSubmit={uploadProfile} aria-label={t('uploadProfile')}>
        <h3>{t('uploadProfile')}</h3>
        <div class="row">
          <SurveyDate />
          <label>
            {t('profileInterval')}
            <input name="intervalo" type="number" min="10" defaultValue="100" required />
          </label>
        </div>
        <label>
          CSV
          <input name="perfil" type="file" accept=".csv,text/csv" required data-testid="profile-file" />
        </label>
        <button type="submit" data-testid="profile-upload">
          {t('uploadProfile')}
        </button>
      </form>
      {error && (
        <p class="error" role="alert" data-testid="survey-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** Uncontrolled, like every field here: a live update re-rendering the panel keeps what was chosen. */
function SurveyDate() {
  return (
    <label>
      {t('date')}
      <input name="fecha" type="date" required max={today()} defaultValue={today()} />
    </label>
  );
}
