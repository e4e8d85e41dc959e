// The worker's command line: limits, what the sandbox can see and write, and how FreeCAD is told
// what to run (never a positional file: FreeCAD would open it as a document).
import { describe, expect, it } from 'vitest';
import { bootstrap, buildLaunch, DEFAULT_LIMITS, SANDBOX, toWorkerPath, workerView, type LaunchSpec } from '../../freecad-bridge/src/sandbox.js';
import type { FreeCadRuntime } from '../../freecad-bridge/src/types.js';

const rootfs: FreeCadRuntime = { kind: 'rootfs', root: '/rt', freecadcmd: '/usr/bin/freecadcmd', version: '1.1.3', sandboxed: true };
const binary: FreeCadRuntime = { kind: 'binary', freecadcmd: '/opt/fc/bin/freecadcmd', version: '1.1.3', sandboxed: false };

function spec(over: Partial<LaunchSpec> = {}): LaunchSpec {
  return {
    runtime: rootfs,
    mode: 'oneshot',
    pythonDir: '/app/freecad-bridge/python',
    writableDir: '/data/jobs/j1',
    limits: { cpuSeconds: 60, addressSpaceMb: 2048, wallMs: 90_000 },
    env: { TEZGAH_MODE: 'oneshot', TEZGAH_REQUEST: '/tmp/job/request.json' },
    prlimit: '/usr/bin/prlimit',
    bwrap: '/usr/bin/bwrap',
    binaryHome: '/tmp/fc-home',
    ...over,
  };
}

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
    expect(l.args.slice(0, bw)).toEqual(['--cpu=60:65', `--as=${2048 * 1024 * 1024}`, '--core=0', '--']);
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
    expect(l.args).toEqual(['--cpu=60:65', `--as=${2048 * 1024 * 1024}`, '--core=0', '--', '/opt/fc/bin/freecadcmd', '-c', bootstrap('/app/freecad-bridge/python')]);
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
    const p = bootstrap("/home/o'brien/\"tezgah\"/python");
    expect(p).toBe('import runpy; runpy.run_path("/home/o\'brien/\\"tezgah\\"/python/worker.py", run_name=\'__main__\')');
  });

  it('has limits that leave CAM room (≥ 2 GB address space)', () => {
    expect(DEFAULT_LIMITS.addressSpaceMb).toBeGreaterThanOrEqual(2048);
    expect(DEFAULT_LIMITS.wallMs).toBeGreaterThan(DEFAULT_LIMITS.cpuSeconds * 1000 - 1);
  });
});
