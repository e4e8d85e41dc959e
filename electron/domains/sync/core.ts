// What the parts of sync share (push, pull, connection test, worker): the current configuration
// and store, the indicator's state, the tables, and the small helpers every part needs. One per
// SyncService; the parts read the configuration through it each time, so new settings take
// effect on the next request, as before.
import { setMaxListeners, type EventEmitter } from 'node:events';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { toErrorPayload, type ErrorPayload, type Lang } from '../../../shared/errors.js';
import type { LogLevel } from '../../platform/logger.js';
import { describeStore, normaliseConfig, storeId, type SyncConfig } from './config.js';
import { classifyS3Error, notConfigured, SyncFailure } from './errors.js';
import { TeamLibrary } from './library.js';
import { UploadProgress, type PartEvent } from './multipart.js';
import { Outbox } from './outbox.js';
import { SyncStateRepo } from './state-repo.js';
import { TeamStore } from './team-store.js';
import type { JobSyncDetail, Pass, SyncServiceDeps, SyncState, SyncStatus } from './types.js';

export type SyncEventMap = { status: [SyncStatus]; progress: [PartEvent]; job: [JobSyncDetail] };

export class SyncCore {
  readonly outbox: Outbox;
  readonly library: TeamLibrary;
  readonly uploads: UploadProgress;
  readonly repo: SyncStateRepo;
  readonly seatId: string;
  readonly tmpDir: string;
  /** every request in flight listens to this one signal (uploads, HEADs, checks) */
  readonly abort = new AbortController();
  config: SyncConfig | null = null;
  store: TeamStore | null = null;
  state: SyncState = 'not_configured';
  lastError: ErrorPayload | null = null;
  passDone = 0;
  passTotal = 0;
  nextAttempt: Date | null = null;
  lastRefresh = 0;
  private freecad: Promise<string | null> | null = null;

  constructor(
    readonly deps: SyncServiceDeps,
    private readonly events: EventEmitter<SyncEventMap>,
  ) {
    this.outbox = new Outbox(deps.db);
    this.library = new TeamLibrary(deps.db);
    this.uploads = new UploadProgress(deps.db);
    this.repo = new SyncStateRepo(deps.db);
    this.seatId = this.repo.seatId();
    this.tmpDir = join(deps.dataDir, 'sync-tmp');
    setMaxListeners(256, this.abort.signal);
  }

  /** New settings: a new store client; the indicator starts over from 'offline'. */
  setConfig(config: SyncConfig | null): void {
    this.store?.dispose();
    this.store = null;
    this.config = config ? normaliseConfig(config) : null;
    if (this.config) this.store = new TeamStore(this.config);
    this.state = this.config ? 'offline' : 'not_configured';
    this.lastError = null;
    this.nextAttempt = null;
    this.lastRefresh = 0;
    this.emitStatus();
  }

  /** Until this process has looked itself, show what the last one found. */
  restoreLastOutcome(): void {
    const last = this.repo.lastOutcome();
    if (this.config && last.state && last.state !== 'syncing' && last.state !== 'not_configured') {
      this.state = last.state;
      this.lastError = last.error;
    }
  }

  dispose(): void {
    this.outbox.releaseAll();
    this.store?.dispose();
    this.store = null;
  }

  status(): SyncStatus {
    const c = this.outbox.counts();
    const itemsWaiting = this.outbox.nextAttemptAt();
    return {
      state: this.state,
      done: this.passDone,
      total: this.passTotal,
      pending: c.pending,
      failed: c.failed,
      conflicts: this.repo.conflictCount(),
      bytes_pending: c.bytes_pending,
      last_sync_at: this.repo.lastSyncAt(),
      next_attempt_at: this.nextAttempt?.toISOString() ?? (c.pending ? itemsWaiting : null),
      error: this.lastError,
      store: this.config ? describeStore(this.config) : null,
      seat_id: this.seatId,
      remote_jobs: this.config ? this.library.count(storeId(this.config)) : 0,
    };
  }

  jobState(jobId: string): JobSyncDetail {
    return { ...this.outbox.jobState(jobId), conflicts: this.library.conflicts(jobId) };
  }

  newPass(): Pass {
    this.passDone = 0;
    this.passTotal = this.outbox.counts().pending;
    return {
      report: { uploaded: 0, skipped: 0, failed: 0, downloaded: 0, bytes_uploaded: 0, bytes_downloaded: 0, conflicts: 0, errors: [] },
      signal: this.abort.signal,
    };
  }

  /** The store answers: the indicator says 'syncing'. Throws (a SyncFailure to classify) when it does not. */
  async probe(): Promise<void> {
    const store = this.requireStore();
    await store.probe(this.abort.signal);
    this.nextAttempt = null;
    if (this.state !== 'syncing') {
      this.state = 'syncing';
      this.lastError = null;
      this.emitStatus();
    }
  }

  /** After a pass: up to date, offline or error (with the reason). */
  settle(f: SyncFailure | null): void {
    this.outbox.releaseAll();
    if (!this.config) this.state = 'not_configured';
    else if (!f) {
      const c = this.outbox.counts();
      // items that failed for good, or wait out a backoff, keep the indicator from saying "up to date"
      const failedItem = c.failed ? this.outbox.failedItems(1)[0]?.error : null;
      this.state = c.failed ? 'error' : c.pending ? 'syncing' : 'up_to_date';
      this.lastError = failedItem ?? null;
    } else {
      this.state = f.code === 'SYNC_UNREACHABLE' ? 'offline' : f.code === 'SYNC_NOT_CONFIGURED' ? 'not_configured' : 'error';
      this.lastError = toErrorPayload(f, this.lang);
    }
    this.repo.setLastOutcome(this.state, this.lastError);
    this.emitStatus();
  }

  /** Succeeded jobs that finished while sync was not listening (another process, an older app). */
  catchUp(): void {
    for (const id of this.outbox.unsyncedJobIds()) this.outbox.enqueueJob(id, this.deps.artefactRepo.listForJob(id));
  }

  failure(e: unknown): SyncFailure {
    if (e instanceof SyncFailure) return e;
    if (this.abort.signal.aborted) return new SyncFailure('CANCELLED', {}, false, e);
    return classifyS3Error(e, this.store?.ctx('sync') ?? { op: 'sync', bucket: this.config?.bucket ?? '', host: '' });
  }

  requireConfig(): SyncConfig {
    if (!this.config) throw notConfigured();
    return this.config;
  }

  requireStore(): TeamStore {
    if (!this.store) throw notConfigured();
    return this.store;
  }

  get lang(): Lang {
    return this.deps.lang ?? 'en';
  }

  /** Backoff of the worker and of failed items: first wait and ceiling, ms. */
  get backoff(): { base: number; max: number } {
    return { base: this.deps.backoff?.baseMs ?? 1000, max: this.deps.backoff?.maxMs ?? 5 * 60_000 };
  }

  user(): string {
    if (this.deps.user) return this.deps.user;
    try {
      return userInfo().username;
    } catch {
      return 'unknown';
    }
  }

  freecadVersion(): Promise<string | null> {
    this.freecad ??= (this.deps.freecadVersion?.() ?? Promise.resolve(null)).catch(() => null);
    return this.freecad;
  }

  log(level: LogLevel, msg: string, fields?: Record<string, unknown>): void {
    this.deps.logger?.log(level, msg, fields);
  }

  emitStatus(): void {
    if (this.events.listenerCount('status')) this.events.emit('status', this.status());
  }

  emitJob(jobId: string): void {
    if (this.events.listenerCount('job')) this.events.emit('job', this.jobState(jobId));
  }

  emitProgress(e: PartEvent): void {
    this.events.emit('progress', e);
  }
}
