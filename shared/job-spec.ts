// Job specs: what a user asks for (JobSpec), and the measured shapes every flow reports (BBox,
// Metrics). Kept apart from shared/jobs.ts so the flow results (shared/results/) can use them while
// shared/jobs.ts combines those results into JobRecord without an import cycle.
import { z } from 'zod';
import { AssemblySpec } from './assembly.js';
import { TemplateJobSpec } from './template-spec.js';

export const JobType = z.enum(['template', 'import', 'cam', 'prompt', 'script', 'assembly', 'drawing', 'fem', 'export', 'check']);
export type JobType = z.infer<typeof JobType>;

export const JobStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export type JobStatus = z.infer<typeof JobStatus>;
export const FINISHED: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];

// in its own module so that shared/assembly.ts (whose spec names template parts) needs nothing from here
export { TemplateJobSpec } from './template-spec.js';

/** CAM operations a job can ask for (electron/domains/cam/plan.ts). */
export const CamOperation = z.enum(['facing', 'profile', 'pocket', 'drill', 'adaptive']);
export type CamOperation = z.infer<typeof CamOperation>;
/** Where G-code X0 Y0 Z0 sits: the part's own origin, or the stock's lower-left corner or centre at its top. */
export const CamOrigin = z.enum(['part', 'stock-corner', 'stock-centre']);
export type CamOrigin = z.infer<typeof CamOrigin>;
const CamBox = z
  .object({ xmin: z.number(), ymin: z.number(), zmin: z.number(), xmax: z.number(), ymax: z.number(), zmax: z.number() })
  .refine((b) => b.xmax > b.xmin && b.ymax > b.ymin && b.zmax > b.zmin, 'each max must be greater than its min');
/** One operation's own values; feeds and speeds are still held to the machine's limits. */
export const CamOpOverride = z
  .object({
    tool: z.string().min(1).optional(),
    rpm: z.number().positive().optional(),
    feed_mm_min: z.number().positive().optional(),
    plunge_mm_min: z.number().positive().optional(),
    step_down_mm: z.number().positive().optional(),
    step_over_mm: z.number().positive().optional(),
  })
  .strict();
export type CamOpOverride = z.infer<typeof CamOpOverride>;
/**
 * What holds the part once a cut goes through the stock: tabs (bridges left on the last passes; width
 * of the bridge on the part, height above the stock bottom) or an onion skin (the through-cuts stop
 * this far above the stock bottom; the skin is broken out by hand). Default: tabs, sized by the plan.
 */
export const CamHolding = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('tabs'),
      count: z.number().int().min(2).max(24).optional(),
      width_mm: z.number().positive().max(50).optional(),
      height_mm: z.number().positive().max(20).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('onion'), skin_mm: z.number().positive().max(10).optional() }).strict(),
]);
export type CamHolding = z.infer<typeof CamHolding>;
export const CamJobSpec = z.object({
  type: z.literal('cam'),
  /** a finished job's id (its STEP or FCStd) or the path of a STEP/FCStd file */
  part: z.string().min(1),
  /** filled in by normalisation: SHA-256 of the part file, so an edited file is a new job */
  part_sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  machine: z.string().min(1),
  /** default: the part job's material, else aluminium-6061 */
  material: z.string().optional(),
  /** margin (mm) around the part's box on the sides and the top, or an explicit box in part coordinates */
  stock: z.union([z.object({ margin_mm: z.number().min(0).max(200) }).strict(), z.object({ box: CamBox }).strict()]).optional(),
  origin: CamOrigin.optional(),
  /** default: facing when the stock is taller than the part, the outside profile, drilling of every hole */
  ops: z.array(CamOperation).min(1).optional(),
  /** library tool ids to choose from; default: the whole library */
  tools: z.array(z.string().min(1)).min(1).optional(),
  /** default: the machine's controller */
  post: z.enum(['grbl', 'linuxcnc', 'fanuc']).optional(),
  overrides: z.partialRecord(CamOperation, CamOpOverride).optional(),
  /** drilling pecks: true = one drill diameter, a number = that depth (mm), false = none; default: holes deeper than 3 × D */
  peck: z.union([z.boolean(), z.number().positive()]).optional(),
  /** how the part is held on through-cuts; default tabs */
  holding: CamHolding.optional(),
  /** filled in by normalisation: fingerprint of the machine, material and tools the job depends on */
  library_sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
export type CamJobSpec = z.infer<typeof CamJobSpec>;

/** A technical drawing of a part (electron/domains/drawing/): TechDraw views, our ISO 129 dimensions. */
export const DrawingSheetChoice = z.enum(['A4', 'A3', 'auto']);
export const DrawingProjectionChoice = z.enum(['first', 'third']);
export const DrawingViewChoice = z.enum(['front', 'top', 'right', 'iso']);
export const DrawingJobSpec = z.object({
  type: z.literal('drawing'),
  /** a finished job's id (its STEP or FCStd) or the path of a STEP/FCStd file */
  part: z.string().min(1),
  /** filled in by normalisation: SHA-256 of the part file */
  part_sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /** default auto: A4 unless only A3 holds the views at the better scale */
  sheet: DrawingSheetChoice.optional(),
  /** default first angle (ISO E, Europe and Turkey) */
  projection: DrawingProjectionChoice.optional(),
  views: z.array(DrawingViewChoice).min(1).optional(),
  /** a view scale (0.5 = 1:2); default: the largest ISO 5455 scale that fits */
  scale: z.number().positive().max(10).optional(),
  /** the title block's language; default en */
  language: z.enum(['en', 'tr']).optional(),
  /** the issue date (YYYY-MM-DD); filled in by normalisation from the part job, so a drawing is reproducible */
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  /** "Created by" in the title block */
  author: z.string().max(80).optional(),
});
export type DrawingJobSpec = z.infer<typeof DrawingJobSpec>;

/**
 * A part written in other formats (electron/domains/export/): exact B-rep (STEP AP242 or AP214, IGES,
 * BREP) and meshes (3MF, OBJ, GLB) at the fixed tolerances of the STL.
 */
export const ExportFormat = z.enum(['step-ap242', 'step-ap214', 'iges', 'brep', '3mf', 'obj', 'glb']);
export type ExportFormat = z.infer<typeof ExportFormat>;
export const ExportJobSpec = z.object({
  type: z.literal('export'),
  /** a finished job's id (its STEP or FCStd) or the path of a STEP/FCStd file */
  part: z.string().min(1),
  /** filled in by normalisation: SHA-256 of the part file */
  part_sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /** sorted and without repeats by normalisation, so the same request is one job */
  formats: z.array(ExportFormat).min(1).max(32),
});
export type ExportJobSpec = z.infer<typeof ExportJobSpec>;

/** Bring-your-own CAD (electron/domains/import/): a user's STEP, IGES, BREP, STL, OBJ or FCStd file. */
export const ImportJobSpec = z.object({
  type: z.literal('import'),
  /** path of the file; the format comes from its content, not its name */
  path: z.string().min(1),
  /** length unit of the file's numbers: 'auto' = what the file says (STEP, IGES), else guessed from the size (meshes) */
  units: z.enum(['auto', 'mm', 'cm', 'm', 'in', 'ft']).optional(),
  /** the file is Y-up: turn it so +Y becomes +Z */
  z_up: z.boolean().optional(),
  /** move the bounding box's centre onto the Z axis and its bottom onto Z=0 (default: keep the origin) */
  center: z.boolean().optional(),
  /** merge coplanar faces of solids, weld coincident mesh vertices */
  refine: z.boolean().optional(),
  /** repair meshes (degenerate/duplicate triangles, orientation, small holes) and sew wider gaps */
  repair: z.boolean().optional(),
  /** fail (UPLOAD_NO_SOLID, MESH_NOT_CLOSED, MESH_NON_MANIFOLD) instead of importing surfaces */
  require_solid: z.boolean().optional(),
  max_size_mb: z.number().positive().max(65536).optional(),
  timeout_s: z.number().positive().max(3600).optional(),
  memory_mb: z.number().int().min(2048).max(65536).optional(),
  /** filled in by normalisation: what the file is (an edited file is a new job) */
  format: z.enum(['step', 'iges', 'brep', 'stl', 'obj', 'fcstd']).optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  size: z.number().int().positive().optional(),
});
export type ImportJobSpec = z.infer<typeof ImportJobSpec>;

/** A FreeCAD script (user file): static policy → sandboxed run → exports (electron/domains/script/flow.ts). */
export const ScriptJobSpec = z.object({
  type: z.literal('script'),
  /** Python source as the user wrote it; what runs is the policy's canonical form of it */
  source: z.string().min(1).max(200_000),
  /** label for the part and its files (letters, digits, '-', '_') */
  name: z.string().min(1).max(80).optional(),
});
export type ScriptJobSpec = z.infer<typeof ScriptJobSpec>;

/** A part from a sentence (electron/domains/prompt/flow.ts): model → policy → sandboxed run, with repair. */
export const PromptJobSpec = z.object({
  type: z.literal('prompt'),
  text: z.string().trim().min(1).max(4000),
  lang: z.enum(['tr', 'en', 'auto']).default('auto'),
  /** filled in by normalisation (the configured endpoint): same text + model = same job (cache) */
  model: z.string().optional(),
  provider: z.string().optional(),
});
export type PromptJobSpec = z.infer<typeof PromptJobSpec>;

/** Parts placed by joints and solved (electron/domains/assembly/flow.ts; the spec is shared/assembly.ts). */
export const AssemblyJobSpec = z.object({
  type: z.literal('assembly'),
  assembly: AssemblySpec,
  /** filled in by normalisation: each job/file component's file hash, so an edited file is a new job */
  sources: z
    .record(
      z.string(),
      z.object({
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        format: z.enum(['step', 'fcstd']),
      }),
    )
    .optional(),
});
export type AssemblyJobSpec = z.infer<typeof AssemblyJobSpec>;
/** Analyses the FEM flow runs (electron/domains/fem/flow.ts). */
export const FemAnalysis = z.enum(['static', 'modal']);
export type FemAnalysis = z.infer<typeof FemAnalysis>;
/**
 * Faces a constraint or load acts on: a face as the viewer names it ('Face3'), or the planar faces
 * on one side of the part's box ('x-min', 'x-max', 'y-min', 'y-max', 'z-min', 'z-max', 'bottom', 'top').
 */
export const FemFaceSelector = z
  .string()
  .regex(/^(Face[1-9]\d*|[xyz]-(min|max)|top|bottom)$/, "a face ('Face3') or a side of the part's box ('x-min', …, 'top', 'bottom')");
const FemFaces = z.array(FemFaceSelector).min(1).max(200);
const FemVec3 = z.tuple([z.number(), z.number(), z.number()]).refine((v) => Math.hypot(...v) > 0, 'a direction of length 0');
export const FemConstraint = z.strictObject({ type: z.literal('fixed'), faces: FemFaces });
export type FemConstraint = z.infer<typeof FemConstraint>;
export const FemLoad = z.discriminatedUnion('type', [
  /** a total force (N) spread over the faces, along `direction` (any length) */
  z.strictObject({ type: z.literal('force'), faces: FemFaces, force_n: z.number().positive().max(1e9), direction: FemVec3 }),
  /** a pressure (MPa = N/mm²) pushing on the faces; negative pulls */
  z.strictObject({
    type: z.literal('pressure'),
    faces: FemFaces,
    pressure_mpa: z
      .number()
      .refine((v) => v !== 0, 'a pressure of 0')
      .refine((v) => Math.abs(v) <= 1e5, 'at most 100 000 MPa'),
  }),
]);
export type FemLoad = z.infer<typeof FemLoad>;
export const FemJobSpec = z.object({
  type: z.literal('fem'),
  /** a finished job's id (its STEP or FCStd) or the path of a STEP/FCStd file, as a CAM job takes its part */
  part: z.string().min(1),
  /** filled in by normalisation: SHA-256 of the part file */
  part_sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  analysis: FemAnalysis.default('static'),
  /** a library material with mechanical data; default: the part job's material, else steel-s235 */
  material: z.string().optional(),
  constraints: z.array(FemConstraint).max(50).default([]),
  loads: z.array(FemLoad).max(50).default([]),
  mesh: z
    .strictObject({
      /** largest element edge (mm); default: from the part's box */
      size_mm: z.number().positive().max(1000).optional(),
      /** quadratic (10-node) tetrahedra; default true */
      second_order: z.boolean().optional(),
    })
    .optional(),
  /** eigenfrequencies of a modal analysis */
  modes: z.number().int().min(1).max(50).optional(),
  /** the model's size limit in mesh nodes (SIM_LIMIT_EXCEEDED past it) */
  max_nodes: z.number().int().min(100).max(2_000_000).optional(),
  /** filled in by normalisation: fingerprint of the material the job used */
  library_sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
export type FemJobSpec = z.infer<typeof FemJobSpec>;

/** Processes a manufacturability check knows (electron/domains/dfm/flow.ts). */
export const DfmProcess = z.enum(['milling', 'fdm']);
export type DfmProcess = z.infer<typeof DfmProcess>;
/** A milling setup: the direction the tool comes from ('+z' = a vertical tool from above). */
export const DfmSetup = z.enum(['+z', '-z', '+x', '-x', '+y', '-y']);
export type DfmSetup = z.infer<typeof DfmSetup>;
export const DfmOptions = z.strictObject({
  /** milling: only these library tools (ids); default every tool of the library */
  tools: z.array(z.string().min(1)).min(1).max(200).optional(),
  /** thinnest wall allowed; default by the part's material (milling) or two nozzle widths (FDM) */
  min_wall_mm: z.number().positive().max(100).optional(),
  /** FDM: narrowest hole that prints; default 2.5 nozzle widths */
  min_hole_mm: z.number().positive().max(100).optional(),
  /** milling: deepest drilled hole as a multiple of its diameter; default 10 */
  max_hole_depth_ratio: z.number().positive().max(100).optional(),
  /** FDM: steepest overhang from vertical without support (degrees); default 45 */
  overhang_deg: z.number().min(0).max(89).optional(),
  /** FDM: supports may be printed (an overhang is then a warning, not an error); default false */
  supports: z.boolean().optional(),
  nozzle_mm: z.number().positive().max(5).optional(),
  layer_mm: z.number().positive().max(2).optional(),
  /** FDM: infill as a fraction; default 0.2 */
  infill: z.number().min(0).max(1).optional(),
  print_speed_mm_s: z.number().positive().max(1000).optional(),
  /** FDM: the printer's bed and height (mm); default 220 × 220 × 250 */
  bed_mm: z.strictObject({ x: z.number().positive(), y: z.number().positive(), z: z.number().positive() }).optional(),
  /** sample points per face side (samples × samples per face) */
  samples: z.number().int().min(2).max(12).optional(),
  /** cast every ray as a Part section of the whole solid (slow on large parts; a cross-check of the fast rays) */
  exact_rays: z.boolean().optional(),
});
export type DfmOptions = z.infer<typeof DfmOptions>;
/** Can this part be made? A manufacturability (DFM) report against a process, the shop's machine and tools. */
export const CheckJobSpec = z.object({
  type: z.literal('check'),
  /** a finished job's id (its STEP or FCStd) or the path of a STEP/FCStd file, as a CAM job takes its part */
  part: z.string().min(1),
  /** filled in by normalisation: SHA-256 of the part file */
  part_sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  process: DfmProcess,
  /** milling: a library machine (its envelope is checked); FDM takes options.bed_mm */
  machine: z.string().min(1).optional(),
  /** milling setups; default ['+z'] */
  setups: z.array(DfmSetup).min(1).max(6).optional(),
  options: DfmOptions.optional(),
  /** filled in by normalisation: fingerprint of the tools and machine the check used */
  library_sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
export type CheckJobSpec = z.infer<typeof CheckJobSpec>;

/**
 * Every kind of job. Flows that other issues add (import, cam, prompt, script) append their spec
 * here and register a flow with the job manager.
 */
export const JobSpec = z.discriminatedUnion('type', [
  TemplateJobSpec,
  CamJobSpec,
  ImportJobSpec,
  ScriptJobSpec,
  PromptJobSpec,
  AssemblyJobSpec,
  DrawingJobSpec,
  FemJobSpec,
  ExportJobSpec,
  CheckJobSpec,
]);
export type JobSpec = z.infer<typeof JobSpec>;

export const ArtefactKind = z.enum([
  'fcstd',
  'step',
  'stl',
  'glb',
  'gcode',
  'cam_report',
  'import_report',
  'script',
  'source',
  'bom_csv',
  'svg',
  'pdf',
  'dxf',
  'vtu',
  'csv',
  'inp',
  'frd',
  // exports (electron/domains/export/flow.ts)
  'iges',
  'brep',
  '3mf',
  'obj',
]);
export type ArtefactKind = z.infer<typeof ArtefactKind>;

export const BBox = z.object({
  xmin: z.number(),
  ymin: z.number(),
  zmin: z.number(),
  xmax: z.number(),
  ymax: z.number(),
  zmax: z.number(),
});
export type BBox = z.infer<typeof BBox>;

export const Metrics = z.object({
  solids: z.number().int(),
  shells: z.number().int().optional(),
  faces: z.number().int(),
  edges: z.number().int(),
  vertices: z.number().int().optional(),
  volume_mm3: z.number().nullable(),
  area_mm2: z.number(),
  bbox_mm: BBox,
  center_of_mass_mm: z.object({ x: z.number(), y: z.number(), z: z.number() }).nullable(),
  mass_g: z.number().nullable().optional(),
  material: z.string().nullable().optional(),
  triangles: z.number().int(),
  is_valid: z.boolean().optional(),
  durations_ms: z.record(z.string(), z.number()).optional(),
  worker_peak_rss_mb: z.number().nullable().optional(),
});
export type Metrics = z.infer<typeof Metrics>;
