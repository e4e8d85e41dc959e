// One job as a page follows it: the live record from the jobs store (events), and its files and
// full document from jobs.get, fetched again when the job finishes.
import { useEffect } from 'react';
import type { JobDetail } from '../../../shared/api/index.js';
import { FINISHED, type JobRecord } from '../../../shared/jobs.js';
import { api } from '../../lib/api.js';
import { useQuery } from '../../lib/useQuery.js';
import { jobsStore, useJobs } from './store.js';

export interface JobDetailState {
  job: JobRecord | undefined;
  detail: JobDetail | null;
  error: unknown;
  reload: () => void;
}

export function useJobDetail(id: string | undefined): JobDetailState {
  const live = useJobs((s) => (id ? s.byId[id] : undefined));
  const {
    data: detail,
    error,
    reload,
  } = useQuery(
    id
      ? () =>
          api()
            .call('jobs.get', { id })
            .then((d) => {
              jobsStore.getState().upsert(d.job);
              return d;
            })
      : null,
    [id],
  );
  const finished = live ? FINISHED.includes(live.status) : false;
  // Files and metrics arrive with the finished job: fetch them when it finishes.
  useEffect(() => {
    if (finished && detail && !FINISHED.includes(detail.job.status)) reload();
  }, [finished, detail, reload]);

  return { job: live ?? detail?.job, detail: detail && detail.job.id === id ? detail : null, error, reload };
}
