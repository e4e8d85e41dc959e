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
  /** wall clock for one job, ms; Node kills the process group after it */
  wallMs: number;
}

/** Flows the Python worker knows (freecad-bridge/python/flows/<flow>.py). */
export type FlowName = 'probe' | 'template' | 'import' | 'cam' | 'script';

export interface RunRequest {
  jobId: string;
  /** host path of the job dir; must sit under the bridge's jobsRoot */
  jobDir: string;
  flow: FlowName;
  /** flow-specific input, written to request.json as "input" */
  input: Record<string, unknown>;
  /** untrusted code: fresh process, serves exactly one job, never a warm worker */
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
