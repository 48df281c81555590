import { useState } from 'preact/hooks';
import { type Api, ApiError } from '../api';
import { t } from '../i18n';

const PAGE = 1000;

interface DataToolsProps {
  api: Api;
  canEdit: boolean;
  filterQuery: string;
  onImported: () => void;
}

/** Import a CSV/GeoJSON file (all or nothing; each bad row listed) and export the filtered set. */
export function DataTools({ api, canEdit, filterQuery, onImported }: DataToolsProps) {
  const [messages, setMessages] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const importFile = async (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    try {
      const geojson = /\.(geo)?json$/i.test(file.name);
      const { data } = await api.request<{ importados: number }>('/segmentos/import', {
        method: 'POST',
        rawBody: file,
        contentType: geojson ? 'application/geo+json' : 'text/csv',
        headers: { 'Idempotency-Key': crypto.randomUUID() },
      });
      setMessages([t('imported', { n: data.importados })]);
      onImported();
    } catch (failure) {
      setMessages(failure instanceof ApiError ? rowErrors(failure) : [(failure as Error).message]);
    } finally {
      setBusy(false);
      input.value = '';
    }
  };

  const exportAs = async (format: 'csv' | 'geojson') => {
    setBusy(true);
    try {
      const blob = await exportAll(api, filterQuery, format);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `segmentos.${format === 'csv' ? 'csv' : 'geojson'}`;
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (failure) {
      setMessages([(failure as Error).message]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel" aria-label={`${t('import')} / ${t('export')}`}>
      <div class="row">
        {canEdit && (
          <label class="button">
            {t('import')}
            <input
              type="file"
              accept=".csv,.geojson,.json"
              class="visually-hidden"
              disabled={busy}
              onChange={(event) => void importFile(event)}
              data-testid="import-file"
            />
          </label>
        )}
        <button
          type="button"
          class="secondary"
          disabled={busy}
          onClick={() => void exportAs('csv')}
          data-testid="export-csv"
        >
          {t('export')} CSV
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={() => void exportAs('geojson')}>
          {t('export')} GeoJSON
        </button>
      </div>
      {messages.length > 0 && (
        <div role="alert">
          <ul class="messages" data-testid="import-messages">
            {messages.map((message, i) => (
              <li key={i}>{message}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** One line per rejected row: "features 3 nombre: …" or "line 7 latitud: …". */
function rowErrors(error: ApiError): string[] {
  if (!Array.isArray(error.detail)) return [error.message];
  return (error.detail as { loc?: (string | number)[]; msg?: string }[]).map(
    (item) => `${(item.loc ?? []).filter((part) => part !== 'body').join(' ')}: ${item.msg ?? ''}`,
  );
}

/** Every page of the filtered list in the API's own CSV or GeoJSON, joined into one file. */
async function exportAll(api: Api, filterQuery: string, format: 'csv' | 'geojson'): Promise<Blob> {
  const parts: string[] = [];
  const features: unknown[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const query = `${filterQuery ? `${filterQuery}&` : ''}f=${format}&limit=${PAGE}&skip=${skip}&sort=id_segmento`;
    const { data, response } = await api.request<string | { features: unknown[] }>(`/segmentos/?${query}`);
    if (format === 'csv') {
      const text = data as string;
      const rows = skip === 0 ? text : text.slice(text.indexOf('\n') + 1);
      parts.push(rows.endsWith('\n') || rows === '' ? rows : `${rows}\n`);
    } else features.push(...(data as { features: unknown[] }).features);
    if (skip + PAGE >= Number(response.headers.get('x-total-count') ?? 0)) break;
  }
  return format === 'csv'
    ? new Blob(parts, { type: 'text/csv' })
    : new Blob([JSON.stringify({ type: 'FeatureCollection', features })], { type: 'application/geo+json' });
}
