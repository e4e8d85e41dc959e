// The composition root: builds every service from a config. The Electron shell, the browser host
// and the CLI are thin adapters over one Workbench.
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { availableParallelism, homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { TezgahError, type Lang } from '../shared/errors.js';
import { FreeCadBridge } from '../freecad-bridge/src/bridge.js';
import { locateFreeCad, probeSandbox } from '../freecad-bridge/src/locate.js';
import type { FreeCadRuntime } from '../freecad-bridge/src/types.js';
import { ArtefactStore } from './platform/artefact-store.js';
import { JobManager } from './jobs/manager.js';
import { templateFlow } from './domains/part/flow.js';
import { camFlow } from './domains/cam/flow.js';
import { importFlow } from './domains/import/flow.js';
import { Library } from './domains/library/library.js';
import { Logger } from './platform/logger.js';
import { ArtefactRepo } from './platform/artefacts-repo.js';
import { AuditLog } from './platform/audit.js';
import { openDatabase } from './platform/db.js';
import { JobRepo } from './platform/jobs-repo.js';
import { aiEnv } from './domains/prompt/settings.js';
import { MemorySecretStore, type SecretStore } from './platform/secrets.js';
import { AiAdapter, aiConfigFromEnv } from './domains/prompt/adapter.js';
import { scriptFlow } from './domains/script/flow.js';
import { promptFlow } from './domains/prompt/flow.js';
import { AiSuggestionRepo } from './domains/prompt/store.js';
import type { SyncService } from './domains/sync/service.js';

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
  readonly jobs: JobManager;
  readonly secrets: SecretStore;
  /** the app's team sync, set by the hosts that serve a UI (electron/domains/sync/api.ts); the CLI's sync commands make their own */
  sync: SyncService | undefined;
  private runtime: Promise<FreeCadRuntime> | null = null;
  private bridgePromise: Promise<FreeCadBridge> | null = null;
  private readonly poolSize: number;
  private aiAdapter: AiAdapter | null = null;
  private aiAdapterKey = '';

  constructor(readonly config: WorkbenchConfig = {}) {
    this.env = config.env ?? process.env;
    this.dataDir = config.dataDir ? resolve(config.dataDir) : defaultDataDir(this.env);
    this.lang = config.lang ?? detectLang(this.env);
    this.secrets = config.secrets ?? new MemorySecretStore();
    prepareDataDir(this.dataDir);
    this.logger = new Logger({ dir: join(this.dataDir, 'logs') });
    try {
      this.db = openDatabase(join(this.dataDir, 'tezgah.db'));
    } catch (e) {
      throw e instanceof TezgahError ? e : new TezgahError('STORAGE_IO', { path: join(this.dataDir, 'tezgah.db'), reason: (e as Error).message });
    }
    this.artefacts = new ArtefactStore(join(this.dataDir, 'artefacts'));
    // temp files of a write that a crash interrupted are of no use to anyone
    void this.artefacts.sweepTemp().catch((e) => this.logger.log('warn', 'artefact temp sweep failed', { reason: String(e) }));
    this.artefactRepo = new ArtefactRepo(this.db);
    this.jobsRepo = new JobRepo(this.db);
    this.audit = new AuditLog(this.db);
    this.library = new Library(this.db);
    this.library.seed();
    this.poolSize = config.poolSize ?? Math.max(1, availableParallelism() - 1);
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
        camFlow({
          library: this.library,
          parts: { job: (id) => this.jobsRepo.get(id), artefacts: (id) => this.artefactRepo.listForJob(id), pathFor: (sha) => this.artefacts.pathFor(sha) },
        }),
        importFlow(),
        scriptFlow(),
        promptFlow({ adapter: () => this.ai(), suggestions: new AiSuggestionRepo(this.db) }),
      ],
      actor: config.actor ?? 'local',
    });
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

  /**
   * The model endpoint, from TEZGAH_AI_* with Settings → AI laid over it (CONFIG_INVALID until one is
   * set); built again when the endpoint, model or key changes.
   */
  ai(): AiAdapter {
    const config = aiConfigFromEnv(aiEnv(this));
    const key = JSON.stringify([config.baseURL, config.model, config.apiKey ?? '']);
    if (!this.aiAdapter || this.aiAdapterKey !== key) {
      this.aiAdapter = new AiAdapter({
        ...config,
        log: ({ event, ...fields }) => this.logger.log(event === 'ai.error' ? 'warn' : 'info', event, { component: 'ai', ...fields }),
      });
      this.aiAdapterKey = key;
    }
    return this.aiAdapter;
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

  async dispose(): Promise<void> {
    await this.sync?.dispose();
    await this.jobs.dispose();
    if (this.bridgePromise) await (await this.bridgePromise.catch(() => null))?.dispose();
    this.db.close();
    this.logger.dispose();
  }
}

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
