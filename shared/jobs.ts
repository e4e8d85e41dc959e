// Jobs: what a user asks for (JobSpec, shared/job-spec.ts), what Tezgah records about it
// (JobRecord), and the shapes every transport shows (API, CLI --json, UI).
import type { ErrorPayload } from './errors.js';
import type { ArtefactKind, JobSpec, JobStatus, JobType, Metrics } from './job-spec.js';
import type { AiJobResult, FlowResults, JobResult, JobResultOf } from './results/index.js';
import type { StepName } from './steps.js';

export * from './job-spec.js';
// types only from shared/results/ (its schemas import shared/ at run time; JOB_RESULTS is there)
export type { FlowResults, JobResult, JobResultOf } from './results/index.js';

export type StepStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped';
export interface JobStep {
  name: StepName;
  status: StepStatus;
  started_at?: string;
  finished_at?: string;
  duration_ms?: number;
  error?: ErrorPayload;
}
export interface JobDocument<R = AnyJobResult> {
  steps: JobStep[];
  /** free-form per-flow notes (warnings, cache hit source, ...) */
  warnings?: ErrorPayload[];
  cached_from?: string;
  retry_of?: string;
  /** runs of this job a crash of the app cut short (it was queued again after each, up to the third) */
  interruptions?: number;
  /** the flow's result (import report, CAM summary, AI attempts): shared/results/<flow>.ts */
  result?: R;
}

export interface ArtefactInfo {
  id: number;
  job_id: string;
  kind: ArtefactKind;
  name: string;
  sha256: string;
  size: number;
  mime: string;
  meta: Record<string, unknown>;
  created_at: string;
}

/**
 * One job as stored and shown. `document.result` is typed per flow (shared/results/): on any job,
 * `job.document.result?.cam` is the CAM result or undefined; isJobOf(job, 'cam') narrows the spec and
 * the result together, resultOf(job, 'cam') gives the result or null.
 */
interface JobRecordFields {
  id: string;
  type: JobType;
  status: JobStatus;
  spec: JobSpec;
  spec_hash: string;
  idempotency_key: string | null;
  cached: boolean;
  progress: number;
  current_step: StepName | null;
  document: JobDocument;
  metrics: Metrics | null;
  error: ErrorPayload | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  retry_of: string | null;
}

type KeysOf<U> = U extends object ? keyof U : never;
/**
 * A result that names the other flows' keys as absent, so `job.document.result?.cam` reads (as
 * CamResult | undefined) on any job without a cast.
 */
type Exclusive<R, All extends PropertyKey> = R extends object ? R & { [K in Exclude<All, keyof R>]?: undefined } : R;
type ResultKeys = KeysOf<JobResult>;
/** job.document.result of any job. */
export type AnyJobResult = Exclusive<JobResult, ResultKeys>;

/**
 * One job as stored and shown: a union keyed by `type`, so `if (job.type === 'cam')` narrows the spec
 * and `document.result` together.
 */
export type JobRecord = { [T in JobType]: JobRecordOf<T> }[JobType];

/** A job of type T: its spec and its result are that flow's. */
export type JobRecordOf<T extends JobType> = Omit<JobRecordFields, 'type' | 'spec' | 'document'> & {
  type: T;
  spec: Extract<JobSpec, { type: T }>;
  document: JobDocument<Exclusive<JobResultOf<T>, ResultKeys>>;
};

/** Narrows a job to its type: `if (isJobOf(job, 'cam')) job.spec.machine, job.document.result?.cam`. */
export function isJobOf<T extends JobType>(job: JobRecord, type: T): job is JobRecord & JobRecordOf<T> {
  return job.type === type && job.spec.type === type;
}

export interface JobSummary {
  id: string;
  type: JobType;
  status: JobStatus;
  cached: boolean;
  created_at: string;
}

/** The key each flow keeps its result under in job.document.result (template jobs keep none). */
/** Job types whose outputs are a part: they can be drawn, analysed, exported and machined. */
export const PART_JOB_TYPES: ReadonlySet<string> = new Set(['template', 'import', 'prompt', 'script']);

export const RESULT_KEY = {
  import: 'import',
  cam: 'cam',
  script: 'script',
  prompt: 'ai',
  assembly: 'assembly',
  drawing: 'drawing',
  fem: 'fem',
  export: 'export',
  check: 'dfm',
} as const;
export type ResultJobType = keyof typeof RESULT_KEY;

/** Just enough of a job record to read its result (a JobRecord, a pulled manifest's job, an event's job). */
interface HasResult {
  type: string;
  document: { result?: unknown };
}

/**
 * The flow's result of a finished job (the CAM summary, the import report, …), or null when the job
 * is of another type or has none (not finished, failed, or from a version that kept none).
 */
export function resultOf<T extends ResultJobType>(job: HasResult, type: T): FlowResults[T] | null {
  if (job.type !== type) return null;
  const result = job.document.result as Partial<Record<(typeof RESULT_KEY)[ResultJobType], unknown>> | undefined;
  // the job manager checked the result against JOB_RESULTS[type] before storing it
  return (result?.[RESULT_KEY[type]] as FlowResults[T] | undefined) ?? null;
}

/** The AI record of a prompt job, whether it succeeded (result.ai) or failed (error.details.ai). */
export function aiRecordOf(job: HasResult & { error: { details?: Record<string, unknown> } | null }): AiJobResult | null {
  if (job.type !== 'prompt') return null;
  // the prompt flow checks the record against AiJobResult before it stores or throws it
  return resultOf(job, 'prompt') ?? (job.error?.details?.ai as AiJobResult | undefined) ?? null;
}
