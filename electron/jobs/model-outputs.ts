// What every geometry flow (template, import, script, prompt) makes of a worker's run: the FCStd,
// STEP and STL it exported, the GLB preview written here from its tessellation, and the metrics.
import { join } from 'node:path';
import { TezgahError } from '../../shared/errors.js';
import type { Metrics } from '../../shared/jobs.js';
import type { Material } from '../../shared/library.js';
import { writeGlb } from '../../freecad-bridge/src/glb.js';
import { writeNodeFile } from '../../freecad-bridge/src/jobdir.js';
import type { RunResult } from '../../freecad-bridge/src/types.js';
import { flowOutput, type FlowContext, type FlowOutput } from './flow.js';

export { ARTEFACT_MIME } from './flow.js';

const EXT = { fcstd: 'FCStd', step: 'step', stl: 'stl' } as const;

/** The worker's metrics with the job's timings, memory and (when a material is known) mass. */
export function jobMetrics(res: RunResult, material?: Material | null): Metrics | null {
  if (!res.metrics) return null;
  const volume = res.metrics.volume_mm3;
  return {
    ...res.metrics,
    material: material?.id ?? null,
    mass_g: volume !== null && material ? Math.round((volume / 1000) * material.density_g_cm3 * 1000) / 1000 : null,
    durations_ms: { ...res.durations_ms, ...(res.metrics.durations_ms ?? {}) },
    worker_peak_rss_mb: res.worker_peak_rss_mb,
  };
}

/**
 * The exported files as job outputs, named after `base`, plus the GLB preview (a step of its own).
 * `required` lists the kinds the worker must have produced; others are added when present.
 */
export async function modelOutputs(
  ctx: FlowContext,
  res: RunResult,
  opts: { dir: string; base: string; required?: ('fcstd' | 'step' | 'stl')[] },
): Promise<FlowOutput[]> {
  const required = opts.required ?? ['fcstd', 'step', 'stl'];
  const outputs: FlowOutput[] = [];
  for (const kind of ['fcstd', 'step', 'stl'] as const) {
    const o = res.outputs.find((x) => x.kind === kind);
    if (!o) {
      if (required.includes(kind)) throw new TezgahError('FC_EXPORT_FAILED', { reason: `the worker produced no ${kind}` });
      continue;
    }
    outputs.push(
      flowOutput(kind, `${opts.base}.${EXT[kind]}`, join(opts.dir, o.file), { ...(o.meta ?? {}), freecad: res.freecad_version }),
    );
  }
  const mesh = res.outputs.find((x) => x.kind === 'mesh');
  if (!mesh) throw new TezgahError('FC_EXPORT_FAILED', { reason: 'the worker produced no preview mesh' });
  const glbPath = join(opts.dir, `${opts.base}.glb`);
  const glbBytes = await ctx.step('write_glb', async () => {
    const bytes = await writeGlb(join(opts.dir, mesh.file), { name: opts.base });
    await writeNodeFile(opts.dir, `${opts.base}.glb`, bytes); // never through a link the worker planted
    return bytes.byteLength;
  });
  outputs.push(flowOutput('glb', `${opts.base}.glb`, glbPath, { bytes: glbBytes, ...(mesh.meta ?? {}) }));
  return outputs;
}
