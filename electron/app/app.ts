// The composition root: builds every service once from a config and owns their lifecycle (one
// disposable store, disposed in reverse order). The Electron shell, the browser host and the CLI
// are thin adapters over one App: services get their dependencies in their constructors, nothing
// else constructs them.
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { availableParallelism, homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { TezgahError, type Lang } from '../../shared/errors.js';
import { FreeCadBridge } from '../../freecad-bridge/src/bridge.js';
import { locateFreeCad, probeSandbox } from '../../freecad-bridge/src/locate.js';
import type { FreeCadRuntime } from '../../freecad-bridge/src/types.js';
import { ArtefactStore } from '../platform/artefact-store.js';
import { JobManager } from '../jobs/manager.js';
import { FileGrants } from '../platform/file-grants.js';
import { templateFlow } from '../domains/part/flow.js';
import { camFlow } from '../domains/cam/flow.js';
import { assemblyFlow } from '../domains/assembly/flow.js';
import { drawingFlow } from '../domains/drawing/flow.js';
import type { PartLookup } from '../domains/cam/source.js';
import { exportFlow } from '../domains/export/flow.js';
import { femFlow } from '../domains/fem/flow.js';
import { dfmFlow } from '../domains/dfm/flow.js';
import { importFlow } from '../domains/import/flow.js';
import { Library } from '../domains/library/library.js';
import { Logger } from '../platform/logger.js';
import { ArtefactRepo } from '../platform/artefacts-repo.js';
import { AuditLog } from '../platform/audit.js';
import { auditKeyStore, formatAuditKey } from '../platform/audit-key.js';
import { BackupScheduler } from '../domains/backup/schedule.js';
import { BackupService } from '../domains/backup/service.js';
import { BatchService } from '../domains/batch/service.js';
import { openDatabase } from '../platform/db.js';
import { JobRepo } from '../platform/jobs-repo.js';
import { AiEndpoint } from '../domains/prompt/settings.js';
import { MemorySecretStore, type SecretStore } from '../platform/secrets.js';
import { SettingsStore } from '../platform/settings.js';
import { scriptFlow } from '../domains/script/flow.js';
import { promptFlow } from '../domains/prompt/flow.js';
import { AiSuggestionRepo } from '../domains/prompt/store.js';
import type { SyncConfig } from '../domains/sync/config.js';
import { SyncService, type JobEvents } from '../domains/sync/service.js';
import { TeamSync } from '../domains/sync/team-sync.js';

export const APP_VERSION = '0.1.0';

export interface WorkbenchConfig {
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
  lang?: Lang;
  /** FreeCAD workers in the warm pool (default: cores − 1, at least 1) */
  poolSize?: number;
  /** jobs run at once (default: the pool size) */
  concurrency?: number;
  /** wall-clock limit for one FreeCAD job, ms */
  jobTimeoutMs?: number;
  actor?: string;
  /** folder of the Python worker (the packaged app passes its unpacked resources path) */
  pythonDir?: string;
  /** where keys are kept (Electron: the OS keychain); default: this process's memory only */
  secrets?: SecretStore;
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TEZGAH_DATA_DIR) return resolve(env.TEZGAH_DATA_DIR);
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'tezgah');
}

export function detectLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const l = env.TEZGAH_LANG || env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return l.toLowerCase().startsWith('tr') ? 'tr' : 'en';
}

/** Makes sure the data dir exists and is a writable folder; a bogus one is a clear STORAGE_IO. */
function prepareDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    accessSync(dir, constants.W_OK | constants.R_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new TezgahError(code === 'ENOSPC' ? 'STORAGE_FULL' : 'STORAGE_IO', { path: dir, reason: (e as Error).message });
  }
}

/** Things to release when the app stops, released last-in first-out. */
class DisposableStore {
  private readonly items: (() => void | Promise<void>)[] = [];

  add(dispose: () => void | Promise<void>): void {
    this.items.push(dispose);
  }

  async dispose(): Promise<void> {
    for (const dispose of this.items.splice(0).reverse()) await dispose();
  }
}

/** What a SyncService is built from (the App satisfies it; tests build one for another seat). */
export interface SyncServiceHost {
  db: Database.Database;
  jobsRepo: JobRepo;
  artefactRepo: ArtefactRepo;
  artefacts: ArtefactStore;
  dataDir: string;
  lang: Lang;
  logger?: Logger;
  jobs?: JobEvents;
  freecad?: () => Promise<{ version: string }>;
  audit?: AuditLog;
}

/** A SyncService over a host's stores, with the given configuration (null: not configured). */
export function createSyncService(host: SyncServiceHost, appVersion: string, config: SyncConfig | null): SyncService {
  return new SyncService({
    db: host.db,
    jobsRepo: host.jobsRepo,
    artefactRepo: host.artefactRepo,
    artefacts: host.artefacts,
    dataDir: host.dataDir,
    config,
    appVersion,
    lang: host.lang,
    ...(host.audit ? { audit: host.audit } : {}),
    ...(host.jobs ? { jobs: host.jobs } : {}),
    ...(host.logger ? { logger: host.logger } : {}),
    ...(host.freecad ? { freecadVersion: async () => (await host.freecad!()).version } : {}),
  });
}

export interface StartOptions {
  /** run the team sync's background worker (the hosts that serve a UI: Electron, `tezgah serve`) */
  syncWorker?: boolean;
  /** start the FreeCAD workers now, so the first part does not wait for FreeCAD to load (UI hosts) */
  warmUp?: boolean;
  /** make a due scheduled backup now and check on a timer (the hosts that serve a UI) */
  backupSchedule?: boolean;
}

export class Workbench {
  readonly dataDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly lang: Lang;
  readonly db: Database.Database;
  readonly logger: Logger;
  readonly artefacts: ArtefactStore;
  readonly artefactRepo: ArtefactRepo;
  readonly jobsRepo: JobRepo;
  readonly audit: AuditLog;
  readonly library: Library;
  readonly backups: BackupService;
  /** backups on a schedule (Settings → Backups); runs after start({ backupSchedule: true }) */
  readonly backupSchedule: BackupScheduler;
  readonly settings: SettingsStore;
  readonly secrets: SecretStore;
  /** files the user chose, dropped or uploaded: the only ones the UI surfaces may name */
  readonly fileGrants = new FileGrants();
  /** the AI assistant's endpoint (Settings over TEZGAH_AI_*) and its adapter */
  readonly ai: AiEndpoint;
  readonly jobs: JobManager;
  /** batch runs: one template job per row of a sheet */
  readonly batches: BatchService;
  /** the team sync (Settings over TEZGAH_S3_*); its worker runs after start({ syncWorker: true }) */
  readonly sync: TeamSync;
  private runtime: Promise<FreeCadRuntime> | null = null;
  private bridgePromise: Promise<FreeCadBridge> | null = null;
  private warming: Promise<void> | null = null;
  private readonly poolSize: number;
  private readonly disposables = new DisposableStore();
  private started = false;

  constructor(readonly config: WorkbenchConfig = {}) {
    this.env = config.env ?? process.env;
    this.dataDir = config.dataDir ? resolve(config.dataDir) : defaultDataDir(this.env);
    this.lang = config.lang ?? detectLang(this.env);
    this.secrets = config.secrets ?? new MemorySecretStore();
    prepareDataDir(this.dataDir);
    this.logger = new Logger({ dir: join(this.dataDir, 'logs') });
    this.disposables.add(() => this.logger.dispose());
    try {
      this.db = openDatabase(join(this.dataDir, 'tezgah.db'));
    } catch (e) {
      this.logger.dispose();
      throw e instanceof TezgahError
        ? e
        : new TezgahError('STORAGE_IO', { path: join(this.dataDir, 'tezgah.db'), reason: (e as Error).message });
    }
    this.disposables.add(() => {
      this.db.close();
    });
    this.artefacts = new ArtefactStore(join(this.dataDir, 'artefacts'));
    // temp files of a write that a crash interrupted are of no use to anyone
    void this.artefacts.sweepTemp().catch((e) => this.logger.log('warn', 'artefact temp sweep failed', { reason: String(e) }));
    this.artefactRepo = new ArtefactRepo(this.db);
    this.jobsRepo = new JobRepo(this.db);
    // keyed with the install's key, kept outside the database (platform/audit-key.ts)
    const auditKeys = auditKeyStore(this.secrets, this.dataDir);
    this.audit = new AuditLog(this.db, undefined, auditKeys);
    this.library = new Library(this.db, { audit: this.audit, actor: config.actor ?? 'local' });
    this.backups = new BackupService({
      source: {
        db: this.db,
        dataDir: this.dataDir,
        artefactsDir: this.artefacts.root,
        appVersion: APP_VERSION,
        auditKey: () => {
          const k = auditKeys.load();
          return k ? formatAuditKey(k) : null;
        },
      },
      audit: this.audit,
      actor: config.actor ?? 'local',
    });
    this.library.seed();
    this.settings = new SettingsStore(this.dataDir, this.lang);
    this.backupSchedule = new BackupScheduler({
      backups: this.backups,
      store: this.settings,
      log: (level, msg, fields) => this.logger.log(level, msg, fields),
    });
    // a backup in progress finishes before the database closes
    this.disposables.add(() => this.backupSchedule.stop());
    this.ai = new AiEndpoint({
      settings: this.settings,
      secrets: this.secrets,
      env: this.env,
      log: ({ event, ...fields }) => this.logger.log(event === 'ai.error' ? 'warn' : 'info', event, { component: 'ai', ...fields }),
    });
    this.poolSize = config.poolSize ?? Math.max(1, availableParallelism() - 1);
    // the bridge is made on first use, but stops between the job manager and the database
    this.disposables.add(async () => {
      if (this.bridgePromise) await (await this.bridgePromise.catch(() => null))?.dispose();
    });
    // where the flows that take a part (CAM, drawing, FEM, assembly, export) find it
    const parts: PartLookup = {
      job: (id) => this.jobsRepo.get(id),
      artefacts: (id) => this.artefactRepo.listForJob(id),
      pathFor: (sha) => this.artefacts.pathFor(sha),
    };
    this.jobs = new JobManager({
      db: this.db,
      jobs: this.jobsRepo,
      artefactRepo: this.artefactRepo,
      artefacts: this.artefacts,
      audit: this.audit,
      logger: this.logger,
      jobsDir: join(this.dataDir, 'jobs'),
      bridge: () => this.bridge(),
      freecadVersion: async () => (await this.freecad()).version,
      concurrency: config.concurrency ?? this.poolSize,
      flows: [
        templateFlow(this.library),
        exportFlow({ parts }),
        camFlow({
          library: this.library,
          parts,
        }),
        drawingFlow({
          library: this.library,
          parts,
        }),
        femFlow({
          library: this.library,
          parts,
        }),
        dfmFlow({
          library: this.library,
          parts: {
            job: (id) => this.jobsRepo.get(id),
            artefacts: (id) => this.artefactRepo.listForJob(id),
            pathFor: (sha) => this.artefacts.pathFor(sha),
          },
        }),
        importFlow(),
        scriptFlow(),
        promptFlow({ adapter: () => this.ai.adapter(), suggestions: new AiSuggestionRepo(this.db) }),
        assemblyFlow({
          library: this.library,
          parts,
        }),
      ],
      actor: config.actor ?? 'local',
    });
    this.disposables.add(() => this.jobs.dispose());
    this.batches = new BatchService({ jobs: this.jobs, lang: () => this.settings.lang() });
    this.sync = new TeamSync({
      settings: this.settings,
      secrets: this.secrets,
      env: this.env,
      logger: this.logger,
      create: (syncConfig) => createSyncService(this, APP_VERSION, syncConfig),
    });
    this.disposables.add(() => this.sync.dispose());
  }

  /**
   * Starts the app's work, once: jobs a crashed process left running are failed and queued ones
   * start. With syncWorker, the team sync pushes and pulls in the background from now on.
   */
  start(opts: StartOptions = {}): void {
    if (!this.started) {
      this.started = true;
      this.jobs.recover();
    }
    if (opts.syncWorker) this.sync.startWorker();
    if (opts.warmUp) void this.warmUp();
    if (opts.backupSchedule) this.backupSchedule.start();
  }

  /**
   * Starts the warm worker and the spare one-shot workers ahead of the first job. Never fails: a
   * missing FreeCAD or sandbox is logged here and reported, coded, by the first job and the doctor.
   */
  warmUp(): Promise<void> {
    this.warming ??= this.bridge()
      .then((b) => b.warmUp())
      .then(
        () => this.logger.log('info', 'FreeCAD workers warmed up', { component: 'freecad' }),
        (e: unknown) => {
          this.warming = null;
          this.logger.log('warn', 'FreeCAD warm-up failed', {
            component: 'freecad',
            code: e instanceof TezgahError ? e.code : 'INTERNAL',
            reason: e instanceof Error ? e.message : String(e),
          });
        },
      );
    return this.warming;
  }

  /** Locates and checks FreeCAD once; a missing or wrong version is a coded error. */
  freecad(): Promise<FreeCadRuntime> {
    if (!this.runtime) {
      this.runtime = locateFreeCad(this.env);
      this.runtime.catch(() => {
        this.runtime = null;
      });
    }
    return this.runtime;
  }

  bridge(): Promise<FreeCadBridge> {
    if (!this.bridgePromise) {
      this.bridgePromise = this.freecad().then(
        (runtime) =>
          new FreeCadBridge({
            runtime,
            jobsRoot: join(this.dataDir, 'jobs'),
            poolSize: this.poolSize,
            allowUnsandboxed: () => this.settings.get().allow_unsandboxed,
            ...(this.config.pythonDir ? { pythonDir: this.config.pythonDir } : {}),
            ...(this.config.jobTimeoutMs ? { limits: { wallMs: this.config.jobTimeoutMs } } : {}),
            log: ({ level, msg, jobId, ...fields }) =>
              this.logger.log(level as 'info', msg, { component: 'freecad', ...(jobId ? { job_id: jobId } : {}), ...fields }),
          }),
      );
      this.bridgePromise.catch(() => {
        this.bridgePromise = null;
      });
    }
    return this.bridgePromise;
  }

  /** What `tezgah doctor` and Settings show. */
  async doctor(): Promise<DoctorReport> {
    const report: DoctorReport = {
      ok: true,
      app_version: APP_VERSION,
      data_dir: this.dataDir,
      data_dir_writable: true,
      freecad: { found: false },
      sandbox: { ok: false },
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    };
    try {
      const rt = await this.freecad();
      report.freecad = { found: true, version: rt.version, kind: rt.kind, path: rt.kind === 'rootfs' ? rt.root! : rt.freecadcmd };
      const sb = await probeSandbox(rt);
      report.sandbox = sb.ok ? { ok: true } : { ok: false, problem: sb.problem ?? 'unknown' };
    } catch (e) {
      const err = e instanceof TezgahError ? e.toPayload(this.lang) : { code: 'INTERNAL', message: String(e), hint: '' };
      report.freecad = { found: false, error: err };
      report.ok = false;
    }
    if (!report.sandbox.ok) report.ok = false;
    return report;
  }

  /** Stops every service in reverse order of construction (sync, jobs, FreeCAD, database, logs). */
  dispose(): Promise<void> {
    return this.disposables.dispose();
  }
}

/** The composition root under its layer's name (hosts may say either). */
export { Workbench as App };
export type AppConfig = WorkbenchConfig;

export interface DoctorReport {
  ok: boolean;
  app_version: string;
  data_dir: string;
  data_dir_writable: boolean;
  freecad: { found: boolean; version?: string; kind?: string; path?: string; error?: { code: string; message: string; hint: string } };
  sandbox: { ok: boolean; problem?: string };
  node: string;
  platform: string;
}
