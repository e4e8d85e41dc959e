// The Drawing tab's options as a form (sheet, projection, views, scale) and the drawing job spec
// they make. Pure: the tab and the unit tests share it.
import type { DrawingJobSpec } from '../../../shared/jobs.js';
import type { Lang } from '../../../shared/errors.js';

export const DRAWING_SHEETS = ['auto', 'A4', 'A3'] as const;
export const DRAWING_PROJECTIONS = ['first', 'third'] as const;
export const DRAWING_VIEWS = ['front', 'top', 'right', 'iso'] as const;
/** ISO 5455 scales the form offers ('' = the largest that fits the sheet) */
export const DRAWING_SCALES = ['', '5:1', '2:1', '1:1', '1:2', '1:5', '1:10', '1:20'] as const;

export interface DrawingForm {
  sheet: (typeof DRAWING_SHEETS)[number];
  projection: (typeof DRAWING_PROJECTIONS)[number];
  views: (typeof DRAWING_VIEWS)[number][];
  scale: (typeof DRAWING_SCALES)[number];
}

export const initialDrawingForm = (): DrawingForm => ({ sheet: 'auto', projection: 'first', views: [...DRAWING_VIEWS], scale: '' });

/** "1:2" → 0.5, "2:1" → 2 */
export function scaleValue(text: string): number | undefined {
  const m = /^(\d+):(\d+)$/.exec(text);
  return m ? Number(m[1]) / Number(m[2]) : undefined;
}

/** The spec of a drawing of `part`, or null when no view is chosen. The title block speaks `lang`. */
export function drawingSpec(form: DrawingForm, part: string, lang: Lang): DrawingJobSpec | null {
  if (!form.views.length) return null;
  const scale = scaleValue(form.scale);
  return {
    type: 'drawing',
    part,
    sheet: form.sheet,
    projection: form.projection,
    views: DRAWING_VIEWS.filter((v) => form.views.includes(v)),
    ...(scale !== undefined ? { scale } : {}),
    language: lang,
  };
}

/** The form a drawing job was made with (to change and make again). */
export function drawingFormFromSpec(spec: DrawingJobSpec): DrawingForm {
  const scale = spec.scale === undefined ? '' : (DRAWING_SCALES.find((s) => s && Math.abs(scaleValue(s)! - spec.scale!) < 1e-9) ?? '');
  return {
    sheet: spec.sheet ?? 'auto',
    projection: spec.projection ?? 'first',
    views: spec.views ? [...spec.views] : [...DRAWING_VIEWS],
    scale,
  };
}
