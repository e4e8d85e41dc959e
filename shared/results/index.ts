// Every flow's result schema, keyed by job type: what job.document.result holds for each kind of
// job. The job manager parses a flow's result with JOB_RESULTS before it stores it; readers use
// resultOf(job, type) (or narrow on job.type) instead of describing the shape again.
import type { z } from 'zod';
import type { JobType } from '../job-spec.js';
import { CamJobResult, type CamResult } from './cam.js';
import { ImportJobResult, type ImportReport } from './import.js';
import { TemplateJobResult } from './part.js';
import { AiJobResult, PromptJobResult } from './prompt.js';
import { ScriptJobResult, type ScriptResult } from './script.js';

export * from './cam.js';
export * from './import.js';
export * from './part.js';
export * from './prompt.js';
export * from './script.js';

export const JOB_RESULTS = {
  template: TemplateJobResult,
  import: ImportJobResult,
  cam: CamJobResult,
  script: ScriptJobResult,
  prompt: PromptJobResult,
} as const satisfies Record<JobType, z.ZodType>;

/** job.document.result of a job of type T. */
export type JobResultOf<T extends JobType> = z.infer<(typeof JOB_RESULTS)[T]>;
/** job.document.result of any job. */
export type JobResult = JobResultOf<JobType>;

/** The key each flow keeps its result under in job.document.result (template jobs keep none). */
export const RESULT_KEY = { import: 'import', cam: 'cam', script: 'script', prompt: 'ai' } as const;
export type ResultJobType = keyof typeof RESULT_KEY;

/** What resultOf returns per job type. */
export interface FlowResults {
  import: ImportReport;
  cam: CamResult;
  script: ScriptResult;
  prompt: AiJobResult;
}

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
  // the manager parsed the result with JOB_RESULTS[type] before storing it
  return (result?.[RESULT_KEY[type]] as FlowResults[T] | undefined) ?? null;
}

/** The AI record of a prompt job, whether it succeeded (result.ai) or failed (error.details.ai). */
export function aiRecordOf(job: HasResult & { error: { details?: Record<string, unknown> } | null }): AiJobResult | null {
  const stored = resultOf(job, 'prompt');
  if (stored) return stored;
  // a failure's details are free-form: checked before they are trusted
  const failed = AiJobResult.safeParse(job.error?.details?.ai);
  return failed.success ? failed.data : null;
}
