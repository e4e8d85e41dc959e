// Settings → Team sync: where the team's S3 store is (endpoint, region, bucket, prefix, path-style),
// its keys (kept by the main process, never shown again), the live status, and "test connection",
// which says exactly which step failed and why.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncConnectionReport, SyncSettings } from '../../../shared/api/index.js';
import { api } from '../../lib/api.js';
import { ErrorBox } from '../../ui/common.js';
import { SyncIndicator } from '../sync/SyncIndicator.js';
import { showError } from '../../lib/errors.js';
import { useLang } from '../../lib/settings.js';
import { useAction, useQuery } from '../../lib/useQuery.js';
import { refreshSyncStatus } from '../sync/store.js';
import { SecretField, secretsNote } from './SecretField.js';

interface Fields {
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  force_path_style: boolean;
}

export function SyncSection() {
  const { t } = useTranslation();
  const lang = useLang();
  const [f, setF] = useState<Fields>({ endpoint: '', region: 'us-east-1', bucket: '', prefix: '', force_path_style: true });
  const [keyId, setKeyId] = useState('');
  const [secret, setSecret] = useState('');
  const [saved, setSaved] = useState(false);
  const [report, setReport] = useState<SyncConnectionReport | null>(null);

  // the form shows what the main process keeps; typed keys are sent once, then forgotten here
  const fill = (s: SyncSettings) => {
    setF({ endpoint: s.endpoint, region: s.region, bucket: s.bucket, prefix: s.prefix, force_path_style: s.force_path_style });
    setKeyId('');
    setSecret('');
    return s;
  };
  const settings = useQuery(() => api().call('sync.settings', {}).then(fill), []);
  const cur = settings.data;

  const saving = useAction(async (extra: { clear_keys?: boolean } = {}): Promise<true> => {
    // one message at a time: a new save clears what the last test said
    testing.setError(null);
    setSaved(false);
    setReport(null);
    settings.setData(
      fill(
        await api().call('sync.configure', {
          ...f,
          ...(keyId.trim() ? { access_key_id: keyId } : {}),
          ...(secret.trim() ? { secret_access_key: secret } : {}),
          ...extra,
        }),
      ),
    );
    setSaved(true);
    void refreshSyncStatus(api());
    return true;
  });
  const testing = useAction(async () => {
    // what is typed is what gets tested: save first
    if (!(await saving.run())) return;
    setReport(await api().call('sync.test', {}));
  });
  const save = saving.run;
  const test = testing.run;
  const busy: 'save' | 'test' | null = saving.busy ? 'save' : testing.busy ? 'test' : null;
  const error = testing.error ?? saving.error ?? settings.error;

  const set = (patch: Partial<Fields>) => setF({ ...f, ...patch });
  const failed = report?.steps.find((s) => s.ok === false);
  return (
    <section className="panel" aria-labelledby="sync-title" data-testid="sync-settings">
      <h2 className="panel-title" id="sync-title">
        {t('settings.sync')}
      </h2>
      <p className="muted small">{t('settings.syncIntro')}</p>
      {cur?.source === 'env' && <p className="muted small">{t('settings.syncFromEnv')}</p>}
      {cur && (
        <form
          className="settings-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <div className="field">
            <label htmlFor="sync-endpoint">{t('settings.syncEndpoint')}</label>
            <input
              id="sync-endpoint"
              name="sync-endpoint"
              type="text"
              spellCheck={false}
              value={f.endpoint}
              onChange={(e) => set({ endpoint: e.target.value })}
            />
            <div className="field-help">{t('settings.syncEndpointHelp')}</div>
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor="sync-bucket">{t('settings.syncBucket')}</label>
              <input
                id="sync-bucket"
                name="sync-bucket"
                type="text"
                spellCheck={false}
                value={f.bucket}
                onChange={(e) => set({ bucket: e.target.value })}
              />
              <div className="field-help">{t('settings.syncBucketHelp')}</div>
            </div>
            <div className="field">
              <label htmlFor="sync-region">{t('settings.syncRegion')}</label>
              <input
                id="sync-region"
                name="sync-region"
                type="text"
                spellCheck={false}
                value={f.region}
                onChange={(e) => set({ region: e.target.value })}
              />
              <div className="field-help" />
            </div>
          </div>
          <div className="field">
            <label htmlFor="sync-prefix">{t('settings.syncPrefix')}</label>
            <input
              id="sync-prefix"
              name="sync-prefix"
              type="text"
              spellCheck={false}
              value={f.prefix}
              onChange={(e) => set({ prefix: e.target.value })}
            />
          </div>
          <label className="check">
            <input
              type="checkbox"
              name="sync-path-style"
              checked={f.force_path_style}
              onChange={(e) => set({ force_path_style: e.target.checked })}
            />{' '}
            {t('settings.syncPathStyle')}
          </label>
          <div className="field-row">
            <SecretField
              id="sync-key-id"
              label={t('settings.syncKeyId')}
              state={cur.access_key_id}
              value={keyId}
              onChange={setKeyId}
              disabled={!cur.secrets_available}
            />
            <SecretField
              id="sync-secret"
              label={t('settings.syncSecret')}
              state={cur.secret_access_key}
              value={secret}
              onChange={setSecret}
              disabled={!cur.secrets_available}
            />
          </div>
          <p className="muted small">{secretsNote(cur.secrets_kind, cur.secrets_available, t)}</p>
          <div className="form-actions">
            {saved && !report && (
              <span className="note small" role="status">
                {t('settings.saved')}
              </span>
            )}
            {(cur.access_key_id.set || cur.secret_access_key.set) && cur.source === 'settings' && (
              <button type="button" className="btn ghost danger" disabled={!!busy} onClick={() => void save({ clear_keys: true })}>
                {t('settings.clearKeys')}
              </button>
            )}
            <button type="button" className="btn" disabled={!!busy || !f.bucket.trim()} onClick={() => void test()} data-action="test-sync">
              {busy === 'test' ? t('settings.syncTesting') : t('settings.syncTest')}
            </button>
            <button type="submit" className="btn primary" disabled={!!busy} data-action="save-sync">
              {t('settings.saveSettings')}
            </button>
          </div>
        </form>
      )}
      {report && (
        <div className={`connection-report ${report.ok ? 'ok' : 'failed'}`} data-testid="sync-test" data-ok={report.ok ? 'true' : 'false'}>
          <p className="connection-verdict">
            {report.ok
              ? t('settings.syncTestOk', { store: report.store ?? '' })
              : t('settings.syncTestFailed', { step: t(`settings.syncStep.${failed?.step ?? 'config'}`) })}
          </p>
          <ol className="connection-steps">
            {report.steps.map((s) => (
              <li key={s.step} data-step={s.step} data-ok={s.ok === null ? 'skipped' : String(s.ok)}>
                <span className="step-mark" aria-hidden="true">
                  {s.ok === true ? '✓' : s.ok === false ? '✗' : '·'}
                </span>
                <span>{t(`settings.syncStep.${s.step}`)}</span>
                {s.detail && <span className="muted small mono">{s.detail}</span>}
              </li>
            ))}
          </ol>
          {report.error && <ErrorBox error={showError(report.error, lang)} compact />}
        </div>
      )}
      {error != null && <ErrorBox error={showError(error, lang)} compact />}
      <div className="metric">
        <span className="muted">{t('settings.syncStatus')}</span>
        <SyncIndicator />
      </div>
    </section>
  );
}
