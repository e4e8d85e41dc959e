// The API contract implemented against one Workbench. Every transport (Electron IPC, the browser
// host, tests) serves these same handlers through dispatch(); only saving an artefact and the
// address an artefact is fetched from differ per host.
import type { ApiEvent, ApiEventPayload, ApiHandlers, HostFile, JobEventPayload, JobSyncInfo, SyncStatus } from '../../../shared/api.js';
import { TezgahError, localizePayload, type Lang } from '../../../shared/errors.js';
import type { ArtefactInfo, JobRecord } from '../../../shared/jobs.js';
import { APP_VERSION, type Workbench } from '../../app.js';
import { camToolpath } from '../../domains/cam/api.js';
import { jobSyncStates } from '../../domains/sync/api.js';

export interface ApiHost {
  kind: 'electron' | 'browser';
  /** Electron: a save dialog opened by the main process, then a copy of srcPath to the chosen file */
  saveArtefact?(a: ArtefactInfo, srcPath: string): Promise<{ saved: boolean; path?: string }>;
  /** where the renderer fetches an artefact (viewer, download link) */
  hrefFor(a: ArtefactInfo): string;
  /** Electron: an open dialog in the main process for files to import (the browser host uploads instead) */
  pickImportFiles?(): Promise<HostFile[]>;
}

/** The most log lines one call returns (the newest ones). */
const MAX_LOG_LINES = 5000;

export function createApiHandlers(wb: Workbench, host: ApiHost): ApiHandlers {
  const settings = wb.settings;
  const lang = () => settings.lang();
  const localized = (job: JobRecord): JobRecord => (job.error ? { ...job, error: localizePayload(job.error, lang()) } : job);
  const artefact = (id: number): ArtefactInfo => {
    const a = wb.artefactRepo.get(id);
    if (!a) throw new TezgahError('NOT_FOUND', { id });
    return a;
  };

  return {
    'app.info': () => ({ version: APP_VERSION, lang: lang(), host: host.kind, data_dir: wb.dataDir }),
    'app.doctor': () => wb.doctor(),

    'settings.get': () => settings.get(),
    'settings.set': (patch) => settings.set(patch),

    'jobs.submit': async ({ spec, idempotencyKey }) => localized(await wb.jobs.submit(spec, idempotencyKey ? { idempotencyKey } : {})),
    'jobs.list': (filter) => wb.jobsRepo.list(filter).map(localized),
    'jobs.get': ({ id }) => ({
      job: localized(wb.jobs.get(id)),
      artefacts: wb.jobs.artefactsOf(id).map((a) => ({ ...a, href: host.hrefFor(a) })),
    }),
    'jobs.cancel': ({ id }) => localized(wb.jobs.cancel(id)),
    'jobs.retry': async ({ id }) => localized(await wb.jobs.retry(id)),
    'jobs.log': ({ id }) => {
      wb.jobs.get(id); // NOT_FOUND for an unknown job rather than an empty log
      return { lines: wb.logger.jobLog(id).slice(-MAX_LOG_LINES) };
    },

    'artefacts.save': async ({ id }) => {
      const a = artefact(id);
      if (!host.saveArtefact) return { saved: false, href: host.hrefFor(a) };
      return host.saveArtefact(a, wb.artefacts.pathFor(a.sha256));
    },

    'library.materials': () => wb.library.materials(),
    'library.machines': () => wb.library.machines(),
    'library.tools': () => wb.library.tools(),
    'library.upsertMaterial': (m) => wb.library.upsertMaterial(m),
    'library.upsertMachine': (m) => wb.library.upsertMachine(m),
    'library.upsertTool': (t) => wb.library.upsertTool(t),
    'library.delete': ({ kind, id }) => ({ deleted: wb.library.delete(kind, id) }),
    'library.export': () => wb.library.exportJson(),
    'library.import': ({ data }) => wb.library.importJson(data),

    'cam.toolpath': ({ id }) => camToolpath(wb, id, host.hrefFor),

    'import.pick': async () => (host.pickImportFiles ? { available: true, files: await host.pickImportFiles() } : { available: false, files: [] }),

    'ai.settings': () => wb.ai.settings(),
    'ai.configure': (input) => wb.ai.configure(input),

    'sync.settings': () => wb.sync.settings(),
    'sync.configure': (input) => wb.sync.configure(input),
    'sync.test': () => wb.sync.service().testConnection(),
    'sync.status': () => syncStatus(wb),
    'sync.now': () => wb.sync.service().syncOnce(),
    'sync.jobs': ({ ids }) => jobSyncStates(wb.sync.service(), ids),
    'sync.remote': ({ refresh, ...page }) => wb.sync.service().listRemote({ ...page, ...(refresh ? { refresh } : {}) }),
    'sync.pull': async ({ id }) => {
      const r = await wb.sync.service().pull(id);
      return { job: localized(r.job), pulled: r.pulled, conflict: r.conflict, bytes_downloaded: r.bytes_downloaded };
    },
  };
}

/** The sync status, its error in the current language. */
function syncStatus(wb: Workbench): SyncStatus {
  const s = wb.sync.service().status();
  return s.error ? { ...s, error: localizePayload(s.error, currentLang(wb)) } : s;
}

export type ApiEventListener = <E extends ApiEvent>(event: E, payload: ApiEventPayload<E>) => void;

/**
 * Forwards the Workbench's events as API events (job progress and state, settings changes, sync
 * status and per-job sync state), with errors in the current language. Subscribing starts nothing:
 * the hosts that serve a UI start the sync worker themselves (App.start). Returns the unsubscribe
 * function.
 */
export function subscribeApiEvents(wb: Workbench, listener: ApiEventListener): () => void {
  const settings = wb.settings;
  const sync = wb.sync;
  const onJob = (e: JobEventPayload) => listener('job', e.error ? { ...e, error: localizePayload(e.error, settings.lang()) } : e);
  const onSettings = (s: ApiEventPayload<'settings'>) => listener('settings', s);
  const onSync = (s: SyncStatus) => listener('sync', s.error ? { ...s, error: localizePayload(s.error, settings.lang()) } : s);
  const onSyncJob = (j: JobSyncInfo) =>
    listener('syncJob', { job_id: j.job_id, origin: j.origin, state: j.state, error: j.error ? localizePayload(j.error, settings.lang()) : null });
  wb.jobs.on('job', onJob);
  settings.on('change', onSettings);
  sync.on('status', onSync);
  sync.on('job', onSyncJob);
  return () => {
    wb.jobs.off('job', onJob);
    settings.off('change', onSettings);
    sync.off('status', onSync);
    sync.off('job', onSyncJob);
  };
}

/** The language errors and events are shown in now (the setting, or the system's). */
export function currentLang(wb: Workbench): Lang {
  return wb.settings.lang();
}
