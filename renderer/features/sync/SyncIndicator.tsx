// The sidebar's sync line: off, offline, syncing n of m, up to date, or error with the reason.
// A link to Settings → Team sync (where the store is set up and tested).
import { useTranslation } from 'react-i18next';
import { showError } from '../../lib/errors.js';
import { routeHref } from '../../lib/routes.js';
import { useLang } from '../../lib/settings.js';
import { indicatorOf, useSync } from './store.js';

export function SyncIndicator() {
  const { t } = useTranslation();
  const lang = useLang();
  const status = useSync((s) => s.status);
  const { state, done, total } = indicatorOf(status);
  const reason = status?.error ? showError(status.error, lang) : null;
  const text =
    state === 'off'
      ? t('sync.off')
      : state === 'syncing'
        ? total > 0
          ? t('sync.syncingOf', { done, total })
          : t('sync.syncing')
        : t(`sync.state.${state}`);
  const title = reason ? `${reason.message} ${reason.hint}` : (status?.store ?? text);
  return (
    <a className={`sync-indicator sync-${state}`} href={routeHref({ name: 'team' })} title={title} data-sync={state} aria-live="polite">
      <span className="sync-dot" aria-hidden="true" />
      <span className="sync-text">
        <span className="sync-label">{text}</span>
        {reason && (state === 'error' || state === 'offline') && <span className="sync-reason">{reason.message}</span>}
      </span>
    </a>
  );
}
