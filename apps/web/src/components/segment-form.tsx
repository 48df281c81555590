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
  /** The segment being edited (none when creating). */
  id?: number;
  /** Editing a segment: shown where its details were, over the map. */
  overlay?: boolean;
  /** After a conflict: the version saved meanwhile by someone else, shown beside the editor's values. */
  current?: SegmentFields;
  /**
   * What the fields start with. Uncontrolled from then on: a live update re-rendering the panel must
   * never reset what the editor is typing.
   */
  initial?: SegmentFields;
  /** Creating: the drawn line. */
  line?: LineString;
  error: string;
  onSave: (fields: SegmentFields) => void;
  onCancel: () => void;
}

export function SegmentForm(props: SegmentFormProps) {
  const { title, id, overlay, initial, line, current, error, onSave, onCancel } = props;
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
    <form
      class={overlay ? 'panel detail' : 'panel'}
      onSubmit={submit}
      data-testid="segment-form"
      data-id={id}
      aria-labelledby="segment-form-title"
    >
      <h2 id="segment-form-title">{title}</h2>
      <label>
        {t('name')}
        <input name="nombre" required maxLength={200} defaultValue={initial?.nombre} data-testid="segment-nombre" />
      </label>
      <label>
        {t('location')}
        <input
          name="ubicacion"
          maxLength={200}
          defaultValue={initial?.ubicacion ?? ''}
          data-testid="segment-ubicacion"
        />
      </label>
      <label>
        {t('description')}
        <textarea name="descripcion" maxLength={2000} defaultValue={initial?.descripcion ?? ''} />
      </label>
      {current && (
        <dl class="current" data-testid="current-version">
          <dt>{t('name')}</dt>
          <dd>{current.nombre}</dd>
          <dt>{t('location')}</dt>
          <dd>{current.ubicacion ?? '—'}</dd>
          <dt>{t('description')}</dt>
          <dd>{current.descripcion ?? '—'}</dd>
        </dl>
      )}
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
