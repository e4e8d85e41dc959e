// What a CAM job keeps (electron/domains/cam/flow.ts → job.document.result.cam): the plan as it was
// machined, the verifier's verdict and the G-code's identity. Read by the toolpath view
// (electron/domains/cam/api.ts), the CLI, the Part and CAM pages.
import { z } from 'zod';
import { ERROR_CODES } from '../errors.js';
import { BBox, CamOperation, CamOrigin } from '../job-spec.js';
import { Controller, ToolType } from '../library.js';

const Xyz = z.strictObject({ x: z.number(), y: z.number(), z: z.number() });

/** One finding of the G-code verifier as the job stores it (the re-read adds details). */
export const CamFindingRecord = z.strictObject({
  code: z.enum(ERROR_CODES),
  severity: z.enum(['error', 'warning']),
  /** 1-based line in the G-code file */
  line: z.number(),
  message: z.string(),
});
export type CamFindingRecord = z.infer<typeof CamFindingRecord>;

/** A feed or speed the machine or tool held below what was asked for. */
export const CamClamp = z.strictObject({
  field: z.enum(['rpm', 'feed_mm_min', 'plunge_mm_min', 'step_down_mm']),
  requested: z.number(),
  applied: z.number(),
  reason: z.enum(['max_spindle_rpm', 'min_spindle_rpm', 'max_feed_mm_min', 'flute_length_mm', 'spindle_power_kw']),
});
export type CamClamp = z.infer<typeof CamClamp>;

/** How a through-cut holds the part: tabs (where the worker placed them) or an onion skin. */
export const CamOpHolding = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('tabs'),
    count: z.number(),
    width_mm: z.number(),
    height_mm: z.number(),
    top_z: z.number().nullable(),
    positions: z.array(z.strictObject({ x: z.number(), y: z.number() })),
  }),
  z.strictObject({ kind: z.literal('onion'), skin_mm: z.number() }),
]);
export type CamOpHolding = z.infer<typeof CamOpHolding>;

export const CamResultOperation = z.strictObject({
  id: z.string(),
  label: z.string(),
  kind: CamOperation,
  tool: z.string(),
  tool_number: z.number(),
  rpm: z.number(),
  feed_mm_min: z.number(),
  plunge_mm_min: z.number(),
  step_down_mm: z.number(),
  step_over_mm: z.number(),
  start_depth_mm: z.number(),
  final_depth_mm: z.number(),
  coolant: z.enum(['None', 'Flood']),
  peck_depth_mm: z.number().nullable().optional(),
  holes: z
    .array(z.strictObject({ x: z.number(), y: z.number(), diameter: z.number(), depth: z.number(), through: z.boolean() }))
    .optional(),
  pockets: z.array(z.strictObject({ face: z.string(), floor_z: z.number(), min_width: z.number() })).optional(),
  clamps: z.array(CamClamp),
  /** machining phase: facing 0, drilling 1, clearing 2, drilling in floors 3, finishing 4, the cut through the stock 5 */
  phase: z.number().optional(),
  /** on a cut through the stock: what holds the part (tab centres on the path, for the preview) */
  holding: CamOpHolding.optional(),
  estimated_seconds: z.number().nullable(),
  path_length_mm: z.number().nullable(),
  /** first and last G-code line of the operation */
  lines: z.tuple([z.number(), z.number()]).nullable(),
  /** cutting moves FreeCAD generated */
  moves: z.number().nullable(),
});
export type CamResultOperation = z.infer<typeof CamResultOperation>;

/** A message in both languages, parameters filled in (shared/i18n/text.ts, Rendered). */
const Rendered = z.strictObject({ en: z.string(), tr: z.string() });

/** A feature the plan left out, and why (CAM_FEATURE_SKIPPED's {{detail}}). */
export const CamSkipped = z.strictObject({ op: CamOperation, detail: Rendered });
export type CamSkipped = z.infer<typeof CamSkipped>;

const Vec3 = z.tuple([z.number(), z.number(), z.number()]);
/** One operation's toolpath, compacted for the viewer (electron/domains/cam/program.ts). */
export const CamPath = z.strictObject({
  label: z.string(),
  first_line: z.number(),
  last_line: z.number(),
  segments: z.array(
    z.strictObject({ line: z.number(), kind: z.enum(['rapid', 'feed', 'arc']), from: Vec3, to: Vec3, tool: z.number().nullable() }),
  ),
  truncated: z.boolean(),
});
export type CamPath = z.infer<typeof CamPath>;

export const CamResult = z.strictObject({
  post: Controller,
  machine: z.string(),
  material: z.string(),
  origin: CamOrigin,
  stock_mm: BBox,
  part_bbox_mm: BBox,
  heights_mm: z.strictObject({ clearance: z.number(), safe: z.number(), retract: z.number() }),
  work_offset_nominal_mm: Xyz,
  tools: z.array(z.strictObject({ id: z.string(), number: z.number(), name: z.string(), type: ToolType, diameter_mm: z.number() })),
  operations: z.array(CamResultOperation),
  skipped: z.array(CamSkipped),
  /** what the planner chose or left out, in both languages (a plain string: a job made by an older Tezgah) */
  notes: z.array(z.union([Rendered, z.string()])),
  post_fixes: z.array(z.string()),
  estimated_seconds: z.number(),
  bounds_mm: BBox.nullable(),
  path_length_mm: z.number(),
  tool_changes: z.number(),
  /** read back from the G-code: every cut through the stock leaves the part held (tabs found on its last pass, or it stops above the skin) */
  holding: z.strictObject({ held: z.boolean(), through_cuts: z.array(z.string()) }).optional(),
  verification: z.strictObject({ ok: z.boolean(), findings: z.array(CamFindingRecord) }),
  paths: z.array(CamPath),
  /** the program: its text only up to 2 MiB (the file is always an artefact) */
  gcode: z.strictObject({ name: z.string(), bytes: z.number(), sha256: z.string(), text: z.string().optional() }),
});
export type CamResult = z.infer<typeof CamResult>;

/** job.document.result of a CAM job. */
export const CamJobResult = z.strictObject({ cam: CamResult });
export type CamJobResult = z.infer<typeof CamJobResult>;

/** A CAM note in one language (an older job's note is English only). */
export function noteText(note: string | { en: string; tr: string }, lang: 'en' | 'tr'): string {
  return typeof note === 'string' ? note : note[lang];
}
