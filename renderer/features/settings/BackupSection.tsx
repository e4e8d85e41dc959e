// Settings → Backups: one click makes a consistent copy of the data folder while the app runs
// (into its backups/ folder), automatic backups on a schedule with retention, the list of backups,
// a check of each that reads every file against its hash, and restore. Restoring replaces the data
// folder, which the running app has open, so the button prepares it and the app applies it at its
// next start (before it opens the database), as the section says.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupReport, BackupScheduleKind } from '../../../shared/api/index.js';
import { api } from '../../lib/api.js';
import { showError } from '../../lib/errors.js';
import { useLang } from '../../lib/settings.js';
import { formatBytes } from '../../lib/units.js';
import { useAction, useQuery } from '../../lib/useQuery.js';
import { ErrorBox } from '../../ui/common.js';

const SCHEDULES: { value: BackupScheduleKind; key: string }[] = [
  { value: 'off', key: 'backup.scheduleOff' },
  { value: 'daily', key: 'backup.scheduleDaily' },
  { value: 'weekly', key: 'backup.scheduleWeekly' },
];

export function BackupSection() {
  const { t } = useTranslation();
  const lang = useLang();
  const list = useQuery(() => api().call('backup.list', {}), []);
  const schedule = useQuery(() => api().call('backup.schedule', {}), []);
  const restoreStatus = useQuery(() => api().call('backup.restoreStatus', {}), []);
  const [reports, setReports] = useState<Record<string, BackupReport>>({});
  const [keepText, setKeepText] = useState<string | null>(null);
  const create = useAction(async () => {
    await api().call('backup.create', {});
    list.reload();
    schedule.reload();
  });
  const verify = useAction(async (name: string) => {
    const r = await api().call('backup.verify', { name });
    setReports((cur) => ({ ...cur, [name]: r }));
  });
  const setSchedule = useAction(async (patch: { schedule?: BackupScheduleKind; keep?: number }) => {
    schedule.setData(await api().call('backup.setSchedule', patch));
    list.reload();
  });
  const restore = useAction(async (name: string) => {
    if (!window.confirm(t('backup.confirmRestore', { name }))) return;
    await api().call('backup.restore', { name });
    restoreStatus.reload();
  });
  const cancelRestore = useAction(async () => {
    await api().call('backup.cancelRestore', {});
    restoreStatus.reload();
  });
  const error = create.error ?? verify.error ?? list.error ?? setSchedule.error ?? restore.error ?? cancelRestore.error ?? schedule.error;
  const fmt = (iso: string) => new Date(iso).toLocaleString(lang === 'tr' ? 'tr-TR' : 'en-GB');
  const s = schedule.data;
  const pending = restoreStatus.data?.pending ?? null;
  const last = restoreStatus.data?.last ?? null;

  const saveKeep = () => {
    if (keepText === null) return;
    const n = Number(keepText.trim());
    setKeepText(null);
    if (Number.isInteger(n) && n >= 1 && n <= 365 && n !== s?.keep) void setSchedule.run({ keep: n });
  };

  return (
    <section className="panel" aria-labelledby="backup-title" data-testid="backups">
      <h2 className="panel-title" id="backup-title">
        {t('backup.title')}
      </h2>
      <p className="muted small">{t('backup.intro')}</p>
      <button type="button" className="btn small" onClick={() => void create.run()} disabled={create.busy} aria-busy={create.busy}>
        {create.busy ? t('backup.making') : t('backup.make')}
      </button>

      {s && (
        <div className="backup-schedule" data-testid="backup-schedule">
          <div className="field">
            <label htmlFor="backup-schedule">{t('backup.schedule')}</label>
            <select
              id="backup-schedule"
              name="backup-schedule"
              value={s.schedule}
              disabled={setSchedule.busy}
              onChange={(e) => void setSchedule.run({ schedule: e.target.value as BackupScheduleKind })}
            >
              {SCHEDULES.map((o) => (
                <option key={o.value} value={o.value}>
                  {t(o.key)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="backup-keep">{t('backup.keep')}</label>
            <input
              id="backup-keep"
              name="backup-keep"
              type="number"
              inputMode="numeric"
              min={1}
              max={365}
              step={1}
              value={keepText ?? String(s.keep)}
              onChange={(e) => setKeepText(e.target.value)}
              onBlur={saveKeep}
              onKeyDown={(e) => {
                if (e.key === 'Enter') saveKeep();
              }}
            />
          </div>
          <p className="muted small">{t('backup.keepNote')}</p>
          {s.last_auto_at && <p className="muted small">{t('backup.lastAuto', { when: fmt(s.last_auto_at) })}</p>}
          {s.next_due_at && <p className="muted small">{t('backup.nextDue', { when: fmt(s.next_due_at) })}</p>}
        </div>
      )}

      {error != null && <ErrorBox error={showError(error, lang)} compact />}

      {pending && (
        <div className="restore-pending" role="status" data-testid="restore-pending">
          <p>{t('backup.pending', { name: pending.name })}</p>
          <button type="button" className="btn small" onClick={() => void cancelRestore.run()} disabled={cancelRestore.busy}>
            {t('backup.cancelRestore')}
          </button>
        </div>
      )}
      {!pending && last && (
        <p className="muted small" data-testid="restore-last" data-ok={last.ok ? 'true' : 'false'}>
          {last.ok
            ? t('backup.lastRestoreOk', {
                name: last.name,
                jobs: last.counts?.jobs ?? 0,
                artefacts: last.counts?.artefacts ?? 0,
                dir: last.moved_aside ?? '—',
              })
            : t('backup.lastRestoreFailed', { name: last.name, code: last.error?.code ?? '' })}
        </p>
      )}

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
                  {b.auto ? ` · ${t('backup.auto')}` : ''}
                </span>{' '}
                <button type="button" className="btn small" onClick={() => void verify.run(b.name)} disabled={verify.busy}>
                  {t('backup.verify')}
                </button>{' '}
                <button
                  type="button"
                  className="btn small"
                  data-restore={b.name}
                  onClick={() => void restore.run(b.name)}
                  disabled={restore.busy || pending?.name === b.name}
                >
                  {t('backup.restore')}
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
      <p className="muted small">{t('backup.restoreUiNote')}</p>
    </section>
  );
}
