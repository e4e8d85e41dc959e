// The whole API: every domain's group combined into the handlers every transport serves (Electron
// IPC, the browser host's WebSocket, the CLI's direct calls, tests) through dispatch(). The hosts
// differ only in what the ApiHost says: how an artefact is saved, the address it is fetched from,
// how files to import are picked, and the language answers are in.
import type {
  ApiEvent,
  ApiEventPayload,
  ApiHandlers,
  ApiMethod,
  HostFile,
  JobEventPayload,
  JobSyncInfo,
  SyncStatus,
} from '../../../shared/api/index.js';
import { localizePayload, type Lang } from '../../../shared/errors.js';
import type { ArtefactInfo } from '../../../shared/jobs.js';
import { APP_VERSION, type App } from '../../app/app.js';
import { assemblyApi } from '../../domains/assembly/api.js';
import { camApi } from '../../domains/cam/api.js';
import { dfmApi } from '../../domains/dfm/api.js';
import { drawingApi } from '../../domains/drawing/api.js';
import { femApi } from '../../domains/fem/api.js';
import { importApi } from '../../domains/import/api.js';
import { backupApi } from '../../domains/backup/api.js';
import { batchApi } from '../../domains/batch/api.js';
import { libraryApi } from '../../domains/library/api.js';
import { partApi } from '../../domains/part/api.js';
import { aiApi } from '../../domains/prompt/api.js';
import { scriptApi } from '../../domains/script/api.js';
import { syncApi } from '../../domains/sync/api.js';
import { appApi } from './app.js';
import { jobsApi } from './jobs.js';

export interface ApiHost {
  kind: 'electron' | 'browser' | 'cli';
  /** Electron: a save dialog opened by the main process, then a copy of srcPath to the chosen file */
  saveArtefact?(a: ArtefactInfo, srcPath: string): Promise<{ saved: boolean; path?: string }>;
  /** where the client fetches an artefact (viewer, download link; the CLI: the file in the store) */
  hrefFor(a: ArtefactInfo): string;
  /** Electron: an open dialog in the main process for files to import (the browser host uploads instead) */
  pickImportFiles?(): Promise<HostFile[]>;
  /** the language answers are in (default: Settings, else the system's; the CLI: its --lang) */
  lang?(): Lang;
  /** the most lines 'jobs.log' returns, the newest (default 5000; the CLI prints a whole log) */
  maxLogLines?: number;
}

/**
 * Calls that change what the app trusts or where data goes: each success is an audit entry (the
 * jobs, the library and pulls record their own). Secrets never enter the log, only that one changed.
 */
const AUDITED: Partial<Record<ApiMethod, string>> = {
  'settings.set': 'settings',
  'ai.configure': 'settings',
  'sync.configure': 'settings',
  'sync.now': 'sync',
  'sync.pull': 'sync',
  'artefacts.save': 'artefact',
  'backup.setSchedule': 'settings',
  'backup.restore': 'backup',
  'backup.cancelRestore': 'backup',
};
const SECRET_FIELDS = new Set(['api_key', 'access_key_id', 'secret_access_key']);

function redacted(input: unknown): Record<string, unknown> {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return {};
  return Object.fromEntries(
    Object.entries(input as Record<string, unknown>).map(([k, v]) => [
      k,
      SECRET_FIELDS.has(k) ? (v ? 'changed' : 'kept') : v && typeof v === 'object' && !Array.isArray(v) ? redacted(v) : v,
    ]),
  );
}

function audited(handlers: ApiHandlers, app: App, actor: string): ApiHandlers {
  const out = { ...handlers } as Record<string, (input: unknown) => unknown>;
  for (const [method, entity] of Object.entries(AUDITED)) {
    const inner = out[method]!;
    out[method] = async (input: unknown) => {
      const result = await inner(input);
      app.audit.append({ actor, action: method, entity_type: entity, payload: redacted(input) });
      return result;
    };
  }
  return out as ApiHandlers;
}

export function createApiHandlers(app: App, host: ApiHost): ApiHandlers {
  return audited(domainHandlers(app, host), app, host.kind);
}

function domainHandlers(app: App, host: ApiHost): ApiHandlers {
  const lang = host.lang ? () => host.lang!() : () => app.settings.lang();
  const hrefFor = (a: ArtefactInfo) => host.hrefFor(a);
  return {
    ...appApi({
      version: APP_VERSION,
      host: host.kind,
      dataDir: app.dataDir,
      lang,
      doctor: () => app.doctor(),
      settings: app.settings,
      audit: app.audit,
      anchors: () => app.sync.service().auditAnchors(),
    }),
    ...jobsApi({
      jobs: app.jobs,
      jobsRepo: app.jobsRepo,
      artefactRepo: app.artefactRepo,
      artefacts: app.artefacts,
      logger: app.logger,
      lang,
      hrefFor,
      saveArtefact: host.saveArtefact ? (a, src) => host.saveArtefact!(a, src) : undefined,
      maxLogLines: host.maxLogLines,
      // the local user's CLI names paths; the UI surfaces only name files the user handed over
      fileGrants: host.kind === 'cli' ? undefined : app.fileGrants,
    }),
    ...libraryApi(app.library),
    ...backupApi({ backups: app.backups, scheduler: app.backupSchedule, dataDir: app.dataDir, allowPaths: host.kind === 'cli' }),
    ...partApi(),
    ...camApi({
      jobs: app.jobs,
      jobsRepo: app.jobsRepo,
      artefactRepo: app.artefactRepo,
      artefacts: app.artefacts,
      library: app.library,
      hrefFor,
    }),
    ...importApi({ pick: host.pickImportFiles ? () => host.pickImportFiles!() : undefined }),
    ...scriptApi(),
    ...aiApi(app.ai),
    ...syncApi({ sync: app.sync, lang, hrefFor }),
    ...assemblyApi({ jobs: app.jobs, hrefFor }),
    ...drawingApi({ jobs: app.jobs, artefacts: app.artefacts, hrefFor }),
    ...femApi({ jobs: app.jobs, library: app.library }),
    ...batchApi({ batches: app.batches, hrefFor }),
    ...dfmApi({ jobs: app.jobs, lang }),
  };
}

export type ApiEventListener = <E extends ApiEvent>(event: E, payload: ApiEventPayload<E>) => void;

/**
 * Forwards the app's events as API events (job progress and state, settings changes, sync status
 * and per-job sync state), with errors in the current language. Subscribing starts nothing: the
 * hosts that serve a UI start the sync worker themselves (App.start). Returns the unsubscribe
 * function.
 */
export function subscribeApiEvents(app: App, listener: ApiEventListener, lang: () => Lang = () => app.settings.lang()): () => void {
  const { settings, sync } = app;
  const onJob = (e: JobEventPayload) => listener('job', e.error ? { ...e, error: localizePayload(e.error, lang()) } : e);
  const onSettings = (s: ApiEventPayload<'settings'>) => listener('settings', s);
  const onSync = (s: SyncStatus) => listener('sync', s.error ? { ...s, error: localizePayload(s.error, lang()) } : s);
  const onSyncJob = (j: JobSyncInfo) =>
    listener('syncJob', { job_id: j.job_id, origin: j.origin, state: j.state, error: j.error ? localizePayload(j.error, lang()) : null });
  const onBatch = (b: ApiEventPayload<'batch'>) =>
    listener('batch', { ...b, rows: b.rows.map((r) => (r.error ? { ...r, error: localizePayload(r.error, lang()) } : r)) });
  app.jobs.on('job', onJob);
  app.batches.on('batch', onBatch);
  settings.on('change', onSettings);
  sync.on('status', onSync);
  sync.on('job', onSyncJob);
  return () => {
    app.jobs.off('job', onJob);
    app.batches.off('batch', onBatch);
    settings.off('change', onSettings);
    sync.off('status', onSync);
    sync.off('job', onSyncJob);
  };
}

/** The language errors and events are shown in now (the setting, or the system's). */
export function currentLang(app: App): Lang {
  return app.settings.lang();
}
