// Jobs made through the API for a story's setup (the story itself goes through the UI).
import type { ApiClient } from '../../../shared/api/index.js';
import type { JobRecord, JobSpec } from '../../../shared/jobs.js';

export async function waitForJob(api: ApiClient, id: string, timeoutMs = 120_000): Promise<JobRecord> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { job } = await api.call('jobs.get', { id });
    if (job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled') return job;
    if (Date.now() > until) throw new Error(`job ${id} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Submits a job and waits for it; throws unless it succeeded. */
export async function makeJob(api: ApiClient, spec: JobSpec): Promise<JobRecord> {
  const job = await waitForJob(api, (await api.call('jobs.submit', { spec })).id);
  if (job.status !== 'succeeded') throw new Error(`job ${job.id} ${job.status}: ${job.error?.code} ${job.error?.message}`);
  return job;
}

export const PRISM_WITH_HOLE: JobSpec = {
  type: 'template',
  template: 'prism-with-hole',
  params: { length: 100, width: 60, height: 20, hole_diameter: 5 },
};
