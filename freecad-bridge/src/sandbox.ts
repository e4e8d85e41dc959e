// Builds the command line that starts one FreeCAD worker: host limits (prlimit) around the OS sandbox
// (bubblewrap) around freecadcmd. Pure: no I/O, so the argv is unit-tested as is.
//
// The sandbox, in layers: a read-only runtime, no network, a private size-limited /tmp, only the
// job dir (or, for warm workers, the jobs root) writable; a user namespace with every capability
// dropped and no further user namespaces; a seccomp filter (seccomp.ts) on the calls a CAD worker
// never needs; per-process limits (address space, CPU, open files, file size) set by prlimit, a
// process cap set inside (RLIMIT_NPROC counts per user namespace there) and, where one can be
// made, a pids cgroup the process joins before it starts.
import path from 'node:path';
import type { FreeCadRuntime, ResourceLimits } from './types.js';

/** Where things appear inside the sandbox (kind 'rootfs'). */
export const SANDBOX = {
  python: '/opt/tezgah',
  /** a one-shot worker's job dir */
  job: '/tmp/job',
  /** a warm worker's jobs root */
  jobs: '/tmp/jobs',
  home: '/tmp/home',
} as const;

export const DEFAULT_LIMITS: ResourceLimits = {
  cpuSeconds: 120,
  addressSpaceMb: 4096,
  wallMs: 180_000,
  // FreeCAD runs ~30 threads; nothing it does forks
  processes: 256,
  openFiles: 1024,
  fileSizeMb: 2048,
  tmpMb: 512,
  jobDirMb: 4096,
};

/** The fd bubblewrap reads the seccomp program from (0–2 stdio, 3 the progress channel). */
export const SECCOMP_FD = 4;

/** Extra CPU seconds between SIGXCPU (soft limit) and SIGKILL (hard limit). */
const CPU_HARD_MARGIN_S = 5;

export interface LaunchSpec {
  runtime: FreeCadRuntime;
  /** warm: serves many trusted jobs, jobs root writable; oneshot: one job, only its dir writable */
  mode: 'warm' | 'oneshot';
  /** host folder holding worker.py and flows/ (mounted read-only) */
  pythonDir: string;
  /** host folder the worker may write: the job dir (oneshot) or the jobs root (warm) */
  writableDir: string;
  limits: ResourceLimits;
  /** protocol variables (TEZGAH_*), with paths as the worker sees them */
  env: Record<string, string>;
  /** host tools */
  prlimit: string;
  bwrap: string;
  /** writable HOME for kind 'binary' (FreeCAD needs one) */
  binaryHome: string;
  /** the seccomp program (seccomp.ts) for bwrap's --seccomp; null: none (an architecture without one) */
  seccomp?: Buffer | null;
  /** cgroup.procs of a pids cgroup made for this worker: the process joins it before prlimit starts */
  cgroupProcs?: string | null;
  /** a spare one-shot worker: it sets the job's CPU budget itself (soft and hard) once the job comes */
  spare?: boolean;
  /** test only: run this instead of freecadcmd (same sandbox, same limits) */
  command?: string[];
}

export interface Launch {
  file: string;
  args: string[];
  /** the complete environment of the host process (no inheritance) */
  env: Record<string, string>;
  /** true when the worker runs inside bubblewrap */
  sandboxed: boolean;
  /** bytes to write to fd SECCOMP_FD of the child (then closed), when bwrap is told --seccomp */
  seccomp: Buffer | null;
}

/** How the worker sees a host folder. Identity for kind 'binary' (no mount namespace). */
export function workerView(runtime: FreeCadRuntime, mode: LaunchSpec['mode'], writableDir: string, pythonDir: string) {
  if (runtime.kind === 'binary') return { writableDir, pythonDir };
  return { writableDir: mode === 'warm' ? SANDBOX.jobs : SANDBOX.job, pythonDir: SANDBOX.python };
}

/** Maps a host path under the writable folder to the path the worker sees. */
export function toWorkerPath(hostPath: string, hostRoot: string, workerRoot: string): string {
  const rel = path.relative(hostRoot, hostPath);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`${hostPath} is outside ${hostRoot}`);
  return rel ? path.posix.join(workerRoot, ...rel.split(path.sep)) : workerRoot;
}

/** The -c program: never a positional file (FreeCAD would open it as a document). */
export function bootstrap(pythonDir: string): string {
  // A JSON string literal is also a valid Python string literal.
  return `import runpy; runpy.run_path(${JSON.stringify(path.posix.join(pythonDir, 'worker.py'))}, run_name='__main__')`;
}

const MB = 1024 * 1024;

function prlimitArgs(spec: LaunchSpec): string[] {
  const { limits } = spec;
  const args = [
    `--as=${Math.round(limits.addressSpaceMb * MB)}`,
    '--core=0',
    `--nofile=${limits.openFiles}`,
    `--fsize=${Math.round(limits.fileSizeMb * MB)}`,
  ];
  // A warm worker's RLIMIT_CPU would add up over all its jobs: it sets a per-job soft limit itself.
  // A spare's budget starts with its job, not at spawn: it sets soft and hard itself then.
  if (spec.mode === 'oneshot' && !spec.spare)
    args.unshift(`--cpu=${Math.ceil(limits.cpuSeconds)}:${Math.ceil(limits.cpuSeconds) + CPU_HARD_MARGIN_S}`);
  return args;
}

const BASE_ENV = { LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', TZ: 'UTC' };

/** `sh -c` that moves itself into the cgroup, then becomes prlimit: no process runs outside it. */
function inCgroup(procs: string | null | undefined, file: string, args: string[]): { file: string; args: string[] } {
  if (!procs) return { file, args };
  return { file: '/bin/sh', args: ['-c', 'echo $$ > "$0" && exec "$@"', procs, file, ...args] };
}

export function buildLaunch(spec: LaunchSpec): Launch {
  const { runtime } = spec;
  const view = workerView(runtime, spec.mode, spec.writableDir, spec.pythonDir);
  const program = bootstrap(view.pythonDir);
  const command = spec.command ?? [runtime.freecadcmd, '-c', program];
  if (runtime.kind === 'binary') {
    // No OS sandbox: the worker can see and write what this user can. Reported by probeSandbox();
    // untrusted code is refused on this kind.
    return {
      ...inCgroup(spec.cgroupProcs, spec.prlimit, [...prlimitArgs(spec), '--', ...command]),
      env: { ...BASE_ENV, PATH: '/usr/local/bin:/usr/bin:/bin', HOME: spec.binaryHome, ...spec.env },
      sandboxed: false,
      seccomp: null,
    };
  }
  if (!runtime.root) throw new Error('rootfs runtime without root');
  const env = { ...BASE_ENV, HOME: SANDBOX.home, TEZGAH_NPROC: String(spec.limits.processes), ...spec.env };
  const setenv = Object.entries(env).flatMap(([k, v]) => ['--setenv', k, v]);
  const seccomp = spec.seccomp ?? null;
  const args = [
    ...prlimitArgs(spec),
    '--',
    spec.bwrap,
    '--ro-bind',
    runtime.root,
    '/',
    '--dev',
    '/dev',
    '--proc',
    '/proc',
    '--size',
    String(Math.round(spec.limits.tmpMb * MB)),
    '--tmpfs',
    '/tmp',
    '--dir',
    SANDBOX.home,
    // The rootfs is read-only and has no /opt/tezgah: mount points go on a tmpfs.
    '--tmpfs',
    '/opt',
    '--ro-bind',
    spec.pythonDir,
    SANDBOX.python,
    '--bind',
    spec.writableDir,
    view.writableDir,
    '--unshare-all',
    // a user namespace of its own (not "try"): capabilities mean nothing outside it, and none are kept
    '--unshare-user',
    '--disable-userns',
    '--cap-drop',
    'ALL',
    ...(seccomp ? ['--seccomp', String(SECCOMP_FD)] : []),
    '--die-with-parent',
    '--new-session',
    '--clearenv',
    ...setenv,
    '--chdir',
    '/tmp',
    ...command,
  ];
  return { ...inCgroup(spec.cgroupProcs, spec.prlimit, args), env: { ...BASE_ENV, PATH: '/usr/bin:/bin' }, sandboxed: true, seccomp };
}
