// One job's part: live progress while it runs, then the 3D preview, its metrics and its files.
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PART_TABS, routeHref, type PartTab } from '../../lib/routes.js';
import { api } from '../../lib/api.js';
import { jobErrorShown, showError } from '../../lib/errors.js';
import { useLang } from '../../lib/settings.js';
import { useAction } from '../../lib/useQuery.js';
import { ArtefactsPanel } from '../../ui/ArtefactsPanel.js';
import { ErrorBox, StatusBadge, StepList } from '../../ui/common.js';
import { CamJobSummary } from '../cam/CamJobSummary.js';
import { DrawingTab } from '../drawing/DrawingTab.js';
import { isFinishedPart, ExportPanel } from '../export/ExportPanel.js';
import { FemTab } from '../fem/FemTab.js';
import { ImportReportPanel } from '../import/ImportReportPanel.js';
import { jobTitle } from '../jobs/labels.js';
import { useJobDetail } from '../jobs/jobDetail.js';
import { canCancel, canRetry, jobsStore } from '../jobs/store.js';
import { JobProgressPanel } from '../jobs/JobProgressPanel.js';
import type { JobRecord } from '../../../shared/jobs.js';
import { DfmPanel } from './components/DfmPanel.js';
import { MetricsPanel } from './components/MetricsPanel.js';
import { ParamsPanel } from './components/ParamsPanel.js';

// three.js loads with the first part shown, not with the app.
const Viewer = lazy(() => import('../../viewer/Viewer.js').then((m) => ({ default: m.Viewer })));

const TAB_LABEL: Record<PartTab, string> = { model: 'part.tabModel', drawing: 'part.tabDrawing', simulation: 'part.tabSimulation' };

export function PartPage({ id, tab = 'model' }: { id: string; tab?: PartTab }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { job, detail, error: loadError, reload: load } = useJobDetail(id);
  // faces of the manufacturability finding picked (0-based viewer face ids)
  const [focus, setFocus] = useState<number[] | null>(null);
  const { run: act, error: actionError } = useAction(async (action: 'jobs.cancel' | 'jobs.retry') => {
    const j = await api().call(action, { id });
    jobsStore.getState().upsert(j);
    if (action === 'jobs.retry' && j.id !== id) window.location.hash = routeHref({ name: 'part', id: j.id });
  });

  if (!job) {
    return (
      <div className="page part">
        <header className="page-header">
          <h1>{t('part.title')}</h1>
        </header>
        {loadError != null ? (
          <ErrorBox error={showError(loadError, lang)} onRetry={load} />
        ) : (
          <p className="muted">{t('common.loading')}</p>
        )}
      </div>
    );
  }

  const artefacts = detail?.artefacts ?? [];
  const glb = artefacts.find((a) => a.kind === 'glb');
  const jobError = jobErrorShown(job.error, lang);
  const tabbed = isFinishedPart(job);
  const shown: PartTab = tabbed ? tab : 'model';

  return (
    <div className="page part" data-job={job.id} data-status={job.status}>
      <header className="page-header">
        <a href={routeHref({ name: 'jobs' })} className="back">
          ← {t('part.backToJobs')}
        </a>
        <h1>{jobTitle(job, lang, t(`jobType.${job.type}`))}</h1>
        <StatusBadge status={job.status} cached={job.cached} />
        <span className="muted small mono" title={t('part.jobId')}>
          {job.id}
        </span>
        {job.retry_of && (
          <a className="muted small" href={routeHref({ name: 'part', id: job.retry_of })}>
            {t('part.retryOf', { id: job.retry_of })}
          </a>
        )}
        <span className="spacer" />
        {job.status === 'succeeded' && job.type === 'cam' && (
          <a className="btn primary" href={routeHref({ name: 'cam', id: job.id })} data-action="open-cam">
            {t('part.openCam')}
          </a>
        )}
        {isFinishedPart(job) && (
          <a className="btn" href={routeHref({ name: 'cam', part: job.id })} data-action="make-toolpath">
            {t('part.makeToolpath')}
          </a>
        )}
        {canCancel(job) && (
          <button type="button" className="btn" onClick={() => void act('jobs.cancel')} data-action="cancel">
            {t('common.cancel')}
          </button>
        )}
        {canRetry(job) && (
          <button type="button" className="btn" onClick={() => void act('jobs.retry')} data-action="retry">
            {t('common.retry')}
          </button>
        )}
      </header>
      {actionError != null && <ErrorBox error={showError(actionError, lang)} compact />}
      {tabbed && (
        <nav className="tabs part-tabs" aria-label={t('part.tabs')}>
          {PART_TABS.map((tb) => (
            <a
              key={tb}
              href={routeHref({ name: 'part', id: job.id, tab: tb })}
              className={`tab${tb === shown ? ' active' : ''}`}
              aria-current={tb === shown ? 'page' : undefined}
              data-tab={tb}
            >
              {t(TAB_LABEL[tb])}
            </a>
          ))}
        </nav>
      )}
      {shown === 'drawing' && <DrawingTab part={job} />}
      {shown === 'simulation' && <FemTab part={job} glb={glb?.href ?? null} />}
      {shown === 'model' && (
        <div className="part-body">
          <div className="part-main">
            {job.status === 'succeeded' && job.type === 'cam' ? (
              <CamJobSummary job={job} />
            ) : job.status === 'succeeded' && glb ? (
              <Suspense fallback={<div className="viewer viewer-placeholder">{t('part.loadingModel')}</div>}>
                <Viewer url={glb.href} reference={job.metrics?.bbox_mm ?? null} highlight={focus} />
              </Suspense>
            ) : (
              <JobProgressPanel job={job} hasPreview={!!glb} />
            )}
            {jobError && <ErrorBox error={jobError} />}
          </div>
          <aside className="part-side">
            {job.type === 'import' && <ImportReportPanel result={job.document.result} />}
            {job.type !== 'cam' && job.type !== 'export' && job.type !== 'check' && <MetricsPanel metrics={job.metrics} />}
            {showsDfm(job, artefacts) && <DfmPanel job={job} onFocus={setFocus} />}
            <ArtefactsPanel artefacts={artefacts} />
            {isFinishedPart(job) && <ExportPanel job={job} />}
            <section className="panel">
              <h2 className="panel-title">{t('part.steps')}</h2>
              <StepList steps={job.document.steps} />
            </section>
            <ParamsPanel job={job} />
          </aside>
        </div>
      )}
    </div>
  );
}

/** Jobs that make a part can be checked for manufacturability; a check job shows its own report. */
const DFM_JOBS = new Set<JobRecord['type']>(['template', 'import', 'script', 'prompt', 'assembly']);
function showsDfm(job: JobRecord, artefacts: readonly { kind: string }[]): boolean {
  if (job.type === 'check') return true;
  return DFM_JOBS.has(job.type) && job.status === 'succeeded' && artefacts.some((a) => a.kind === 'step' || a.kind === 'fcstd');
}
