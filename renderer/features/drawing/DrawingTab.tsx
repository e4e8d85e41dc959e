// A part's Drawing tab: the options (sheet, projection, views, scale), "Make drawing" submits a
// drawing job of this part, its progress while it runs, then the sheet (the SVG artefact shown as an
// image from its own address, never put into the page as markup) with its PDF, SVG, DXF and FCStd.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobRecord } from '../../../shared/jobs.js';
import { api } from '../../lib/api.js';
import { jobErrorShown, showError } from '../../lib/errors.js';
import { useLang } from '../../lib/settings.js';
import { useAction, useQuery } from '../../lib/useQuery.js';
import { formatBytes, formatNumber } from '../../lib/units.js';
import { kindLabel } from '../../ui/ArtefactsPanel.js';
import { ErrorBox, StepList } from '../../ui/common.js';
import { useArtefactSave } from '../../ui/save.js';
import { useJobDetail } from '../jobs/jobDetail.js';
import { JobProgressPanel } from '../jobs/JobProgressPanel.js';
import { jobsStore, useJobs } from '../jobs/store.js';
import {
  DRAWING_PROJECTIONS,
  DRAWING_SCALES,
  DRAWING_SHEETS,
  DRAWING_VIEWS,
  drawingFormFromSpec,
  drawingSpec,
  initialDrawingForm,
  type DrawingForm,
} from './drawingForm.js';

const DOWNLOADS = ['pdf', 'svg', 'dxf', 'fcstd'] as const;

/** The newest drawing job of a part in the jobs store. */
function useLatestDrawing(partId: string): JobRecord | undefined {
  return useJobs((s) => {
    for (const id of s.order) {
      const j = s.byId[id]!;
      if (j.spec.type === 'drawing' && j.spec.part === partId) return j;
    }
    return undefined;
  });
}

export function DrawingTab({ part }: { part: JobRecord }) {
  const { t } = useTranslation();
  const lang = useLang();
  const latest = useLatestDrawing(part.id);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const current = chosen ?? latest?.id;
  const { job } = useJobDetail(current);
  const [form, setForm] = useState<DrawingForm>(() =>
    latest?.spec.type === 'drawing' ? drawingFormFromSpec(latest.spec) : initialDrawingForm(),
  );
  const [tried, setTried] = useState(false);
  const spec = drawingSpec(form, part.id, lang);
  const {
    run: send,
    busy,
    error,
  } = useAction(async (s: NonNullable<typeof spec>) => {
    const j = await api().call('jobs.submit', { spec: s });
    jobsStore.getState().upsert(j);
    setChosen(j.id);
  });
  const set = (patch: Partial<DrawingForm>) => setForm({ ...form, ...patch });
  const running = job && (job.status === 'queued' || job.status === 'running');
  const jobError = job ? jobErrorShown(job.error, lang) : null;

  return (
    <div className="tab-body drawing-tab" data-job={job?.id ?? ''} data-status={job?.status ?? ''}>
      <form
        className="panel drawing-form"
        aria-labelledby="drawing-options-title"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (spec) void send(spec);
        }}
      >
        <h2 className="panel-title" id="drawing-options-title">
          {t('drawing.options')}
        </h2>
        <div className="option-stack">
          <div className="field">
            <label htmlFor="drawing-sheet">{t('drawing.sheet')}</label>
            <select id="drawing-sheet" value={form.sheet} onChange={(e) => set({ sheet: e.target.value as DrawingForm['sheet'] })}>
              {DRAWING_SHEETS.map((s) => (
                <option key={s} value={s}>
                  {s === 'auto' ? t('drawing.sheetAuto') : s}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="drawing-scale">{t('drawing.scale')}</label>
            <select id="drawing-scale" value={form.scale} onChange={(e) => set({ scale: e.target.value as DrawingForm['scale'] })}>
              {DRAWING_SCALES.map((s) => (
                <option key={s} value={s}>
                  {s === '' ? t('drawing.scaleAuto') : s}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="field">
            <legend>{t('drawing.projection')}</legend>
            <div className="radio-row">
              {DRAWING_PROJECTIONS.map((p) => (
                <label key={p} className="check">
                  <input
                    type="radio"
                    name="drawing-projection"
                    value={p}
                    checked={form.projection === p}
                    onChange={() => set({ projection: p })}
                  />
                  {t(p === 'first' ? 'drawing.projectionFirst' : 'drawing.projectionThird')}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset className={`field${tried && !form.views.length ? ' invalid' : ''}`}>
            <legend>{t('drawing.views')}</legend>
            <div className="checks">
              {DRAWING_VIEWS.map((v) => (
                <label key={v} className="check">
                  <input
                    type="checkbox"
                    name="drawing-view"
                    value={v}
                    checked={form.views.includes(v)}
                    onChange={(e) => set({ views: e.target.checked ? [...form.views, v] : form.views.filter((x) => x !== v) })}
                  />
                  {t(`drawing.view.${v}`)}
                </label>
              ))}
            </div>
            {tried && !form.views.length && (
              <span className="field-error" role="alert">
                {t('drawing.needView')}
              </span>
            )}
          </fieldset>
        </div>
        {error != null && <ErrorBox error={showError(error, lang)} />}
        <div className="form-actions">
          <button type="submit" className="btn primary" disabled={busy || !!running} data-action="make-drawing">
            {busy ? t('drawing.submitting') : job ? t('drawing.again') : t('drawing.make')}
          </button>
        </div>
      </form>
      <div className="drawing-main">
        {!job && <p className="muted empty-note">{t('drawing.empty')}</p>}
        {job && job.status !== 'succeeded' && (
          <div className="tab-waiting">
            <JobProgressPanel job={job} hasPreview />
            {jobError && <ErrorBox error={jobError} />}
            <section className="panel">
              <h2 className="panel-title">{t('part.steps')}</h2>
              <StepList steps={job.document.steps} />
            </section>
          </div>
        )}
        {job && job.status === 'succeeded' && <DrawingSheetView key={job.id} jobId={job.id} />}
      </div>
    </div>
  );
}

function DrawingSheetView({ jobId }: { jobId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data: sheet, error, reload } = useQuery(() => api().call('drawing.sheet', { id: jobId }), [jobId]);
  const { save, error: saveError, saved } = useArtefactSave();
  if (error != null) return <ErrorBox error={showError(error, lang)} onRetry={reload} />;
  if (!sheet) return <p className="muted">{t('drawing.loadingSheet')}</p>;
  const svg = sheet.artefacts.find((a) => a.kind === 'svg');
  const d = sheet.drawing;
  return (
    <section className="drawing-result" aria-labelledby="drawing-result-title" data-sheet={d.sheet} data-scale={d.scale_text}>
      <div className="drawing-head">
        <h2 className="panel-title" id="drawing-result-title">
          {t('drawing.summary', {
            sheet: d.sheet,
            scale: d.scale_text,
            projection: t(d.projection === 'first' ? 'drawing.projectionFirst' : 'drawing.projectionThird'),
          })}
        </h2>
        <span className="muted small" data-testid="dimension-count">
          {t('drawing.dimensionCount', { count: d.dimensions.length, formatted: formatNumber(d.dimensions.length, lang) })}
        </span>
        <span className="spacer" />
        <div className="drawing-downloads" role="group" aria-label={t('drawing.downloads')}>
          {DOWNLOADS.map((kind) => {
            const a = sheet.artefacts.find((x) => x.kind === kind);
            if (!a) return null;
            return (
              <button
                key={kind}
                type="button"
                className="btn small"
                data-download={kind}
                title={`${a.name} · ${formatBytes(a.bytes, lang)}`}
                aria-label={t('drawing.download', { kind: kindLabel(kind) })}
                onClick={() => void save({ id: a.id, name: a.name })}
              >
                ↓ {kindLabel(kind)}
              </button>
            );
          })}
        </div>
      </div>
      {d.omitted_views.length > 0 && (
        <p className="note small">{t('drawing.omitted', { views: d.omitted_views.map((v) => t(`drawing.view.${v}`)).join(', ') })}</p>
      )}
      {saved && (
        <p className="note small" role="status">
          {t('part.saved', { path: saved })}
        </p>
      )}
      {saveError != null && <ErrorBox error={showError(saveError, lang)} compact />}
      {svg && (
        <div className="drawing-frame">
          <img
            src={svg.href}
            alt={t('drawing.sheetImage', { name: sheet.part.name })}
            className="drawing-sheet"
            data-testid="drawing-sheet"
          />
        </div>
      )}
      <details className="drawing-dims">
        <summary>{t('drawing.dimensions')}</summary>
        <ul className="dim-list">
          {d.dimensions.map((dim, i) => (
            <li key={`${dim.view}-${i}`} data-dim={dim.text}>
              <span className="muted">{t(`drawing.view.${dim.view}`)}</span> <span className="mono">{dim.text}</span>
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
