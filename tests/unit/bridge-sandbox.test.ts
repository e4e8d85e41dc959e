// The worker's command line: limits, what the sandbox can see and write, and how FreeCAD is told
// what to run (never a positional file: FreeCAD would open it as a document).
import { describe, expect, it } from 'vitest';
import {
  bootstrap,
  buildLaunch,
  DEFAULT_LIMITS,
  SANDBOX,
  SECCOMP_FD,
  toWorkerPath,
  workerView,
  type LaunchSpec,
} from '../../freecad-bridge/src/sandbox.js';
import { seccompBytes } from '../../freecad-bridge/src/seccomp.js';
import type { FreeCadRuntime } from '../../freecad-bridge/src/types.js';

const rootfs: FreeCadRuntime = { kind: 'rootfs', root: '/rt', freecadcmd: '/usr/bin/freecadcmd', version: '1.1.3', sandboxed: true };
const binary: FreeCadRuntime = { kind: 'binary', freecadcmd: '/opt/fc/bin/freecadcmd', version: '1.1.3', sandboxed: false };

function spec(over: Partial<LaunchSpec> = {}): LaunchSpec {
  return {
    runtime: rootfs,
    mode: 'oneshot',
    pythonDir: '/app/freecad-bridge/python',
    writableDir: '/data/jobs/j1',
    limits: {
      cpuSeconds: 60,
      addressSpaceMb: 2048,
      wallMs: 90_000,
      processes: 128,
      openFiles: 512,
      fileSizeMb: 100,
      tmpMb: 64,
      jobDirMb: 200,
    },
    env: { TEZGAH_MODE: 'oneshot', TEZGAH_REQUEST: '/tmp/job/request.json' },
    prlimit: '/usr/bin/prlimit',
    bwrap: '/usr/bin/bwrap',
    binaryHome: '/tmp/fc-home',
    ...over,
  };
}

/** open files and file size (prlimit), after the CPU and memory limits */
const LIMIT_ARGS = ['--nofile=512', `--fsize=${100 * 1024 * 1024}`];

/** The value following a flag (e.g. --bind SRC DEST → [SRC, DEST]). */
function after(args: string[], flag: string, n = 1): string[][] {
  const out: string[][] = [];
  args.forEach((a, i) => a === flag && out.push(args.slice(i + 1, i + 1 + n)));
  return out;
}

describe('buildLaunch (rootfs, one-shot)', () => {
  const l = buildLaunch(spec());
  const bw = l.args.indexOf('/usr/bin/bwrap');

  it('puts CPU and memory limits on the host side, then bubblewrap', () => {
    expect(l.file).toBe('/usr/bin/prlimit');
    expect(l.args.slice(0, bw)).toEqual(['--cpu=60:65', `--as=${2048 * 1024 * 1024}`, '--core=0', ...LIMIT_ARGS, '--']);
    expect(l.sandboxed).toBe(true);
  });

  it('mounts the runtime read-only and only the job dir writable', () => {
    expect(after(l.args, '--ro-bind', 2)).toEqual([
      ['/rt', '/'],
      ['/app/freecad-bridge/python', SANDBOX.python],
    ]);
    expect(after(l.args, '--bind', 2)).toEqual([['/data/jobs/j1', SANDBOX.job]]);
    expect(l.args).toEqual(expect.arrayContaining(['--unshare-all', '--die-with-parent', '--new-session', '--clearenv']));
    expect(after(l.args, '--tmpfs')).toEqual([['/tmp'], ['/opt']]);
  });

  it('gives the worker a clean environment with a writable HOME and the protocol variables', () => {
    const env = Object.fromEntries(after(l.args, '--setenv', 2).map(([k, v]) => [k!, v!]));
    expect(env).toMatchObject({ HOME: SANDBOX.home, TZ: 'UTC', TEZGAH_MODE: 'oneshot', TEZGAH_REQUEST: '/tmp/job/request.json' });
    expect(l.args.indexOf('--clearenv')).toBeLessThan(l.args.indexOf('--setenv'));
    // the host process itself inherits nothing either
    expect(Object.keys(l.env).sort()).toEqual(['LANG', 'LC_ALL', 'PATH', 'TZ']);
  });

  it('runs freecadcmd with -c and the bootstrap program, and no positional file', () => {
    const tail = l.args.slice(l.args.indexOf('/usr/bin/freecadcmd'));
    expect(tail).toEqual(['/usr/bin/freecadcmd', '-c', bootstrap(SANDBOX.python)]);
    expect(tail[2]).toContain('"/opt/tezgah/worker.py"');
  });
});

describe('buildLaunch (rootfs, warm)', () => {
  const l = buildLaunch(spec({ mode: 'warm', writableDir: '/data/jobs', env: { TEZGAH_MODE: 'warm' } }));

  it('makes the jobs root writable and leaves the CPU budget to the worker (per job)', () => {
    expect(after(l.args, '--bind', 2)).toEqual([['/data/jobs', SANDBOX.jobs]]);
    expect(l.args.some((a) => a.startsWith('--cpu'))).toBe(false);
    expect(l.args).toContain(`--as=${2048 * 1024 * 1024}`);
  });
});

describe('buildLaunch (binary)', () => {
  const l = buildLaunch(spec({ runtime: binary }));

  it('runs freecadcmd directly under the same limits, with its own HOME, and says it is unsandboxed', () => {
    expect(l.sandboxed).toBe(false);
    expect(l.args).not.toContain('/usr/bin/bwrap');
    expect(l.args).toEqual([
      '--cpu=60:65',
      `--as=${2048 * 1024 * 1024}`,
      '--core=0',
      ...LIMIT_ARGS,
      '--',
      '/opt/fc/bin/freecadcmd',
      '-c',
      bootstrap('/app/freecad-bridge/python'),
    ]);
    expect(l.env).toMatchObject({ HOME: '/tmp/fc-home', TEZGAH_REQUEST: '/tmp/job/request.json' });
  });

  it('sees host paths as they are', () => {
    expect(workerView(binary, 'warm', '/data/jobs', '/app/py')).toEqual({ writableDir: '/data/jobs', pythonDir: '/app/py' });
  });
});

describe('paths', () => {
  it('maps a job dir under the writable root to the worker view and refuses anything outside', () => {
    expect(toWorkerPath('/data/jobs/2024/j1', '/data/jobs', SANDBOX.jobs)).toBe('/tmp/jobs/2024/j1');
    expect(toWorkerPath('/data/jobs/j1', '/data/jobs/j1', SANDBOX.job)).toBe('/tmp/job');
    expect(() => toWorkerPath('/data/other', '/data/jobs', SANDBOX.jobs)).toThrow(/outside/);
    expect(() => toWorkerPath('/data/jobs/../etc', '/data/jobs', SANDBOX.jobs)).toThrow(/outside/);
  });

  it('quotes odd folder names safely in the bootstrap program', () => {
    const p = bootstrap('/home/o\'brien/"tezgah"/python');
    expect(p).toBe('import runpy; runpy.run_path("/home/o\'brien/\\"tezgah\\"/python/worker.py", run_name=\'__main__\')');
  });

  it('has limits that leave CAM room (≥ 2 GB address space)', () => {
    expect(DEFAULT_LIMITS.addressSpaceMb).toBeGreaterThanOrEqual(2048);
    expect(DEFAULT_LIMITS.wallMs).toBeGreaterThan(DEFAULT_LIMITS.cpuSeconds * 1000 - 1);
  });
});

describe('buildLaunch: the tighter sandbox', () => {
  const l = buildLaunch(spec({ seccomp: seccompBytes('x64') }));

  it('drops every capability in a user namespace of its own and forbids new ones', () => {
    expect(l.args).toEqual(expect.arrayContaining(['--unshare-user', '--disable-userns']));
    expect(after(l.args, '--cap-drop')).toEqual([['ALL']]);
  });

  it('hands the seccomp program to bwrap on its own fd, and the bytes to the spawner', () => {
    expect(after(l.args, '--seccomp')).toEqual([[String(SECCOMP_FD)]]);
    expect(l.seccomp).toEqual(seccompBytes('x64'));
    expect(l.args.indexOf('--seccomp')).toBeLessThan(l.args.indexOf('/usr/bin/freecadcmd'));
    expect(buildLaunch(spec()).args).not.toContain('--seccomp');
  });

  it('limits /tmp by size and tells the worker its process cap (set inside the user namespace)', () => {
    const i = l.args.indexOf('--size');
    expect(l.args.slice(i, i + 4)).toEqual(['--size', String(64 * 1024 * 1024), '--tmpfs', '/tmp']);
    const env = Object.fromEntries(after(l.args, '--setenv', 2).map(([k, v]) => [k!, v!]));
    expect(env.TEZGAH_NPROC).toBe('128');
  });

  it('a spare sets its CPU budget itself when its job comes (no --cpu at spawn)', () => {
    expect(buildLaunch(spec({ spare: true })).args.some((a) => a.startsWith('--cpu'))).toBe(false);
  });

  it('joins the worker cgroup before prlimit starts, when there is one', () => {
    const c = buildLaunch(spec({ cgroupProcs: '/sys/fs/cgroup/pids/t/w1/cgroup.procs' }));
    expect(c.file).toBe('/bin/sh');
    expect(c.args.slice(0, 4)).toEqual(['-c', 'echo $$ > "$0" && exec "$@"', '/sys/fs/cgroup/pids/t/w1/cgroup.procs', '/usr/bin/prlimit']);
    expect(c.args.slice(4)).toEqual(buildLaunch(spec()).args);
  });

  it('has default limits for processes, files, /tmp and the job dir', () => {
    expect(DEFAULT_LIMITS).toMatchObject({
      processes: expect.any(Number),
      openFiles: expect.any(Number),
      fileSizeMb: expect.any(Number),
      tmpMb: expect.any(Number),
      jobDirMb: expect.any(Number),
    });
    expect(DEFAULT_LIMITS.fileSizeMb).toBeLessThanOrEqual(DEFAULT_LIMITS.jobDirMb);
  });
});
