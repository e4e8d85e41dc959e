// New part: a gallery of templates, and a form generated from the chosen template's parameters
// with live validation (shared rules, messages in the current language and units).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobRecord } from '../../../shared/jobs.js';
import type { Material } from '../../../shared/library.js';
import { TEMPLATES, findTemplate, type TemplateDef } from '../../../shared/templates.js';
import { api } from '../../lib/api.js';
import { ErrorBox } from '../../ui/common.js';
import { TemplateThumb } from '../../ui/TemplateThumb.js';
import { ImportCard } from '../import/ImportCard.js';
import { showError, type ShownError } from '../../lib/errors.js';
import { checkFields, convertFields, displayRange, editField, initialFields, issueMessage, type Fields } from './templateForm.js';
import { navigate } from '../../lib/routes.js';
import { jobsStore } from '../jobs/store.js';
import { useLang, useUnits } from '../../lib/settings.js';
import { useAction, useQuery } from '../../lib/useQuery.js';
import { formatNumber } from '../../lib/units.js';
import { onAction } from '../../lib/actions.js';

const DEFAULT_MATERIAL = 'aluminium-6061';
const DEFAULT_PROCESS = 'cnc_milling';
type TemplateSpec = Extract<JobRecord['spec'], { type: 'template' }>;
const NO_MATERIALS: Material[] = [];

export function NewPartPage({ templateId }: { templateId?: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const def = findTemplate(templateId ?? '') ?? TEMPLATES[0]!;
  return (
    <div className="page new-part">
      <header className="page-header">
        <h1>{t('newPart.title')}</h1>
      </header>
      <div className="new-part-body">
        <div className="new-part-side">
          <ImportCard />
          <nav className="gallery" aria-label={t('newPart.gallery')}>
            <h2 className="section-title">{t('newPart.gallery')}</h2>
            <ul role="list">
              {TEMPLATES.map((tp) => (
                <li key={tp.id}>
                  <a
                    href={`#/new/${tp.id}`}
                    className={`template-card${tp.id === def.id ? ' selected' : ''}`}
                    aria-current={tp.id === def.id ? 'true' : undefined}
                    data-template={tp.id}
                  >
                    <TemplateThumb template={tp.id} />
                    <span className="template-name">{tp.label[lang]}</span>
                    <span className="template-desc">{tp.description[lang]}</span>
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </div>
        <TemplateForm key={def.id} def={def} />
      </div>
    </div>
  );
}

function TemplateForm({ def }: { def: TemplateDef }) {
  const { t } = useTranslation();
  const lang = useLang();
  const units = useUnits();
  const [fields, setFields] = useState<Fields>(() => initialFields(def, units));
  const [shownUnits, setShownUnits] = useState(units);
  const materials: Material[] = useQuery(() => api().call('library.materials', {}), []).data ?? NO_MATERIALS;
  const [material, setMaterial] = useState('');
  const [triedSubmit, setTriedSubmit] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  // Display units changed in Settings: re-express the numbers, keep the exact values.
  if (shownUnits !== units) {
    setShownUnits(units);
    setFields((f) => convertFields(def, f, units));
  }

  // the default material once the library is known (a form without it still submits)
  useEffect(() => {
    if (materials.length)
      setMaterial((m) => m || (materials.some((x) => x.id === DEFAULT_MATERIAL) ? DEFAULT_MATERIAL : (materials[0]?.id ?? '')));
  }, [materials]);

  const check = useMemo(() => checkFields(def, fields), [def, fields]);
  const {
    run: send,
    busy: submitting,
    error: submitError,
  } = useAction(
    async (spec: TemplateSpec) => {
      const job = await api().call('jobs.submit', { spec });
      jobsStore.getState().upsert(job);
      navigate({ name: 'part', id: job.id });
    },
    { stayBusy: true },
  );

  const submit = useCallback(async () => {
    setTriedSubmit(true);
    if (!check.params) {
      const first = check.issues[0];
      if (first) formRef.current?.querySelector<HTMLInputElement>(`[name="${first.field}"]`)?.focus();
      return;
    }
    const mat = materials.find((m) => m.id === material);
    await send({
      type: 'template',
      template: def.id,
      params: check.params,
      ...(mat ? { material: mat.id, process: mat.processes.includes(DEFAULT_PROCESS) ? DEFAULT_PROCESS : mat.processes[0] } : {}),
    });
  }, [check, def.id, material, materials, send]);

  useEffect(() => onAction('submit', () => void submit()), [submit]);

  const shownError: ShownError | null = submitError ? showError(submitError, lang) : null;
  const issueCount = Object.keys(check.byField).length;

  return (
    <form
      ref={formRef}
      className="template-form"
      aria-labelledby="form-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="form-head">
        <TemplateThumb template={def.id} />
        <div>
          <h2 id="form-title">{def.label[lang]}</h2>
          <p className="muted">{def.description[lang]}</p>
        </div>
      </div>
      <fieldset>
        <legend>{t('newPart.parameters')}</legend>
        <div className="param-grid">
          {def.params.map((p) => {
            const f = fields[p.name]!;
            const issue = check.byField[p.name];
            const r = displayRange(p, units);
            const unitLabel = p.unit === 'count' ? t('newPart.countUnit') : r.unit;
            const digits = units === 'inch' && p.unit === 'mm' ? 4 : 3;
            const rangeText = t(r.optional ? 'newPart.rangeOptional' : 'newPart.range', {
              min: formatNumber(r.min, lang, digits),
              max: formatNumber(r.max, lang, digits),
              unit: unitLabel,
            });
            const id = `param-${p.name}`;
            return (
              <div key={p.name} className={`field${issue ? ' invalid' : ''}`} data-field={p.name}>
                <label htmlFor={id}>{p.label[lang]}</label>
                <div className="input-with-unit">
                  <input
                    id={id}
                    name={p.name}
                    type="text"
                    inputMode="decimal"
                    autoComplete="off"
                    spellCheck={false}
                    value={f.text}
                    aria-invalid={issue ? true : undefined}
                    aria-describedby={`${id}-help`}
                    onChange={(e) => setFields((cur) => ({ ...cur, [p.name]: editField(p, e.target.value, units) }))}
                  />
                  <span className="unit" aria-hidden="true">
                    {unitLabel}
                  </span>
                </div>
                <div id={`${id}-help`} className="field-help" aria-live="polite">
                  {issue ? (
                    <span className="field-error" role="alert" data-rule={issue.rule}>
                      {issueMessage(issue, lang, units)}
                    </span>
                  ) : (
                    <span className="field-range">{rangeText}</span>
                  )}
                </div>
              </div>
            );
          })}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('newPart.material')}</legend>
        <div className="field">
          <label htmlFor="material" className="visually-hidden">
            {t('newPart.material')}
          </label>
          <select id="material" name="material" value={material} onChange={(e) => setMaterial(e.target.value)}>
            {!materials.length && <option value="">{t('newPart.materialDefault')}</option>}
            {materials.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name[lang]} · {formatNumber(m.density_g_cm3, lang, 2)} g/cm³
              </option>
            ))}
          </select>
        </div>
      </fieldset>
      {shownError && <ErrorBox error={shownError} />}
      <div className="form-actions">
        {triedSubmit && issueCount > 0 && (
          <span className="form-summary" role="status">
            {t('newPart.fixFields', { count: issueCount })}
          </span>
        )}
        <button type="button" className="btn ghost" onClick={() => setFields(initialFields(def, units))}>
          {t('newPart.reset')}
        </button>
        <button type="submit" className="btn primary" disabled={submitting} aria-keyshortcuts="Control+Enter" title="Ctrl+Enter">
          {submitting ? t('newPart.submitting') : t('newPart.submit')}
        </button>
      </div>
    </form>
  );
}
