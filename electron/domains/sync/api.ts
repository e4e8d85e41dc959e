// The team sync's API group: its settings, status, passes, the team library and pulls. Errors come
// back in the language asked for now.
import type { ApiGroup, JobSyncInfo } from '../../../shared/api/index.js';
import { localizePayload, type Lang } from '../../../shared/errors.js';
import type { ArtefactInfo, JobRecord } from '../../../shared/jobs.js';
import type { SyncService } from './service.js';
import type { TeamSync } from './team-sync.js';

export interface SyncApiDeps {
  sync: TeamSync;
  lang: () => Lang;
  /** where the client fetches an artefact */
  hrefFor: (a: ArtefactInfo) => string;
}

export function syncApi(d: SyncApiDeps): ApiGroup<'sync'> {
  return {
    'sync.settings': () => d.sync.settings(),
    'sync.configure': (input) => d.sync.configure(input),
    ...syncServiceApi({ service: () => d.sync.service(), lang: d.lang, hrefFor: d.hrefFor }),
  };
}

export interface SyncServiceApiDeps {
  /** the current service (the app's TeamSync replaces it when sync is turned off) */
  service: () => SyncService;
  lang: () => Lang;
  hrefFor: (a: ArtefactInfo) => string;
}

/** The methods one SyncService answers (everything but the settings). */
export function syncServiceApi(d: SyncServiceApiDeps): Omit<ApiGroup<'sync'>, 'sync.settings' | 'sync.configure'> {
  const { service } = d;
  const localizedJob = (job: JobRecord): JobRecord => (job.error ? { ...job, error: localizePayload(job.error, d.lang()) } : job);
  return {
    'sync.test': () => service().testConnection(),
    'sync.status': () => {
      const s = service().status();
      return s.error ? { ...s, error: localizePayload(s.error, d.lang()) } : s;
    },
    'sync.now': () => service().syncOnce(),
    'sync.jobs': ({ ids }) => jobSyncStates(service(), ids),
    'sync.remote': ({ refresh, ...page }) => service().listRemote({ ...page, ...(refresh ? { refresh } : {}) }),
    'sync.issues': () => ({ failed_items: service().outbox.failedItems(), conflict_list: service().library.conflicts() }),
    'sync.pull': async ({ id }) => {
      const r = await service().pull(id);
      return {
        job: localizedJob(r.job),
        pulled: r.pulled,
        conflict: r.conflict,
        bytes_downloaded: r.bytes_downloaded,
        origin: r.origin,
        artefacts: r.artefacts.map((a) => ({ ...a, href: d.hrefFor(a) })),
      };
    },
  };
}

/** The sync state of each job, for the Jobs list. */
export function jobSyncStates(service: SyncService, ids: string[]): Record<string, JobSyncInfo> {
  const out: Record<string, JobSyncInfo> = {};
  for (const id of ids) {
    const s = service.jobState(id);
    out[id] = { job_id: s.job_id, origin: s.origin, state: s.state, error: s.error };
  }
  return out;
}
