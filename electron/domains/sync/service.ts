// Offline-first sync with the team's S3 store: the one object the app, the CLI and the API hold.
// A thin facade over its parts, which share one SyncCore (configuration, store, indicator state):
//   worker.ts      the background loop and its backoff, and the turns passes and pulls take
//   push.ts        outbox → store: content-addressed files, verified, then each job's manifest
//   pull.ts        store → team library (manifests), and one job's files on demand
//   connection.ts  "test connection", step by step
//   state-repo.ts  sync's own SQL (seat id, last outcome); outbox.ts, library.ts, multipart.ts keep theirs
// Nothing local is deleted because the remote lacks it; nothing remote is deleted by the app.
import { EventEmitter } from 'node:events';
import { toErrorPayload } from '../../../shared/errors.js';
import type { SyncConfig } from './config.js';
import { testConnection } from './connection.js';
import { SyncCore, type SyncEventMap } from './core.js';
import type { RemotePage, TeamLibrary } from './library.js';
import type { Outbox } from './outbox.js';
import { Puller } from './pull.js';
import { Pusher } from './push.js';
import type { ConnectionReport, JobSyncDetail, PullResult, SyncReport, SyncServiceDeps, SyncStatus } from './types.js';
import { storeId } from './config.js';
import { SyncWorker, Turns } from './worker.js';

export type {
  ConnectionReport,
  ConnectionStep,
  JobEvents,
  JobSyncDetail,
  PullResult,
  SyncReport,
  SyncServiceDeps,
  SyncState,
  SyncStatus,
} from './types.js';

export class SyncService extends EventEmitter<SyncEventMap> {
  readonly outbox: Outbox;
  readonly library: TeamLibrary;
  readonly seatId: string;
  private readonly core: SyncCore;
  private readonly pusher: Pusher;
  private readonly puller: Puller;
  private readonly worker: SyncWorker;
  private readonly turns = new Turns();
  private readonly onJob = (e: { id: string; status: string }) => {
    if (e.status === 'succeeded') this.enqueue(e.id);
  };

  constructor(private readonly deps: SyncServiceDeps) {
    super();
    const core = (this.core = new SyncCore(deps, this));
    this.outbox = core.outbox;
    this.library = core.library;
    this.seatId = core.seatId;
    this.pusher = new Pusher(core);
    this.puller = new Puller(core);
    const refreshEvery = deps.refreshIntervalMs ?? 5 * 60_000;
    this.worker = new SyncWorker(
      {
        configured: () => core.config !== null,
        pass: () =>
          this.turns.run(async () => {
            this.worker.looked();
            const pass = core.newPass();
            core.catchUp();
            await core.probe();
            await this.pusher.push(pass);
            if (Date.now() - core.lastRefresh >= refreshEvery) await this.puller.refreshRemote(pass);
            core.repo.setLastSyncAt();
            core.settle(null);
          }),
        nextDue: () => {
          const due = core.outbox.nextAttemptAt();
          return Math.min(refreshEvery, due ? Math.max(0, Date.parse(due) - Date.now()) : refreshEvery);
        },
        failure: (e) => core.failure(e),
        failed: (f, wait) => {
          core.nextAttempt = new Date(Date.now() + wait);
          core.settle(f);
          core.log(f.transient ? 'info' : 'warn', 'sync pass stopped', {
            code: f.code,
            detail: f.details?.detail,
            retry_in_ms: Math.round(wait),
          });
        },
      },
      core.backoff,
    );
    this.setConfig(deps.config);
    core.restoreLastOutcome();
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  /** Feeds the outbox from finished jobs and starts the background worker. */
  start(): void {
    if (this.worker.running) return;
    this.deps.jobs?.on('job', this.onJob);
    this.core.catchUp();
    this.worker.start();
  }

  async dispose(): Promise<void> {
    this.deps.jobs?.off('job', this.onJob);
    this.core.abort.abort();
    await this.worker.stop();
    await this.turns.idle();
    this.core.dispose();
  }

  /** New settings (Settings page): takes effect on the next pass. */
  setConfig(config: SyncConfig | null): void {
    this.core.setConfig(config);
    this.worker.kick();
  }

  // ---- what the UI and the CLI ask -------------------------------------------------------------

  status(): SyncStatus {
    return this.core.status();
  }

  jobState(jobId: string): JobSyncDetail {
    return this.core.jobState(jobId);
  }

  /** The team library, newest first; `refresh` first re-reads the store's job list (online only). */
  async listRemote(opts: { search?: string; cursor?: string | null; limit?: number; refresh?: boolean } = {}): Promise<RemotePage> {
    const config = this.core.requireConfig();
    if (opts.refresh) await this.turns.run(() => this.puller.refreshRemote(this.core.newPass()));
    return this.library.list(storeId(config), opts);
  }

  /**
   * The audit anchors this seat wrote into the store's manifests, re-read from the store when it
   * answers ('store'), else as last read ('cache'); 'none' when sync is not set up.
   */
  async auditAnchors(): Promise<{ source: 'store' | 'cache' | 'none'; anchors: { key: string; entry: number; head: string }[] }> {
    const config = this.core.config;
    if (!config) return { source: 'none', anchors: [] };
    let source: 'store' | 'cache' = 'store';
    try {
      const pass = this.core.newPass();
      await this.turns.run(() => this.puller.refreshRemote(pass));
      if (pass.report.errors.length) source = 'cache';
    } catch {
      source = 'cache';
    }
    return { source, anchors: this.library.anchorsOf(storeId(config), this.core.seatId) };
  }

  /** Queues a finished job for upload (the job manager's 'job' event does this by itself). */
  enqueue(jobId: string): void {
    const job = this.deps.jobsRepo.get(jobId);
    if (job?.status !== 'succeeded') return;
    const added = this.outbox.enqueueJob(jobId, this.deps.artefactRepo.listForJob(jobId));
    if (added) {
      this.core.passTotal += added;
      this.core.emitStatus();
      this.worker.kick();
    }
  }

  /** Everything this seat made goes up again, e.g. to a new bucket (the store's copies are skipped). */
  requeueAll(): number {
    const n = this.outbox.requeueAll();
    this.worker.kick();
    return n;
  }

  /** One pass now: catch up the outbox, push (failed items are retried), then re-read the store's job list. */
  async syncOnce(): Promise<SyncReport> {
    const core = this.core;
    return this.turns.run(async () => {
      const pass = core.newPass();
      try {
        core.requireConfig();
        core.catchUp();
        this.outbox.retryFailed();
        core.repo.clearBackoff();
        await core.probe();
        await this.pusher.push(pass);
        await this.puller.refreshRemote(pass);
        core.repo.setLastSyncAt();
        core.settle(null);
      } catch (e) {
        const f = core.failure(e);
        core.settle(f);
        pass.report.errors.push(toErrorPayload(f, core.lang));
      }
      return pass.report;
    });
  }

  /** Pulls one job's files into the local store ('id', or 'id~variant' for a side-by-side version). */
  async pull(jobId: string): Promise<PullResult> {
    return this.turns.run(() => this.puller.pullJob(jobId));
  }

  /** Says exactly what works and what does not: config, DNS, connection, TLS, credentials, bucket, read, write. */
  async testConnection(): Promise<ConnectionReport> {
    return testConnection(this.core);
  }
}
