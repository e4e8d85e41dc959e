// The parametric flow: a template and its parameters become a solid in FreeCAD, exported to FCStd,
// STEP, STL and a GLB preview, measured, and weighed with the material's density.
import { TezgahError } from '../../../shared/errors.js';
import type { TemplateJobSpec } from '../../../shared/jobs.js';
import type { Process } from '../../../shared/library.js';
import { TEMPLATE_IDS, findTemplate, validateTemplateParams } from '../../../shared/templates.js';
import type { Library } from '../library/library.js';
import type { Flow } from '../../jobs/flow.js';
import { jobMetrics, modelOutputs } from '../../jobs/model-outputs.js';

export const DEFAULT_MATERIAL = 'aluminium-6061';
export const DEFAULT_PROCESS: Process = 'cnc_milling';

export function templateFlow(library: Library): Flow<TemplateJobSpec> {
  return {
    type: 'template',
    steps: [
      'validate',
      'model',
      'recompute',
      'export_fcstd',
      'export_step',
      'export_stl',
      'tessellate',
      'metrics',
      'write_glb',
      'store_artefacts',
    ],

    normalise(spec) {
      const def = findTemplate(spec.template);
      if (!def) throw new TezgahError('UNKNOWN_TEMPLATE', { template: spec.template, templates: TEMPLATE_IDS });
      const r = validateTemplateParams(def, spec.params);
      if (!r.ok) {
        const first = r.issues[0]!;
        const param = def.params.find((p) => p.name === first.field);
        const code = first.rule === 'range' && param?.unit === 'mm' ? 'DIMENSION_ERROR' : 'VALIDATION_ERROR';
        throw new TezgahError(code, {
          field: first.field,
          detail: first.message,
          min: param?.allowZero ? 0 : param?.min,
          max: param?.max,
          issues: r.issues.map((i) => ({ field: i.field, rule: i.rule, message: i.message })),
        });
      }
      const materialId = spec.material ?? DEFAULT_MATERIAL;
      const material = library.getMaterial(materialId);
      if (!material)
        throw new TezgahError('VALIDATION_ERROR', {
          field: 'material',
          detail: `unknown material '${materialId}'; known: ${library
            .materials()
            .map((m) => m.id)
            .join(', ')}`,
        });
      const process = (spec.process ?? DEFAULT_PROCESS) as Process;
      if (!material.processes.includes(process))
        throw new TezgahError('MATERIAL_PROCESS_INCOMPATIBLE', { process, material: materialId, allowed: material.processes });
      return { type: 'template', template: def.id, params: r.params, material: materialId, process };
    },

    async run(ctx, spec) {
      await ctx.step('validate', () => undefined);
      const w = await ctx.runWorker({ flow: 'template', input: { template: spec.template, params: spec.params } });
      const material = spec.material ? library.getMaterial(spec.material) : undefined;
      return {
        outputs: await modelOutputs(ctx, w.run, { dir: ctx.jobDir, base: spec.template }),
        metrics: jobMetrics(w.run, material),
        warnings: w.warnings,
      };
    },
  };
}
