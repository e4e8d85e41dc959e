// Team library (#/team): the jobs the team's seats put in the shared S3 store, newest first, paged
// and searchable (kept locally, so it also reads offline), with "pull" to bring a part here.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RemoteJob, RemotePage } from '../../../shared/api/index.js';
import { findTemplate } from '../../../shared/templates.js';
import { api } from '../../lib/api.js';
import { ErrorBox, timeAgo } from '../../ui/common.js';
import { SyncIndicator } from '../sync/SyncIndicator.js';
import { showError } from '../../lib/errors.js';
import { routeHref } from '../../lib/routes.js';
import { jobsStore } from '../jobs/store.js';
import { useLang } from '../../lib/settings.js';
import { useAction } from '../../lib/useQuery.js';
import { useSync } from '../sync/store.js';
import { formatBytes } from '../../lib/units.js';

const PAGE = 25;

export function TeamPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const status = useSync((s) => s.status);
  const configured = !!status && status.state !== 'not_configured';
  const [search, setSearch] = useState('');
  const [page, setPage] = useState<RemotePage | null>(null);
  const remote = useAction(
    (opts: { more?: boolean; refresh?: boolean }) =>
      api().call('sync.remote', {
        limit: PAGE,
        ...(search.trim() ? { search: search.trim() } : {}),
        ...(opts.more && page?.next_cursor ? { cursor: page.next_cursor } : {}),
        ...(opts.refresh ? { refresh: true } : {}),
      }),
    { latest: true },
  );
  const loading = remote.busy;

  const load = async (opts: { more?: boolean; refresh?: boolean } = {}) => {
    syncing.setError(null);
    const r = await remote.run(opts);
    if (r) setPage(opts.more && page ? { ...r, items: [...page.items, ...r.items] } : r);
  };

  // a new search (typed, debounced) or the store's list changed (remote_jobs in the status)
  const remoteCount = status?.remote_jobs ?? 0;
  useEffect(() => {
    if (!configured) return;
    const timer = setTimeout(() => void load(), 250);
    return () => clearTimeout(timer);
  }, [search, configured, remoteCount]);

  const syncing = useAction(async () => {
    const r = await api().call('sync.now', {});
    await load();
    // conflicts are kept side by side and shown in the list; anything else is worth a message
    if (r.errors.length && r.errors.some((e) => e.code !== 'SYNC_CONFLICT')) throw r.errors[0];
  });
  const syncNow = syncing.run;
  const error = remote.error ?? syncing.error;

  return (
    <div className="page team">
      <header className="page-header">
        <h1>{t('team.title')}</h1>
        <span className="muted count">{page ? t('team.count', { count: page.total }) : ''}</span>
        <span className="spacer" />
        {configured && (
          <>
            <SyncIndicator />
            <button type="button" className="btn" onClick={() => void syncNow()} disabled={syncing.busy} data-action="sync-now">
              {syncing.busy ? t('team.syncing') : t('team.syncNow')}
            </button>
          </>
        )}
      </header>
      {!configured ? (
        <div className="empty-state" data-testid="team-off">
          <p>{t('team.off')}</p>
          <a className="btn primary" href={routeHref({ name: 'settings' })}>
            {t('team.setUp')}
          </a>
        </div>
      ) : (
        <>
          <div className="toolbar" role="search">
            <label className="search">
              <span className="visually-hidden">{t('team.search')}</span>
              <input
                type="search"
                name="team-search"
                placeholder={t('team.searchPlaceholder')}
                value={search}
                onChange={(e) => setSearch(e.target.value)}
              />
            </label>
            <button
              type="button"
              className="btn small"
              onClick={() => void load({ refresh: true })}
              disabled={loading}
              data-action="refresh"
            >
              {t('team.refresh')}
            </button>
            {status?.last_sync_at && (
              <span className="muted small">{t('team.lastSync', { when: timeAgo(status.last_sync_at, lang) })}</span>
            )}
          </div>
          {error != null && <ErrorBox error={showError(error, lang)} compact />}
          {page && page.items.length === 0 && !loading && <div className="empty-state">{search ? t('team.noMatch') : t('team.empty')}</div>}
          {page && page.items.length > 0 && (
            <table className="table team-table">
              <thead>
                <tr>
                  <th>{t('team.colPart')}</th>
                  <th>{t('team.colBy')}</th>
                  <th>{t('team.colCreated')}</th>
                  <th>{t('team.colFiles')}</th>
                  <th aria-label={t('jobs.colActions')} />
                </tr>
              </thead>
              <tbody>
                {page.items.map((r) => (
                  <RemoteRow
                    key={r.pull_id}
                    job={r}
                    onPulled={(j) =>
                      setPage({ ...page, items: page.items.map((x) => (x.pull_id === r.pull_id ? { ...x, local_job_id: j } : x)) })
                    }
                  />
                ))}
              </tbody>
            </table>
          )}
          {page?.next_cursor && (
            <div className="load-more">
              <button type="button" className="btn" onClick={() => void load({ more: true })} disabled={loading} data-action="more">
                {t('team.more')}
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}

function remoteTitle(r: RemoteJob, lang: 'tr' | 'en', typeLabel: string): string {
  if (r.template) return findTemplate(r.template)?.label[lang] ?? r.template;
  const imported = r.artefacts.find((a) => a.kind === 'step' || a.kind === 'gcode');
  return imported ? `${typeLabel} · ${imported.name}` : typeLabel;
}

function RemoteRow({ job, onPulled }: { job: RemoteJob; onPulled: (localId: string) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const {
    run: pull,
    busy,
    error,
  } = useAction(async () => {
    const r = await api().call('sync.pull', { id: job.pull_id });
    jobsStore.getState().upsert(r.job);
    onPulled(r.job.id);
  });
  const params = Object.entries(job.params)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(' · ');
  return (
    <tr data-remote={job.pull_id}>
      <td>
        <div className="team-part">
          <strong>{remoteTitle(job, lang, t(`jobType.${job.type}`, { defaultValue: job.type }))}</strong>
          {job.conflict && <span className="badge status-cancelled">{t('team.conflict')}</span>}
        </div>
        <div className="muted small ellipsis" title={params}>
          {params || job.job_id}
        </div>
        {error != null && <ErrorBox error={showError(error, lang)} compact />}
      </td>
      <td className="small">
        {job.user}
        <div className="muted small mono">{job.seat_id.slice(0, 8)}</div>
      </td>
      <td className="small tabular">{timeAgo(job.created_at, lang)}</td>
      <td className="small tabular">
        {job.artefacts.length} · {formatBytes(job.bytes, lang)}
      </td>
      <td className="row-actions">
        {job.local_job_id ? (
          <a className="btn small" href={routeHref({ name: 'part', id: job.local_job_id })} data-action="open">
            {t('team.open')}
          </a>
        ) : (
          <button type="button" className="btn small primary" onClick={() => void pull()} disabled={busy} data-action="pull">
            {busy ? t('team.pulling') : t('team.pull')}
          </button>
        )}
      </td>
    </tr>
  );
}
