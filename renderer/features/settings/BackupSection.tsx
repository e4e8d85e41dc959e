// Settings → Backups: one click makes a consistent copy of the data folder while the app runs
// (into its backups/ folder), the list of backups, and a check of each that reads every file
// against its hash. Restoring replaces the data folder, so it is done with the app closed
// (`tezgah backup restore`), as the section says.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupReport } from '../../../shared/api/index.js';
import { api } from '../../lib/api.js';
import { showError } from '../../lib/errors.js';
import { useLang } from '../../lib/settings.js';
import { formatBytes } from '../../lib/units.js';
import { useAction, useQuery } from '../../lib/useQuery.js';
import { ErrorBox } from '../../ui/common.js';

export function BackupSection() {
  const { t } = useTranslation();
  const lang = useLang();
  const list = useQuery(() => api().call('backup.list', {}), []);
  const [reports, setReports] = useState<Record<string, BackupReport>>({});
  const create = useAction(async () => {
    await api().call('backup.create', {});
    list.reload();
  });
  const verify = useAction(async (name: string) => {
    const r = await api().call('backup.verify', { name });
    setReports((cur) => ({ ...cur, [name]: r }));
  });
  const error = create.error ?? verify.error ?? list.error;
  const fmt = (iso: string) => new Date(iso).toLocaleString(lang === 'tr' ? 'tr-TR' : 'en-GB');

  return (
    <section className="panel" aria-labelledby="backup-title" data-testid="backups">
      <h2 className="panel-title" id="backup-title">
        {t('backup.title')}
      </h2>
      <p className="muted small">{t('backup.intro')}</p>
      <button type="button" className="btn small" onClick={() => void create.run()} disabled={create.busy} aria-busy={create.busy}>
        {create.busy ? t('backup.making') : t('backup.make')}
      </button>
      {error != null && <ErrorBox error={showError(error, lang)} compact />}
      {list.data && list.data.length === 0 && <p className="muted small">{t('backup.none')}</p>}
      {list.data && list.data.length > 0 && (
        <ul className="report-list backup-list">
          {list.data.map((b) => {
            const r = reports[b.name];
            return (
              <li key={b.name} data-backup={b.name}>
                <span className="mono small" data-user-text>
                  {b.name}
                </span>{' '}
                <span className="muted small">
                  {fmt(b.created_at)} · {formatBytes(b.size, lang)} ·{' '}
                  {t('backup.counts', { jobs: b.counts.jobs, artefacts: b.counts.artefacts })}
                </span>{' '}
                <button type="button" className="btn small" onClick={() => void verify.run(b.name)} disabled={verify.busy}>
                  {t('backup.verify')}
                </button>
                {r && (
                  <span className={`badge ${r.ok ? 'status-succeeded' : 'status-failed'}`} data-verified={r.ok ? 'ok' : 'damaged'}>
                    {r.ok ? t('backup.whole') : t('backup.damaged', { count: r.problems.length })}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <p className="muted small">{t('backup.restoreNote')}</p>
    </section>
  );
}
