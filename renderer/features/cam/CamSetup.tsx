// The CAM setup: a finished part, a machine, the stock margin, operations, tools and post, with the
// library's defaults (automatic operations, every tool, the machine's own controller).
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { libraryName } from '../../../shared/i18n/library.js';
import type { JobRecord } from '../../../shared/jobs.js';
import type { Machine, Material, Tool } from '../../../shared/library.js';
import { api } from '../../lib/api.js';
import { ErrorBox } from '../../ui/common.js';
import { showError } from '../../lib/errors.js';
import { jobTitle } from '../jobs/labels.js';
import { jobsStore, useJobs } from '../jobs/store.js';
import { useLang, useUnits } from '../../lib/settings.js';
import { useAction, useQuery } from '../../lib/useQuery.js';
import { formatLength, formatNumber, lengthUnit, toDisplayLength } from '../../lib/units.js';
import { CAM_OPERATIONS, CAM_ORIGINS, CAM_POSTS, MARGIN_RANGE_MM, checkCamForm, machinableParts, type CamForm } from './camForm.js';

export interface CamLibrary {
  machines: Machine[];
  tools: Tool[];
  materials: Material[];
}

/** The machines, tools and materials of the library (loaded once per page). */
export function useCamLibrary(): { lib: CamLibrary | null; error: unknown } {
  const { data: lib, error } = useQuery(
    () =>
      Promise.all([api().call('library.machines', {}), api().call('library.tools', {}), api().call('library.materials', {})]).then(
        ([machines, tools, materials]) => ({
          machines,
          tools,
          materials,
        }),
      ),
    [],
  );
  return { lib, error };
}

export function partLabel(j: JobRecord, lang: 'tr' | 'en', typeLabel: string): string {
  const when = new Date(j.created_at).toLocaleString(lang === 'tr' ? 'tr-TR' : 'en-US', {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  return `${jobTitle(j, lang, typeLabel)} · ${when} · ${j.id.slice(0, 8)}`;
}

export function CamSetup({
  form,
  setForm,
  lib,
  onSubmitted,
}: {
  form: CamForm;
  setForm: (f: CamForm) => void;
  lib: CamLibrary;
  onSubmitted: (job: JobRecord) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const units = useUnits();
  const byId = useJobs((s) => s.byId);
  const parts = useMemo(() => machinableParts(Object.values(byId)), [byId]);
  const [tried, setTried] = useState(false);
  const check = checkCamForm(form, units);
  const {
    run: send,
    busy: submitting,
    error,
  } = useAction(async (spec: NonNullable<typeof check.spec>) => {
    const job = await api().call('jobs.submit', { spec });
    jobsStore.getState().upsert(job);
    onSubmitted(job);
  });
  const issue = (field: string) => (tried ? check.issues.find((i) => i.field === field) : undefined);
  const set = (patch: Partial<CamForm>) => setForm({ ...form, ...patch });
  const machine = lib.machines.find((m) => m.id === form.machine);
  const part = byId[form.part];
  const millable = lib.materials.filter((m) => m.processes.includes('cnc_milling') && m.cutting);

  const submit = async () => {
    setTried(true);
    if (check.spec) await send(check.spec);
  };

  const issueText = (field: string) => {
    const i = issue(field);
    if (!i) return null;
    const text =
      i.rule === 'range'
        ? t('cam.marginRange', {
            min: formatNumber(toDisplayLength(MARGIN_RANGE_MM.min, units), lang),
            max: formatNumber(toDisplayLength(MARGIN_RANGE_MM.max, units), lang, 3),
            unit: lengthUnit(units),
          })
        : i.rule === 'number'
          ? t('cam.needNumber')
          : t(`cam.need.${field}`);
    return (
      <span className="field-error" role="alert">
        {text}
      </span>
    );
  };

  return (
    <form
      className="cam-setup panel"
      aria-labelledby="cam-setup-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 className="panel-title" id="cam-setup-title">
        {t('cam.setup')}
      </h2>
      <div className="cam-grid">
        <div className={`field wide${issue('part') ? ' invalid' : ''}`}>
          <label htmlFor="cam-part">{t('cam.part')}</label>
          <select id="cam-part" name="part" value={form.part} onChange={(e) => set({ part: e.target.value })}>
            <option value="">{parts.length ? t('cam.choosePart') : t('cam.noParts')}</option>
            {form.part && !part && <option value={form.part}>{form.part}</option>}
            {parts.map((j) => (
              <option key={j.id} value={j.id}>
                {partLabel(j, lang, t(`jobType.${j.type}`))}
              </option>
            ))}
          </select>
          <div className="field-help">
            {issueText('part') ??
              (part?.metrics ? (
                <span>
                  {t('cam.partBox', {
                    x: formatLength(part.metrics.bbox_mm.xmax - part.metrics.bbox_mm.xmin, units, lang),
                    y: formatLength(part.metrics.bbox_mm.ymax - part.metrics.bbox_mm.ymin, units, lang),
                    z: formatLength(part.metrics.bbox_mm.zmax - part.metrics.bbox_mm.zmin, units, lang),
                  })}
                </span>
              ) : null)}
          </div>
        </div>
        <div className={`field${issue('machine') ? ' invalid' : ''}`}>
          <label htmlFor="cam-machine">{t('cam.machine')}</label>
          <select id="cam-machine" name="machine" value={form.machine} onChange={(e) => set({ machine: e.target.value })}>
            <option value="">{t('cam.chooseMachine')}</option>
            {lib.machines.map((m) => (
              <option key={m.id} value={m.id}>
                {libraryName('machine', m, lang)}
              </option>
            ))}
          </select>
          <div className="field-help">
            {issueText('machine') ??
              (machine ? (
                <span>
                  {t('cam.machineInfo', {
                    controller: t(`library.opt.${machine.controller}`),
                    x: formatNumber(machine.envelope_mm.x, lang),
                    y: formatNumber(machine.envelope_mm.y, lang),
                    z: formatNumber(machine.envelope_mm.z, lang),
                  })}
                </span>
              ) : null)}
          </div>
        </div>
        <div className="field">
          <label htmlFor="cam-material">{t('cam.material')}</label>
          <select id="cam-material" name="material" value={form.material} onChange={(e) => set({ material: e.target.value })}>
            <option value="">{t('cam.partMaterial')}</option>
            {millable.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name[lang]}
              </option>
            ))}
          </select>
          <div className="field-help" />
        </div>
        <div className={`field${issue('margin') ? ' invalid' : ''}`}>
          <label htmlFor="cam-margin">{t('cam.margin')}</label>
          <div className="input-with-unit">
            <input
              id="cam-margin"
              name="margin"
              type="text"
              inputMode="decimal"
              autoComplete="off"
              value={form.margin}
              onChange={(e) => set({ margin: e.target.value })}
            />
            <span className="unit" aria-hidden="true">
              {lengthUnit(units)}
            </span>
          </div>
          <div className="field-help">{issueText('margin') ?? <span>{t('cam.marginHelp')}</span>}</div>
        </div>
        <div className="field">
          <label htmlFor="cam-origin">{t('cam.origin')}</label>
          <select id="cam-origin" name="origin" value={form.origin} onChange={(e) => set({ origin: e.target.value as CamForm['origin'] })}>
            {CAM_ORIGINS.map((o) => (
              <option key={o} value={o}>
                {t(`cam.originOpt.${o}`)}
              </option>
            ))}
          </select>
          <div className="field-help" />
        </div>
        <div className="field">
          <label htmlFor="cam-post">{t('cam.post')}</label>
          <select id="cam-post" name="post" value={form.post} onChange={(e) => set({ post: e.target.value as CamForm['post'] })}>
            <option value="">
              {machine ? t('cam.postMachine', { controller: t(`library.opt.${machine.controller}`) }) : t('cam.postDefault')}
            </option>
            {CAM_POSTS.map((p) => (
              <option key={p} value={p}>
                {t(`library.opt.${p}`)}
              </option>
            ))}
          </select>
          <div className="field-help" />
        </div>
      </div>
      <div className="cam-grid two">
        <fieldset className={`field${issue('ops') ? ' invalid' : ''}`} data-field="ops">
          <legend>{t('cam.operations')}</legend>
          <div className="radio-row">
            <label className="check">
              <input type="radio" name="ops-mode" checked={form.autoOps} onChange={() => set({ autoOps: true })} /> {t('cam.autoOps')}
            </label>
            <label className="check">
              <input type="radio" name="ops-mode" checked={!form.autoOps} onChange={() => set({ autoOps: false })} /> {t('cam.chooseOps')}
            </label>
          </div>
          <div className="checks">
            {CAM_OPERATIONS.map((o) => (
              <label key={o} className="check">
                <input
                  type="checkbox"
                  name="op"
                  value={o}
                  disabled={form.autoOps}
                  checked={!form.autoOps && form.ops.includes(o)}
                  onChange={(e) => set({ ops: e.target.checked ? [...form.ops, o] : form.ops.filter((x) => x !== o) })}
                />
                {t(`operation.${o}`)}
              </label>
            ))}
          </div>
          <div className="field-help">{issueText('ops') ?? (form.autoOps ? <span>{t('cam.autoOpsHelp')}</span> : null)}</div>
        </fieldset>
        <fieldset className={`field${issue('tools') ? ' invalid' : ''}`} data-field="tools">
          <legend>{t('cam.tools')}</legend>
          <div className="radio-row">
            <label className="check">
              <input type="radio" name="tools-mode" checked={form.allTools} onChange={() => set({ allTools: true })} />{' '}
              {t('cam.allTools', { count: lib.tools.length })}
            </label>
            <label className="check">
              <input
                type="radio"
                name="tools-mode"
                checked={!form.allTools}
                onChange={() => set({ allTools: false, tools: form.tools.length ? form.tools : lib.tools.map((x) => x.id) })}
              />{' '}
              {t('cam.chooseTools')}
            </label>
          </div>
          {!form.allTools && (
            <div className="tool-checks">
              {lib.tools.map((tool) => (
                <label key={tool.id} className="check">
                  <input
                    type="checkbox"
                    name="tool"
                    value={tool.id}
                    checked={form.tools.includes(tool.id)}
                    onChange={(e) => set({ tools: e.target.checked ? [...form.tools, tool.id] : form.tools.filter((x) => x !== tool.id) })}
                  />
                  <span className="mono small">T{tool.number}</span> {libraryName('tool', tool, lang)}
                </label>
              ))}
            </div>
          )}
          <div className="field-help">{issueText('tools')}</div>
        </fieldset>
      </div>
      {error != null && <ErrorBox error={showError(error, lang)} />}
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={submitting} data-action="generate">
          {submitting ? t('newPart.submitting') : t('cam.generate')}
        </button>
      </div>
    </form>
  );
}
