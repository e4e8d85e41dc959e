// Foundation benchmark (issue "Foundation"): prism-with-hole with all four exports.
//   cold:   one `freecadcmd` run of an equivalent plain script per part (what a user would write),
//           in the same sandbox, so the only difference is process start and imports
//   warm:   Tezgah's warm pool, submit → succeeded, p50/p95 over distinct variants (no cache)
//   cache:  an identical spec again, p50
//   batch:  50 variants submitted at once vs 50 sequential cold runs
// Targets (not tests): warm p50 ≥ 8× faster than cold, total ≤ 1.3× the worker's own compute
// time, cache hit ≤ 20 ms, batch ≥ 8× faster. Prints one JSON object.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { locateFreeCad } from '../freecad-bridge/src/locate.js';
import { Workbench } from '../electron/app/app.js';

const exec = promisify(execFile);
const N_WARM = Number(process.env.BENCH_N ?? 20);
const N_BATCH = Number(process.env.BENCH_BATCH ?? 50);
const N_COLD = Number(process.env.BENCH_COLD ?? 5);

const PLAIN_SCRIPT = (L: number, W: number, H: number, D: number) => `
import FreeCAD, Part, Mesh, MeshPart, Import
doc = FreeCAD.newDocument("bench")
box = Part.makeBox(${L}, ${W}, ${H})
hole = Part.makeCylinder(${D / 2}, ${H}, FreeCAD.Vector(${L / 2}, ${W / 2}, 0))
shape = box.cut(hole)
obj = doc.addObject("Part::Feature", "Part")
obj.Shape = shape
doc.recompute()
doc.saveAs("/tmp/job/part.FCStd")
Import.export([obj], "/tmp/job/part.step")
mesh = MeshPart.meshFromShape(Shape=shape, LinearDeflection=0.05, AngularDeflection=0.2618, Relative=False)
mesh.write("/tmp/job/part.stl")
for f in shape.Faces:
    f.tessellate(0.1)
Import.export([obj], "/tmp/job/part.glb")
print(shape.Volume)
`;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const r1 = (x: number) => Math.round(x * 10) / 10;

export async function coldRun(root: string, variant: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'tezgah-cold-'));
  writeFileSync(join(dir, 'script.py'), PLAIN_SCRIPT(100 + variant, 60, 20, 10));
  mkdirSync(join(dir, 'home'));
  const t0 = performance.now();
  await exec('bwrap', [
    '--ro-bind',
    root,
    '/',
    '--dev',
    '/dev',
    '--proc',
    '/proc',
    '--tmpfs',
    '/tmp',
    '--bind',
    dir,
    '/tmp/job',
    '--unshare-all',
    '--die-with-parent',
    '--new-session',
    '--clearenv',
    '--setenv',
    'HOME',
    '/tmp/job/home',
    '/usr/bin/freecadcmd',
    '-c',
    "import runpy; runpy.run_path('/tmp/job/script.py', run_name='__main__')",
  ]);
  const ms = performance.now() - t0;
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

export async function benchFoundation() {
  const runtime = await locateFreeCad();
  if (runtime.kind !== 'rootfs') throw new Error('the cold baseline needs the rootfs runtime');
  const cold: number[] = [];
  for (let i = 0; i < N_COLD; i++) cold.push(await coldRun(runtime.root!, i));

  const dataDir = mkdtempSync(join(tmpdir(), 'tezgah-bench-'));
  const wb = new Workbench({ dataDir });
  try {
    const spec = (length: number) => ({
      type: 'template' as const,
      template: 'prism-with-hole',
      params: { length, width: 60, height: 20, hole_diameter: 10 },
    });
    await (await wb.bridge()).warmUp();
    // one warm-up job per worker so imports are paid before measuring
    await Promise.all(
      Array.from({ length: Math.max(1, availableParallelism() - 1) }, (_, i) =>
        wb.jobs.submit(spec(500 + i)).then((j) => wb.jobs.waitFor(j.id)),
      ),
    );

    const warm: number[] = [];
    const compute: number[] = [];
    for (let i = 0; i < N_WARM; i++) {
      const t0 = performance.now();
      const job = await wb.jobs.submit(spec(200 + i));
      const done = await wb.jobs.waitFor(job.id);
      warm.push(performance.now() - t0);
      const d = done.metrics?.durations_ms ?? {};
      // the worker's own time for the job, as it measured it (all its steps, in one document)
      compute.push(d.total ?? Object.values(d).reduce((s, v) => s + v, 0));
    }

    const cache: number[] = [];
    for (let i = 0; i < N_WARM; i++) {
      const t0 = performance.now();
      const job = await wb.jobs.submit(spec(200 + i));
      cache.push(performance.now() - t0);
      if (!job.cached) throw new Error('expected a cache hit');
    }

    const tb = performance.now();
    const batch = await Promise.all(Array.from({ length: N_BATCH }, (_, i) => wb.jobs.submit(spec(300 + i))));
    await Promise.all(batch.map((j) => wb.jobs.waitFor(j.id)));
    const batchMs = performance.now() - tb;
    const coldP50 = pct(cold, 50);
    const tc = performance.now();
    for (let i = 0; i < N_BATCH; i++) await coldRun(runtime.root!, 100 + i);
    const coldBatchMs = performance.now() - tc;

    return {
      bench: 'foundation',
      part: 'prism-with-hole 100×60×20, hole 10; FCStd + STEP + STL + GLB',
      freecad: runtime.version,
      cores: availableParallelism(),
      cold_ms: { runs: cold.length, p50: r1(coldP50), p95: r1(pct(cold, 95)) },
      warm_ms: { runs: warm.length, p50: r1(pct(warm, 50)), p95: r1(pct(warm, 95)) },
      worker_compute_ms: { p50: r1(pct(compute, 50)) },
      cache_hit_ms: { p50: r1(pct(cache, 50)), p95: r1(pct(cache, 95)) },
      batch: { jobs: N_BATCH, tezgah_ms: Math.round(batchMs), cold_sequential_ms: Math.round(coldBatchMs) },
      ratios: {
        warm_vs_cold: r1(coldP50 / pct(warm, 50)),
        total_vs_worker_compute: Math.round((pct(warm, 50) / pct(compute, 50)) * 100) / 100,
        batch_speedup: r1(coldBatchMs / batchMs),
      },
      targets: { warm_vs_cold: '≥ 8', total_vs_worker_compute: '≤ 1.3', cache_hit_p50_ms: '≤ 20', batch_speedup: '≥ 8' },
    };
  } finally {
    await wb.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
