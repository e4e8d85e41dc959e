// The parametric parts' API group: the templates and their parameters (making one is a 'template' job).
import type { ApiGroup, TemplateInfo } from '../../../shared/api/index.js';
import { TEMPLATES } from '../../../shared/templates.js';

export function partApi(): ApiGroup<'templates'> {
  return {
    'templates.list': (): TemplateInfo[] =>
      TEMPLATES.map((t) => ({
        id: t.id,
        label: { en: t.label.en, tr: t.label.tr },
        description: { en: t.description.en, tr: t.description.tr },
        params: t.params.map((p) => ({
          name: p.name,
          label: { en: p.label.en, tr: p.label.tr },
          unit: p.unit,
          min: p.allowZero ? 0 : p.min,
          max: p.max,
          default: p.default,
        })),
      })),
  };
}
