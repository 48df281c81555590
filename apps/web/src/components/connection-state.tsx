import { t } from '../i18n';
import type { ConnectionState as State } from '../realtime';

const LABELS = { live: 'live', connecting: 'connecting', offline: 'offline' } as const;

export function ConnectionState({ state }: { state: State }) {
  return (
    <span class={`connection ${state}`} role="status" data-testid="connection-state" data-state={state}>
      <span class="dot" aria-hidden="true" />
      {t(LABELS[state])}
    </span>
  );
}
