import { useState } from 'preact/hooks';
import type { Api } from '../api';
import { t } from '../i18n';
import { formText } from '../form-values';

/** The forced first change: the API answers 403 to everything else until it is done. */
export function PasswordChange({ api, email, onChanged }: { api: Api; email: string; onChanged: () => void }) {
  const [error, setError] = useState('');

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const current = formText(form, 'current');
    const next = formText(form, 'new');
    try {
      await api.request('/auth/me/password', {
        method: 'PUT',
        body: { current_password: current, new_password: next },
      });
      // The change ends every session: sign in again with the new password.
      await api.signIn(email, next);
      onChanged();
    } catch (failure) {
      setError((failure as Error).message);
    }
  };

  return (
    <main class="centred">
      <form class="card" onSubmit={(event) => void submit(event)} aria-labelledby="password-title">
        <h1 id="password-title">{t('changePasswordTitle')}</h1>
        <p>{t('changePasswordWhy')}</p>
        <label>
          {t('currentPassword')}
          <input
            name="current"
            type="password"
            autocomplete="current-password"
            required
            data-testid="password-current"
          />
        </label>
        <label>
          {t('newPassword')}
          <input
            name="new"
            type="password"
            autocomplete="new-password"
            required
            minLength={12}
            data-testid="password-new"
          />
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" data-testid="password-submit">
          {t('save')}
        </button>
      </form>
    </main>
  );
}
