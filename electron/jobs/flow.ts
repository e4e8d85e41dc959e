// A flow turns one kind of job spec into files and metrics. The job manager owns the queue, the
// states, the store and the events; a flow only does its own work through the context it is given,
// and runs FreeCAD only through ctx.runWorker (one bridge call, stderr into the job log, warnings as
// coded payloads, the answer's data checked against the flow's schema) and names its files with
// flowOutput (one MIME table).
import { TezgahError, toErrorPayload, type ErrorPayload } from '../../shared/errors.js';
import { JOB_RESULTS } from '../../shared/results/index.js';
import type { ArtefactKind, JobRecord, JobResultOf, JobSpec, JobType, Metrics } from '../../shared/jobs.js';
import type { StepName } from '../../shared/steps.js';
import type { FreeCadBridge } from '../../freecad-bridge/src/bridge.js';
import type { WorkerAnswer, WorkerFlow, WorkerInput } from '../../freecad-bridge/src/flows.js';
import { parseWorkerData } from '../../freecad-bridge/src/protocol.js';
import type { ProgressEvent, ResourceLimits, RunResult, Trust } from '../../freecad-bridge/src/types.js';

/** The one MIME table: every artefact a flow stores gets its type from here. */
export const ARTEFACT_MIME: Record<ArtefactKind, string> = {
  fcstd: 'application/vnd.freecad.fcstd',
  step: 'model/step',
  stl: 'model/stl',
  glb: 'model/gltf-binary',
  gcode: 'text/x-gcode',
  cam_report: 'application/json',
  import_report: 'application/json',
  script: 'text/x-python',
  source: 'application/octet-stream',
  bom_csv: 'text/csv',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  dxf: 'image/vnd.dxf',
  vtu: 'application/vnd.vtk.vtu+xml',
  csv: 'text/csv',
  inp: 'text/x-calculix-inp',
  frd: 'application/x-calculix-frd',
  iges: 'model/iges',
  brep: 'model/x-brep',
  '3mf': 'model/3mf',
  obj: 'model/obj',
};

export interface FlowOutput {
  kind: ArtefactKind;
  /** file name shown to the user and used on export */
  name: string;
  /** absolute path of the finished file (in the job dir) */
  path: string;
  mime: string;
  meta?: Record<string, unknown>;
}

export interface FlowResult<T extends JobType = JobType> {
  outputs: FlowOutput[];
  metrics?: Metrics | null;
  warnings?: ErrorPayload[];
  /** the flow's result kept in the job document (shared/results/<flow>.ts; parsed before it is stored) */
  result?: JobResultOf<T>;
}

/** A job output: the file, its name, its kind's MIME type (ARTEFACT_MIME) and its metadata. */
export function flowOutput(kind: ArtefactKind, name: string, path: string, meta?: Record<string, unknown>): FlowOutput {
  return { kind, name, path, mime: ARTEFACT_MIME[kind], ...(meta ? { meta } : {}) };
}

/** What the job manager gives a flow (tests and benches build one too; flowContext adds the rest). */
export interface FlowHost {
  job: JobRecord;
  jobDir: string;
  signal: AbortSignal;
  /** runs fn as a named step of the job document (timed, logged, shown in the UI) */
  step<T>(name: StepName, fn: () => Promise<T> | T): Promise<T>;
  /** forwards a bridge progress event into the job document */
  onBridgeProgress(e: ProgressEvent): void;
  bridge(): Promise<FreeCadBridge>;
  log(level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void;
}

/** One run of a Python flow (freecad-bridge/python/flows/<flow>.py). */
export interface WorkerCall<F extends WorkerFlow, I extends WorkerInput<F> = WorkerInput<F>> {
  flow: F;
  input: I;
  /** the run's folder (default: the job dir); must sit under the jobs root */
  dir?: string;
  trust?: Trust;
  untrusted?: boolean;
  limits?: Partial<ResourceLimits>;
  /** the worker's step events go into the job document (default true) */
  forwardProgress?: boolean;
  /** sees every progress event first (before it goes into the document) */
  onProgress?: (e: ProgressEvent) => void;
  /** the error for an answer whose data does not match the flow's schema (default INTERNAL) */
  invalidData?: (why: string) => TezgahError;
}

export interface WorkerRun<D> {
  /** the bridge's result as it came (outputs, metrics, timings, FreeCAD version) */
  run: RunResult;
  /** result.json "data", checked against the flow's schema */
  data: D;
  /** the worker's warnings as coded payloads */
  warnings: ErrorPayload[];
}

export interface FlowContext extends FlowHost {
  /** runs a Python flow once: the bridge call, progress, stderr into the log, warnings, checked data */
  runWorker<F extends WorkerFlow, I extends WorkerInput<F>>(call: WorkerCall<F, I>): Promise<WorkerRun<WorkerAnswer<F, I>>>;
}

/** The context a flow runs in: the host's parts plus the one way to run a worker. */
export function flowContext(host: FlowHost): FlowContext {
  const ctx: FlowContext = {
    ...host,
    async runWorker(call) {
      const bridge = await ctx.bridge();
      const forward = call.forwardProgress ?? true;
      const run = await bridge.run({
        jobId: ctx.job.id,
        jobDir: call.dir ?? ctx.jobDir,
        flow: call.flow,
        input: call.input as Record<string, unknown>,
        ...(call.trust ? { trust: call.trust } : {}),
        ...(call.untrusted ? { untrusted: true } : {}),
        ...(call.limits ? { limits: call.limits } : {}),
        signal: ctx.signal,
        ...(forward || call.onProgress
          ? {
              onProgress: (e: ProgressEvent) => {
                call.onProgress?.(e);
                if (forward) ctx.onBridgeProgress(e);
              },
            }
          : {}),
      });
      for (const line of run.stderr) ctx.log('debug', 'freecad stderr', { line });
      const checked = parseWorkerData(call.flow, run.data, call.input);
      if (!checked.ok) {
        throw (
          call.invalidData?.(checked.why) ??
          new TezgahError('INTERNAL', {
            reason: `the worker's ${call.flow} data does not match its schema (freecad-bridge/src/flows.ts): ${checked.why}`,
          })
        );
      }
      return {
        run,
        data: checked.data as WorkerAnswer<typeof call.flow, typeof call.input>,
        warnings: run.warnings.map((w) => toErrorPayload(new TezgahError(w.code, w.details))),
      };
    },
  };
  return ctx;
}

export interface Flow<S extends JobSpec = JobSpec> {
  type: S['type'];
  /** step names shown as pending when the job is queued */
  steps: StepName[];
  /**
   * Validates and normalises a spec (units to mm, defaults filled, canonical key order does not
   * matter). Throws TezgahError for bad input. The result is what the spec hash is taken of.
   */
  normalise(spec: S): Promise<S> | S;
  run(ctx: FlowContext, spec: S): Promise<FlowResult<S['type']>>;
  /**
   * false when running the job again after a crash is not safe or not free (a prompt asks the model
   * again); such a job fails with INTERRUPTED instead. Default: it may run again (flows start from a
   * fresh job dir and write nothing outside it).
   */
  resumable?: boolean;
}

/**
 * A flow's result checked against its schema (shared/results/<flow>.ts) before the job manager
 * stores it: a result of the wrong shape fails the job (INTERNAL) instead of reaching the readers.
 * The value is stored as the flow built it (the check neither strips nor reorders it).
 */
export function checkFlowResult<T extends JobType>(type: T, result: JobResultOf<T> | undefined): JobResultOf<T> | undefined {
  const r = JOB_RESULTS[type].safeParse(result);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new TezgahError('INTERNAL', {
      reason: `the ${type} flow's result does not match its schema (shared/results): ${first?.path.join('.') || '(root)'}: ${first?.message ?? ''}`,
      issues: r.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  return result;
}
