// Assembly benchmark (issue 12): an N-component assembly (default 50) solved by FreeCAD's Assembly
// workbench through the job manager and the warm pool: a grounded base plate with a hole, a grid of
// small plates fixed onto it (LCS on the base's top), one pin per plate on a revolute in the plate's
// hole (hole:1, found on the geometry), and one pin in the base's own hole. Timed: the whole job
// (submit → succeeded: build, solve, residuals, clash check, exploded view, FCStd/GLB/BOM exports) and
// its solve and clash steps. Each run renames the assembly so nothing comes from a cache.
// Targets (not a test): job ≤ 5 s, the broad phase prunes ≥ 90 % of the pairs.
// Run: `npx tsx bench/assembly.ts` (BENCH_N runs, BENCH_COMPONENTS components, even).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AssemblySpecInput } from '../shared/assembly.js';
import type { JobRecord } from '../shared/jobs.js';
import type { AssemblyResult } from '../shared/results/assembly.js';
import { Workbench } from '../electron/app/app.js';

const N_RUNS = Number(process.env.BENCH_N ?? 3);
const N_COMPONENTS = Number(process.env.BENCH_COMPONENTS ?? 50);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const r1 = (x: number) => Math.round(x * 10) / 10;
const tpl = (template: string, params: Record<string, number>) => ({
  type: 'template' as const,
  spec: { type: 'template' as const, template, params },
});

/** base + (n − 2) / 2 plates with a pin each + a pin in the base: n components, n − 1 joints. */
export function benchSpec(n: number, name: string): AssemblySpecInput {
  const plates = Math.max(0, Math.floor((n - 2) / 2));
  const cols = Math.max(1, Math.ceil(Math.sqrt(plates * 2)));
  const rows = Math.max(1, Math.ceil(plates / cols));
  const [pitchX, pitchY] = [100, 75];
  const length = cols * pitchX + 20;
  const width = rows * pitchY + 20;
  const lcs = Array.from({ length: plates }, (_, k) => ({
    name: `p${k}`,
    origin: [10 + (k % cols) * pitchX, 10 + Math.floor(k / cols) * pitchY, 10] as [number, number, number],
  }));
  const pin = tpl('shaft', { diameter: 10, length: 30, chamfer: 0 });
  const plate = tpl('prism-with-hole', { length: 40, width: 40, height: 8, hole_diameter: 10 });
  // the base's hole is at its centre: keep the grid off it by shifting the centre column's plates
  const holeX = length / 2;
  for (const l of lcs) if (Math.abs(l.origin[0] + 20 - holeX) < 30) l.origin[0] += 50;
  const components: AssemblySpecInput['components'] = [
    {
      id: 'base',
      grounded: true,
      source: tpl('prism-with-hole', { length: length + 50, width, height: 10, hole_diameter: 10 }),
      lcs,
    },
    { id: 'base-pin', source: pin },
  ];
  const joints: AssemblySpecInput['joints'] = [
    { id: 'base-pin', type: 'revolute', a: { component: 'base', ref: 'hole:1' }, b: { component: 'base-pin', ref: 'origin' } },
  ];
  for (let k = 0; k < plates; k++) {
    const id = String(k).padStart(2, '0');
    components.push({ id: `plate-${id}`, source: plate }, { id: `pin-${id}`, source: pin });
    joints.push(
      { id: `fix-${id}`, type: 'fixed', a: { component: 'base', ref: `lcs:p${k}` }, b: { component: `plate-${id}`, ref: 'origin' } },
      { id: `rev-${id}`, type: 'revolute', a: { component: `plate-${id}`, ref: 'hole:1' }, b: { component: `pin-${id}`, ref: 'origin' } },
    );
  }
  return { name, units: 'mm', components, joints, options: { collision: { mode: 'validate' } } };
}

const stepMs = (job: JobRecord, name: string) => job.document.steps.find((s) => s.name === name)?.duration_ms ?? NaN;

export async function benchAssembly() {
  const dataDir = mkdtempSync(join(tmpdir(), 'tezgah-bench-asm-'));
  const wb = new Workbench({ dataDir, poolSize: 1 });
  try {
    // one small job first so the pool's worker is warm (FreeCAD started, Assembly imported)
    const warmup = await wb.jobs.waitFor((await wb.jobs.submit({ type: 'assembly', assembly: benchSpec(2, 'warm-up') })).id);
    if (warmup.status !== 'succeeded') throw new Error(`warm-up failed: ${JSON.stringify(warmup.error)}`);
    const job: number[] = [];
    const solve: number[] = [];
    const clash: number[] = [];
    let last: JobRecord | null = null;
    for (let i = 0; i < N_RUNS; i++) {
      const t0 = performance.now();
      const done = await wb.jobs.waitFor((await wb.jobs.submit({ type: 'assembly', assembly: benchSpec(N_COMPONENTS, `bench-${i}`) })).id);
      job.push(performance.now() - t0);
      if (done.status !== 'succeeded') throw new Error(`run ${i} failed: ${JSON.stringify(done.error)}`);
      solve.push(stepMs(done, 'assembly_solve'));
      clash.push(stepMs(done, 'assembly_clash'));
      last = done;
    }
    const r = (last!.document.result as { assembly: AssemblyResult }).assembly;
    const pairs = r.checked_pairs + r.pruned_pairs;
    const worst = Math.max(...Object.values(r.residuals).map((x) => x.mm));
    return {
      bench: 'assembly',
      components: Object.keys(r.placements).length,
      joints: Object.keys(r.residuals).length,
      global_dof: r.dof.global,
      worst_residual_mm: worst,
      collisions: r.collisions.length,
      pairs,
      checked_pairs: r.checked_pairs,
      pruned_fraction: Math.round((r.pruned_pairs / pairs) * 1000) / 1000,
      job_ms: { runs: job.length, p50: r1(pct(job, 50)), max: r1(Math.max(...job)) },
      solve_step_ms: { p50: r1(pct(solve, 50)) },
      clash_step_ms: { p50: r1(pct(clash, 50)) },
      targets: { job_ms: '≤ 5000', pruned_fraction: '≥ 0.9' },
      met: { job_ms: pct(job, 50) <= 5000, pruned_fraction: r.pruned_pairs / pairs >= 0.9 },
    };
  } finally {
    await wb.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchAssembly(), null, 2));
}
