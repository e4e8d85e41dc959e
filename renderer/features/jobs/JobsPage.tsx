// Jobs: the live list. Rows have a fixed height and fixed columns, and events update rows in place,
// so nothing moves while progress streams in.
import { memo, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { JobStatus as JobStatusSchema, JobType as JobTypeSchema, type JobRecord } from '../../../shared/jobs.js';
import { api } from '../../lib/api.js';
import { ErrorBox, ProgressBar, StatusBadge, jobActivity, jobDurationMs, timeAgo } from '../../ui/common.js';
import { jobErrorShown, showError } from '../../lib/errors.js';
import { routeHref } from '../../lib/routes.js';
import { canCancel, canRetry, filterJobs, jobsStore, reloadJobs, useJobs, type JobFilter } from './store.js';
import { useLang } from '../../lib/settings.js';
import { loadJobSyncStates, useSync } from '../sync/store.js';
import { formatDuration } from '../../lib/units.js';
import { useNow } from '../../lib/useNow.js';
import { useAction } from '../../lib/useQuery.js';
import { jobTitle, paramSummary } from './labels.js';

export function JobsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const byId = useJobs((s) => s.byId);
  const order = useJobs((s) => s.order);
  const loading = useJobs((s) => s.loading);
  const loaded = useJobs((s) => s.loaded);
  const error = useJobs((s) => s.error);
  const [filter, setFilter] = useState<JobFilter>({ status: 'all', type: 'all', search: '' });
  const all = useMemo(() => order.map((id) => byId[id]!), [order, byId]);
  const shown = useMemo(() => filterJobs(all, filter), [all, filter]);
  const filtered = filter.status !== 'all' || filter.type !== 'all' || filter.search.trim() !== '';
  const syncOn = useSync((s) => !!s.status && s.status.state !== 'not_configured');
  useEffect(() => {
    if (syncOn)
      void loadJobSyncStates(
        api(),
        shown.filter((j) => j.status === 'succeeded').map((j) => j.id),
      );
  }, [syncOn, shown]);

  const { run: onJobAction, error: actionError } = useAction(async (action: 'cancel' | 'retry', id: string) => {
    jobsStore.getState().upsert(await api().call(action === 'cancel' ? 'jobs.cancel' : 'jobs.retry', { id }));
  });

  return (
    <div className="page jobs">
      <header className="page-header">
        <h1>{t('jobs.title')}</h1>
        <span className="muted count" aria-live="polite">
          {loaded ? t('jobs.count', { count: shown.length }) : ''}
        </span>
      </header>
      <div className="toolbar filters" role="search">
        <label className="search">
          <span className="visually-hidden">{t('jobs.search')}</span>
          <input
            type="search"
            name="search"
            placeholder={t('jobs.searchPlaceholder')}
            value={filter.search}
            onChange={(e) => setFilter({ ...filter, search: e.target.value })}
          />
        </label>
        <label className="inline-field">
          <span>{t('jobs.filterStatus')}</span>
          <select
            name="status"
            value={filter.status}
            onChange={(e) => setFilter({ ...filter, status: e.target.value as JobFilter['status'] })}
          >
            <option value="all">{t('jobs.all')}</option>
            <option value="active">{t('jobs.active')}</option>
            {JobStatusSchema.options.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>{t('jobs.filterType')}</span>
          <select name="type" value={filter.type} onChange={(e) => setFilter({ ...filter, type: e.target.value as JobFilter['type'] })}>
            <option value="all">{t('jobs.all')}</option>
            {JobTypeSchema.options.map((s) => (
              <option key={s} value={s}>
                {t(`jobType.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {actionError != null && <ErrorBox error={showError(actionError, lang)} compact />}
      {error != null && !loaded ? (
        <ErrorBox error={showError(error, lang)} title={t('jobs.loadFailed')} onRetry={() => void reloadJobs(api())} />
      ) : !loaded && loading ? (
        <div className="job-table" aria-busy="true">
          <span className="visually-hidden">{t('common.loading')}</span>
          {Array.from({ length: 4 }, (_, i) => (
            <div key={i} className="job-row skeleton" aria-hidden="true" />
          ))}
        </div>
      ) : shown.length === 0 ? (
        <div className="empty-state">
          {filtered ? (
            <>
              <p>{t('jobs.noMatch')}</p>
              <button type="button" className="btn" onClick={() => setFilter({ status: 'all', type: 'all', search: '' })}>
                {t('jobs.clearFilters')}
              </button>
            </>
          ) : (
            <>
              <p>{t('jobs.empty')}</p>
              <a className="btn primary" href="#/new">
                {t('jobs.emptyAction')}
              </a>
            </>
          )}
        </div>
      ) : (
        <div className="job-table" role="table" aria-label={t('jobs.title')}>
          <div className="job-row head" role="row">
            <span role="columnheader">{t('jobs.colStatus')}</span>
            <span role="columnheader">{t('jobs.colPart')}</span>
            <span role="columnheader">{t('jobs.colProgress')}</span>
            <span role="columnheader">{t('jobs.colCreated')}</span>
            <span role="columnheader">{t('jobs.colDuration')}</span>
            <span role="columnheader">{syncOn ? t('jobs.colSync') : ''}</span>
            <span role="columnheader">
              <span className="visually-hidden">{t('jobs.colActions')}</span>
            </span>
          </div>
          {shown.map((j) => (
            <JobRow key={j.id} job={j} onAction={onJobAction} />
          ))}
        </div>
      )}
    </div>
  );
}

const JobRow = memo(function JobRow({ job, onAction }: { job: JobRecord; onAction: (action: 'cancel' | 'retry', id: string) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const active = canCancel(job);
  const now = useNow(active ? 1000 : 0);
  const dur = jobDurationMs(job, now);
  const activity = jobActivity(job, lang, t('jobs.waiting'));
  const err = jobErrorShown(job.error, lang);
  return (
    <div className={`job-row status-${job.status}`} role="row" data-job={job.id} data-status={job.status}>
      <span role="cell">
        <StatusBadge status={job.status} cached={job.cached} />
      </span>
      <span role="cell" className="job-part">
        <a
          href={routeHref(
            job.type === 'cam'
              ? { name: 'cam', id: job.id }
              : job.type === 'prompt'
                ? { name: 'prompt', id: job.id }
                : { name: 'part', id: job.id },
          )}
          aria-label={t('jobs.openJob', { id: job.id })}
        >
          {jobTitle(job, lang, t(`jobType.${job.type}`))}
        </a>
        <span className="muted small ellipsis" title={paramSummary(job, lang)}>
          {paramSummary(job, lang)}
        </span>
      </span>
      <span role="cell" className="job-progress">
        <ProgressBar value={job.progress} status={job.status} label={t('jobs.colProgress')} />
        <span className={`small ellipsis step-now${err ? ' error-text' : ''}`} title={err ? `${err.code}: ${err.message}` : activity}>
          {err ? `${err.code} · ${err.message}` : activity || '\u00a0'}
        </span>
      </span>
      <span role="cell" className="muted small tabular" title={new Date(job.created_at).toLocaleString(lang === 'tr' ? 'tr-TR' : 'en-US')}>
        {timeAgo(job.created_at, lang, now || Date.now())}
      </span>
      <span role="cell" className="muted small tabular">
        {dur != null ? formatDuration(dur, lang) : '—'}
      </span>
      <span role="cell" className="job-sync">
        <JobSyncChip id={job.id} />
      </span>
      <span role="cell" className="row-actions">
        {active ? (
          <button type="button" className="btn small" onClick={() => onAction('cancel', job.id)} data-action="cancel">
            {t('common.cancel')}
          </button>
        ) : canRetry(job) ? (
          <button type="button" className="btn small" onClick={() => onAction('retry', job.id)} data-action="retry">
            {t('common.retry')}
          </button>
        ) : null}
      </span>
    </div>
  );
});

/** A job's place in team sync: only here, waiting, synced, conflict, failed, or pulled from the team. */
function JobSyncChip({ id }: { id: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const info = useSync((s) => (s.status && s.status.state !== 'not_configured' ? s.jobs[id] : undefined));
  if (!info) return null;
  const err = info.error ? showError(info.error, lang) : null;
  return (
    <span
      className={`sync-chip sync-${info.state}`}
      data-sync-state={info.state}
      title={err ? `${err.code}: ${err.message}` : t(`sync.job.${info.state}`)}
    >
      <span className="sync-dot" aria-hidden="true" />
      {t(`sync.job.${info.state}`)}
    </span>
  );
}
