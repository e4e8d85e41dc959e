// The shop floor (#/shop): one thing at a time, large enough for a finger and a glance from the
// machine — pick a part, pick a machine, generate, read the verdict, export the program. The
// setup behind it is the CAM page's with the library's defaults.
import { Suspense, lazy, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { libraryName } from '../../../shared/i18n/library.js';
import type { JobRecord } from '../../../shared/jobs.js';
import { api } from '../../lib/api.js';
import { findingText, PlanNotes } from '../cam/CamResult.js';
import { camVerdict, verdictText } from '../cam/verdict.js';
import { useCamLibrary } from '../cam/CamSetup.js';
import { DEFAULT_MARGIN_MM, machinableParts } from '../cam/camForm.js';
import { useToolpath } from '../cam/useToolpath.js';
import { ErrorBox, ProgressBar } from '../../ui/common.js';
import { saveArtefact } from '../../ui/save.js';
import { jobErrorShown, showError } from '../../lib/errors.js';
import { navigate, routeHref } from '../../lib/routes.js';
import { useJobDetail } from '../jobs/jobDetail.js';
import { jobsStore, useJobs } from '../jobs/store.js';
import { useLang, useUnits } from '../../lib/settings.js';
import { useAction } from '../../lib/useQuery.js';
import { formatDuration, formatLength, formatNumber } from '../../lib/units.js';
import { jobTitle } from '../jobs/labels.js';

const ToolpathViewer = lazy(() => import('../../viewer/ToolpathViewer.js').then((m) => ({ default: m.ToolpathViewer })));

const STEPS = ['part', 'machine', 'generate', 'verify', 'export'] as const;
type Step = (typeof STEPS)[number];

export function ShopPage({ id }: { id?: string | undefined }) {
  const { t } = useTranslation();
  const [part, setPart] = useState('');
  const [machine, setMachine] = useState('');
  const [step, setStep] = useState<Step>(id ? 'verify' : 'part');

  return (
    <div className="shop" data-step={step}>
      <header className="shop-bar">
        <span className="brand-name">{t('app.name')}</span>
        <span className="shop-title">{t('shop.title')}</span>
        <ol className="shop-steps" aria-label={t('shop.progress')}>
          {STEPS.map((s, i) => (
            <li
              key={s}
              className={s === step ? 'current' : STEPS.indexOf(step) > i ? 'done' : ''}
              aria-current={s === step ? 'step' : undefined}
            >
              <span className="shop-step-n">{i + 1}</span> {t(`shop.step.${s}`)}
            </li>
          ))}
        </ol>
        <a className="btn shop-exit" href={routeHref(id ? { name: 'cam', id } : { name: 'cam' })}>
          {t('shop.exit')}
        </a>
      </header>
      {id ? (
        <ShopResult id={id} onStep={setStep} />
      ) : step === 'part' ? (
        <PickPart
          selected={part}
          onPick={(p) => {
            setPart(p);
            setStep('machine');
          }}
        />
      ) : step === 'machine' ? (
        <PickMachine
          selected={machine}
          onBack={() => setStep('part')}
          onPick={(m) => {
            setMachine(m);
            setStep('generate');
          }}
        />
      ) : (
        <Generate part={part} machine={machine} onBack={() => setStep('machine')} />
      )}
    </div>
  );
}

function PickPart({ selected, onPick }: { selected: string; onPick: (id: string) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const units = useUnits();
  const byId = useJobs((s) => s.byId);
  const loaded = useJobs((s) => s.loaded);
  const parts = useMemo(() => machinableParts(Object.values(byId)).slice(0, 60), [byId]);
  return (
    <section className="shop-body" aria-labelledby="shop-h">
      <h1 id="shop-h">{t('shop.pickPart')}</h1>
      {loaded && !parts.length && <p className="shop-note">{t('shop.noParts')}</p>}
      <ul className="shop-cards" role="list">
        {parts.map((j) => {
          const b = j.metrics?.bbox_mm;
          return (
            <li key={j.id}>
              <button
                type="button"
                className={`shop-card${selected === j.id ? ' selected' : ''}`}
                onClick={() => onPick(j.id)}
                data-part={j.id}
              >
                <span className="shop-card-title">{jobTitle(j, lang, t(`jobType.${j.type}`))}</span>
                <span className="shop-card-sub">
                  {b
                    ? `${formatLength(b.xmax - b.xmin, units, lang)} × ${formatLength(b.ymax - b.ymin, units, lang)} × ${formatLength(b.zmax - b.zmin, units, lang)}`
                    : t(`jobType.${j.type}`)}
                </span>
                <span className="shop-card-meta">
                  {new Date(j.created_at).toLocaleString(lang === 'tr' ? 'tr-TR' : 'en-US', {
                    month: 'short',
                    day: 'numeric',
                    hour: '2-digit',
                    minute: '2-digit',
                  })}{' '}
                  · {j.id.slice(0, 8)}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function PickMachine({ selected, onPick, onBack }: { selected: string; onPick: (id: string) => void; onBack: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { lib, error } = useCamLibrary();
  return (
    <section className="shop-body" aria-labelledby="shop-h">
      <h1 id="shop-h">{t('shop.pickMachine')}</h1>
      {error != null && <ErrorBox error={showError(error, lang)} />}
      <ul className="shop-cards" role="list">
        {(lib?.machines ?? []).map((m) => (
          <li key={m.id}>
            <button
              type="button"
              className={`shop-card${selected === m.id ? ' selected' : ''}`}
              onClick={() => onPick(m.id)}
              data-machine={m.id}
            >
              <span className="shop-card-title">{libraryName('machine', m, lang)}</span>
              <span className="shop-card-sub">
                {t(`library.opt.${m.controller}`)} · {formatNumber(m.envelope_mm.x, lang)} × {formatNumber(m.envelope_mm.y, lang)} ×{' '}
                {formatNumber(m.envelope_mm.z, lang)} mm
              </span>
            </button>
          </li>
        ))}
      </ul>
      <div className="shop-actions">
        <button type="button" className="btn shop-btn" onClick={onBack}>
          ← {t('shop.back')}
        </button>
      </div>
    </section>
  );
}

function Generate({ part, machine, onBack }: { part: string; machine: string; onBack: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const units = useUnits();
  const partJob = useJobs((s) => s.byId[part]);
  const { lib } = useCamLibrary();
  const [margin, setMargin] = useState(DEFAULT_MARGIN_MM);
  const m = lib?.machines.find((x) => x.id === machine);
  const {
    run: generate,
    busy,
    error,
  } = useAction(
    async () => {
      const job = await api().call('jobs.submit', { spec: { type: 'cam', part, machine, stock: { margin_mm: margin } } });
      jobsStore.getState().upsert(job);
      navigate({ name: 'shop', id: job.id });
    },
    { stayBusy: true },
  );
  return (
    <section className="shop-body" aria-labelledby="shop-h">
      <h1 id="shop-h">{t('shop.ready')}</h1>
      <dl className="shop-summary">
        <div>
          <dt>{t('cam.part')}</dt>
          <dd>{partJob ? jobTitle(partJob, lang, t(`jobType.${partJob.type}`)) : part}</dd>
        </div>
        <div>
          <dt>{t('cam.machine')}</dt>
          <dd>{m ? libraryName('machine', m, lang) : machine}</dd>
        </div>
        <div>
          <dt>{t('cam.margin')}</dt>
          <dd className="shop-stepper">
            <button
              type="button"
              className="btn shop-btn square"
              onClick={() => setMargin((v) => Math.max(0, v - 1))}
              aria-label={t('shop.less')}
              data-margin="-"
            >
              −
            </button>
            <span className="tabular" data-testid="shop-margin">
              {formatLength(margin, units, lang)}
            </span>
            <button
              type="button"
              className="btn shop-btn square"
              onClick={() => setMargin((v) => Math.min(50, v + 1))}
              aria-label={t('shop.more')}
              data-margin="+"
            >
              +
            </button>
          </dd>
        </div>
      </dl>
      {error != null && <ErrorBox error={showError(error, lang)} />}
      <div className="shop-actions">
        <button type="button" className="btn shop-btn" onClick={onBack}>
          ← {t('shop.back')}
        </button>
        <button
          type="button"
          className="btn primary shop-btn big"
          disabled={busy || !part || !machine}
          onClick={() => void generate()}
          data-action="generate"
        >
          {busy ? t('newPart.submitting') : t('cam.generate')}
        </button>
      </div>
    </section>
  );
}

function ShopResult({ id, onStep }: { id: string; onStep: (s: Step) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { job, detail, error } = useJobDetail(id);
  const ok = job?.status === 'succeeded';
  const { data, error: tpError } = useToolpath(ok ? id : null);
  const [saved, setSaved] = useState<string | null>(null);
  const [exported, setExported] = useState(false);
  const { run: exportFile, error: saveError } = useAction(async (file: { id: number; name: string }) => {
    setSaved(await saveArtefact(file));
    setExported(true);
  });

  useEffect(() => onStep(exported ? 'export' : ok ? 'verify' : 'generate'), [ok, exported, onStep]);

  if (!job)
    return (
      <section className="shop-body">
        {error != null ? <ErrorBox error={showError(error, lang)} /> : <p className="shop-note">{t('common.loading')}</p>}
      </section>
    );
  const gcode = detail?.artefacts.find((a) => a.kind === 'gcode');
  const jobError = jobErrorShown(job.error, lang);
  const exportIt = async () => {
    if (gcode) await exportFile(gcode);
  };

  return (
    <section className="shop-body" aria-labelledby="shop-h" data-status={job.status}>
      {!ok ? (
        <>
          <h1 id="shop-h">{job.status === 'failed' || job.status === 'cancelled' ? t(`status.${job.status}`) : t('shop.generating')}</h1>
          <div className="shop-progress">
            <ProgressBar value={job.progress} status={job.status} label={t('part.progress')} />
            <span className="tabular">{formatNumber(Math.round(job.progress * 100), lang, 0)} %</span>
          </div>
          {jobError && <ErrorBox error={jobError} />}
          {(job.status === 'failed' || job.status === 'cancelled') && (
            <div className="shop-actions">
              <a className="btn primary shop-btn big" href={routeHref({ name: 'shop' })}>
                {t('shop.again')}
              </a>
            </div>
          )}
        </>
      ) : (
        <ShopVerdict job={job} data={data} tpError={tpError} />
      )}
      {ok && (
        <div className="shop-actions">
          <a className="btn shop-btn" href={routeHref({ name: 'shop' })}>
            {t('shop.again')}
          </a>
          <button type="button" className="btn primary shop-btn big" disabled={!gcode} onClick={() => void exportIt()} data-export="gcode">
            {t('shop.export')}
          </button>
        </div>
      )}
      {exported && (
        <p className="shop-note ok" role="status">
          {saved ? t('part.saved', { path: saved }) : t('shop.exported', { name: gcode?.name ?? '' })}
        </p>
      )}
      {saveError != null && <ErrorBox error={showError(saveError, lang)} />}
    </section>
  );
}

function ShopVerdict({ job, data, tpError }: { job: JobRecord; data: ReturnType<typeof useToolpath>['data']; tpError: unknown }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (tpError != null) return <ErrorBox error={showError(tpError, lang)} />;
  if (!data) return <p className="shop-note">{t('cam.loadingToolpath')}</p>;
  const v = data.toolpath.verification;
  const verdict = camVerdict(data.toolpath);
  return (
    <>
      <div className={`shop-verdict ${verdict.ok ? 'ok' : 'bad'}`} data-testid="verification" data-ok={verdict.ok ? 'true' : 'false'}>
        <span className="shop-verdict-mark" aria-hidden="true">
          {verdict.ok ? '✓' : '!'}
        </span>
        <div>
          <h1 id="shop-h">{verdict.ok ? t('shop.verified') : verdictText(verdict, t)}</h1>
          <p>
            {data.toolpath.gcode.name} · {t('cam.lineCount', { count: data.toolpath.gcode.lines })}
            {data.toolpath.estimated_seconds != null ? ` · ${formatDuration(data.toolpath.estimated_seconds * 1000, lang)}` : ''}
          </p>
        </div>
      </div>
      {v.findings.length > 0 && (
        <ul className="shop-findings" role="list">
          {v.findings.slice(0, 8).map((f, i) => (
            <li key={i} className={f.severity}>
              <strong>{t('cam.goToLine', { line: f.line })}</strong> {findingText(f, lang).message}
            </li>
          ))}
        </ul>
      )}
      <PlanNotes toolpath={data.toolpath} />
      <div className="shop-preview">
        <Suspense fallback={null}>
          <ToolpathViewer
            toolpath={data.toolpath}
            hiddenOps={EMPTY}
            rapids
            highlight={NONE}
            onPickSegment={() => undefined}
            onToggleRapids={() => undefined}
          />
        </Suspense>
      </div>
      <span className="visually-hidden">{job.id}</span>
    </>
  );
}

const EMPTY: ReadonlySet<number> = new Set();
const NONE: number[] = [];
