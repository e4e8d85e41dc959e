// What a FEM job keeps (electron/domains/fem/flow.ts → job.document.result.fem): the model as it was
// solved and its summary numbers. Fields that do not apply to the analysis are null (the CLI's
// `--json` shape of issue 14).
import { z } from 'zod';
import { FemAnalysis } from '../job-spec.js';

const Vec3 = z.tuple([z.number(), z.number(), z.number()]);

export const FemResult = z.strictObject({
  analysis: FemAnalysis,
  material: z.strictObject({
    id: z.string(),
    youngs_modulus_mpa: z.number(),
    poisson_ratio: z.number(),
    density_kg_m3: z.number(),
    yield_strength_mpa: z.number().nullable(),
  }),
  nodes: z.number().int(),
  elements: z.number().int(),
  mesh_size_mm: z.number(),
  second_order: z.boolean(),
  /** the faces each constraint and load resolved to, in spec order */
  faces: z.strictObject({ constraints: z.array(z.array(z.string())), loads: z.array(z.array(z.string())) }),
  max_von_mises_mpa: z.number().nullable(),
  max_von_mises_at_mm: Vec3.nullable(),
  max_displacement_mm: z.number().nullable(),
  max_displacement_at_mm: Vec3.nullable(),
  /** sum of the reaction forces at the supports (N) */
  reaction_n: Vec3.nullable(),
  /** sum of the applied loads (N): forces, and pressure × area on planar faces; null when a pressure acts on a curved face */
  applied_n: Vec3.nullable(),
  /** yield strength / max von Mises; null without a yield strength or for a modal run */
  factor_of_safety: z.number().nullable(),
  frequencies_hz: z.array(z.number()).nullable(),
  mass_kg: z.number(),
  ccx_seconds: z.number(),
});
export type FemResult = z.infer<typeof FemResult>;

/** job.document.result of a FEM job. */
export const FemJobResult = z.strictObject({ fem: FemResult });
export type FemJobResult = z.infer<typeof FemJobResult>;
