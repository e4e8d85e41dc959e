// What a manufacturability check keeps (electron/domains/dfm/flow.ts → job.document.result.dfm):
// the verdict, every finding as the worker measured it on the B-rep with its message and fix hint in
// both languages (from shared/i18n/dfm.ts), and what the check ran against. Read by the CLI
// (`tezgah check --json`), the API (`dfm.report`) and the part page's Manufacturability panel.
import { z } from 'zod';
import { DfmProcess, DfmSetup } from '../job-spec.js';

export const DfmCode = z.enum([
  'DFM_UNDERCUT',
  'DFM_INNER_RADIUS',
  'DFM_DEEP_HOLE',
  'DFM_NO_DRILL',
  'DFM_THIN_WALL',
  'DFM_ENVELOPE',
  'DFM_OVERHANG',
  'DFM_BED_SIZE',
  'DFM_SMALL_HOLE',
  'DFM_PRINT_ESTIMATE',
]);
export type DfmCode = z.infer<typeof DfmCode>;
export const DfmSeverity = z.enum(['error', 'warning', 'info']);
export type DfmSeverity = z.infer<typeof DfmSeverity>;

const Rendered = z.strictObject({ en: z.string(), tr: z.string() });
const Vec3 = z.tuple([z.number(), z.number(), z.number()]);

export const DfmFinding = z.strictObject({
  code: DfmCode,
  severity: DfmSeverity,
  /** FreeCAD's 1-based face names ('Face3'), as the viewer names them; empty for the whole part */
  faces: z.array(z.string().regex(/^Face[1-9]\d*$/)),
  measured: z.number().nullable(),
  allowed: z.number().nullable(),
  /** unit of measured and allowed: 'mm', 'mm2', 'deg', 'min' */
  unit: z.string(),
  /** where it was measured (the thinnest spot's middle), when a spot says more than the faces */
  at_mm: Vec3.nullable(),
  /** the values the texts are filled with */
  params: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.number())])),
  message: Rendered,
  hint: Rendered,
});
export type DfmFinding = z.infer<typeof DfmFinding>;

export const DfmResult = z.strictObject({
  /** no error-level finding */
  ok: z.boolean(),
  process: DfmProcess,
  setups: z.array(DfmSetup),
  machine: z.string().nullable(),
  /** the library tools a milling check counted on (ids, smallest first) */
  tools: z.array(z.string()),
  limits: z.strictObject({
    min_wall_mm: z.number(),
    min_hole_mm: z.number(),
    max_hole_depth_ratio: z.number(),
    overhang_deg: z.number(),
    supports: z.boolean(),
    nozzle_mm: z.number(),
    layer_mm: z.number(),
    infill: z.number(),
    print_speed_mm_s: z.number(),
  }),
  envelope_mm: z.strictObject({ x: z.number(), y: z.number(), z: z.number() }).nullable(),
  findings: z.array(DfmFinding),
  counts: z.strictObject({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
  summary: z.strictObject({
    faces: z.number().int(),
    samples_per_face: z.number().int(),
    rays: z.number().int(),
    volume_mm3: z.number(),
    area_mm2: z.number(),
    size_mm: Vec3,
    thinnest_mm: z.number().nullable(),
    /** FDM only */
    layers: z.number().int().optional(),
    printed_mm3: z.number().optional(),
    print_time_s: z.number().int().optional(),
  }),
});
export type DfmResult = z.infer<typeof DfmResult>;

/** job.document.result of a check job. */
export const DfmJobResult = z.strictObject({ dfm: DfmResult });
export type DfmJobResult = z.infer<typeof DfmJobResult>;
