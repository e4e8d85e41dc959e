// What holds when code inside the sandbox is hostile (the in-sandbox guard bypassed through the
// test-only hook `input.__test.python`, honoured only with test hooks on): Node never follows a
// link out of the job dir, the OS sandbox refuses the calls a CAD worker never needs, and runaway
// processes or files end the job with a coded error.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TezgahError } from '../../shared/errors.js';
import { DEFAULT_PYTHON_DIR, FreeCadBridge } from '../../freecad-bridge/src/bridge.js';
import { findHostTool, locateFreeCad } from '../../freecad-bridge/src/locate.js';
import { descendantPids, WorkerProcess } from '../../freecad-bridge/src/process.js';
import { buildLaunch, DEFAULT_LIMITS } from '../../freecad-bridge/src/sandbox.js';
import { deniedFor, hostSeccompArch, seccompBytes, syscallNumber } from '../../freecad-bridge/src/seccomp.js';
import type { BridgeLogLine, FreeCadRuntime, RunRequest, RunResult } from '../../freecad-bridge/src/types.js';

const PRISM = { template: 'prism-with-hole', params: { length: 100, width: 60, height: 20, hole_diameter: 10 } };

let runtime: FreeCadRuntime;
let jobsRoot: string;
let hostDir: string;
let bridge: FreeCadBridge;
let seq = 0;
const logs: BridgeLogLine[] = [];
const startedLog = (jobId: string) => logs.find((l) => l.msg === 'job started' && l.jobId === jobId);

const jobDir = (name: string) => path.join(jobsRoot, `${++seq}-${name}`);
/** A template job whose worker runs `python` (with ctx and os) at hook point `at`. */
function hostile(name: string, python: string, at = 'end', extra: Partial<RunRequest> = {}): Promise<RunResult> {
  return bridge.run({
    jobId: name,
    jobDir: extra.jobDir ?? jobDir(name),
    flow: 'template',
    input: { ...PRISM, __test: { at, python } },
    untrusted: true,
    ...extra,
  });
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
const output = (kind: string) => `[x for x in ctx.outputs if x['kind'] == '${kind}'][0]['file']`;

beforeAll(async () => {
  runtime = await locateFreeCad();
  jobsRoot = await fsp.mkdtemp(path.join(os.tmpdir(), 'tezgah-hostile-it-'));
  hostDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'tezgah-hostile-host-'));
  await fsp.writeFile(path.join(hostDir, 'id_rsa'), 'PRIVATE KEY');
  await fsp.writeFile(path.join(hostDir, '.bashrc'), 'original');
  bridge = new FreeCadBridge({ runtime, jobsRoot, poolSize: 1, testHooks: true, spareOneShots: 1, log: (l) => logs.push(l) });
});

afterAll(async () => {
  await bridge?.dispose();
  for (const d of [jobsRoot, hostDir]) if (d) await fsp.rm(d, { recursive: true, force: true });
});

describe('Node does not trust the job dir (guard bypassed)', () => {
  it('an output swapped for a link to a host file (x.step → ~/.ssh/id_rsa) fails with JOB_FILE_UNSAFE', async () => {
    const secret = path.join(hostDir, 'id_rsa');
    const e = await failure(hostile('link', `p = ctx.path(${output('step')}); os.remove(p); os.symlink(${JSON.stringify(secret)}, p)`));
    expect(e.code, JSON.stringify(e.details)).toBe('JOB_FILE_UNSAFE');
    expect(e.details).toMatchObject({ reason: 'symlink' });
    expect(fs.readFileSync(secret, 'utf8')).toBe('PRIVATE KEY');
  });

  it('an output that is a hard link fails with JOB_FILE_UNSAFE', async () => {
    const e = await failure(hostile('hardlink', `p = ctx.path(${output('stl')}); os.remove(p); os.link(ctx.path(${output('step')}), p)`));
    expect(e.code).toBe('JOB_FILE_UNSAFE');
    expect(e.details).toMatchObject({ reason: 'hardlink' });
  });

  it('a request.json planted as a link to ~/.bashrc is replaced by the next run, never written through', async () => {
    const bashrc = path.join(hostDir, '.bashrc');
    const dir = jobDir('plant');
    // first run (CAM runs twice in one dir): plants the link, then succeeds
    await hostile('plant-1', `p = ctx.path('request.json'); os.remove(p); os.symlink(${JSON.stringify(bashrc)}, p)`, 'end', {
      jobDir: dir,
    });
    expect(fs.lstatSync(path.join(dir, 'request.json')).isSymbolicLink()).toBe(true);
    const r = await bridge.run({ jobId: 'plant-2', jobDir: dir, flow: 'template', input: PRISM, untrusted: true });
    expect(r.metrics!.solids).toBe(1);
    expect(fs.readFileSync(bashrc, 'utf8')).toBe('original');
  });
});

/** Runs a program in the worker's sandbox (same mounts, limits, seccomp) and returns its stderr. */
async function inSandbox(command: string[], opts: { seccomp?: boolean } = {}): Promise<{ exitCode: number | null; stderr: string[] }> {
  const prlimit = (await findHostTool('prlimit'))!;
  const bwrap = (await findHostTool('bwrap'))!;
  const launch = buildLaunch({
    runtime,
    mode: 'oneshot',
    pythonDir: DEFAULT_PYTHON_DIR,
    writableDir: jobDir('probe'),
    limits: DEFAULT_LIMITS,
    env: {},
    prlimit,
    bwrap,
    binaryHome: '/nonexistent',
    seccomp: opts.seccomp === false ? null : seccompBytes(hostSeccompArch()!),
    command,
  });
  fs.mkdirSync(launch.args[launch.args.indexOf('--bind') + 1]!, { recursive: true });
  const w = new WorkerProcess(launch, 'oneshot', () => {});
  const exit = await w.exited;
  return { exitCode: exit.exitCode, stderr: exit.stderrTail };
}

// Calls each syscall with zero arguments (harmless even unfiltered: no capabilities, own namespaces)
// and prints {name: [return, errno]}; a clone that succeeds exits in the child at once.
const TRY_SYSCALLS = `
import ctypes, json, os, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
def call(nr, *args):
    ctypes.set_errno(0)
    a = [ctypes.c_long(x) for x in (list(args) + [0] * 6)[:6]]
    r = libc.syscall(ctypes.c_long(nr), *a)
    e = ctypes.get_errno()
    if r == 0 and nr in CLONES:
        os._exit(0)
    return [r, e]
NUMS = json.loads(sys.argv[1])
CLONES = {NUMS.get('clone')}
out = {n: call(nr) for n, nr in NUMS.items() if n != 'clone'}
out['clone_newuser'] = call(NUMS['clone'], 0x10000000 | 17)
out['unshare_newuser'] = call(NUMS['unshare'], 0x10000000)
sys.stderr.write(json.dumps(out) + '\\n')
`;

describe('the OS sandbox itself', () => {
  it('refuses every call on the seccomp list with EPERM (real kernel), while FreeCAD jobs still run', async () => {
    const arch = hostSeccompArch()!;
    const nums = Object.fromEntries([...deniedFor(arch), 'clone'].map((n) => [n, syscallNumber(arch, n)!]));
    const { stderr } = await inSandbox(['/usr/bin/python3', '-c', TRY_SYSCALLS, JSON.stringify(nums)]);
    const got = JSON.parse(stderr.at(-1)!) as Record<string, [number, number]>;
    const notDenied = Object.entries(got).filter(([, [r, e]]) => !(r === -1 && e === 1));
    expect(notDenied, JSON.stringify(notDenied)).toEqual([]);
    expect(Object.keys(got).length).toBe(deniedFor(arch).length + 2);
    // the control: without the filter, some of these calls do not answer EPERM
    const control = await inSandbox(
      [
        '/usr/bin/python3',
        '-c',
        TRY_SYSCALLS,
        JSON.stringify({ unshare: nums.unshare, setns: nums.setns, keyctl: nums.keyctl, clone: nums.clone }),
      ],
      { seccomp: false },
    );
    const c = JSON.parse(control.stderr.at(-1)!) as Record<string, [number, number]>;
    expect(c.unshare).toEqual([0, 0]);
    expect(c.setns![1]).not.toBe(1);
    // and FreeCAD runs under it
    const r = await bridge.run({
      jobId: 'under-seccomp',
      jobDir: jobDir('under-seccomp'),
      flow: 'template',
      input: PRISM,
      untrusted: true,
    });
    expect(r.metrics!.solids).toBe(1);
  });

  it('has no capabilities, and cannot make user namespaces even without the seccomp filter (--disable-userns)', async () => {
    const { stderr } = await inSandbox([
      '/usr/bin/python3',
      '-c',
      "import sys; s = open('/proc/self/status').read(); sys.stderr.write([l for l in s.splitlines() if l.startswith('CapEff')][0].split()[1] + '\\n')",
    ]);
    expect(stderr.at(-1)).toBe('0000000000000000');
    const arch = hostSeccompArch()!;
    const nums = { unshare: syscallNumber(arch, 'unshare')!, clone: syscallNumber(arch, 'clone')! };
    const control = await inSandbox(['/usr/bin/python3', '-c', TRY_SYSCALLS, JSON.stringify(nums)], { seccomp: false });
    const c = JSON.parse(control.stderr.at(-1)!) as Record<string, [number, number]>;
    expect(c.unshare_newuser![0]).toBe(-1);
    expect(c.clone_newuser![0]).toBe(-1);
  });

  it('the wall-clock kill reaches children that ignore SIGTERM and left the session', async () => {
    const name = 'stubborn';
    let entered!: () => void;
    const started = new Promise<void>((r) => (entered = r));
    const python = `
import signal, time
for i in range(3):
    if os.fork() == 0:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        os.setsid()
        if os.fork() == 0:
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            time.sleep(600)
        time.sleep(600)
time.sleep(600)`;
    const job = bridge.run({
      jobId: name,
      jobDir: jobDir(name),
      flow: 'template',
      input: { ...PRISM, __test: { at: 'model', python } },
      untrusted: true,
      limits: { wallMs: 6000 },
      onProgress: (p) => p.step === 'model' && p.status === 'running' && entered(),
    });
    job.catch(() => {});
    await started;
    const worker = bridge.stats().workers.find((w) => w.jobId === name)!;
    let tree: number[] = [];
    await waitFor(() => (tree = descendantPids(worker.pid)).length >= 8, 4000);
    expect(tree.length).toBeGreaterThanOrEqual(8);
    const e = await failure(job);
    expect(e.code).toBe('TIMEOUT_ERROR');
    expect(await waitFor(() => [worker.pid, ...tree].every((p) => !alive(p)), 3000), `alive: ${tree.filter(alive)}`).toBe(true);
  });

  it('a fork bomb ends in seconds with PROCESS_LIMIT, and the host is unaffected', async () => {
    const t0 = Date.now();
    const bomb = `
import time
end = time.time() + 30
while time.time() < end:
    try:
        os.fork()
    except OSError:
        time.sleep(0.005)`;
    const e = await failure(hostile('bomb', bomb, 'start', { limits: { processes: 64, wallMs: 60_000 } }));
    expect(e.code).toBe('PROCESS_LIMIT');
    expect(e.details).toMatchObject({ limit: 64 });
    expect(Date.now() - t0).toBeLessThan(15_000);
    // nothing of it is left, and the next job runs
    expect(await waitFor(() => bridge.stats().workers.every((w) => w.jobId !== 'bomb'), 3000)).toBe(true);
    expect((await bridge.run({ jobId: 'after-bomb', jobDir: jobDir('after-bomb'), flow: 'template', input: PRISM })).metrics!.solids).toBe(
      1,
    );
  });

  it('a script that fills the disk ends in seconds with JOB_DIR_LIMIT, the dir near its cap', async () => {
    const t0 = Date.now();
    const dir = jobDir('fill');
    const fill = `
buf = b'x' * (1 << 20)
i = 0
while True:
    with open(ctx.path('fill-%d' % i), 'wb') as f:
        for _ in range(4):
            f.write(buf)
    i += 1`;
    const e = await failure(hostile('fill', fill, 'start', { jobDir: dir, limits: { jobDirMb: 64, wallMs: 60_000 } }));
    expect(e.code).toBe('JOB_DIR_LIMIT');
    expect(e.details).toMatchObject({ limit_mb: 64 });
    expect(Date.now() - t0).toBeLessThan(15_000);
    const bytes = fs.readdirSync(dir).reduce((n, f) => n + fs.lstatSync(path.join(dir, f)).size, 0);
    expect(bytes).toBeGreaterThan(64 * 1024 * 1024);
    expect(bytes).toBeLessThan(1024 * 1024 * 1024);
  });
});

describe('trust routing and spare one-shot workers', () => {
  it('routes by what the job reads: template warm, a template declared untrusted one-shot, import and cam one-shot by default', async () => {
    await bridge.run({ jobId: 'r-template', jobDir: jobDir('r-template'), flow: 'template', input: PRISM });
    expect(startedLog('r-template')).toMatchObject({ mode: 'warm', untrusted: false });
    await bridge.run({ jobId: 'r-untrusted', jobDir: jobDir('r-untrusted'), flow: 'template', input: PRISM, trust: 'untrusted' });
    expect(startedLog('r-untrusted')).toMatchObject({ mode: 'oneshot', untrusted: true });
    // import and script cannot be declared trusted; cam is untrusted unless its flow says so
    const { trustOf } = await import('../../freecad-bridge/src/bridge.js');
    expect(trustOf({ flow: 'import', trust: 'trusted' })).toBe('untrusted');
    expect(trustOf({ flow: 'script', trust: 'trusted' })).toBe('untrusted');
    expect(trustOf({ flow: 'cam' })).toBe('untrusted');
    expect(trustOf({ flow: 'cam', trust: 'trusted' })).toBe('trusted');
    expect(trustOf({ flow: 'template' })).toBe('trusted');
  });

  it('an import (memory_mb of its own) runs in a spare one-shot worker that serves exactly one job and is replaced', async () => {
    await bridge.sparesReady();
    const spareBefore = bridge.stats().workers.find((w) => w.kind === 'oneshot' && w.jobId === null && w.state === 'idle');
    expect(spareBefore).toBeDefined();
    const made = await bridge.run({ jobId: 'r-make', jobDir: jobDir('r-make'), flow: 'template', input: PRISM });
    const step = path.join(jobsRoot, `${seq}-r-make`, made.outputs.find((o) => o.kind === 'step')!.file);
    const dir = jobDir('r-import');
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(step, path.join(dir, 'source.step'));
    const input = {
      source: 'source.step',
      format: 'step',
      name: 'p',
      reader_unit_mm: 1,
      user_unit_mm: 1,
      z_up: false,
      center: false,
      refine: false,
      repair: false,
      require_solid: false,
      preview_triangles: 100000,
      expected_triangles: null,
    };
    const r = await bridge.run({ jobId: 'r-import', jobDir: dir, flow: 'import', input, limits: { addressSpaceMb: 3072, cpuSeconds: 60 } });
    expect(r.outputs.map((o) => o.kind)).toEqual(expect.arrayContaining(['fcstd', 'stl']));
    expect(startedLog('r-import')).toMatchObject({ mode: 'oneshot', spare: true, pid: spareBefore!.pid });
    // the outputs are in the job dir the flow named; the spare is gone and a new one waits
    for (const o of r.outputs) expect(fs.lstatSync(path.join(dir, o.file)).isFile()).toBe(true);
    expect(await waitFor(() => !alive(spareBefore!.pid), 3000)).toBe(true);
    await bridge.sparesReady();
    const next = bridge.stats().workers.find((w) => w.kind === 'oneshot' && w.jobId === null);
    expect(next).toBeDefined();
    expect(next!.pid).not.toBe(spareBefore!.pid);
  });

  it('a spare takes the job’s own (lower) limits: a CPU budget of 1 s stops a spinner', async () => {
    await bridge.sparesReady();
    const e = await failure(
      bridge.run({
        jobId: 'r-spin',
        jobDir: jobDir('r-spin'),
        flow: 'template',
        input: { ...PRISM, __test: { spin_s: 30 } },
        trust: 'untrusted',
        limits: { cpuSeconds: 1 },
      }),
    );
    expect(startedLog('r-spin')).toMatchObject({ spare: true });
    expect(e.code).toBe('TIMEOUT_ERROR');
  });

  it('a spare writes only its own job dir: nothing reaches the jobs root or a sibling job', async () => {
    await bridge.sparesReady();
    const sibling = jobDir('r-sibling');
    fs.mkdirSync(sibling, { recursive: true });
    const python = `
tried = {}
for p in ('/tmp/jobs/escape', '/tmp/job/../escape', '/opt/tezgah/escape', '/escape'):
    try:
        open(p, 'w').write('x')
        tried[p] = 'written'
    except OSError as e:
        tried[p] = e.errno
ctx.data['tried'] = tried`;
    const r = await bridge.run({
      jobId: 'r-escape',
      jobDir: jobDir('r-escape'),
      flow: 'template',
      input: { ...PRISM, __test: { at: 'end', python } },
      trust: 'untrusted',
    });
    expect(startedLog('r-escape')).toMatchObject({ spare: true });
    expect(fs.readdirSync(jobsRoot).filter((f) => f.includes('escape') && !f.endsWith('r-escape'))).toEqual([]);
    expect(fs.readdirSync(sibling)).toEqual([]);
    const tried = r.data!.tried as Record<string, unknown>;
    expect(tried['/opt/tezgah/escape']).not.toBe('written');
    expect(tried['/escape']).not.toBe('written');
  });
});
