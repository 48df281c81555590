import { useState } from 'preact/hooks';
import type { Api } from '../api';
import { t } from '../i18n';
import { formText } from '../form-values';

/**
 * Asks POST /ai/chat/stream about the segment and shows the answer as it streams: plain text only
 * (the model's words never become HTML).
 */
export function Assistant({ api, segmentId }: { api: Api; segmentId: number }) {
  const [answer, setAnswer] = useState('');
  const [busy, setBusy] = useState(false);

  const ask = async (event: Event) => {
    event.preventDefault();
    const message = formText(new FormData(event.currentTarget as HTMLFormElement), 'pregunta');
    setBusy(true);
    setAnswer('');
    try {
      const response = await fetch('/api/v1/ai/chat/stream', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(await api.authorization()) },
        body: JSON.stringify({ message, segmento_id: segmentId }),
      });
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      await readEvents(response.body, setAnswer);
    } catch (failure) {
      setAnswer(`${t('error')}: ${(failure as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="assistant" onSubmit={(event) => void ask(event)} aria-label={t('assistant')}>
      <h3>{t('assistant')}</h3>
      <div class="row">
        <input
          name="pregunta"
          required
          maxLength={2000}
          placeholder={t('askPlaceholder')}
          data-testid="assistant-question"
          aria-label={t('askPlaceholder')}
        />
        <button type="submit" disabled={busy} data-testid="assistant-ask">
          {t('ask')}
        </button>
      </div>
      <p class="answer" aria-live="polite" data-testid="assistant-answer">
        {answer}
      </p>
    </form>
  );
}

/** Server-Sent Events: `{"delta"}` pieces, then an end event (a fallback replaces the text). */
async function readEvents(body: ReadableStream<Uint8Array>, setAnswer: (update: (text: string) => string) => void) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
      const event = JSON.parse(line.slice(6)) as { delta?: string; source?: string; response?: string };
      if (event.delta) setAnswer((text) => text + event.delta);
      else if (event.source === 'fallback' && event.response) setAnswer(() => event.response as string);
    }
  }
}
