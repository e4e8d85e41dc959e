// The FreeCAD bridge against the real FreeCAD 1.1 runtime: parts, exports read back, determinism,
// and every way a job can end (timeout, CPU limit, crash, cancel, shutdown).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TezgahError } from '../../shared/errors.js';
import { findTemplate, plateSize, TEMPLATES, templateDefaults } from '../../shared/templates.js';
import { FreeCadBridge, DEFAULT_PYTHON_DIR } from '../../freecad-bridge/src/bridge.js';
import { writeGlb } from '../../freecad-bridge/src/glb.js';
import { locateFreeCad } from '../../freecad-bridge/src/locate.js';
import { readPreviewMesh } from '../../freecad-bridge/src/mesh.js';
import type { BridgeLogLine, FreeCadRuntime, ProgressEvent, RunRequest, RunResult } from '../../freecad-bridge/src/types.js';

interface ValidationReport {
  issues: { numErrors: number; numWarnings: number; messages: { code: string; message: string; severity: number }[] };
}
const validator = createRequire(import.meta.url)('gltf-validator') as { validateBytes(b: Uint8Array): Promise<ValidationReport> };

const PRISM = { template: 'prism-with-hole', params: { length: 100, width: 60, height: 20, hole_diameter: 10 } };
const SLEEP = (s: number) => ({ ...PRISM, __test: { sleep_s: s } });

let runtime: FreeCadRuntime;
let jobsRoot: string;
let bridge: FreeCadBridge;
const logs: BridgeLogLine[] = [];
let seq = 0;

function jobDir(name: string): string {
  return path.join(jobsRoot, `${++seq}-${name}`);
}
function run(name: string, input: Record<string, unknown>, extra: Partial<RunRequest> = {}): Promise<RunResult> {
  return bridge.run({ jobId: name, jobDir: jobDir(name), flow: 'template', input, ...extra });
}
async function failure(p: Promise<unknown>): Promise<TezgahError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TezgahError);
    return e as TezgahError;
  }
  throw new Error('expected the job to fail');
}
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** All processes below pid (children, grandchildren …), with their command names. */
function descendants(pid: number): { pid: number; comm: string }[] {
  const byParent = new Map<number, number[]>();
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      byParent.set(ppid, [...(byParent.get(ppid) ?? []), Number(e)]);
    } catch {
      // exited while we looked
    }
  }
  const out: { pid: number; comm: string }[] = [];
  const walk = (p: number) => {
    for (const c of byParent.get(p) ?? []) {
      let comm = '';
      try {
        comm = fs.readFileSync(`/proc/${c}/comm`, 'utf8').trim();
      } catch {
        continue;
      }
      out.push({ pid: c, comm });
      walk(c);
    }
  };
  walk(pid);
  return out;
}
const alive = (pid: number) => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};
async function waitFor(cond: () => boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return cond();
}
/** Starts a sleeping job and resolves once FreeCAD is inside the model step, with the worker's processes. */
async function startSleeper(name: string, extra: Partial<RunRequest> = {}) {
  let inModel!: () => void;
  const entered = new Promise<void>((r) => (inModel = r));
  const job = run(name, SLEEP(30), {
    ...extra,
    onProgress: (p) => {
      if (p.step === 'model' && p.status === 'running') inModel();
    },
  });
  job.catch(() => {});
  await entered;
  const worker = bridge.stats().workers.find((w) => w.jobId === name)!;
  return { job, worker, procs: descendants(worker.pid) };
}

beforeAll(async () => {
  runtime = await locateFreeCad();
  jobsRoot = await fsp.mkdtemp(path.join(os.tmpdir(), 'tezgah-bridge-it-'));
  bridge = new FreeCadBridge({ runtime, jobsRoot, poolSize: 1, testHooks: true, log: (l) => logs.push(l) });
});

afterAll(async () => {
  await bridge?.dispose();
  if (jobsRoot) await fsp.rm(jobsRoot, { recursive: true, force: true });
});

describe('FreeCAD bridge (real FreeCAD 1.1)', () => {
  it('finds the pinned runtime and its sandbox', () => {
    expect(runtime.version).toMatch(/^1\.1(\.|$)/);
    expect(runtime.kind).toBe('rootfs');
    expect(runtime.sandboxed).toBe(true);
  });

  it('a warm worker serves the next job much faster than the first (cold) one', async () => {
    const t0 = Date.now();
    await run('cold', PRISM);
    const cold = Date.now() - t0;
    const t1 = Date.now();
    await run('warm', PRISM);
    const warm = Date.now() - t1;
    expect(warm).toBeLessThan(cold / 2);
    const [w] = bridge.stats().workers;
    expect(w).toMatchObject({ kind: 'warm', state: 'idle', jobsServed: 2 });
  });

  it('queues jobs while the only worker is busy, then serves them on the same worker', async () => {
    const [a, b] = await Promise.all([
      run('q1', PRISM),
      run('q2', { template: 'shaft', params: { diameter: 20, length: 150, chamfer: 1 } }),
    ]);
    expect([a.metrics!.faces, b.metrics!.faces]).toEqual([7, 5]);
    const started = logs.filter((l) => l.msg === 'job started' && (l.jobId === 'q1' || l.jobId === 'q2'));
    expect(started.map((l) => l.jobId)).toEqual(['q1', 'q2']);
    expect(started[0]!.pid).toBe(started[1]!.pid);
    expect(started[1]!.queued_ms).toBeGreaterThan(0);
    expect(bridge.stats().workers).toHaveLength(1);
  });

  it('retires a warm worker after K jobs or past the memory limit, and the next job gets a fresh one', async () => {
    const servedBy = new Map<string, unknown>();
    const log = (l: BridgeLogLine) => l.msg === 'job started' && servedBy.set(l.jobId!, l.pid);
    const byCount = new FreeCadBridge({ runtime, jobsRoot, poolSize: 1, maxJobsPerWorker: 2, log });
    const byMemory = new FreeCadBridge({ runtime, jobsRoot, poolSize: 1, maxRssMb: 64, log }); // FreeCAD alone needs more
    try {
      for (const i of [1, 2, 3]) await byCount.run({ jobId: `k${i}`, jobDir: jobDir(`k${i}`), flow: 'template', input: PRISM });
      expect(servedBy.get('k1')).toBe(servedBy.get('k2'));
      expect(servedBy.get('k3')).not.toBe(servedBy.get('k2'));
      expect(byCount.stats()).toMatchObject({ recycled: 1, started: 2, crashed: 0 });
      for (const i of [1, 2]) {
        const m = await byMemory.run({ jobId: `m${i}`, jobDir: jobDir(`m${i}`), flow: 'template', input: PRISM });
        expect(m.worker_peak_rss_mb).toBeGreaterThan(64);
      }
      expect(servedBy.get('m1')).not.toBe(servedBy.get('m2'));
      expect(byMemory.stats()).toMatchObject({ recycled: 2, crashed: 0 });
    } finally {
      await Promise.all([byCount.dispose(), byMemory.dispose()]);
    }
  });

  it('builds prism-with-hole 100×60×20 with a 10 mm hole: one solid, 7 faces, 15 edges, 118429.2 mm³', async () => {
    const steps: ProgressEvent[] = [];
    const dir = jobDir('prism');
    const r = await bridge.run({ jobId: 'prism', jobDir: dir, flow: 'template', input: PRISM, onProgress: (p) => steps.push(p) });
    const m = r.metrics!;
    expect(m).toMatchObject({ solids: 1, shells: 1, faces: 7, edges: 15, vertices: 10, is_valid: true });
    expect(m.volume_mm3).toBeCloseTo(118429.2, 1);
    expect(m.bbox_mm).toEqual({ xmin: 0, ymin: 0, zmin: 0, xmax: 100, ymax: 60, zmax: 20 });
    expect(m.center_of_mass_mm).toEqual({ x: 50, y: 30, z: 10 });
    expect(m.area_mm2).toBeCloseTo(2 * (100 * 60 + 100 * 20 + 60 * 20) - 2 * Math.PI * 25 + Math.PI * 10 * 20, 3);
    expect(r.outputs.map((o) => [o.kind, o.file])).toEqual([
      ['fcstd', 'model.FCStd'],
      ['step', 'model.step'],
      ['stl', 'model.stl'],
      ['mesh', 'preview.mesh'],
    ]);
    // binary STL: 84-byte header + 50 bytes per triangle, as many triangles as the metrics say
    expect(fs.statSync(path.join(dir, 'model.stl')).size).toBe(84 + 50 * m.triangles);
    expect(r.outputs.find((o) => o.kind === 'stl')!.meta).toMatchObject({
      linear_deflection_mm: 0.05,
      angular_deflection_deg: 15,
      relative: false,
    });
    expect(fs.readFileSync(path.join(dir, 'model.step'), 'latin1')).toContain("FILE_SCHEMA(('AUTOMOTIVE_DESIGN");
    expect(fs.readFileSync(path.join(dir, 'model.FCStd')).subarray(0, 2).toString()).toBe('PK');
    const done = steps.filter((s) => s.status === 'done').map((s) => s.step);
    expect(done).toEqual(['model', 'recompute', 'export_fcstd', 'export_step', 'export_stl', 'tessellate', 'metrics']);
    expect(Object.keys(r.durations_ms)).toEqual(expect.arrayContaining(done));
    expect(r.freecad_version).toBe(runtime.version);
    expect(r.worker_peak_rss_mb).toBeGreaterThan(50);
  });

  it.each(TEMPLATES.map((t) => t.id))('template %s builds one valid solid where the conventions put it', async (id) => {
    const p = templateDefaults(findTemplate(id)!);
    const dir = jobDir(id);
    const r = await bridge.run({ jobId: id, jobDir: dir, flow: 'template', input: { template: id, params: p } });
    const m = r.metrics!;
    expect(m).toMatchObject({ solids: 1, is_valid: true });
    expect(m.volume_mm3).toBeGreaterThan(0);
    const bbox = m.bbox_mm;
    const expected = {
      'prism-with-hole': { xmin: 0, ymin: 0, zmin: 0, xmax: p.length, ymax: p.width, zmax: p.height },
      block: { xmin: 0, ymin: 0, zmin: 0, xmax: p.length, ymax: p.width, zmax: p.height },
      flange: {
        xmin: -p.outer_diameter! / 2,
        ymin: -p.outer_diameter! / 2,
        zmin: 0,
        xmax: p.outer_diameter! / 2,
        ymax: p.outer_diameter! / 2,
        zmax: p.thickness,
      },
      shaft: { xmin: -p.diameter! / 2, ymin: -p.diameter! / 2, zmin: 0, xmax: p.diameter! / 2, ymax: p.diameter! / 2, zmax: p.length },
      'l-bracket': { xmin: 0, ymin: 0, zmin: 0, xmax: p.leg_a, ymax: p.width, zmax: p.leg_b },
      'plate-with-hole-pattern': { xmin: 0, ymin: 0, zmin: 0, xmax: plateSize(p).length, ymax: plateSize(p).width, zmax: p.thickness },
    }[id]!;
    for (const [k, v] of Object.entries(expected)) expect(bbox[k as keyof typeof bbox], k).toBeCloseTo(v!, 4);
    // the preview faces outwards: its signed volume is the solid's volume (up to the tessellation)
    const mesh = await readPreviewMesh(path.join(dir, 'preview.mesh'));
    expect(mesh.faces.length).toBe(m.faces);
    let signed = 0;
    const q = mesh.positions;
    for (let t = 0; t < mesh.indices.length; t += 3) {
      const [a, b, c] = [3 * mesh.indices[t]!, 3 * mesh.indices[t + 1]!, 3 * mesh.indices[t + 2]!];
      signed +=
        (q[a]! * (q[b + 1]! * q[c + 2]! - q[b + 2]! * q[c + 1]!) -
          q[a + 1]! * (q[b]! * q[c + 2]! - q[b + 2]! * q[c]!) +
          q[a + 2]! * (q[b]! * q[c + 1]! - q[b + 1]! * q[c]!)) /
        6;
    }
    expect(Math.abs(signed / m.volume_mm3! - 1)).toBeLessThan(0.01);
  });

  it('l-bracket: fillet and holes change the part as specified; a too-large fillet is a fillet failure', async () => {
    const base = { leg_a: 60, leg_b: 50, thickness: 5, width: 30, fillet: 0, hole_diameter: 0 };
    const plain = (await run('lb-plain', { template: 'l-bracket', params: base })).metrics!;
    expect(plain.volume_mm3).toBeCloseTo((60 * 5 + 45 * 5) * 30, 3);
    expect(plain.faces).toBe(8);
    const filleted = (await run('lb-fillet', { template: 'l-bracket', params: { ...base, fillet: 4 } })).metrics!;
    expect(filleted.volume_mm3! - plain.volume_mm3!).toBeCloseTo((16 - 4 * Math.PI) * 30, 2); // r² − πr²/4, times width
    const holed = (await run('lb-holes', { template: 'l-bracket', params: { ...base, hole_diameter: 6 } })).metrics!;
    expect(plain.volume_mm3! - holed.volume_mm3!).toBeCloseTo(2 * Math.PI * 9 * 5, 2);
    const e = await failure(run('lb-bad', { template: 'l-bracket', params: { ...base, fillet: 60 } }));
    expect(e.code).toBe('FC_FILLET_CHAMFER_FAILED');
    expect(e.details).toMatchObject({ operation: 'fillet', phase: 'model' });
    expect(String(e.details!.traceback)).toContain('Traceback');
  });

  it('reports an unknown template and a Python exception with stable codes', async () => {
    const unknown = await failure(run('unknown', { template: 'teapot', params: {} }));
    expect(unknown.code).toBe('UNKNOWN_TEMPLATE');
    expect(unknown.details!.templates).toEqual(expect.arrayContaining(['flange', 'shaft']));
    const boom = await failure(run('boom', { ...PRISM, __test: { raise: 'boom' } }));
    expect(boom.code).toBe('FC_RUNTIME');
    expect(boom.details).toMatchObject({ exception_class: 'RuntimeError', message: 'boom', first: 'boom' });
  });

  it('exported STEP reads back (probe flow) with the same volume and box', async () => {
    const src = jobDir('step-src');
    const made = await bridge.run({ jobId: 'step-src', jobDir: src, flow: 'template', input: PRISM });
    const probeDir = jobDir('probe');
    await fsp.mkdir(probeDir, { recursive: true });
    await fsp.copyFile(path.join(src, 'model.step'), path.join(probeDir, 'part.step'));
    const r = await bridge.run({ jobId: 'probe', jobDir: probeDir, flow: 'probe', input: { file: 'part.step' } });
    expect(r.data!.freecad_version).toBe(runtime.version);
    const back = r.data!.measure as { volume_mm3: number; solids: number; faces: number; bbox_mm: object };
    expect(back.solids).toBe(1);
    expect(back.faces).toBe(7);
    expect(back.volume_mm3).toBeCloseTo(made.metrics!.volume_mm3!, 3);
    expect(back.bbox_mm).toEqual(made.metrics!.bbox_mm);
  });

  it('writes a GLB preview that the Khronos validator accepts, with a face id per vertex', async () => {
    const dir = jobDir('glb');
    const r = await bridge.run({ jobId: 'glb', jobDir: dir, flow: 'template', input: PRISM });
    const glb = await writeGlb(path.join(dir, r.outputs.find((o) => o.kind === 'mesh')!.file), { name: 'prism-with-hole' });
    const report = await validator.validateBytes(glb);
    expect(report.issues.messages.filter((m) => m.severity === 0)).toEqual([]);
    expect(report.issues.numErrors).toBe(0);
    const json = JSON.parse(
      Buffer.from(glb.subarray(20, 20 + new DataView(glb.buffer, glb.byteOffset).getUint32(12, true))).toString('utf8'),
    );
    expect(Object.keys(json.meshes[0].primitives[0].attributes).sort()).toEqual(['NORMAL', 'POSITION', '_FACE_ID']);
    expect(json.meshes[0].extras.face_count).toBe(7);
  });

  it('gives byte-identical STEP, STL and GLB on two runs (warm worker and fresh process)', async () => {
    const a = jobDir('det-a');
    const b = jobDir('det-b');
    await bridge.run({ jobId: 'det-a', jobDir: a, flow: 'template', input: PRISM });
    await bridge.run({ jobId: 'det-b', jobDir: b, flow: 'template', input: PRISM, untrusted: true });
    for (const f of ['model.step', 'model.stl', 'preview.mesh']) expect(sha256(path.join(a, f)), f).toBe(sha256(path.join(b, f)));
    const [ga, gb] = await Promise.all([
      writeGlb(path.join(a, 'preview.mesh'), { name: 'p' }),
      writeGlb(path.join(b, 'preview.mesh'), { name: 'p' }),
    ]);
    expect(createHash('sha256').update(ga).digest('hex')).toBe(createHash('sha256').update(gb).digest('hex'));
  });

  it('stops a job at the wall-clock limit with TIMEOUT_ERROR, and the next job runs', async () => {
    const t0 = Date.now();
    const e = await failure(run('sleepy', SLEEP(30), { limits: { wallMs: 1500 } }));
    expect(e.code).toBe('TIMEOUT_ERROR');
    expect(e.details).toMatchObject({ limit_s: 1.5, limit: 'wall' });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect((await run('after-timeout', PRISM)).metrics!.solids).toBe(1);
  });

  it('stops a job at the CPU limit with TIMEOUT_ERROR (warm worker, per-job budget)', async () => {
    await run('cpu-warmup', PRISM); // the worker has used CPU already: the budget is per job
    const e = await failure(run('spinner', { ...PRISM, __test: { spin_s: 30 } }, { limits: { cpuSeconds: 1 } }));
    expect(e.code).toBe('TIMEOUT_ERROR');
    expect(e.details).toMatchObject({ limit_s: 1, limit: 'cpu' });
  });

  it('reports FC_CRASHED with the last stderr lines when FreeCAD dies mid-job, and replaces the worker', async () => {
    const crashedBefore = bridge.stats().crashed;
    const { job, procs } = await startSleeper('victim');
    const fc = procs.find((p) => p.comm.startsWith('freecad'));
    expect(fc, JSON.stringify(procs)).toBeDefined();
    process.kill(fc!.pid, 'SIGKILL');
    const e = await failure(job);
    expect(e.code).toBe('FC_CRASHED');
    expect(Array.isArray(e.details!.stderr_tail)).toBe(true);
    expect(bridge.stats().crashed).toBe(crashedBefore + 1);
    expect((await run('after-crash', PRISM)).metrics!.faces).toBe(7);
  });

  it.each([false, true])('cancels through AbortSignal (untrusted: %s): CANCELLED and no FreeCAD left', async (untrusted) => {
    const ac = new AbortController();
    const { job, worker, procs } = await startSleeper(`cancel-${untrusted}`, { signal: ac.signal, untrusted });
    expect(worker.kind).toBe(untrusted ? 'oneshot' : 'warm');
    expect(procs.some((p) => p.comm.startsWith('freecad'))).toBe(true);
    ac.abort();
    const e = await failure(job);
    expect(e.code).toBe('CANCELLED');
    const all = [worker.pid, ...procs.map((p) => p.pid)];
    expect(await waitFor(() => all.every((p) => !alive(p)), 3000), `still alive: ${all.filter(alive)}`).toBe(true);
  });

  it('refuses a job dir outside the jobs root', async () => {
    const e = await failure(bridge.run({ jobId: 'x', jobDir: path.join(os.tmpdir(), 'elsewhere'), flow: 'template', input: PRISM }));
    expect(e.code).toBe('VALIDATION_ERROR');
  });

  it('dispose() ends running jobs with INTERRUPTED and kills their processes', async () => {
    const own = new FreeCadBridge({ runtime, jobsRoot, poolSize: 1, testHooks: true });
    let inModel!: () => void;
    const entered = new Promise<void>((r) => (inModel = r));
    const job = own.run({
      jobId: 'd',
      jobDir: jobDir('dispose'),
      flow: 'template',
      input: SLEEP(30),
      onProgress: (p) => p.step === 'model' && inModel(),
    });
    job.catch(() => {});
    await entered;
    const pid = own.stats().workers[0]!.pid;
    const procs = descendants(pid);
    await own.dispose();
    expect((await failure(job)).code).toBe('INTERRUPTED');
    expect(await waitFor(() => [pid, ...procs.map((p) => p.pid)].every((p) => !alive(p)), 3000)).toBe(true);
    expect((await failure(own.run({ jobId: 'e', jobDir: jobDir('disposed'), flow: 'template', input: PRISM }))).code).toBe('INTERRUPTED');
  });

  it('logs worker stderr per job and the job lifecycle', () => {
    expect(logs.some((l) => l.msg === 'job finished' && l.jobId === 'prism')).toBe(true);
    expect(logs.some((l) => l.msg === 'job failed' && l.code === 'TIMEOUT_ERROR' && l.jobId === 'sleepy')).toBe(true);
    expect(logs.some((l) => l.msg === 'warm worker ready')).toBe(true);
  });

  it('runs a plain freecadcmd (TEZGAH_FREECAD, kind binary) without the sandbox, and refuses untrusted code there unless the user opted in', async () => {
    // A stand-in for a host-installed FreeCAD 1.1: the runtime's freecadcmd with the host's /tmp
    // visible as it is (the jobs root and a copy of the worker live there).
    const root = await fsp.mkdtemp('/tmp/tezgah-bridge-bin-');
    const pythonDir = path.join(root, 'python');
    await fsp.cp(DEFAULT_PYTHON_DIR, pythonDir, { recursive: true });
    const wrapper = path.join(root, 'freecadcmd');
    await fsp.writeFile(
      wrapper,
      `#!/bin/sh\nexec bwrap --ro-bind '${runtime.root}' / --dev /dev --proc /proc --bind /tmp /tmp --die-with-parent /usr/bin/freecadcmd "$@"\n`,
      { mode: 0o755 },
    );
    const rt = await locateFreeCad({ ...process.env, TEZGAH_FREECAD: wrapper });
    expect(rt).toMatchObject({ kind: 'binary', version: runtime.version, sandboxed: false });
    expect(rt.sandboxProblem).toMatch(/without the OS sandbox/);
    // the user's opt-in in Settings, read at each job
    let optedIn = false;
    const plain = new FreeCadBridge({
      runtime: rt,
      jobsRoot: path.join(root, 'jobs'),
      pythonDir,
      poolSize: 1,
      allowUnsandboxed: () => optedIn,
    });
    try {
      const r = await plain.run({ jobId: 'bin', jobDir: path.join(root, 'jobs', 'a'), flow: 'template', input: PRISM });
      expect(r.metrics!.volume_mm3).toBeCloseTo(118429.2, 1);
      const e = await failure(
        plain.run({ jobId: 'bin-u', jobDir: path.join(root, 'jobs', 'b'), flow: 'template', input: PRISM, untrusted: true }),
      );
      expect(e.code).toBe('SANDBOX_UNAVAILABLE');
      expect(e.details).toMatchObject({ opt_in: 'unsandboxed mode' });
      // opted in: the same untrusted job runs, in a one-shot worker of its own
      optedIn = true;
      const u = await plain.run({ jobId: 'bin-u2', jobDir: path.join(root, 'jobs', 'c'), flow: 'template', input: PRISM, untrusted: true });
      expect(u.metrics!.volume_mm3).toBeCloseTo(118429.2, 1);
      // and off again: refused again
      optedIn = false;
      const e2 = await failure(
        plain.run({ jobId: 'bin-u3', jobDir: path.join(root, 'jobs', 'd'), flow: 'template', input: PRISM, untrusted: true }),
      );
      expect(e2.code).toBe('SANDBOX_UNAVAILABLE');
    } finally {
      await plain.dispose();
      await fsp.rm(root, { recursive: true, force: true });
    }
  });
});
