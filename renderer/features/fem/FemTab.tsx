// A part's Simulation tab: a static or modal CalculiX analysis of the part. Supports and loads go
// on faces (sides of the box from a list, typed face names, or a face picked in the 3D view), then
// "Run analysis" submits a FEM job, its progress shows while it runs, and the results follow: max von
// Mises stress and where, max displacement and where, reactions against the applied loads, the
// factor of safety, or the natural frequencies. Coded errors (FEM_RIGID_BODY, SIM_LIMIT_EXCEEDED,
// a selection that matches no face) appear at the form with their hint.
import { Suspense, lazy, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FemMaterial, FemSummary } from '../../../shared/api/index.js';
import type { JobRecord } from '../../../shared/jobs.js';
import { api } from '../../lib/api.js';
import { jobErrorShown, showError } from '../../lib/errors.js';
import { useLang, useUnits } from '../../lib/settings.js';
import { useAction, useQuery } from '../../lib/useQuery.js';
import { formatLength, formatMass, formatNumber, inputText, lengthUnit, toDisplayLength, type Units } from '../../lib/units.js';
import { ErrorBox, StepList } from '../../ui/common.js';
import type { FacePick } from '../../viewer/PartViewer.js';
import { useJobDetail } from '../jobs/jobDetail.js';
import { FieldLegend, useFieldColours } from './FemColourMap.js';
import { JobProgressPanel } from '../jobs/JobProgressPanel.js';
import { jobsStore, useJobs } from '../jobs/store.js';
import {
  FEM_SIDES,
  addFace,
  checkFemForm,
  femFormFromSpec,
  initialFemForm,
  newLoad,
  type FemForm,
  type FemIssue,
  type FemLoadRow,
} from './femForm.js';

const Viewer = lazy(() => import('../../viewer/Viewer.js').then((m) => ({ default: m.Viewer })));
type Lang = 'en' | 'tr';

function useLatestAnalysis(partId: string): JobRecord | undefined {
  return useJobs((s) => {
    for (const id of s.order) {
      const j = s.byId[id]!;
      if (j.spec.type === 'fem' && j.spec.part === partId) return j;
    }
    return undefined;
  });
}

export function FemTab({ part, glb }: { part: JobRecord; glb: string | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  const units = useUnits();
  const latest = useLatestAnalysis(part.id);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const current = chosen ?? latest?.id;
  const { job, detail } = useJobDetail(current);
  const csvArt =
    job?.status === 'succeeded' && job.spec.type === 'fem' && job.spec.analysis === 'static'
      ? detail?.artefacts.find((a) => a.kind === 'csv')
      : undefined;
  const femResult = job?.status === 'succeeded' ? (job.document.result?.fem as { mesh_size_mm?: number } | undefined) : undefined;
  const colourMap = useFieldColours(csvArt ? { href: csvArt.href, size: csvArt.size } : null, femResult?.mesh_size_mm ?? null);
  const { data: materials, error: matError } = useQuery(() => api().call('fem.materials', {}), []);
  const meshText = (mm: number) => inputText(toDisplayLength(mm, units), 4);
  const [form, setForm] = useState<FemForm>(() =>
    latest?.spec.type === 'fem' ? femFormFromSpec(latest.spec, meshText) : initialFemForm(part.metrics?.material ?? undefined),
  );
  // the part's material is not one with elastic data: the library's default
  useEffect(() => {
    if (materials?.length && !materials.some((m) => m.id === form.material)) setForm((f) => ({ ...f, material: materials[0]!.id }));
  }, [materials, form.material]);
  const [picked, setPicked] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const check = checkFemForm(form, part.id, units);
  const {
    run: send,
    busy,
    error: submitError,
  } = useAction(async (spec: NonNullable<typeof check.spec>) => {
    const j = await api().call('jobs.submit', { spec });
    jobsStore.getState().upsert(j);
    setChosen(j.id);
  });
  const issuesOf = (field: string) => (tried ? check.issues.filter((i) => i.field === field) : []);
  const running = job && (job.status === 'queued' || job.status === 'running');
  const jobError = job ? jobErrorShown(job.error, lang) : null;
  const suggested = job?.error?.code === 'SIM_LIMIT_EXCEEDED' ? Number(job.error.details?.suggested_mm) : Number.NaN;
  const material = materials?.find((m) => m.id === form.material);

  const setSupport = (i: number, faces: string) => setForm({ ...form, supports: form.supports.map((s, k) => (k === i ? { faces } : s)) });
  const setLoad = (i: number, patch: Partial<FemLoadRow>) =>
    setForm({ ...form, loads: form.loads.map((l, k) => (k === i ? { ...l, ...patch } : l)) });

  return (
    <div className="tab-body fem-tab" data-job={job?.id ?? ''} data-status={job?.status ?? ''}>
      <div className="fem-grid">
        <form
          className="panel fem-form"
          aria-labelledby="fem-setup-title"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setTried(true);
            if (check.spec) void send(check.spec);
          }}
        >
          <h2 className="panel-title" id="fem-setup-title">
            {t('fem.setup')}
          </h2>
          <div className="option-grid">
            <fieldset className="field">
              <legend>{t('fem.analysis')}</legend>
              <div className="radio-row">
                {(['static', 'modal'] as const).map((a) => (
                  <label key={a} className="check">
                    <input
                      type="radio"
                      name="fem-analysis"
                      value={a}
                      checked={form.analysis === a}
                      onChange={() => setForm({ ...form, analysis: a })}
                    />
                    {t(`fem.${a}`)}
                  </label>
                ))}
              </div>
            </fieldset>
            <div className="field">
              <label htmlFor="fem-material">{t('fem.material')}</label>
              <select id="fem-material" value={form.material} onChange={(e) => setForm({ ...form, material: e.target.value })}>
                {!materials?.length && <option value={form.material}>{form.material}</option>}
                {materials?.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name[lang]}
                  </option>
                ))}
              </select>
              <div className="field-help">{material && <span>{materialInfo(material, lang, t)}</span>}</div>
            </div>
          </div>

          <fieldset className={`fem-rows${issuesOf('supports').length ? ' invalid' : ''}`} data-field="supports">
            <legend>{t('fem.supports')}</legend>
            {form.supports.map((s, i) => (
              <FaceRow
                key={i}
                id={`fem-support-${i}`}
                n={i + 1}
                value={s.faces}
                onChange={(v) => setSupport(i, v)}
                onRemove={() => setForm({ ...form, supports: form.supports.filter((_, k) => k !== i) })}
                picked={picked}
                issues={issuesOf(`support.${i}`)}
              />
            ))}
            <FieldIssues issues={issuesOf('supports')} />
            <button
              type="button"
              className="btn small"
              data-action="add-support"
              onClick={() => setForm({ ...form, supports: [...form.supports, { faces: '' }] })}
            >
              + {t('fem.addSupport')}
            </button>
          </fieldset>

          {form.analysis === 'static' && (
            <fieldset className="fem-rows" data-field="loads">
              <legend>{t('fem.loads')}</legend>
              {form.loads.map((l, i) => (
                <div key={i} className="fem-load" data-load={i}>
                  <FaceRow
                    id={`fem-load-${i}`}
                    n={i + 1}
                    value={l.faces}
                    onChange={(v) => setLoad(i, { faces: v })}
                    onRemove={() => setForm({ ...form, loads: form.loads.filter((_, k) => k !== i) })}
                    picked={picked}
                    issues={issuesOf(`load.${i}`)}
                  />
                  <div className="fem-load-values">
                    <label className="inline-field">
                      <span>{t('fem.loadType')}</span>
                      <select
                        id={`fem-load-${i}-type`}
                        value={l.type}
                        onChange={(e) => setLoad(i, { type: e.target.value as FemLoadRow['type'] })}
                      >
                        <option value="force">{t('fem.force')}</option>
                        <option value="pressure">{t('fem.pressure')}</option>
                      </select>
                    </label>
                    {l.type === 'force' ? (
                      <span className="fem-vec">
                        {(['fx', 'fy', 'fz'] as const).map((k) => (
                          <label key={k} className="inline-field vec">
                            <span title={t('fem.component', { axis: k.slice(1).toUpperCase() })}>F{k.slice(1)}</span>
                            <span className="input-with-unit">
                              <input
                                id={`fem-load-${i}-${k}`}
                                type="text"
                                inputMode="decimal"
                                autoComplete="off"
                                value={l[k]}
                                onChange={(e) => setLoad(i, { [k]: e.target.value })}
                              />
                              <span className="unit" aria-hidden="true">
                                N
                              </span>
                            </span>
                          </label>
                        ))}
                      </span>
                    ) : (
                      <label className="inline-field">
                        <span>{t('fem.pressure')}</span>
                        <span className="input-with-unit">
                          <input
                            id={`fem-load-${i}-pressure`}
                            type="text"
                            inputMode="decimal"
                            autoComplete="off"
                            value={l.pressure}
                            title={t('fem.pressureHelp')}
                            onChange={(e) => setLoad(i, { pressure: e.target.value })}
                          />
                          <span className="unit" aria-hidden="true">
                            MPa
                          </span>
                        </span>
                      </label>
                    )}
                  </div>
                  <FieldIssues issues={[...issuesOf(`load.${i}.force`), ...issuesOf(`load.${i}.pressure`)]} />
                </div>
              ))}
              <FieldIssues issues={issuesOf('loads')} />
              <button
                type="button"
                className="btn small"
                data-action="add-load"
                onClick={() => setForm({ ...form, loads: [...form.loads, newLoad()] })}
              >
                + {t('fem.addLoad')}
              </button>
            </fieldset>
          )}

          <div className="option-grid">
            <div className={`field${issuesOf('mesh').length ? ' invalid' : ''}`}>
              <label htmlFor="fem-mesh">{t('fem.mesh')}</label>
              <div className="input-with-unit">
                <input
                  id="fem-mesh"
                  type="text"
                  inputMode="decimal"
                  autoComplete="off"
                  value={form.mesh}
                  onChange={(e) => setForm({ ...form, mesh: e.target.value })}
                />
                <span className="unit" aria-hidden="true">
                  {lengthUnit(units)}
                </span>
              </div>
              <div className="field-help">
                {issuesOf('mesh').length ? <FieldIssues issues={issuesOf('mesh')} /> : <span>{t('fem.meshHelp')}</span>}
              </div>
            </div>
            {form.analysis === 'modal' && (
              <div className={`field${issuesOf('modes').length ? ' invalid' : ''}`}>
                <label htmlFor="fem-modes">{t('fem.modes')}</label>
                <input
                  id="fem-modes"
                  type="text"
                  inputMode="numeric"
                  autoComplete="off"
                  value={form.modes}
                  onChange={(e) => setForm({ ...form, modes: e.target.value })}
                />
                <div className="field-help">
                  <FieldIssues issues={issuesOf('modes')} />
                </div>
              </div>
            )}
          </div>
          {matError != null && <ErrorBox error={showError(matError, lang)} compact />}
          {submitError != null && <ErrorBox error={showError(submitError, lang)} />}
          {jobError && (
            <ErrorBox
              error={jobError}
              {...(Number.isFinite(suggested) && suggested > 0
                ? {
                    onRetry: () => setForm({ ...form, mesh: meshText(suggested) }),
                    retryLabel: t('fem.useSuggested', { size: formatNumber(suggested, lang, 3) }),
                  }
                : {})}
            />
          )}
          <div className="form-actions">
            <button type="submit" className="btn primary" disabled={busy || !!running} data-action="run-fem">
              {busy ? t('fem.submitting') : t('fem.run')}
            </button>
          </div>
        </form>
        <div className="fem-side">
          {!job && <p className="muted empty-note">{t('fem.empty')}</p>}
          {running && (
            <div className="tab-waiting">
              <JobProgressPanel job={job} hasPreview />
              <section className="panel">
                <h2 className="panel-title">{t('part.steps')}</h2>
                <StepList steps={job.document.steps} />
              </section>
            </div>
          )}
          {job && job.status === 'succeeded' && <FemResults key={job.id} jobId={job.id} units={units} />}
          {glb && (
            <Suspense fallback={<div className="viewer viewer-placeholder">{t('part.loadingModel')}</div>}>
              <Viewer
                url={glb}
                reference={part.metrics?.bbox_mm ?? null}
                onPick={(p: FacePick | null) => setPicked(p?.faceId != null ? `Face${p.faceId + 1}` : null)}
                colorize={colourMap.colorize}
              />
            </Suspense>
          )}
          {colourMap.available && <FieldLegend field={colourMap.field} setField={colourMap.setField} range={colourMap.range} />}
          {colourMap.error != null && <ErrorBox error={showError(colourMap.error, lang)} compact />}
          <p className="muted small">{t('fem.pickHint')}</p>
        </div>
      </div>
    </div>
  );
}

function materialInfo(m: FemMaterial, lang: Lang, t: (k: string, o?: Record<string, unknown>) => string): string {
  return t('fem.materialInfo', {
    e: formatNumber(m.youngs_modulus_gpa, lang, 1),
    nu: formatNumber(m.poisson_ratio, lang, 3),
    yield: m.yield_strength_mpa != null ? `${formatNumber(m.yield_strength_mpa, lang, 0)} MPa` : t('fem.noYield'),
  });
}

function FaceRow({
  id,
  n,
  value,
  onChange,
  onRemove,
  picked,
  issues,
}: {
  id: string;
  n: number;
  value: string;
  onChange: (v: string) => void;
  onRemove: () => void;
  picked: string | null;
  issues: FemIssue[];
}) {
  const { t } = useTranslation();
  return (
    <div className={`face-row${issues.length ? ' invalid' : ''}`} data-row={id}>
      <label htmlFor={id} className="visually-hidden">
        {t('fem.faces')} {n}
      </label>
      <input
        id={id}
        type="text"
        autoComplete="off"
        spellCheck={false}
        value={value}
        placeholder="x-min, Face3"
        title={t('fem.facesHelp')}
        aria-invalid={issues.length ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      <select
        aria-label={t('fem.addSide')}
        value=""
        data-side-for={id}
        onChange={(e) => {
          if (e.target.value) onChange(addFace(value, e.target.value));
        }}
      >
        <option value="">{t('fem.addSide')}</option>
        {FEM_SIDES.map((s) => (
          <option key={s} value={s}>
            {t(`fem.side.${s}`)}
          </option>
        ))}
      </select>
      {picked && (
        <button type="button" className="btn small" data-action="use-picked" onClick={() => onChange(addFace(value, picked))}>
          {t('fem.usePicked', { face: picked })}
        </button>
      )}
      <button type="button" className="btn small ghost" onClick={onRemove} aria-label={t('fem.removeRow', { n })}>
        ✕
      </button>
      <FieldIssues issues={issues} />
    </div>
  );
}

function FieldIssues({ issues }: { issues: FemIssue[] }) {
  const { t } = useTranslation();
  if (!issues.length) return null;
  return (
    <span className="field-error" role="alert">
      {issues.map((i) => t(`fem.need.${i.rule}`, i.face ? { face: i.face } : {})).join(' ')}
    </span>
  );
}

function FemResults({ jobId, units }: { jobId: string; units: Units }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data: s, error, reload } = useQuery(() => api().call('fem.summary', { id: jobId }), [jobId]);
  if (error != null) return <ErrorBox error={showError(error, lang)} onRetry={reload} />;
  if (!s) return <p className="muted">{t('common.loading')}</p>;
  const at = (p: [number, number, number] | null) =>
    p ? t('fem.at', { x: formatLength(p[0], units, lang), y: formatLength(p[1], units, lang), z: formatLength(p[2], units, lang) }) : '';
  const vec = (v: [number, number, number] | null) => (v ? `(${v.map((c) => formatNumber(c, lang, 2)).join('; ')}) N` : '—');
  const rows: [string, string, string, string, number | null][] = [];
  if (s.analysis === 'static') {
    rows.push([
      'von_mises',
      t('fem.vonMises'),
      s.max_von_mises_mpa != null ? `${formatNumber(s.max_von_mises_mpa, lang, 2)} MPa` : '—',
      at(s.max_von_mises_at_mm),
      s.max_von_mises_mpa,
    ]);
    rows.push([
      'displacement',
      t('fem.displacement'),
      s.max_displacement_mm != null ? smallLength(s.max_displacement_mm, units, lang) : '—',
      at(s.displacement_at_max_mm),
      s.max_displacement_mm,
    ]);
    rows.push([
      'safety',
      t('fem.safety'),
      s.factor_of_safety != null ? formatNumber(s.factor_of_safety, lang, 2) : t('fem.safetyNone'),
      '',
      s.factor_of_safety,
    ]);
    rows.push(['reaction', t('fem.reaction'), vec(s.reaction_n), '', null]);
    rows.push(['applied', t('fem.applied'), vec(s.applied_n), '', null]);
    const off = balance(s);
    if (off !== null) rows.push(['balance', t('fem.balance'), t('fem.balanceText', { pct: formatNumber(off * 100, lang, 3) }), '', off]);
  } else {
    (s.frequencies_hz ?? []).forEach((f, i) =>
      rows.push([`mode-${i + 1}`, t('fem.mode', { n: i + 1 }), `${formatNumber(f, lang, 1)} Hz`, '', f]),
    );
  }
  rows.push([
    'mesh',
    t('fem.meshInfo'),
    t('fem.meshText', {
      nodes: formatNumber(s.nodes, lang),
      elements: formatNumber(s.elements, lang),
      size: formatLength(s.mesh_size_mm, units, lang),
    }),
    '',
    s.nodes,
  ]);
  rows.push(['mass', t('fem.mass'), formatMass(s.mass_kg * 1000, lang), '', s.mass_kg]);
  return (
    <section className="panel fem-results" aria-labelledby="fem-results-title" data-analysis={s.analysis}>
      <h2 className="panel-title" id="fem-results-title">
        {t('fem.results')} · {s.analysis === 'static' ? t('fem.static') : t('fem.modal')}
      </h2>
      <dl className="metrics fem-metrics">
        {rows.map(([key, label, text, where, value]) => (
          <div key={key} className="metric" data-metric={key} data-value={value ?? ''}>
            <dt>{label}</dt>
            <dd className="tabular">
              {text}
              {where && <span className="muted small where"> {where}</span>}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** A small length with 4 significant decimals in mm (a deflection of 0.1905 mm), as the units say. */
function smallLength(mm: number, units: Units, lang: Lang): string {
  return units === 'inch' ? `${formatNumber(toDisplayLength(mm, units), lang, 5)} in` : `${formatNumber(mm, lang, 4)} mm`;
}

/** |reactions + applied| / |applied|, or null when either is unknown. */
function balance(s: FemSummary): number | null {
  const r = s.reaction_n;
  const a = s.applied_n;
  if (!r || !a) return null;
  const size = Math.hypot(...a);
  return size > 0 ? Math.hypot(r[0] + a[0], r[1] + a[1], r[2] + a[2]) / size : null;
}
