import { useState } from 'preact/hooks';
import { t } from '../i18n';
import type { LineString } from '../types';
import { formText } from '../form-values';

export interface SegmentFields {
  nombre: string;
  descripcion: string | null;
  ubicacion: string | null;
  geometria?: LineString;
}

interface SegmentFormProps {
  title: string;
  /** What the fields start with: the segment, or after a conflict the editor's own unsaved values. */
  initial?: SegmentFields;
  /** Creating: the drawn line. */
  line?: LineString;
  error: string;
  onSave: (fields: SegmentFields) => void;
  onCancel: () => void;
}

export function SegmentForm({ title, initial, line, error, onSave, onCancel }: SegmentFormProps) {
  const [busy, setBusy] = useState(false);
  const submit = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => formText(form, name).trim() || null;
    setBusy(true);
    onSave({
      nombre: formText(form, 'nombre'),
      descripcion: text('descripcion'),
      ubicacion: text('ubicacion'),
      ...(line ? { geometria: line } : {}),
    });
    setBusy(false);
  };
  return (
    <form class="panel" onSubmit={submit} data-testid="segment-form" aria-labelledby="segment-form-title">
      <h2 id="segment-form-title">{title}</h2>
      <label>
        {t('name')}
        <input name="nombre" required maxLength={200} value={initial?.nombre} data-testid="segment-nombre" />
      </label>
      <label>
        {t('location')}
        <input name="ubicacion" maxLength={200} value={initial?.ubicacion ?? ''} data-testid="segment-ubicacion" />
      </label>
      <label>
        {t('description')}
        <textarea name="descripcion" maxLength={2000} value={initial?.descripcion ?? ''} />
      </label>
      {error && (
        <p class="error" role="alert" data-testid="form-error">
          {error}
        </p>
      )}
      <div class="row">
        <button type="submit" disabled={busy} data-testid="segment-save">
          {t('save')}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
