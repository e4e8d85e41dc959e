// One-shot worker benchmark (issue 11, "Untrusted input goes to one-shot workers, and stays fast"):
// importing a small STEP, an untrusted job, through the bridge
//   spare: the job goes to a one-shot worker started ahead of need (FreeCAD and the flows already
//          imported); a new spare is ready before the next import
//   cold:  the same job in a one-shot worker started for it (no spares)
// against the worker's own compute time for the job (durations_ms.total, measured inside FreeCAD).
// Target (not a test): spare p50 within 1.5× of the worker's compute p50. Prints one JSON object.
// Run: `npx tsx bench/bridge-oneshot.ts` (BENCH_N spare runs, BENCH_COLD cold runs).
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FreeCadBridge } from '../freecad-bridge/src/bridge.js';
import { locateFreeCad } from '../freecad-bridge/src/locate.js';
import type { RunResult } from '../freecad-bridge/src/types.js';

const N_SPARE = Number(process.env.BENCH_N ?? 7);
const N_COLD = Number(process.env.BENCH_COLD ?? 3);

const p50 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};
const importInput = {
  source: 'source.step',
  format: 'step',
  name: 'bench',
  reader_unit_mm: 1,
  user_unit_mm: 1,
  z_up: false,
  center: false,
  refine: false,
  repair: false,
  require_solid: false,
  preview_triangles: 2_000_000,
  expected_triangles: null,
};

async function series(bridge: FreeCadBridge, root: string, step: string, n: number, label: string, waitForSpare: boolean) {
  const wall: number[] = [];
  const compute: number[] = [];
  for (let i = 0; i < n; i++) {
    if (waitForSpare) await bridge.sparesReady();
    const dir = join(root, `${label}-${i}`);
    mkdirSync(dir, { recursive: true });
    copyFileSync(step, join(dir, 'source.step'));
    const t0 = performance.now();
    const r: RunResult = await bridge.run({
      jobId: `${label}-${i}`,
      jobDir: dir,
      flow: 'import',
      input: importInput,
      limits: { addressSpaceMb: 3072, cpuSeconds: 240, wallMs: 120_000 },
    });
    wall.push(performance.now() - t0);
    compute.push(r.durations_ms.total ?? NaN);
  }
  const round = (x: number) => Math.round(x);
  return {
    runs: n,
    p50_ms: round(p50(wall)),
    worker_compute_p50_ms: round(p50(compute)),
    ratio: Math.round((p50(wall) / p50(compute)) * 100) / 100,
    wall_ms: wall.map(round),
  };
}

export async function benchBridgeOneShot() {
  const runtime = await locateFreeCad();
  const root = mkdtempSync(join(tmpdir(), 'tezgah-bench-oneshot-'));
  try {
    const withSpares = new FreeCadBridge({ runtime, jobsRoot: root, poolSize: 1, spareOneShots: 1 });
    let spare;
    let step: string;
    try {
      await withSpares.warmUp();
      // the small STEP: a template part exported by the warm worker
      const made = await withSpares.run({
        jobId: 'make',
        jobDir: join(root, 'make'),
        flow: 'template',
        input: { template: 'prism-with-hole', params: { length: 100, width: 60, height: 20, hole_diameter: 10 } },
      });
      step = join(root, 'make', made.outputs.find((o) => o.kind === 'step')!.file);
      copyFileSync(step, join(root, 'small.step'));
      step = join(root, 'small.step');
      spare = await series(withSpares, root, step, N_SPARE, 'spare', true);
    } finally {
      await withSpares.dispose();
    }
    const coldBridge = new FreeCadBridge({ runtime, jobsRoot: root, poolSize: 1, spareOneShots: 0 });
    let cold;
    try {
      cold = await series(coldBridge, root, step, N_COLD, 'cold', false);
    } finally {
      await coldBridge.dispose();
    }
    // a cold worker's own time includes FreeCAD's lazy module imports; the job's compute is the spare's
    const coldVsJob = Math.round((cold.p50_ms / spare.worker_compute_p50_ms) * 100) / 100;
    return {
      bench: 'bridge-oneshot',
      what: 'import of a small STEP (prism-with-hole) as an untrusted one-shot job',
      target_ratio: 1.5,
      met: spare.ratio <= 1.5,
      spare,
      cold: { ...cold, ratio_to_job_compute: coldVsJob },
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchBridgeOneShot(), null, 2));
