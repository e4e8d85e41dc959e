// One job's part: live progress while it runs, then the 3D preview, its metrics and its files.
import { Suspense, lazy, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobDetail } from '../../../shared/api.js';
import { FINISHED, type ArtefactInfo, type JobRecord, type Metrics } from '../../../shared/jobs.js';
import { findTemplate } from '../../../shared/templates.js';
import { api } from '../../lib/api.js';
import { ErrorBox, ProgressBar, StatusBadge, StepList, jobActivity, jobDurationMs, stepLabel } from '../../ui/common.js';
import { useArtefactSave } from '../../ui/save.js';
import { TemplateThumb } from './TemplateThumb.js';
import { ImportReportPanel } from '../import/ImportReportPanel.js';
import { jobErrorShown, showError } from '../../lib/errors.js';
import { routeHref } from '../../app/routes.js';
import { canCancel, canRetry, jobsStore, useJobs } from '../jobs/store.js';
import { useLang, useUnits } from '../../lib/settings.js';
import { formatArea, formatBytes, formatDuration, formatLength, formatMass, formatNumber, formatVolume } from '../../lib/units.js';
import { useNow } from '../../lib/useNow.js';
import { jobTitle } from '../jobs/JobsPage.js';
import type { Lang } from '../../../shared/errors.js';
import type { Units } from '../../lib/units.js';

type Artefact = ArtefactInfo & { href: string };

// three.js loads with the first part shown, not with the app.
const Viewer = lazy(() => import('../../viewer/Viewer.js').then((m) => ({ default: m.Viewer })));

export function PartPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const live = useJobs((s) => s.byId[id]);
  const [detail, setDetail] = useState<JobDetail | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const job: JobRecord | undefined = live ?? detail?.job;
  const finished = job ? FINISHED.includes(job.status) : false;

  const load = useCallback(() => {
    setLoadError(null);
    api()
      .call('jobs.get', { id })
      .then((d) => {
        setDetail(d);
        jobsStore.getState().upsert(d.job);
      })
      .catch(setLoadError);
  }, [id]);

  useEffect(() => {
    setDetail(null);
    load();
  }, [load]);
  // Files and metrics arrive with the finished job: fetch them when it finishes.
  useEffect(() => {
    if (finished && detail && !FINISHED.includes(detail.job.status)) load();
  }, [finished, detail, load]);

  const act = async (action: 'jobs.cancel' | 'jobs.retry') => {
    setActionError(null);
    try {
      const j = await api().call(action, { id });
      jobsStore.getState().upsert(j);
      if (action === 'jobs.retry' && j.id !== id) window.location.hash = routeHref({ name: 'part', id: j.id });
    } catch (err) {
      setActionError(err);
    }
  };

  if (!job) {
    return (
      <div className="page part">
        <header className="page-header">
          <h1>{t('part.title')}</h1>
        </header>
        {loadError != null ? <ErrorBox error={showError(loadError, lang)} onRetry={load} /> : <p className="muted">{t('common.loading')}</p>}
      </div>
    );
  }

  const artefacts = detail?.artefacts ?? [];
  const glb = artefacts.find((a) => a.kind === 'glb');
  const jobError = jobErrorShown(job.error, lang);

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
        {job.status === 'succeeded' && job.type !== 'cam' && (
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
      <div className="part-body">
        <div className="part-main">
          {job.status === 'succeeded' && job.type === 'cam' ? (
            <CamJobSummary job={job} />
          ) : job.status === 'succeeded' && glb ? (
            <Suspense fallback={<div className="viewer viewer-placeholder">{t('part.loadingModel')}</div>}>
              <Viewer url={glb.href} reference={job.metrics?.bbox_mm ?? null} />
            </Suspense>
          ) : (
            <JobProgressPanel job={job} hasPreview={!!glb} />
          )}
          {jobError && <ErrorBox error={jobError} />}
        </div>
        <aside className="part-side">
          {job.type === 'import' && <ImportReportPanel result={job.document.result} />}
          {job.type !== 'cam' && <MetricsPanel metrics={job.metrics} />}
          <ArtefactsPanel artefacts={artefacts} />
          <section className="panel">
            <h2 className="panel-title">{t('part.steps')}</h2>
            <StepList steps={job.document.steps} />
          </section>
          <ParamsPanel job={job} />
        </aside>
      </div>
    </div>
  );
}

export function JobProgressPanel({ job, hasPreview }: { job: JobRecord; hasPreview: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const active = canCancel(job);
  const now = useNow(active ? 500 : 0);
  const dur = jobDurationMs(job, now);
  return (
    <section className="progress-panel" aria-label={t('part.progress')}>
      {job.spec.type === 'template' && <TemplateThumb template={job.spec.template} />}
      <div className="progress-head">
        <span className="progress-step" data-testid="current-step">
          {active ? jobActivity(job, lang, t('jobs.waiting')) : job.status === 'succeeded' && !hasPreview ? t('part.noPreview') : t(`status.${job.status}`)}
        </span>
        <span className="tabular muted">
          {formatNumber(Math.round(job.progress * 100), lang, 0)} %{dur != null ? ` · ${formatDuration(dur, lang)}` : ''}
        </span>
      </div>
      <ProgressBar value={job.progress} status={job.status} label={t('part.progress')} />
      {active && <p className="muted small">{t('part.notReady')}</p>}
      {job.current_step && active && <span className="visually-hidden">{stepLabel(job.current_step, lang)}</span>}
    </section>
  );
}

function bboxText(m: Metrics, units: Units, lang: Lang): string {
  const b = m.bbox_mm;
  const u = (v: number) => formatLength(v, units, lang).replace(/ (mm|in)$/, '');
  const unit = units === 'inch' ? 'in' : 'mm';
  return `${u(b.xmax - b.xmin)} × ${u(b.ymax - b.ymin)} × ${u(b.zmax - b.zmin)} ${unit}`;
}

function MetricsPanel({ metrics }: { metrics: Metrics | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  const units = useUnits();
  const [materialName, setMaterialName] = useState<string | null>(null);
  useEffect(() => {
    if (!metrics?.material) return;
    let live = true;
    api()
      .call('library.materials', {})
      .then((list) => {
        const m = list.find((x) => x.id === metrics.material);
        if (live && m) setMaterialName(m.name[lang]);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [metrics?.material, lang]);

  // The same rows before and after the job finishes (dashes until measured): nothing jumps.
  const dash = '—';
  const m = metrics;
  const rows: [string, string, string, number | string | null][] = [
    ['volume', t('part.volume'), m?.volume_mm3 != null ? formatVolume(m.volume_mm3, units, lang) : dash, m?.volume_mm3 ?? null],
    ['area', t('part.area'), m ? formatArea(m.area_mm2, units, lang) : dash, m?.area_mm2 ?? null],
    ['bbox', t('part.bbox'), m ? bboxText(m, units, lang) : dash, null],
    ['mass', t('part.mass'), m?.mass_g != null ? formatMass(m.mass_g, lang) : dash, m?.mass_g ?? null],
    ['material', t('part.material'), materialName ?? m?.material ?? dash, m?.material ?? null],
    ['solids', t('part.solids'), m ? formatNumber(m.solids, lang) : dash, m?.solids ?? null],
    ['faces', t('part.faces'), m ? formatNumber(m.faces, lang) : dash, m?.faces ?? null],
    ['edges', t('part.edges'), m ? formatNumber(m.edges, lang) : dash, m?.edges ?? null],
    ['triangles', t('part.triangles'), m ? formatNumber(m.triangles, lang) : dash, m?.triangles ?? null],
  ];
  return (
    <section className="panel" aria-labelledby="metrics-title" aria-busy={m ? undefined : true}>
      <h2 className="panel-title" id="metrics-title">
        {t('part.metrics')}
      </h2>
      <dl className={`metrics${m ? '' : ' pending'}`}>
        {rows.map(([key, label, text, value]) => (
          <div key={key} className="metric" data-metric={key} data-value={value ?? ''}>
            <dt>{label}</dt>
            <dd className="tabular">{text}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function ArtefactsPanel({ artefacts }: { artefacts: Artefact[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { save, error, saved } = useArtefactSave();
  return (
    <section className="panel files-panel" aria-labelledby="files-title">
      <h2 className="panel-title" id="files-title">
        {t('part.artefacts')}
      </h2>
      {artefacts.length ? (
        <ul className="artefacts" role="list">
          {artefacts.map((a) => (
            <li key={a.id} data-kind={a.kind}>
              <span className={`kind kind-${a.kind}`}>{kindLabel(a.kind)}</span>
              <span className="ellipsis" title={a.name}>
                {a.name}
              </span>
              <span className="muted small tabular">{formatBytes(a.size, lang)}</span>
              <button type="button" className="btn small" onClick={() => void save(a)} aria-label={t('part.saveFile', { name: a.name })} data-save={a.kind}>
                {t('common.save')}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">{t('part.noArtefacts')}</p>
      )}
      {saved && (
        <p className="note small" role="status">
          {t('part.saved', { path: saved })}
        </p>
      )}
      {error != null && <ErrorBox error={showError(error, lang)} compact />}
    </section>
  );
}

function ParamsPanel({ job }: { job: JobRecord }) {
  const { t } = useTranslation();
  const lang = useLang();
  const units = useUnits();
  if (job.spec.type !== 'template') return null;
  const def = findTemplate(job.spec.template);
  return (
    <section className="panel" aria-labelledby="params-title">
      <h2 className="panel-title" id="params-title">
        {t('part.parameters')}
      </h2>
      <dl className="metrics">
        {Object.entries(job.spec.params).map(([k, v]) => {
          const p = def?.params.find((x) => x.name === k);
          const n = Number(v);
          return (
            <div key={k} className="metric">
              <dt>{p?.label[lang] ?? k}</dt>
              <dd className="tabular">{p?.unit === 'mm' && Number.isFinite(n) ? formatLength(n, units, lang) : String(v)}</dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}

/** The short label of an artefact kind ('cam_report' and 'import_report' are JSON files). */
export function kindLabel(kind: string): string {
  return kind.endsWith('_report') ? 'JSON' : kind.toUpperCase();
}

/** A CAM job on its part page: the verdict and the way to its toolpath and G-code. */
function CamJobSummary({ job }: { job: JobRecord }) {
  const { t } = useTranslation();
  const lang = useLang();
  const cam = (job.document.result?.cam ?? {}) as { verification?: { ok: boolean; findings: unknown[] }; estimated_seconds?: number; gcode?: { name?: string } };
  const ok = cam.verification?.ok ?? false;
  return (
    <section className="progress-panel cam-summary" aria-label={t('cam.program')}>
      <div className={`shop-verdict ${ok ? 'ok' : 'bad'}`}>
        <span className="shop-verdict-mark" aria-hidden="true">
          {ok ? '✓' : '!'}
        </span>
        <div>
          <h2>{ok ? t('cam.verified') : t('cam.notVerified', { count: cam.verification?.findings.length ?? 0 })}</h2>
          <p>
            {cam.gcode?.name ?? ''}
            {cam.estimated_seconds != null ? ` · ${formatDuration(cam.estimated_seconds * 1000, lang)}` : ''}
          </p>
        </div>
      </div>
      <a className="btn primary" href={routeHref({ name: 'cam', id: job.id })}>
        {t('part.openCam')}
      </a>
    </section>
  );
}
