// The bridge's public contract, shared by the job manager and every flow.
import type { ErrorCode } from '../../shared/errors.js';
import type { Metrics } from '../../shared/jobs.js';
import type { StepName } from '../../shared/steps.js';

/** Where FreeCAD 1.1 lives and how it is started. */
export interface FreeCadRuntime {
  /** 'rootfs': private Debian root filesystem run through bubblewrap; 'binary': a plain freecadcmd (no OS sandbox) */
  kind: 'rootfs' | 'binary';
  /** rootfs folder (kind 'rootfs') */
  root?: string;
  /** freecadcmd path (inside the rootfs for kind 'rootfs') */
  freecadcmd: string;
  /** e.g. "1.1.3" */
  version: string;
  /** true when runs get the OS sandbox (bubblewrap works here) */
  sandboxed: boolean;
  /** why not sandboxed, when not */
  sandboxProblem?: string;
}

export interface ResourceLimits {
  /** CPU seconds (prlimit --cpu) */
  cpuSeconds: number;
  /** address space in MB (prlimit --as) */
  addressSpaceMb: number;
  /** wall clock for one job, ms; Node kills the worker's whole process tree after it */
  wallMs: number;
  /** processes and threads inside the sandbox (pids cgroup where one can be made, RLIMIT_NPROC inside) */
  processes: number;
  /** open files per process (prlimit --nofile) */
  openFiles: number;
  /** largest file one process may write, MB (prlimit --fsize) */
  fileSizeMb: number;
  /** the sandbox's private /tmp (a size-limited tmpfs), MB */
  tmpMb: number;
  /** everything in the job dir together, MB; checked while the job runs */
  jobDirMb: number;
}

/** Flows the Python worker knows (freecad-bridge/python/flows/<flow>.py). */
export type FlowName = 'probe' | 'template' | 'import' | 'cam' | 'script' | 'assembly' | 'drawing' | 'fem' | 'export' | 'dfm';

export type Trust = 'trusted' | 'untrusted';

export interface RunRequest {
  jobId: string;
  /** host path of the job dir; must sit under the bridge's jobsRoot */
  jobDir: string;
  flow: FlowName;
  /** flow-specific input, written to request.json as "input" */
  input: Record<string, unknown>;
  /**
   * What the job reads. 'untrusted': a file or code from outside (an import, a pulled or script-made
   * part, a script): a one-shot worker that serves exactly one job and can write only its job dir.
   * 'trusted': only geometry our code builds from validated parameters (may use a warm worker).
   * Default per flow (FLOW_TRUST in bridge.ts): import, script and cam are untrusted.
   */
  trust?: Trust;
  /** the same as trust: 'untrusted' (kept for existing callers) */
  untrusted?: boolean;
  limits?: Partial<ResourceLimits>;
  signal?: AbortSignal;
  onProgress?: (p: ProgressEvent) => void;
}

export interface ProgressEvent {
  step: StepName;
  status: 'running' | 'done' | 'failed' | 'skipped';
  /** 0..1 inside the step, optional */
  fraction?: number;
  duration_ms?: number;
}

export interface OutputFile {
  /** fcstd | step | stl | mesh (preview tessellation) | gcode | report … */
  kind: string;
  /** file name relative to the job dir */
  file: string;
  meta?: Record<string, unknown>;
}

export interface RunResult {
  outputs: OutputFile[];
  metrics?: Metrics;
  warnings: { code: ErrorCode; details?: Record<string, unknown> }[];
  /** flow-specific data (import report, CAM summary …) */
  data?: Record<string, unknown>;
  durations_ms: Record<string, number>;
  freecad_version: string;
  worker_peak_rss_mb: number | null;
  /** worker's stderr lines for this job (for the job log) */
  stderr: string[];
}

/** One structured log line from the bridge (worker lifecycle, job steps, worker stderr). */
export interface BridgeLogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  jobId?: string;
  step?: StepName;
  [key: string]: unknown;
}

export interface BridgeOptions {
  runtime: FreeCadRuntime;
  /** every job dir must sit under this folder; warm workers see (only) this folder writable */
  jobsRoot: string;
  /** warm workers for trusted flows; default max(1, cores - 1) */
  poolSize?: number;
  /** a warm worker retires after this many jobs; default 50 */
  maxJobsPerWorker?: number;
  /** a warm worker retires once its resident memory passes this; default 1500 MB */
  maxRssMb?: number;
  limits?: Partial<ResourceLimits>;
  log?: (line: BridgeLogLine) => void;
  /** honour test-only request flags (input.__test); default: env TEZGAH_TEST_HOOKS === '1' */
  testHooks?: boolean;
  /** folder of worker.py and flows/ (default: freecad-bridge/python next to this source) */
  pythonDir?: string;
  /** one-shot workers kept started ahead of need for untrusted jobs; default 1, 0: none */
  spareOneShots?: number;
  /**
   * Run untrusted jobs on a runtime without the OS sandbox (kind 'binary': Windows, macOS,
   * TEZGAH_FREECAD) instead of refusing them with SANDBOX_UNAVAILABLE. Only the user's explicit
   * opt-in in Settings may set this (a function: read at each job, so a change applies at once); default false.
   */
  allowUnsandboxed?: boolean | (() => boolean);
}

export interface WorkerInfo {
  /** host pid of the worker's process-group leader (prlimit/bwrap, or freecadcmd for kind 'binary') */
  pid: number;
  kind: 'warm' | 'oneshot';
  state: 'starting' | 'idle' | 'busy' | 'stopping';
  jobId: string | null;
  jobsServed: number;
  rssMb: number | null;
}

export interface BridgeStats {
  workers: WorkerInfo[];
  queued: number;
  /** totals since the bridge started */
  started: number;
  recycled: number;
  crashed: number;
  jobsDone: number;
}
