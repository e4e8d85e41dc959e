// The FEM API group. `fem.summary`: a finished analysis's numbers in the one shape the CLI and the UI
// read; `fem.materials`: the library's materials an analysis can use (those with elastic data).
import type { ApiGroup, FemSummary } from '../../../shared/api/index.js';
import { TezgahError } from '../../../shared/errors.js';
import { isJobOf, resultOf, type JobRecord } from '../../../shared/jobs.js';
import type { JobManager } from '../../jobs/manager.js';
import type { Library } from '../library/library.js';

export interface FemApiDeps {
  jobs: JobManager;
  library: Library;
}

export function femApi(d: FemApiDeps): ApiGroup<'fem'> {
  return {
    'fem.summary': ({ id }) => {
      const job = d.jobs.get(id);
      if (!isJobOf(job, 'fem'))
        throw new TezgahError('VALIDATION_ERROR', { field: 'id', detail: `job ${id} is a ${job.type} job, not an analysis` });
      const s = femSummary(job);
      if (!s) throw new TezgahError('VALIDATION_ERROR', { field: 'id', detail: `job ${id} is ${job.status}; it has no result` });
      return s;
    },
    'fem.materials': () =>
      d.library.materials().flatMap((m) =>
        m.mechanical
          ? [
              {
                id: m.id,
                name: m.name,
                youngs_modulus_gpa: m.mechanical.youngs_modulus_gpa,
                poisson_ratio: m.mechanical.poisson_ratio,
                density_g_cm3: m.density_g_cm3,
                yield_strength_mpa: m.mechanical.yield_strength_mpa ?? null,
              },
            ]
          : [],
      ),
  };
}

/** A FEM job's summary, or null before it succeeded. */
export function femSummary(job: JobRecord): FemSummary | null {
  const fem = resultOf(job, 'fem');
  if (!fem) return null;
  return {
    job_id: job.id,
    analysis: fem.analysis,
    material: fem.material.id,
    nodes: fem.nodes,
    elements: fem.elements,
    mesh_size_mm: fem.mesh_size_mm,
    max_von_mises_mpa: fem.max_von_mises_mpa,
    max_von_mises_at_mm: fem.max_von_mises_at_mm,
    max_displacement_mm: fem.max_displacement_mm,
    displacement_at_max_mm: fem.max_displacement_at_mm,
    reaction_n: fem.reaction_n,
    applied_n: fem.applied_n,
    frequencies_hz: fem.frequencies_hz,
    factor_of_safety: fem.factor_of_safety,
    max_temperature_c: null,
    mass_kg: fem.mass_kg,
  };
}
