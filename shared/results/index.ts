// Every flow's result schema, keyed by job type: what job.document.result holds for each kind of
// job. The job manager parses a flow's result with JOB_RESULTS before it stores it; readers use
// resultOf(job, type) (or narrow on job.type) instead of describing the shape again.
import type { z } from 'zod';
import type { JobType } from '../job-spec.js';
import { AssemblyJobResult, type AssemblyResult } from './assembly.js';
import { CamJobResult, type CamResult } from './cam.js';
import { DrawingJobResult, type DrawingResult } from './drawing.js';
import { ExportJobResult, type ExportResult } from './export.js';
import { DfmJobResult, type DfmResult } from './dfm.js';
import { FemJobResult, type FemResult } from './fem.js';
import { ImportJobResult, type ImportReport } from './import.js';
import { TemplateJobResult } from './part.js';
import { type AiJobResult, PromptJobResult } from './prompt.js';
import { ScriptJobResult, type ScriptResult } from './script.js';

export * from './assembly.js';
export * from './cam.js';
export * from './drawing.js';
export * from './export.js';
export * from './dfm.js';
export * from './fem.js';
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
  assembly: AssemblyJobResult,
  drawing: DrawingJobResult,
  fem: FemJobResult,
  export: ExportJobResult,
  check: DfmJobResult,
} as const satisfies Record<JobType, z.ZodType>;

/** job.document.result of a job of type T. */
export type JobResultOf<T extends JobType> = z.infer<(typeof JOB_RESULTS)[T]>;
/** job.document.result of any job. */
export type JobResult = JobResultOf<JobType>;

/** What resultOf returns per job type. */
export interface FlowResults {
  import: ImportReport;
  cam: CamResult;
  script: ScriptResult;
  prompt: AiJobResult;
  assembly: AssemblyResult;
  drawing: DrawingResult;
  fem: FemResult;
  export: ExportResult;
  check: DfmResult;
}

// resultOf, aiRecordOf and RESULT_KEY live in shared/jobs.ts (which may only import types from here,
// so that shared/ and shared/results/ do not depend on each other at run time); also exported here.
export { aiRecordOf, RESULT_KEY, type ResultJobType, resultOf } from '../jobs.js';
