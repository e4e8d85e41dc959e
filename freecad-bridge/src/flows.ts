// What each Python flow (freecad-bridge/python/flows/<flow>.py) reads from request.json "input" and
// writes into result.json "data", as zod schemas: the TypeScript side types its requests with them
// and checks every answer (parseWorkerData), and freecad-bridge/python/schemas/<flow>.json is
// generated from them (npx tsx freecad-bridge/write-schemas.ts) for the Python side, so a key
// renamed on one side fails a test.
import { z } from 'zod';
import { BBox } from '../../shared/job-spec.js';
import { AssemblyNode, ImportFormat, ImportWorkerPart } from '../../shared/results/import.js';

/** Test-only request flags (input.__test), honoured only when the bridge enables test hooks. */
const TestHook = z.record(z.string(), z.unknown()).optional();
const FileName = z.string().regex(/^[^/\\]+$/);

// --- probe: versions of the runtime, optionally a file's measurements ------------------------------
export const ProbeInput = z.strictObject({ file: FileName.optional(), __test: TestHook });
export const ProbeData = z.strictObject({
  freecad_version: z.string(),
  freecad_build: z.string().nullable(),
  occt_version: z.string().nullable(),
  python_version: z.string(),
  measure: z
    .strictObject({
      solids: z.number(),
      faces: z.number(),
      edges: z.number(),
      volume_mm3: z.number().nullable(),
      area_mm2: z.number(),
      bbox_mm: BBox,
      is_valid: z.boolean(),
    })
    .optional(),
});

// --- template: a parametric part -------------------------------------------------------------------
export const TemplateInput = z.strictObject({
  template: z.string(),
  params: z.record(z.string(), z.union([z.number(), z.string()])),
  __test: TestHook,
});
export const TemplateData = z.strictObject({ template: z.string() });

// --- import: a user's CAD or mesh file -------------------------------------------------------------
export const ImportInput = z.strictObject({
  /** file name of the read-only copy in the job dir */
  source: FileName,
  format: ImportFormat,
  /** label of the part/document */
  name: z.string(),
  /** mm per file unit that the reader converts by itself (STEP, IGES), else null */
  reader_unit_mm: z.number().nullable(),
  /** the user's unit as mm per unit, else null (auto) */
  user_unit_mm: z.number().nullable(),
  z_up: z.boolean(),
  center: z.boolean(),
  refine: z.boolean(),
  repair: z.boolean(),
  require_solid: z.boolean(),
  preview_triangles: z.number().int().positive(),
  /** triangles the text of an OBJ/ASCII STL holds (counted before), else null */
  expected_triangles: z.number().int().nonnegative().nullable(),
  __test: TestHook,
});
export const WorkerImportData = z.strictObject({
  scale: z.number(),
  inferred_unit: z.string().nullable(),
  conversions: z.array(z.record(z.string(), z.unknown())),
  repairs: z.array(z.record(z.string(), z.unknown())),
  parts: z.array(ImportWorkerPart),
  assembly: z.array(AssemblyNode),
  mesh: z.record(z.string(), z.unknown()).nullable(),
  /** notes by catalogue key (shared/i18n/import.ts note.*), filled in both languages by the flow */
  notes: z.array(
    z.strictObject({
      key: z.enum(['noStep', 'brepOnly', 'keptAsMesh']),
      params: z.record(z.string(), z.union([z.string(), z.number()])),
    }),
  ),
});
export type WorkerImportData = z.infer<typeof WorkerImportData>;
export const ImportData = z.strictObject({ import: WorkerImportData });

// --- cam: analyse a part, then generate toolpaths and post them ------------------------------------
const FaceName = z.string().regex(/^Face\d+$/);

export const Hole = z.object({
  x: z.number(),
  y: z.number(),
  diameter: z.number().positive(),
  top_z: z.number(),
  bottom_z: z.number(),
  depth: z.number().positive(),
  through: z.boolean(),
  /** the face the drilling operation is given; `faces` are all faces of this hole */
  face: FaceName,
  faces: z.array(FaceName).min(1),
});
export type Hole = z.infer<typeof Hole>;

export const Pocket = z.object({
  face: FaceName,
  floor_z: z.number(),
  depth: z.number().positive(),
  /** the widest cutter that reaches every part of the floor (twice the largest inward offset) */
  min_width: z.number().nonnegative(),
  area: z.number().nonnegative(),
  islands: z.number().int().nonnegative(),
  bbox: BBox,
});
export type Pocket = z.infer<typeof Pocket>;

/** What flows/cam_features.py finds on a part before any toolpath. */
export const PartFeatures = z.object({
  bbox: BBox,
  volume_mm3: z.number(),
  holes: z.array(Hole),
  pockets: z.array(Pocket),
  top_faces: z.array(FaceName),
  faces: z.number().int().positive(),
});
export type PartFeatures = z.infer<typeof PartFeatures>;

const Vec3 = z.tuple([z.number(), z.number(), z.number()]);
export const CamAnalyseInput = z.strictObject({ mode: z.literal('analyse'), part: FileName, __test: TestHook });
export const CamGenerateInput = z.strictObject({
  mode: z.literal('generate'),
  part: FileName,
  label: z.string(),
  /** added to part coordinates to get work coordinates */
  shift: Vec3,
  /** the plan as flows/cam_job.py reads it (electron/domains/cam/flow.ts, pythonPlan) */
  plan: z.strictObject({
    stock: BBox,
    heights: z.strictObject({ clearance: z.number(), safe: z.number(), retract: z.number() }),
    tool_controllers: z.array(
      z.strictObject({
        id: z.string(),
        label: z.string(),
        rpm: z.number(),
        feed_mm_min: z.number(),
        plunge_mm_min: z.number(),
        /** the library tool (shared/library.ts Tool) */
        tool: z.record(z.string(), z.unknown()),
      }),
    ),
    ops: z.array(
      z.strictObject({
        id: z.string(),
        label: z.string(),
        kind: z.enum(['facing', 'profile', 'pocket', 'drill', 'adaptive']),
        tc: z.string(),
        faces: z.array(z.string()),
        start_depth: z.number(),
        final_depth: z.number(),
        step_down: z.number(),
        step_over_percent: z.number(),
        coolant: z.enum(['None', 'Flood']),
        side: z.enum(['Inside', 'Outside']).optional(),
        through: z.boolean().optional(),
        peck_depth: z.number().nullable().optional(),
        /** tabs to cut into the path (flows/cam_tabs.py); an onion skin is already in final_depth */
        tabs: z.strictObject({ count: z.number(), width_mm: z.number(), height_mm: z.number() }).optional(),
        /** end mills: plunges into material become zig-zag ramps at this angle (flows/cam_ramp.py) */
        ramp_deg: z.number().positive().max(45).optional(),
      }),
    ),
  }),
  /** the post's name and options (flows/cam_post.py) */
  post: z.strictObject({
    name: z.enum(['grbl', 'linuxcnc', 'fanuc']),
    expand_cycles: z.boolean(),
    manual_tool_change: z.boolean(),
    emit_m6: z.boolean(),
    tool_length_offset: z.boolean(),
    clearance: z.number(),
    tool_names: z.record(z.string(), z.string()),
    /** a manual tool change: G53 change position (null: no G53), the stock top's work Z, how the length is set */
    tool_change: z
      .strictObject({
        machine: z.strictObject({ x: z.number(), y: z.number(), z: z.number() }).nullable(),
        touch: z.array(z.strictObject({ z: z.number(), faced: z.boolean() })),
        touch_off: z.enum(['stock-top', 'tool-table']),
      })
      .optional(),
  }),
  files: z.strictObject({ gcode: FileName, fcstd: FileName }),
  __test: TestHook,
});
export const CamInput = z.discriminatedUnion('mode', [CamAnalyseInput, CamGenerateInput]);
export const CamAnalyseData = z.strictObject({ part: PartFeatures });
export const CamGenerateData = z.strictObject({
  operations: z.array(
    z.strictObject({
      id: z.string(),
      label: z.string(),
      kind: z.string(),
      commands: z.number(),
      cutting_moves: z.number(),
      tool_number: z.number(),
    }),
  ),
  post: z.strictObject({ name: z.string(), args: z.string(), fixes: z.array(z.string()) }),
  /** the tabs placed on each operation that has them: centres on the path, tab top */
  tabs: z
    .array(z.strictObject({ id: z.string(), top_z: z.number(), positions: z.array(z.strictObject({ x: z.number(), y: z.number() })) }))
    .optional(),
  /** ramps made per operation, and plunges left straight (followed by an arc) */
  ramps: z.array(z.strictObject({ id: z.string(), ramps: z.number(), plunges_left: z.number() })).optional(),
});
export type CamGenerateData = z.infer<typeof CamGenerateData>;
export const CamData = z.union([CamAnalyseData, CamGenerateData]);

// --- drawing: a part's technical drawing (TechDraw, headless) -------------------------------------
export const DrawingSheet = z.enum(['A4', 'A3']);
export const DrawingProjection = z.enum(['first', 'third']);
export const DrawingViewName = z.enum(['front', 'top', 'right', 'iso']);
export const DrawingInput = z.strictObject({
  /** the part file in the job dir (STEP or FCStd) */
  part: FileName,
  /** the part's name (the FreeCAD object's label) */
  label: z.string(),
  sheet: z.union([DrawingSheet, z.literal('auto')]),
  /** a view scale (0.5 = 1:2), or null: the largest ISO 5455 scale that fits */
  scale: z.number().positive().nullable(),
  projection: DrawingProjection,
  views: z.array(DrawingViewName).min(1),
  /** the template's editable texts by name (title, date_of_issue, drawing_number, …) */
  fields: z.record(z.string(), z.string()),
  /** the template's label texts by SVG id (the title block in Turkish) */
  labels: z.record(z.string(), z.string()),
  files: z.strictObject({ svg: FileName, pdf: FileName, dxf: FileName, fcstd: FileName }),
  __test: TestHook,
});
const Box4 = z.array(z.number()).length(4);
export const DrawingDimension = z.strictObject({
  view: DrawingViewName,
  type: z.enum(['length', 'diameter', 'bolt_circle', 'position']),
  value_mm: z.number(),
  /** what the sheet shows (⌀ before a diameter, "6× " before a repeated one) */
  text: z.string(),
  count: z.number().int().optional(),
  /** FreeCAD's own DrawViewDimension text, for the dimensions it measured */
  freecad_text: z.string().optional(),
  /** the text's box on the sheet (x0, y0, x1, y1 mm, y down) */
  box: Box4,
});
export type DrawingDimension = z.infer<typeof DrawingDimension>;
export const DrawingView = z.strictObject({
  name: DrawingViewName,
  direction: z.array(z.number()).length(3),
  scale: z.number(),
  x_mm: z.number(),
  y_mm: z.number(),
  width_mm: z.number(),
  height_mm: z.number(),
});
export const DrawingData = z.strictObject({
  drawing: z.strictObject({
    sheet: DrawingSheet,
    scale: z.number(),
    scale_text: z.string(),
    projection: DrawingProjection,
    views: z.array(DrawingView),
    dimensions: z.array(DrawingDimension),
    omitted_views: z.array(DrawingViewName),
  }),
});
export type DrawingData = z.infer<typeof DrawingData>;

// --- script: an untrusted FreeCAD script under the runtime guard -----------------------------------
export const ScriptInput = z.strictObject({
  /** the policy's canonical text (never the raw source) */
  source: z.string(),
  name: z.string(),
  /** freecad-bridge/src/policy/rules.json, which the runtime guard enforces too */
  rules: z.record(z.string(), z.unknown()),
  __test: TestHook,
});
export const ScriptData = z.strictObject({
  /** SHA-256 of the text the worker ran: the app checks it is the text it checked */
  script_hash: z.string(),
  solids: z.number().optional(),
  shape_type: z.string().optional(),
});

// --- assembly: components placed by joints, solved, checked for clashes -----------------------------
const Quat = z.tuple([z.number(), z.number(), z.number(), z.number()]);
const Frame = z.strictObject({ pos: Vec3, quat: Quat });
const AsmRange = z.tuple([z.number(), z.number()]);
export const AssemblyInput = z.strictObject({
  name: z.string(),
  /** sorted by id; a template component is built with flows/template.py's builders, a file one is read */
  components: z.array(
    z.strictObject({
      id: z.string(),
      grounded: z.boolean(),
      placement: Frame,
      /** no initial placement in the spec: start the solver from its joint partner's frame */
      preplace: z.boolean(),
      template: z.strictObject({ template: z.string(), params: z.record(z.string(), z.union([z.number(), z.string()])) }).optional(),
      file: FileName.optional(),
      format: z.enum(['step', 'fcstd']).optional(),
    }),
  ),
  /** component id → LCS name → frame in the component's coordinates */
  lcs: z.record(z.string(), z.record(z.string(), Frame)),
  /** sorted by id */
  joints: z.array(
    z.strictObject({
      id: z.string(),
      type: z.enum(['fixed', 'revolute', 'cylindrical', 'slider', 'ball', 'planar']),
      a: z.strictObject({ component: z.string(), ref: z.string() }),
      b: z.strictObject({ component: z.string(), ref: z.string() }),
      limits: z.strictObject({ angle_deg: AsmRange.optional(), z_mm: AsmRange.optional() }).optional(),
    }),
  ),
  collision: z.enum(['validate', 'allow']),
  /** a kinematic sweep: the drivers step together, each joint held at its values (deg for angle, mm for z) in turn */
  drivers: z
    .array(z.strictObject({ joint: z.string(), param: z.enum(['angle', 'z']), values: z.array(z.number()).min(1) }))
    .min(1)
    .optional(),
  /** the exploded view: auto (each component off its partner by factor × its extent) or given world offsets */
  exploded: z
    .union([z.strictObject({ factor: z.number().positive() }), z.strictObject({ offsets: z.record(z.string(), Vec3) })])
    .optional(),
  files: z.strictObject({ fcstd: FileName }),
  __test: TestHook,
});
const AsmPlacement = z.strictObject({ position: Vec3, rotation_quat: Quat });
export const AssemblyData = z.strictObject({
  assembly: z.strictObject({
    placements: z.record(z.string(), AsmPlacement),
    reopened: z.record(z.string(), AsmPlacement.nullable()),
    joints_in_file: z.array(z.string()),
    residuals: z.record(z.string(), z.strictObject({ mm: z.number(), rad: z.number() })),
    solver_status: z.number(),
    redundant: z.boolean(),
    collisions: z.array(z.strictObject({ a: z.string(), b: z.string(), volume_mm3: z.number(), bbox_mm: BBox })),
    checked_pairs: z.number().int(),
    pruned_pairs: z.number().int(),
    components: z.array(z.strictObject({ id: z.string(), volume_mm3: z.number(), bbox_mm: BBox })),
    holes: z.record(z.string(), z.number().int()),
    frames: z
      .array(
        z.strictObject({
          /** each driver's value in this frame, in the drivers' order */
          values: z.array(z.number()),
          valid: z.boolean(),
          violated: z.array(z.string()),
          residuals: z.record(z.string(), z.strictObject({ mm: z.number(), rad: z.number() })),
          placements: z.record(z.string(), AsmPlacement),
        }),
      )
      .nullable(),
    exploded: z.strictObject({ offsets: z.record(z.string(), Vec3), placements: z.record(z.string(), AsmPlacement) }),
  }),
});
export type AssemblyData = z.infer<typeof AssemblyData>;
// --- fem: a linear static or modal analysis (FreeCAD FEM, Gmsh, CalculiX) -------------------------
const Xyz = z.tuple([z.number(), z.number(), z.number()]);
const Selectors = z.array(z.string()).min(1);
export const FemInput = z.strictObject({
  part: FileName,
  label: z.string(),
  analysis: z.enum(['static', 'modal']),
  material: z.strictObject({
    name: z.string(),
    youngs_modulus_mpa: z.number().positive(),
    poisson_ratio: z.number().min(0).lt(0.5),
    density_kg_m3: z.number().positive(),
  }),
  constraints: z.array(z.strictObject({ type: z.literal('fixed'), faces: Selectors })),
  loads: z.array(
    z.discriminatedUnion('type', [
      z.strictObject({ type: z.literal('force'), faces: Selectors, force_n: z.number().positive(), direction: Xyz }),
      z.strictObject({ type: z.literal('pressure'), faces: Selectors, pressure_mpa: z.number() }),
    ]),
  ),
  /** size_mm null: from the part's box (flows/fem.py, default_size) */
  mesh: z.strictObject({ size_mm: z.number().positive().nullable(), second_order: z.boolean() }),
  modes: z.number().int().positive(),
  max_nodes: z.number().int().positive(),
  threads: z.number().int().positive(),
  files: z.strictObject({ fcstd: FileName, inp: FileName, frd: FileName, csv: FileName, vtu: FileName }),
  __test: TestHook,
});
export const FemWorkerData = z.strictObject({
  analysis: z.enum(['static', 'modal']),
  nodes: z.number().int(),
  elements: z.number().int(),
  max_von_mises_mpa: z.number().nullable(),
  max_von_mises_at_mm: Xyz.nullable(),
  max_displacement_mm: z.number().nullable(),
  max_displacement_at_mm: Xyz.nullable(),
  reaction_n: Xyz.nullable(),
  applied_n: Xyz.nullable(),
  frequencies_hz: z.array(z.number()).nullable(),
  faces: z.strictObject({ constraints: z.array(z.array(z.string())), loads: z.array(z.array(z.string())) }),
  mesh_size_mm: z.number(),
  second_order: z.boolean(),
  volume_mm3: z.number(),
  ccx_seconds: z.number(),
});
export type FemWorkerData = z.infer<typeof FemWorkerData>;
export const FemData = z.strictObject({ fem: FemWorkerData });
// --- dfm: manufacturability checks on the B-rep (milling, FDM) -------------------------------------
const Box3 = z.strictObject({ x: z.number().positive(), y: z.number().positive(), z: z.number().positive() });
export const DfmInput = z.strictObject({
  part: FileName,
  process: z.enum(['milling', 'fdm']),
  setups: z.array(z.enum(['+z', '-z', '+x', '-x', '+y', '-y'])).min(1),
  tools: z.array(
    z.strictObject({
      id: z.string(),
      type: z.enum(['endmill', 'ball', 'drill', 'chamfer', 'face_mill']),
      diameter_mm: z.number().positive(),
      flute_length_mm: z.number().positive(),
    }),
  ),
  /** the machine's travel (milling) or the printer's bed (FDM); null: no envelope check */
  envelope: Box3.nullable(),
  limits: z.strictObject({
    min_wall_mm: z.number().positive(),
    min_hole_mm: z.number().positive(),
    max_hole_depth_ratio: z.number().positive(),
    overhang_deg: z.number().min(0),
    supports: z.boolean(),
    nozzle_mm: z.number().positive(),
    layer_mm: z.number().positive(),
    infill: z.number().min(0).max(1),
    print_speed_mm_s: z.number().positive(),
  }),
  samples: z.number().int().min(2),
  /** every ray as a Part section of the solid instead of per-face surface intersections */
  exact_rays: z.boolean(),
  __test: TestHook,
});
export const DfmWorkerFinding = z.strictObject({
  code: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  faces: z.array(z.string()),
  measured: z.number().nullable(),
  allowed: z.number().nullable(),
  unit: z.string(),
  at_mm: Xyz.nullable(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.number())])),
});
export type DfmWorkerFinding = z.infer<typeof DfmWorkerFinding>;
export const DfmWorkerData = z.strictObject({
  findings: z.array(DfmWorkerFinding),
  summary: z.strictObject({
    faces: z.number().int(),
    samples_per_face: z.number().int(),
    rays: z.number().int(),
    volume_mm3: z.number(),
    area_mm2: z.number(),
    size_mm: Xyz,
    thinnest_mm: z.number().nullable(),
    layers: z.number().int().optional(),
    printed_mm3: z.number().optional(),
    print_time_s: z.number().int().optional(),
  }),
});
export type DfmWorkerData = z.infer<typeof DfmWorkerData>;
export const DfmData = z.strictObject({ dfm: DfmWorkerData });

// --- export: a part in other formats (exact and mesh) ----------------------------------------------
const ExportFormatName = z.enum(['step-ap242', 'step-ap214', 'iges', 'brep', '3mf', 'obj', 'glb']);
export const ExportInput = z.strictObject({
  part: FileName,
  label: z.string(),
  formats: z.array(ExportFormatName).min(1),
  /** the file each format is written to ('glb': the tessellation the app turns into the GLB) */
  files: z.partialRecord(ExportFormatName, FileName),
  __test: TestHook,
});
export const ExportData = z.strictObject({
  export: z.strictObject({
    volume_mm3: z.number(),
    solids: z.number().int(),
    files: z.array(
      z.strictObject({
        format: ExportFormatName,
        file: FileName,
        bytes: z.number().int(),
        solids: z.number().int().optional(),
        triangles: z.number().int().optional(),
        schema: z.string().optional(),
      }),
    ),
  }),
});

/** Every flow the worker knows, with what it reads and what it answers. */
export const WORKER_FLOWS = {
  probe: { input: ProbeInput, data: ProbeData },
  template: { input: TemplateInput, data: TemplateData },
  import: { input: ImportInput, data: ImportData },
  cam: { input: CamInput, data: CamData },
  script: { input: ScriptInput, data: ScriptData },
  assembly: { input: AssemblyInput, data: AssemblyData },
  drawing: { input: DrawingInput, data: DrawingData },
  fem: { input: FemInput, data: FemData },
  export: { input: ExportInput, data: ExportData },
  dfm: { input: DfmInput, data: DfmData },
} as const;

export type WorkerFlow = keyof typeof WORKER_FLOWS;
/** request.json "input" of a flow, as the caller writes it */
export type WorkerInput<F extends WorkerFlow> = z.input<(typeof WORKER_FLOWS)[F]['input']>;
/** result.json "data" of a flow, once checked */
export type WorkerData<F extends WorkerFlow> = z.infer<(typeof WORKER_FLOWS)[F]['data']>;
/** The data of one answer: the CAM flow's depends on the request's mode. */
export type WorkerAnswer<F extends WorkerFlow, I = WorkerInput<F>> = F extends 'cam'
  ? I extends { mode: 'analyse' }
    ? z.infer<typeof CamAnalyseData>
    : z.infer<typeof CamGenerateData>
  : WorkerData<F>;

/**
 * Each flow's input and data as one JSON Schema (draft 2020-12) of `{ input, data }`: what
 * freecad-bridge/python/schemas/<flow>.json holds (written by freecad-bridge/write-schemas.ts;
 * tests/unit/worker-schemas.test.ts fails when the checked-in files are stale).
 */
export function workerJsonSchemas(): Record<WorkerFlow, Record<string, unknown>> {
  const out = {} as Record<WorkerFlow, Record<string, unknown>>;
  for (const flow of Object.keys(WORKER_FLOWS) as WorkerFlow[]) {
    const { input, data } = WORKER_FLOWS[flow];
    const schema = z.toJSONSchema(z.strictObject({ input, data }), { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
    out[flow] = {
      ...schema,
      title: `Tezgah worker flow '${flow}': request.json "input" and result.json "data"`,
      $comment: 'Generated from freecad-bridge/src/flows.ts by `npx tsx freecad-bridge/write-schemas.ts`; do not edit.',
    };
  }
  return out;
}
