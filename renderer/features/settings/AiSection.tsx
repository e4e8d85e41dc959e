// Settings → AI assistant: the OpenAI-compatible endpoint (base URL, model) and its API key. The
// key goes to the main process once and is kept there (OS keychain in Electron, memory in the
// browser host); this page only ever learns whether one is set.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AiSettings } from '../../../shared/api/index.js';
import { api } from '../../lib/api.js';
import { ErrorBox } from '../../ui/common.js';
import { showError } from '../../lib/errors.js';
import { useLang } from '../../lib/settings.js';
import { useAction, useQuery } from '../../lib/useQuery.js';
import { SecretField, secretsNote } from './SecretField.js';

export function AiSection() {
  const { t } = useTranslation();
  const lang = useLang();
  const [baseUrl, setBaseUrl] = useState('');
  const [model, setModel] = useState('');
  const [key, setKey] = useState('');
  const [saved, setSaved] = useState(false);

  // the form shows what the main process keeps; a typed key is sent once, then forgotten here
  const fill = (s: AiSettings) => {
    setBaseUrl(s.base_url);
    setModel(s.model);
    setKey('');
    return s;
  };
  const settings = useQuery(() => api().call('ai.settings', {}).then(fill), []);
  const cur = settings.data;
  const saving = useAction(async (patch: { clear_key?: boolean } = {}) => {
    setSaved(false);
    settings.setData(
      fill(await api().call('ai.configure', { base_url: baseUrl, model, ...(key.trim() ? { api_key: key } : {}), ...patch })),
    );
    setSaved(true);
  });
  const busy = saving.busy;
  const save = saving.run;
  const error = saving.error ?? settings.error;

  return (
    <section className="panel" aria-labelledby="ai-title" data-testid="ai-settings">
      <h2 className="panel-title" id="ai-title">
        {t('settings.ai')}
      </h2>
      <p className="muted small">{t('settings.aiIntro')}</p>
      {!cur && error == null && <p className="muted">{t('common.loading')}</p>}
      {cur && (
        <form
          className="settings-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <div className="field">
            <label htmlFor="ai-base-url">{t('settings.aiBaseUrl')}</label>
            <input
              id="ai-base-url"
              name="ai-base-url"
              type="text"
              spellCheck={false}
              value={baseUrl}
              onChange={(e) => setBaseUrl(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="ai-model">{t('settings.aiModel')}</label>
            <input id="ai-model" name="ai-model" type="text" spellCheck={false} value={model} onChange={(e) => setModel(e.target.value)} />
          </div>
          <SecretField
            id="ai-key"
            label={t('settings.apiKey')}
            state={cur.api_key}
            value={key}
            onChange={setKey}
            disabled={!cur.secrets_available}
          />
          <p className="muted small">{secretsNote(cur.secrets_kind, cur.secrets_available, t)}</p>
          <div className="form-actions">
            {saved && (
              <span className="note small" role="status">
                {t('settings.saved')}
              </span>
            )}
            {cur.api_key.set && (
              <button type="button" className="btn ghost danger" disabled={busy} onClick={() => void save({ clear_key: true })}>
                {t('settings.clearKey')}
              </button>
            )}
            <button type="submit" className="btn primary" disabled={busy} data-action="save-ai">
              {t('settings.saveSettings')}
            </button>
          </div>
        </form>
      )}
      {error != null && <ErrorBox error={showError(error, lang)} compact />}
    </section>
  );
}
