// Entry point: connect to the API (window.tezgah or the host's WebSocket), load settings and jobs,
// then show the workbench. Until connected, a calm status screen; if it fails, the coded error.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { App } from './App.js';
import { connectApi } from '../lib/api.js';
import { ErrorBox } from '../ui/common.js';
import { showError } from '../lib/errors.js';
import { createI18n, setLanguage } from '../lib/i18n/index.js';
import { connectJobs } from '../features/jobs/store.js';
import { followConnection } from './connection.js';
import { connectSync } from '../features/sync/store.js';
import { connectSettings, effectiveLang, settingsStore, useLang } from '../lib/settings.js';
import './styles.css';

const i18n = createI18n(effectiveLang(settingsStore.getState()));
setLanguage(i18n, effectiveLang(settingsStore.getState()));
settingsStore.subscribe((s) => setLanguage(i18n, effectiveLang(s)));

function Boot() {
  const { t } = useTranslation();
  const lang = useLang();
  const [state, setState] = useState<'connecting' | 'ready' | 'failed'>('connecting');
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let stop: (() => void)[] = [];
    let live = true;
    (async () => {
      const client = await connectApi();
      stop.push(await connectSettings(client));
      stop.push(connectJobs(client));
      stop.push(followConnection(client));
      stop.push(connectSync(client));
      if (live) setState('ready');
    })().catch((err: unknown) => {
      if (!live) return;
      setError(err);
      setState('failed');
    });
    return () => {
      live = false;
      stop.forEach((f) => f());
      stop = [];
    };
  }, []);

  if (state === 'ready') return <App />;
  return (
    <div className="boot">
      <div className="boot-card">
        <div className="brand-name">{t('app.name')}</div>
        {state === 'connecting' ? (
          <p className="muted" aria-busy="true">
            {t('app.connecting')}
          </p>
        ) : (
          <>
            <ErrorBox error={showError(error, lang)} title={t('app.connectFailed')} />
            <button type="button" className="btn" onClick={() => window.location.reload()}>
              {t('app.reload')}
            </button>
          </>
        )}
      </div>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <Boot />
    </I18nextProvider>
  </StrictMode>,
);
