// A flow turns one kind of job spec into files and metrics. The job manager owns the queue, the
// states, the store and the events; a flow only does its own work through the context it is given.
import { TezgahError, type ErrorPayload } from '../../shared/errors.js';
import { JOB_RESULTS } from '../../shared/results/index.js';
import type { ArtefactKind, JobRecord, JobResultOf, JobSpec, JobType, Metrics } from '../../shared/jobs.js';
import type { StepName } from '../../shared/steps.js';
import type { FreeCadBridge } from '../../freecad-bridge/src/bridge.js';
import type { ProgressEvent } from '../../freecad-bridge/src/types.js';

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

export interface FlowContext {
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
