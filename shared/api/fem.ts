// The API contract's fem methods. FEM: a finished analysis's summary in one shape (the CLI's
// `--json` "fem" object of issue 14; fields that do not apply to the analysis are null), and the
// materials an analysis can use.
import { z } from 'zod';
import { Id, out } from './contract.js';

/** A FEM job's summary numbers, as `tezgah fem --json` prints them. */
export interface FemSummary {
  job_id: string;
  analysis: 'static' | 'modal';
  material: string;
  nodes: number;
  elements: number;
  mesh_size_mm: number;
  max_von_mises_mpa: number | null;
  max_von_mises_at_mm: [number, number, number] | null;
  max_displacement_mm: number | null;
  displacement_at_max_mm: [number, number, number] | null;
  reaction_n: [number, number, number] | null;
  applied_n: [number, number, number] | null;
  frequencies_hz: number[] | null;
  factor_of_safety: number | null;
  /** thermal analyses are not built yet: always null */
  max_temperature_c: number | null;
  mass_kg: number;
}

/** A library material with the elastic data an analysis needs. */
export interface FemMaterial {
  id: string;
  name: { en: string; tr: string };
  youngs_modulus_gpa: number;
  poisson_ratio: number;
  density_g_cm3: number;
  yield_strength_mpa: number | null;
}

export const femMethods = {
  /** A finished FEM job's summary. */
  'fem.summary': { input: z.object({ id: Id }), output: out<FemSummary>() },
  /** The library's materials that have elastic data. */
  'fem.materials': { input: z.object({}), output: out<FemMaterial[]>() },
} as const;
