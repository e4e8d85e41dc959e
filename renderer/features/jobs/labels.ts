// A job's name and parameter summary for people, shared by every page that lists or heads a job.
import type { JobRecord } from '../../../shared/jobs.js';
import { findTemplate } from '../../../shared/templates.js';

/** A job's name for people: the template's label, else its kind (CAM, import, …) in words. */
export function jobTitle(j: JobRecord, lang: 'tr' | 'en', typeLabel: string): string {
  switch (j.spec.type) {
    case 'template':
      return findTemplate(j.spec.template)?.label[lang] ?? j.spec.template;
    case 'import':
      return `${typeLabel} · ${j.spec.path.replace(/^.*[\\/]/, '')}`;
    case 'cam':
      return `${typeLabel} · ${j.spec.machine}`;
    case 'prompt': {
      const text = j.spec.text.trim().replace(/\s+/g, ' ');
      return text.length > 60 ? `${text.slice(0, 59)}…` : text;
    }
    case 'script':
      return j.spec.name ? `${typeLabel} · ${j.spec.name}` : typeLabel;
    case 'assembly':
      return `${typeLabel} · ${j.spec.assembly.name}`;
    case 'drawing':
      return `${typeLabel} · ${j.spec.sheet ?? 'auto'}`;
    case 'fem':
      return `${typeLabel} · ${j.spec.analysis}`;
    case 'export':
      return `${typeLabel} · ${j.spec.formats.join(', ')}`;
    case 'check':
      return `${typeLabel} · ${j.spec.process}`;
  }
}

/** "Length (X) 100 · Width (Y) 60 · …": a template job's parameters in the current language. */
export function paramSummary(j: JobRecord, lang: 'tr' | 'en'): string {
  if (j.spec.type !== 'template') return '';
  const def = findTemplate(j.spec.template);
  return Object.entries(j.spec.params)
    .map(([k, v]) => `${def?.params.find((p) => p.name === k)?.label[lang] ?? k} ${v}`)
    .join(' · ');
}
