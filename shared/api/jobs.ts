// The API contract's jobs methods. Jobs: submit, list, follow, cancel and retry them, their logs, saving an artefact.
import { z } from 'zod';
import type { ErrorPayload } from '../errors.js';
import type { ArtefactInfo, JobRecord, JobStatus, JobStep } from '../jobs.js';
import { JobSpec, JobStatus as JobStatusSchema, JobType } from '../jobs.js';
import type { StepName } from '../steps.js';
import { Id, out } from './contract.js';

export interface JobDetail {
  job: JobRecord;
  artefacts: (ArtefactInfo & { href: string })[];
}

export interface JobEventPayload {
  id: string;
  status: JobStatus;
  progress: number;
  current_step: StepName | null;
  steps: JobStep[];
  cached: boolean;
  error: ErrorPayload | null;
}

export const jobsMethods = {
  'jobs.submit': { input: z.object({ spec: JobSpec, idempotencyKey: z.string().min(1).max(200).optional() }), output: out<JobRecord>() },
  'jobs.list': {
    input: z.object({
      status: z.array(JobStatusSchema).optional(),
      type: z.array(JobType).optional(),
      search: z.string().max(200).optional(),
      limit: z.number().int().positive().max(1000).optional(),
      offset: z.number().int().nonnegative().optional(),
    }),
    output: out<JobRecord[]>(),
  },
  'jobs.get': { input: z.object({ id: Id }), output: out<JobDetail>() },
  'jobs.cancel': { input: z.object({ id: Id }), output: out<JobRecord>() },
  'jobs.retry': { input: z.object({ id: Id }), output: out<JobRecord>() },
  'jobs.log': { input: z.object({ id: Id }), output: out<{ lines: string[] }>() },
  /** Resolves when the job has finished (succeeded, failed or cancelled). */
  'jobs.wait': { input: z.object({ id: Id }), output: out<JobRecord>() },
  /** Electron: a save dialog opened by the main process; browser host: returns the download href */
  'artefacts.save': {
    input: z.object({ id: z.number().int().positive() }),
    output: out<{ saved: boolean; path?: string; href?: string }>(),
  },
} as const;
