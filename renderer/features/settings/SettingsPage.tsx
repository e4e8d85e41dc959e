// Settings: language and display units (saved by the main process, applied live), the FreeCAD
// runtime as the doctor sees it, the data folder, the AI endpoint and team sync.
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../shared/api/index.js';
import { api } from '../../lib/api.js';
import { ErrorBox } from '../../ui/common.js';
import { showError } from '../../lib/errors.js';
import { AiSection } from './AiSection.js';
import { BackupSection } from './BackupSection.js';
import { SyncSection } from './SyncSection.js';
import { updateSettings, useLang, useSettings } from '../../lib/settings.js';
import { useAction, useQuery } from '../../lib/useQuery.js';

export function SettingsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const chosen = useSettings((s) => s.lang);
  const units = useSettings((s) => s.units);
  const unsandboxed = useSettings((s) => s.allow_unsandboxed);
  const systemLang = useSettings((s) => s.systemLang);
  const doctorQuery = useQuery(() => api().call('app.doctor', {}), []);
  const { data: doctor, error: doctorError } = doctorQuery;
  // a fresh check: "checking…" again rather than the old answer
  const check = () => {
    doctorQuery.setData(null);
    doctorQuery.reload();
  };
  const { data: info } = useQuery(() => api().call('app.info', {}), []);
  const { run: change, error: saveError } = useAction((patch: Partial<Settings>) => updateSettings(api(), patch));

  const fc = doctor?.freecad;
  return (
    <div className="page settings">
      <header className="page-header">
        <h1>{t('settings.title')}</h1>
      </header>
      <div className="settings-grid">
        <section className="panel" aria-labelledby="general-title">
          <h2 className="panel-title" id="general-title">
            {t('settings.general')}
          </h2>
          <div className="field">
            <label htmlFor="set-lang">{t('settings.language')}</label>
            <select
              id="set-lang"
              name="lang"
              value={chosen}
              onChange={(e) => change({ lang: e.target.value as Settings['lang'] })}
              aria-keyshortcuts="Control+Shift+L"
            >
              <option value="system">
                {t('settings.langSystem', { lang: systemLang === 'tr' ? t('settings.langTr') : t('settings.langEn') })}
              </option>
              <option value="tr">{t('settings.langTr')}</option>
              <option value="en">{t('settings.langEn')}</option>
            </select>
          </div>
          <fieldset className="field">
            <legend>{t('settings.units')}</legend>
            <div className="radio-row">
              {(['mm', 'inch'] as const).map((u) => (
                <label key={u} className="check">
                  <input type="radio" name="units" value={u} checked={units === u} onChange={() => change({ units: u })} />{' '}
                  {t(u === 'mm' ? 'settings.unitsMm' : 'settings.unitsInch')}
                </label>
              ))}
            </div>
            <p className="muted small">{t('settings.unitsNote')}</p>
          </fieldset>
          {saveError != null && <ErrorBox error={showError(saveError, lang)} compact />}
        </section>

        <section className="panel" aria-labelledby="runtime-title" data-testid="runtime">
          <h2 className="panel-title" id="runtime-title">
            {t('settings.runtime')}
          </h2>
          {doctorError != null ? (
            <ErrorBox error={showError(doctorError, lang)} onRetry={check} compact />
          ) : !doctor ? (
            <p className="muted" aria-busy="true">
              {t('settings.checking')}
            </p>
          ) : (
            <>
              <dl className="metrics">
                <div className="metric">
                  <dt>FreeCAD</dt>
                  <dd>
                    <span className={`badge ${fc?.found ? 'status-succeeded' : 'status-failed'}`} data-found={fc?.found ? 'true' : 'false'}>
                      <span className="dot" aria-hidden="true" />
                      {fc?.found ? t('settings.found') : t('settings.notFound')}
                    </span>
                  </dd>
                </div>
                {fc?.version && (
                  <div className="metric">
                    <dt>{t('settings.version')}</dt>
                    <dd className="mono">{fc.version}</dd>
                  </div>
                )}
                {fc?.kind && (
                  <div className="metric">
                    <dt>{t('settings.kind')}</dt>
                    <dd>{t(`settings.runtimeKind.${fc.kind}`, { defaultValue: fc.kind })}</dd>
                  </div>
                )}
                {fc?.path && (
                  <div className="metric">
                    <dt>{t('settings.path')}</dt>
                    <dd className="mono small wrap">{fc.path}</dd>
                  </div>
                )}
                <div className="metric">
                  <dt>{t('settings.sandbox')}</dt>
                  <dd>
                    {doctor.sandbox.ok ? t('settings.sandboxOk') : t('settings.sandboxProblem', { problem: doctor.sandbox.problem ?? '?' })}
                  </dd>
                </div>
              </dl>
              {fc?.found && fc.kind === 'binary' ? (
                <div className="field">
                  <label className="check">
                    <input
                      type="checkbox"
                      name="allow_unsandboxed"
                      checked={unsandboxed}
                      onChange={(e) => change({ allow_unsandboxed: e.target.checked })}
                    />{' '}
                    {t('settings.unsandboxed')}
                  </label>
                  <p className="muted small">{t('settings.unsandboxedNote')}</p>
                </div>
              ) : (
                doctor.sandbox.ok && <p className="muted small">{t('settings.sandboxedAlways')}</p>
              )}
              {fc?.error && <ErrorBox error={showError(fc.error, lang)} compact />}
              <button type="button" className="btn small" onClick={check}>
                {t('settings.recheck')}
              </button>
            </>
          )}
        </section>

        <section className="panel" aria-labelledby="data-title">
          <h2 className="panel-title" id="data-title">
            {t('settings.data')}
          </h2>
          <dl className="metrics">
            <div className="metric">
              <dt>{t('settings.dataFolder')}</dt>
              <dd className="mono small wrap" data-testid="data-dir">
                {doctor?.data_dir ?? info?.data_dir ?? '…'}
              </dd>
            </div>
            {doctor && (
              <div className="metric">
                <dt>{t('settings.writable')}</dt>
                <dd>{doctor.data_dir_writable ? t('common.yes') : t('common.no')}</dd>
              </div>
            )}
            <div className="metric">
              <dt>{t('settings.appVersion')}</dt>
              <dd className="mono">{info?.version ?? doctor?.app_version ?? '…'}</dd>
            </div>
            <div className="metric">
              <dt>{t('settings.host')}</dt>
              <dd>{info ? t(`settings.hostName.${info.host}`, { defaultValue: info.host }) : '…'}</dd>
            </div>
            {doctor && (
              <div className="metric">
                <dt>{t('settings.platform')}</dt>
                <dd className="mono small">
                  {doctor.platform} · Node {doctor.node}
                </dd>
              </div>
            )}
          </dl>
        </section>

        <AiSection />
        <SyncSection />
        <BackupSection />
      </div>
    </div>
  );
}
