// What an assembly job keeps (electron/domains/assembly/flow.ts → job.document.result.assembly): each
// component's solved placement, the solver's verdict (status, residual per joint, DOF), clashes and
// the bill of materials. Read by the CLI (`tezgah assemble --json`) and the API.
import { z } from 'zod';
import { BBox } from '../job-spec.js';

const Vec3 = z.tuple([z.number(), z.number(), z.number()]);

export const AssemblyPlacement = z.strictObject({
  position: Vec3,
  /** unit quaternion [x, y, z, w], w ≥ 0 */
  rotation_quat: z.tuple([z.number(), z.number(), z.number(), z.number()]),
});
export type AssemblyPlacement = z.infer<typeof AssemblyPlacement>;

export const AssemblyCollision = z.strictObject({ a: z.string(), b: z.string(), volume_mm3: z.number(), bbox_mm: BBox });
export type AssemblyCollision = z.infer<typeof AssemblyCollision>;

export const BomLine = z.strictObject({
  designation: z.string(),
  qty: z.number().int().positive(),
  /** the components of this line, sorted */
  components: z.array(z.string()),
  source: z.enum(['template', 'job', 'file']),
  /** sha256 of the source: the file's, or the canonical template spec's */
  source_sha256: z.string(),
  material: z.string().nullable(),
  volume_mm3: z.number(),
  /** each, from the material's density; null without a material */
  mass_g: z.number().nullable(),
});
export type BomLine = z.infer<typeof BomLine>;

export const AssemblyResult = z.strictObject({
  placements: z.record(z.string(), AssemblyPlacement),
  solver: z.strictObject({
    /** what assembly.solve() returned (0 even when joints conflict: residuals decide) */
    status: z.number(),
    /** the solver reported a redundant constraint */
    redundant: z.boolean(),
    tolerance_mm: z.number(),
    tolerance_rad: z.number(),
  }),
  dof: z.strictObject({
    /** Grübler–Kutzbach: 6 per free component minus what each joint takes */
    global: z.number().int(),
    joints: z.record(z.string(), z.number().int()),
  }),
  residuals: z.record(z.string(), z.strictObject({ mm: z.number(), rad: z.number() })),
  collision_mode: z.enum(['validate', 'allow']),
  collisions: z.array(AssemblyCollision),
  checked_pairs: z.number().int().nonnegative(),
  pruned_pairs: z.number().int().nonnegative(),
  bom: z.array(BomLine),
  /** the placements read back from the saved FCStd */
  reopened: z.record(z.string(), AssemblyPlacement.nullable()),
  joints_in_file: z.array(z.string()),
  /** the kinematic sweep (spec.drivers, stepping together; one that runs out holds its end): one frame per step, solved and measured */
  sweep: z
    .strictObject({
      drivers: z.array(z.strictObject({ joint: z.string(), param: z.enum(['angle', 'z']) })),
      frames: z.array(
        z.strictObject({
          /** each driver's value in this frame, in the drivers' order */
          values: z.array(z.number()),
          valid: z.boolean(),
          violated: z.array(z.string()),
          residuals: z.record(z.string(), z.strictObject({ mm: z.number(), rad: z.number() })),
          placements: z.record(z.string(), AssemblyPlacement),
        }),
      ),
    })
    .nullable(),
  /** the exploded view (spec.options.exploded, else auto with factor 1): world offset and placement per component */
  exploded: z.strictObject({
    mode: z.enum(['auto', 'offsets']),
    /** auto: the factor on each component's extent along its way out; null for given offsets */
    factor: z.number().nullable(),
    offsets: z.record(z.string(), Vec3),
    placements: z.record(z.string(), AssemblyPlacement),
  }),
  /** cylindrical holes found per component (what hole:N counts) */
  holes: z.record(z.string(), z.number().int().nonnegative()),
});
export type AssemblyResult = z.infer<typeof AssemblyResult>;

/** job.document.result of an assembly job. */
export const AssemblyJobResult = z.strictObject({ assembly: AssemblyResult });
export type AssemblyJobResult = z.infer<typeof AssemblyJobResult>;
