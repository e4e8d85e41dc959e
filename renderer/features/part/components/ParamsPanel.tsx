// A template job's parameters, labelled in the current language and shown in the display units.
import { useTranslation } from 'react-i18next';
import type { JobRecord } from '../../../../shared/jobs.js';
import { findTemplate } from '../../../../shared/templates.js';
import { useLang, useUnits } from '../../../lib/settings.js';
import { formatLength } from '../../../lib/units.js';

export function ParamsPanel({ job }: { job: JobRecord }) {
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
