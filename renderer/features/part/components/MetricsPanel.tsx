// A part's measurements: volume, area, bounding box, mass, material and topology counts.
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../../../shared/errors.js';
import type { Metrics } from '../../../../shared/jobs.js';
import { api } from '../../../lib/api.js';
import { useLang, useUnits } from '../../../lib/settings.js';
import { useQuery } from '../../../lib/useQuery.js';
import { formatArea, formatLength, formatMass, formatNumber, formatVolume, type Units } from '../../../lib/units.js';

function bboxText(m: Metrics, units: Units, lang: Lang): string {
  const b = m.bbox_mm;
  const u = (v: number) => formatLength(v, units, lang).replace(/ (mm|in)$/, '');
  const unit = units === 'inch' ? 'in' : 'mm';
  return `${u(b.xmax - b.xmin)} × ${u(b.ymax - b.ymin)} × ${u(b.zmax - b.zmin)} ${unit}`;
}

export function MetricsPanel({ metrics }: { metrics: Metrics | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  const units = useUnits();
  // the material's name in the current language; its id when the library cannot say
  const { data: materials } = useQuery(metrics?.material ? () => api().call('library.materials', {}) : null, [metrics?.material]);
  const materialName = materials?.find((x) => x.id === metrics?.material)?.name[lang] ?? null;

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
