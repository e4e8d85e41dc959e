// The sync API group's helpers: what the Jobs list and the Team page ask of the team sync.
import type { JobSyncInfo } from '../../../shared/api.js';
import type { SyncService } from './service.js';

/** The sync state of each job, for the Jobs list. */
export function jobSyncStates(service: SyncService, ids: string[]): Record<string, JobSyncInfo> {
  const out: Record<string, JobSyncInfo> = {};
  for (const id of ids) {
    const s = service.jobState(id);
    out[id] = { job_id: s.job_id, origin: s.origin, state: s.state, error: s.error };
  }
  return out;
}
