// CAM benchmark (issue "CAM for the shop floor"): G-code for prism-with-hole 100×60×20 (hole 10) on
// the grbl-3018 — facing, profile, drilling, grbl post.
//   warm: Tezgah's CAM job through the job manager and the warm pool (submit → succeeded, with the
//         part analysis, toolpaths, post, our verifier and the artefact store), distinct stock
//         margins so nothing comes from the cache
//   cold: one `freecadcmd` run, in the same sandbox, doing the same FreeCAD work for the same job
//         (part analysis, CAM job, toolpaths, post) — what a script per job would cost
// Target (not a test): warm p50 ≥ 4× faster than cold p50. The cold run's G-code must equal the
// warm job's (below our header), so both really did the same job. Prints one JSON object.
// Run: `npx tsx bench/cam.ts` (BENCH_N warm runs, BENCH_COLD cold runs).
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DEFAULT_PYTHON_DIR } from '../freecad-bridge/src/bridge.js';
import { locateFreeCad } from '../freecad-bridge/src/locate.js';
import { PartFeatures } from '../electron/domains/cam/features.js';
import { generateInput } from '../electron/domains/cam/flow.js';
import { planCam } from '../electron/domains/cam/plan.js';
import { Workbench } from '../electron/app/app.js';

const exec = promisify(execFile);
const N_WARM = Number(process.env.BENCH_N ?? 10);
const N_COLD = Number(process.env.BENCH_COLD ?? 3);
const MACHINE = 'grbl-3018';

// Runs the CAM flow module for each input in one FreeCAD process, as a plain script would.
const COLD_DRIVER = `
import json, sys
sys.path.insert(0, '/opt/tezgah')
import worker
import flows.cam
class Quiet:
    def send(self, event):
        pass
job = json.load(open('/tmp/job/cold.json', encoding='utf-8'))
for inp in job['inputs']:
    ctx = worker.JobContext({'job_id': 'cold', 'job_dir': '/tmp/job', 'input': inp}, Quiet(), False)
    flows.cam.run(ctx)
open('/tmp/job/cold.done', 'w').write('ok')
`;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const r1 = (x: number) => Math.round(x * 10) / 10;

async function coldRun(root: string, stepFile: string, inputs: unknown[]): Promise<{ ms: number; gcode: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tezgah-cam-cold-'));
  try {
    copyFileSync(stepFile, join(dir, 'part.step'));
    writeFileSync(join(dir, 'cold.json'), JSON.stringify({ inputs }));
    writeFileSync(join(dir, 'driver.py'), COLD_DRIVER);
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
      '--tmpfs',
      '/opt',
      '--ro-bind',
      DEFAULT_PYTHON_DIR,
      '/opt/tezgah',
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
      '--setenv',
      'LANG',
      'C.UTF-8',
      '/usr/bin/freecadcmd',
      '-c',
      "import runpy; runpy.run_path('/tmp/job/driver.py', run_name='__main__')",
    ]);
    const ms = performance.now() - t0;
    readFileSync(join(dir, 'cold.done')); // throws if the script failed
    return { ms, gcode: readFileSync(join(dir, 'program.body'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchCam() {
  const runtime = await locateFreeCad();
  if (runtime.kind !== 'rootfs') throw new Error('the cold baseline needs the rootfs runtime');
  const dataDir = mkdtempSync(join(tmpdir(), 'tezgah-bench-cam-'));
  const wb = new Workbench({ dataDir, poolSize: 1 });
  try {
    const part = await wb.jobs.waitFor(
      (
        await wb.jobs.submit({
          type: 'template',
          template: 'prism-with-hole',
          params: { length: 100, width: 60, height: 20, hole_diameter: 10 },
        })
      ).id,
    );
    if (part.status !== 'succeeded') throw new Error(`part job ${part.status}`);
    const cam = (margin: number) => ({ type: 'cam' as const, part: part.id, machine: MACHINE, stock: { margin_mm: margin } });
    // the first CAM job of a worker pays FreeCAD's CAM imports
    const first = await wb.jobs.waitFor((await wb.jobs.submit(cam(2))).id);
    if (first.status !== 'succeeded') throw new Error(`warm-up CAM job ${first.status}: ${JSON.stringify(first.error)}`);

    const warm: number[] = [];
    for (let i = 0; i < N_WARM; i++) {
      const t0 = performance.now();
      const job = await wb.jobs.submit(cam(2 + (i + 1) / 10));
      const done = await wb.jobs.waitFor(job.id);
      warm.push(performance.now() - t0);
      if (done.status !== 'succeeded' || done.cached) throw new Error(`warm CAM job ${done.status}${done.cached ? ' (cached)' : ''}`);
    }

    // the same job as the warm-up, done cold: the plan comes from the app, as it would for a script
    const spec = first.spec as ReturnType<typeof cam>;
    const stepArt = wb.jobs.artefactsOf(part.id).find((a) => a.kind === 'step')!;
    const stepFile = wb.artefacts.pathFor(stepArt.sha256);
    const probeDir = join(dataDir, 'jobs', 'bench-probe');
    mkdirSync(probeDir, { recursive: true });
    copyFileSync(stepFile, join(probeDir, 'part.step'));
    const analysed = await (await wb.bridge()).run({
      jobId: 'bench-probe',
      jobDir: probeDir,
      flow: 'cam',
      input: { mode: 'analyse', part: 'part.step' },
    });
    const machine = wb.library.getMachine(MACHINE)!;
    const plan = planCam({
      spec,
      machine,
      material: wb.library.getMaterial('aluminium-6061')!,
      tools: wb.library.tools(),
      overrideTools: {},
      part: PartFeatures.parse(analysed.data?.part),
    });
    const inputs = [
      { mode: 'analyse', part: 'part.step' },
      generateInput(plan, 'part.step', 'prism-with-hole', { gcode: 'program.body', fcstd: 'cam.FCStd' }),
    ];
    const cold: number[] = [];
    let coldGcode = '';
    for (let i = 0; i < N_COLD; i++) {
      const r = await coldRun(runtime.root!, stepFile, inputs);
      cold.push(r.ms);
      coldGcode = r.gcode;
    }
    const warmArt = wb.jobs.artefactsOf(first.id).find((a) => a.kind === 'gcode')!;
    const warmGcode = readFileSync(wb.artefacts.pathFor(warmArt.sha256), 'utf8');
    const sameProgram = warmGcode.endsWith(coldGcode.endsWith('\n') ? coldGcode : `${coldGcode}\n`);

    const camResult = (first.document.result as { cam: { operations: { label: string }[]; estimated_seconds: number } }).cam;
    return {
      bench: 'cam',
      part: 'prism-with-hole 100×60×20, hole 10',
      machine: MACHINE,
      operations: camResult.operations.map((o) => o.label),
      freecad: runtime.version,
      cold_ms: { runs: cold.length, p50: r1(pct(cold, 50)), min: r1(Math.min(...cold)) },
      warm_ms: { runs: warm.length, p50: r1(pct(warm, 50)), p95: r1(pct(warm, 95)) },
      warm_first_cam_job_ms: r1(first.finished_at && first.started_at ? Date.parse(first.finished_at) - Date.parse(first.started_at) : NaN),
      same_gcode_cold_and_warm: sameProgram,
      ratios: { warm_vs_cold: r1(pct(cold, 50) / pct(warm, 50)) },
      targets: { warm_vs_cold: '≥ 4' },
    };
  } finally {
    await wb.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchCam(), null, 2));
}
