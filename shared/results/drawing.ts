// What a drawing job keeps (electron/domains/drawing/flow.ts → job.document.result.drawing): the
// sheet, the scale and projection, the views as placed and every dimension the sheet shows.
// Read by the CLI (`tezgah drawing --json`) and the API.
import { z } from 'zod';
import { DrawingProjectionChoice, DrawingViewChoice } from '../job-spec.js';

export const DrawingResultView = z.strictObject({
  name: DrawingViewChoice,
  /** towards the viewer, in part coordinates */
  direction: z.array(z.number()).length(3),
  scale: z.number(),
  /** the view's centre on the sheet (mm, y down) and its size there */
  x_mm: z.number(),
  y_mm: z.number(),
  width_mm: z.number(),
  height_mm: z.number(),
});
export type DrawingResultView = z.infer<typeof DrawingResultView>;

export const DrawingResultDimension = z.strictObject({
  view: DrawingViewChoice,
  type: z.enum(['length', 'diameter', 'bolt_circle', 'position']),
  value_mm: z.number(),
  /** as the sheet shows it ("100", "⌀10", "6× ⌀9") */
  text: z.string(),
  count: z.number().int().optional(),
  /** FreeCAD's DrawViewDimension text, where FreeCAD measured it too */
  freecad_text: z.string().optional(),
  /** the text's box on the sheet (x0, y0, x1, y1 mm, y down) */
  box: z.array(z.number()).length(4),
});
export type DrawingResultDimension = z.infer<typeof DrawingResultDimension>;

export const DrawingResult = z.strictObject({
  sheet: z.enum(['A4', 'A3']),
  scale: z.number(),
  /** "1:2", "2:1" */
  scale_text: z.string(),
  projection: DrawingProjectionChoice,
  views: z.array(DrawingResultView),
  dimensions: z.array(DrawingResultDimension),
  omitted_views: z.array(DrawingViewChoice),
  /** the part the sheet shows */
  part: z.strictObject({ ref: z.string(), name: z.string(), sha256: z.string() }),
  date: z.string(),
});
export type DrawingResult = z.infer<typeof DrawingResult>;

/** job.document.result of a drawing job. */
export const DrawingJobResult = z.strictObject({ drawing: DrawingResult });
export type DrawingJobResult = z.infer<typeof DrawingJobResult>;
