import { useState } from 'preact/hooks';
import type { Api } from '../api';
import { t } from '../i18n';
import { formText } from '../form-values';

export function LoginForm({ api, onSignedIn }: { api: Api; onSignedIn: () => void }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError('');
    try {
      await api.signIn(formText(form, 'email'), formText(form, 'password'));
      onSignedIn();
    } catch (failure) {
      setError(`${t('signInFailed')}: ${(failure as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="centred">
      <form class="card" onSubmit={(event) => void submit(event)} aria-labelledby="login-title">
        <h1 id="login-title">RecWay</h1>
        <label>
          {t('email')}
          <input name="email" type="email" autocomplete="username" required data-testid="login-email" />
        </label>
        <label>
          {t('password')}
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            required
            data-testid="login-password"
          />
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy} data-testid="login-submit">
          {t('signIn')}
        </button>
      </form>
    </main>
  );
}
