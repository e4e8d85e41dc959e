// Offline-first sync with the team's S3 store.
//
// Push: every succeeded job lands in the outbox (artefacts, then its manifest). A background
// worker probes the store, with exponential backoff while it is away, and drains the outbox with
// bounded concurrency: content-addressed files (skipped when the store already has them, verified
// after upload), then each job's manifest. A manifest never overwrites a different one: the same
// job id with other content is written beside it and flagged.
// Pull: the store's job manifests are listed into the team library (browsable offline); a job's
// files come down on demand, verified by sha256, into the local store, and the pulled job records
// where it came from. Nothing local is deleted because the remote lacks it; nothing remote is
// deleted by the app.
import { randomUUID } from 'node:crypto';
import { EventEmitter, setMaxListeners } from 'node:events';
import { lookup } from 'node:dns/promises';
import { existsSync, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { isIP } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { SyncReport, SyncState, SyncStatus } from '../../../shared/api.js';
import { toErrorPayload, TezgahError, type ErrorPayload, type Lang } from '../../../shared/errors.js';
import type { JobRecord } from '../../../shared/jobs.js';
import type { ArtefactStore } from '../../platform/artefact-store.js';
import type { Logger } from '../../platform/logger.js';
import type { ArtefactRepo, StoredArtefact } from '../../platform/artefacts-repo.js';
import type { Database } from '../../platform/db.js';
import type { JobRepo } from '../../platform/jobs-repo.js';
import { artefactKey, DEFAULTS, describeStore, jobsPrefix, manifestKey, normaliseConfig, parseManifestKey, seatKey, storeId, type SyncConfig } from './config.js';
import { classifyS3Error, notConfigured, SyncFailure } from './errors.js';
import { TeamLibrary, type ConflictRecord, type RemotePage } from './library.js';
import { buildManifest, contentHash, JOB_ID, manifestBytes, parseManifest, sha256Hex, type JobManifest } from './manifest.js';
import { uploadMultipart, UploadProgress, type PartEvent } from './multipart.js';
import { Outbox, type JobSyncInfo, type OutboxItem, type Outcome } from './outbox.js';
import { TeamStore, type RemoteObject } from './team-store.js';

// The shapes the API contract promises (shared/api.ts); the service returns exactly those.
export type { SyncReport, SyncState, SyncStatus };

export interface JobSyncDetail extends JobSyncInfo {
  conflicts: ConflictRecord[];
}

export interface PullResult {
  job: JobRecord;
  artefacts: StoredArtefact[];
  /** false: the job was already here (made here, or pulled before) and nothing was fetched */
  pulled: boolean;
  /** the same id held other content here, so this copy got its own id (id~hash) */
  conflict: boolean;
  origin: { store: string; key: string; seat_id: string; user: string; app_version: string; freecad_version: string | null };
  bytes_downloaded: number;
}

export type ConnectionStep = 'config' | 'dns' | 'connect' | 'tls' | 'credentials' | 'bucket' | 'read' | 'write';

export interface ConnectionReport {
  ok: boolean;
  store: string | null;
  steps: { step: ConnectionStep; ok: boolean | null; detail?: string }[];
  error: ErrorPayload | null;
}

/** What the job manager offers: 'job' events when a job changes state. */
export interface JobEvents {
  on(event: 'job', listener: (e: { id: string; status: string }) => void): unknown;
  off(event: 'job', listener: (e: { id: string; status: string }) => void): unknown;
}

export interface SyncServiceDeps {
  db: Database;
  jobsRepo: JobRepo;
  artefactRepo: ArtefactRepo;
  artefacts: ArtefactStore;
  dataDir: string;
  config: SyncConfig | null;
  appVersion: string;
  jobs?: JobEvents;
  logger?: Pick<Logger, 'log'>;
  freecadVersion?: () => Promise<string | null>;
  /** the user name written into manifests (default: the OS user) */
  user?: string;
  lang?: Lang;
  /** exponential backoff while the store is away: first wait and ceiling, ms (1 s … 5 min) */
  backoff?: { baseMs?: number; maxMs?: number };
  /** how often an idle worker re-reads the store's job list, ms (default 5 min) */
  refreshIntervalMs?: number;
  /** keys per LIST page (default 1000) */
  listPageSize?: number;
}

// failures of the store or of the pass, not of one item: they stop the pass and blame no item
const STORE_WIDE = new Set(['SYNC_UNREACHABLE', 'SYNC_AUTH', 'SYNC_PERMISSION', 'SYNC_TLS', 'SYNC_BUCKET_NOT_FOUND', 'SYNC_NOT_CONFIGURED', 'CANCELLED']);
const MAX_ATTEMPTS = 8;
const MANIFEST_TYPE = 'application/json';

interface Pass {
  report: SyncReport;
  signal: AbortSignal;
}

export class SyncService extends EventEmitter<{ status: [SyncStatus]; progress: [PartEvent]; job: [JobSyncDetail] }> {
  readonly outbox: Outbox;
  readonly library: TeamLibrary;
  readonly seatId: string;
  private readonly uploads: UploadProgress;
  private config: SyncConfig | null = null;
  private store: TeamStore | null = null;
  private state: SyncState = 'not_configured';
  private lastError: ErrorPayload | null = null;
  private passDone = 0;
  private passTotal = 0;
  private nextAttempt: Date | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private worker: Promise<void> | null = null;
  private stopped = true;
  private wake: (() => void) | null = null;
  /** something happened since the worker last looked (a new job, new settings) */
  private dirty = false;
  private readonly abort = new AbortController();
  private lastRefresh = 0;
  private freecad: Promise<string | null> | null = null;
  private readonly tmpDir: string;
  private readonly onJob = (e: { id: string; status: string }) => {
    if (e.status === 'succeeded') this.enqueue(e.id);
  };

  constructor(private readonly deps: SyncServiceDeps) {
    super();
    this.outbox = new Outbox(deps.db);
    this.library = new TeamLibrary(deps.db);
    this.uploads = new UploadProgress(deps.db);
    this.seatId = this.seat();
    this.tmpDir = join(deps.dataDir, 'sync-tmp');
    // every request in flight listens to this one signal (uploads, HEADs, checks)
    setMaxListeners(256, this.abort.signal);
    this.setConfig(deps.config);
    // until this process has looked itself, show what the last one found
    const last = this.getState('last_state') as SyncState | null;
    if (this.config && last && last !== 'syncing' && last !== 'not_configured') {
      this.state = last;
      this.lastError = JSON.parse(this.getState('last_error') ?? 'null') as ErrorPayload | null;
    }
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  /** Feeds the outbox from finished jobs and starts the background worker. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.deps.jobs?.on('job', this.onJob);
    this.catchUp();
    this.worker = this.loop();
  }

  async dispose(): Promise<void> {
    this.stopped = true;
    this.deps.jobs?.off('job', this.onJob);
    this.abort.abort();
    this.kick();
    await this.worker?.catch(() => undefined);
    await this.running.catch(() => undefined);
    this.outbox.releaseAll();
    this.store?.dispose();
    this.store = null;
  }

  /** New settings (Settings page): takes effect on the next pass. */
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
    this.kick();
  }

  // ---- what the UI and the CLI ask -------------------------------------------------------------

  status(): SyncStatus {
    const c = this.outbox.counts();
    const conflicts = (this.deps.db.prepare(`SELECT count(*) AS n FROM sync_jobs WHERE state = 'conflict'`).get() as { n: number }).n;
    const itemsWaiting = this.outbox.nextAttemptAt();
    return {
      state: this.state,
      done: this.passDone,
      total: this.passTotal,
      pending: c.pending,
      failed: c.failed,
      conflicts,
      bytes_pending: c.bytes_pending,
      last_sync_at: this.getState('last_sync_at'),
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

  /** The team library, newest first; `refresh` first re-reads the store's job list (online only). */
  async listRemote(opts: { search?: string; cursor?: string | null; limit?: number; refresh?: boolean } = {}): Promise<RemotePage> {
    const config = this.requireConfig();
    if (opts.refresh) await this.exclusive(() => this.refreshRemote(this.newPass()));
    return this.library.list(storeId(config), opts);
  }

  /** Queues a finished job for upload (the job manager's 'job' event does this by itself). */
  enqueue(jobId: string): void {
    const job = this.deps.jobsRepo.get(jobId);
    if (!job || job.status !== 'succeeded') return;
    const added = this.outbox.enqueueJob(jobId, this.deps.artefactRepo.listForJob(jobId));
    if (added) {
      this.passTotal += added;
      this.emitStatus();
      this.kick();
    }
  }

  /** Everything this seat made goes up again, e.g. to a new bucket (the store's copies are skipped). */
  requeueAll(): number {
    const n = this.outbox.requeueAll();
    this.kick();
    return n;
  }

  /** One pass now: catch up the outbox, push (failed items are retried), then re-read the store's job list. */
  async syncOnce(): Promise<SyncReport> {
    return this.exclusive(async () => {
      const pass = this.newPass();
      try {
        this.requireConfig();
        this.catchUp();
        this.outbox.retryFailed();
        this.deps.db.prepare(`UPDATE sync_outbox SET next_attempt_at = NULL WHERE state = 'pending'`).run();
        await this.probe();
        await this.push(pass);
        await this.refreshRemote(pass);
        this.setState('last_sync_at', new Date().toISOString());
        this.settle(null);
      } catch (e) {
        const f = this.failure(e);
        this.settle(f);
        pass.report.errors.push(toErrorPayload(f, this.lang));
      }
      return pass.report;
    });
  }

  /** Pulls one job's files into the local store ('id', or 'id~variant' for a side-by-side version). */
  async pull(jobId: string): Promise<PullResult> {
    return this.exclusive(() => this.pullJob(jobId));
  }

  /** Says exactly what works and what does not: config, DNS, connection, TLS, credentials, bucket, read, write. */
  async testConnection(): Promise<ConnectionReport> {
    const steps: ConnectionReport['steps'] = [];
    const order: ConnectionStep[] = ['config', 'dns', 'connect', 'tls', 'credentials', 'bucket', 'read', 'write'];
    const finish = (failedAt: ConnectionStep | null, err: unknown): ConnectionReport => {
      const error = err ? toErrorPayload(this.failure(err), this.lang) : null;
      if (failedAt) {
        for (const s of order.slice(order.indexOf(failedAt))) {
          if (steps.some((x) => x.step === s)) continue;
          steps.push(s === failedAt ? { step: s, ok: false, detail: String(error?.details?.detail ?? error?.message ?? '') } : { step: s, ok: null });
        }
      }
      return { ok: !failedAt, store: this.config ? describeStore(this.config) : null, steps, error };
    };
    if (!this.config || !this.store) return finish('config', notConfigured());
    steps.push({ step: 'config', ok: true, detail: describeStore(this.config) });
    const store = this.store;
    const host = store.host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    if (isIP(host) || host === 'localhost') steps.push({ step: 'dns', ok: true, detail: `${host} needs no lookup` });
    else {
      try {
        const a = await lookup(host);
        steps.push({ step: 'dns', ok: true, detail: `${host} → ${a.address}` });
      } catch (e) {
        return finish('dns', classifyS3Error(e, store.ctx('probe')));
      }
    }
    try {
      await store.probe(this.abort.signal);
      const tls = !this.config.endpoint || this.config.endpoint.startsWith('https:');
      steps.push({ step: 'connect', ok: true, detail: store.host }, { step: 'tls', ok: tls ? true : null, detail: tls ? 'verified' : 'plain http' });
      steps.push({ step: 'credentials', ok: true }, { step: 'bucket', ok: true, detail: this.config.bucket }, { step: 'read', ok: true });
    } catch (e) {
      const f = this.failure(e);
      const cause = String(f.details?.cause ?? '');
      const at: ConnectionStep =
        cause === 'dns' ? 'dns' : cause === 'tls' ? 'tls' : cause === 'refused' || cause === 'network' || cause === 'server' ? 'connect' : cause === 'credentials' || cause === 'no_credentials' ? 'credentials' : cause === 'bucket' || cause === 'region' ? 'bucket' : 'read';
      for (const s of order.slice(1, order.indexOf(at))) if (!steps.some((x) => x.step === s)) steps.push({ step: s, ok: true });
      return finish(at, f);
    }
    try {
      const record = { seat_id: this.seatId, user: this.user(), app_version: this.deps.appVersion, last_seen: new Date().toISOString() };
      const key = seatKey(this.config.prefix, this.seatId);
      const body = Buffer.from(JSON.stringify(record));
      await store.putBytes(key, body, { contentType: MANIFEST_TYPE, signal: this.abort.signal });
      await store.verifyUploaded(key, sha256Hex(body), body.byteLength, this.abort.signal);
      steps.push({ step: 'write', ok: true, detail: key });
    } catch (e) {
      return finish('write', e);
    }
    return finish(null, null);
  }

  // ---- the worker ------------------------------------------------------------------------------

  private async loop(): Promise<void> {
    const base = this.deps.backoff?.baseMs ?? 1000;
    const max = this.deps.backoff?.maxMs ?? 5 * 60_000;
    const refreshEvery = this.deps.refreshIntervalMs ?? 5 * 60_000;
    let failures = 0;
    while (!this.stopped) {
      if (!this.config) {
        // nothing to sync to: wait for settings (a kick without them must not spin this loop)
        this.dirty = false;
        await this.sleep(max);
        continue;
      }
      let wait: number;
      try {
        await this.exclusive(async () => {
          this.dirty = false;
          const pass = this.newPass();
          this.catchUp();
          await this.probe();
          await this.push(pass);
          if (Date.now() - this.lastRefresh >= refreshEvery) await this.refreshRemote(pass);
          this.setState('last_sync_at', new Date().toISOString());
          this.settle(null);
        });
        failures = 0;
        const due = this.outbox.nextAttemptAt();
        wait = Math.min(refreshEvery, due ? Math.max(0, Date.parse(due) - Date.now()) : refreshEvery);
      } catch (e) {
        if (this.stopped) break;
        const f = this.failure(e);
        // offline: try again soon, then less and less often; a setting a person must fix: rarely
        wait = f.transient ? Math.min(max, base * 2 ** failures) * (0.8 + Math.random() * 0.4) : max;
        failures++;
        this.nextAttempt = new Date(Date.now() + wait);
        this.settle(f);
        this.deps.logger?.log(f.transient ? 'info' : 'warn', 'sync pass stopped', { code: f.code, detail: f.details?.detail, retry_in_ms: Math.round(wait) });
      }
      await this.sleep(wait);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.dirty || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      t.unref?.();
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  /** Wakes the worker (a new job, new settings, shutdown). */
  private kick(): void {
    this.dirty = true;
    this.wake?.();
  }

  /** One pass or pull at a time per service (the worker, `sync --once` and pulls take turns). */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.running.catch(() => undefined).then(fn);
    this.running = next.catch(() => undefined);
    return next;
  }

  private newPass(): Pass {
    this.passDone = 0;
    this.passTotal = this.outbox.counts().pending;
    return { report: { uploaded: 0, skipped: 0, failed: 0, downloaded: 0, bytes_uploaded: 0, bytes_downloaded: 0, conflicts: 0, errors: [] }, signal: this.abort.signal };
  }

  private async probe(): Promise<void> {
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
  private settle(f: SyncFailure | null): void {
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
    this.setState('last_state', this.state);
    this.setState('last_error', JSON.stringify(this.lastError));
    this.emitStatus();
  }

  // ---- push ------------------------------------------------------------------------------------

  private async push(pass: Pass): Promise<void> {
    const concurrency = this.config!.concurrency ?? DEFAULTS.concurrency;
    const store = this.requireStore();
    let storeWide: SyncFailure | null = null;
    const stopped = () => storeWide !== null || pass.signal.aborted;
    type Next = { item: OutboxItem; head: Promise<RemoteObject | null>; finished: () => void };
    // the same file in two jobs: the second waits for the first, then finds it in the store
    const bySha = new Map<string, Promise<void>>();
    const claimFile = (): Next | undefined => {
      const item = this.outbox.claim('artefact', 1)[0];
      if (!item) return undefined;
      const before = bySha.get(item.sha256) ?? Promise.resolve();
      let finished!: () => void;
      bySha.set(item.sha256, new Promise<void>((r) => (finished = r)));
      // ask the store about it now; the answer is used when the worker gets to it
      const head = before.then(() => store.head(artefactKey(this.config!.prefix, item.sha256), pass.signal));
      head.catch(() => undefined);
      return { item, head, finished };
    };
    // small things beside the uploads: checks of what landed (HEAD) and job manifests
    const aside = new Set<Promise<void>>();
    const track = (p: Promise<void>) => {
      aside.add(p);
      void p.finally(() => aside.delete(p));
    };
    const done = (item: OutboxItem, outcome: Outcome, bytes: number) => {
      this.outbox.complete(item.id, outcome);
      if (outcome === 'skipped') pass.report.skipped++;
      if (outcome === 'uploaded') pass.report.uploaded++;
      pass.report.bytes_uploaded += bytes;
      this.passDone++;
      this.emitStatus();
      startManifests();
    };
    const failed = (item: OutboxItem, e: unknown) => {
      const f = this.failure(e);
      if (STORE_WIDE.has(f.code)) {
        storeWide ??= f;
        return;
      }
      this.itemFailed(item, f, pass);
      this.passDone++;
      this.emitStatus();
    };
    // a job's manifest goes up the moment the last of its files is done and checked
    let manifestsInFlight = 0;
    const startManifests = () => {
      while (!stopped() && manifestsInFlight < concurrency) {
        const m = this.outbox.claim('manifest', 1)[0];
        if (!m) return;
        manifestsInFlight++;
        track(
          this.pushManifest(m, pass)
            .then(
              (r) => done(m, r.outcome, r.bytes),
              (e) => failed(m, e),
            )
            .finally(() => manifestsInFlight--),
        );
      }
    };
    // Each upload lane takes the next file as soon as it is free (one big file never holds up the
    // rest) and asks the store about the one after while it uploads.
    const lane = async () => {
      let next = claimFile();
      while (next && !stopped()) {
        const { item, head, finished } = next;
        next = claimFile();
        try {
          const r = await this.pushArtefact(item, pass, head);
          const check = r.verified.then(
            () => done(item, r.outcome, r.bytes),
            (e) => failed(item, e),
          );
          void check.finally(finished);
          track(check);
          if (aside.size >= 2 * concurrency) await Promise.race(aside);
        } catch (e) {
          failed(item, e);
          finished();
        }
        next ??= claimFile();
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    startManifests();
    while (aside.size) await Promise.all(aside);
    if (storeWide) throw storeWide;
    if (pass.signal.aborted) throw new TezgahError('CANCELLED');
  }

  private itemFailed(item: OutboxItem, f: SyncFailure, pass: Pass): void {
    const payload = toErrorPayload(f, this.lang);
    const attempts = item.attempts + 1;
    const retry = f.transient && attempts < MAX_ATTEMPTS;
    const base = this.deps.backoff?.baseMs ?? 1000;
    const max = this.deps.backoff?.maxMs ?? 5 * 60_000;
    this.outbox.release(item.id, payload, retry ? new Date(Date.now() + Math.min(max, base * 2 ** attempts)) : null);
    pass.report.failed++;
    pass.report.errors.push(payload);
    if (!retry) {
      this.outbox.setJobState(item.job_id, 'failed', { error: payload });
      this.emitJob(item.job_id);
    }
    this.deps.logger?.log('warn', 'sync item failed', { job_id: item.job_id, kind: item.kind, sha256: item.sha256 || undefined, code: f.code, detail: f.details?.detail ?? f.details?.reason, retry });
  }

  /** `lookahead`: the HEAD for this item, started while the worker was busy with the one before. */
  private async pushArtefact(item: OutboxItem, pass: Pass, lookahead?: Promise<RemoteObject | null>): Promise<{ outcome: Outcome; bytes: number; verified: Promise<void> }> {
    const config = this.config!;
    const store = this.requireStore();
    const key = artefactKey(config.prefix, item.sha256);
    const file = this.deps.artefacts.pathFor(item.sha256);
    if (!existsSync(file)) {
      throw new SyncFailure('SYNC_INTEGRITY', { file, sha256: item.sha256, reason: 'the artefact file is missing from the local store' }, false);
    }
    const there = await (lookahead ?? store.head(key, pass.signal));
    let bytes = 0;
    if (there && there.size === item.size && there.sha256 === item.sha256) {
      this.setRemoteKeys(item.job_id, item.sha256, key);
      return { outcome: 'skipped', bytes: 0, verified: Promise.resolve() };
    }
    // A content-addressed key holding other bytes can only be damage: the right bytes repair it.
    if (there) this.deps.logger?.log('warn', 'replacing a damaged object under its content address', { key, size: there.size, sha256: there.sha256 });
    const mime = item.mime ?? 'application/octet-stream';
    const threshold = Math.max(config.multipartThreshold ?? DEFAULTS.multipartThreshold, (config.partSize ?? DEFAULTS.partSize) + 1);
    if (item.size >= threshold) {
      const r = await uploadMultipart({
        store,
        storeId: storeId(config),
        progress: this.uploads,
        key,
        file,
        sha256: item.sha256,
        size: item.size,
        contentType: mime,
        partSize: config.partSize ?? DEFAULTS.partSize,
        queueSize: config.concurrency ?? DEFAULTS.concurrency,
        signal: pass.signal,
        onPart: (e) => this.emit('progress', e),
      });
      bytes = r.bytesSent;
      if (r.resumed) this.deps.logger?.log('info', 'multipart upload resumed', { key, parts_skipped: r.partsSkipped, parts_sent: r.partsSent });
    } else {
      const put = await store.putFile(key, file, { sha256: item.sha256, size: item.size, contentType: mime, signal: pass.signal });
      bytes = put.bytes;
      if (put.verified) {
        // the store computed our sha256 over what it received and said so
        this.setRemoteKeys(item.job_id, item.sha256, key);
        return { outcome: 'uploaded', bytes, verified: Promise.resolve() };
      }
    }
    // what landed: its size and our sha256 (multipart ETags are not checksums)
    const verified = store.verifyUploaded(key, item.sha256, item.size, pass.signal).then(() => this.setRemoteKeys(item.job_id, item.sha256, key));
    verified.catch(() => undefined);
    return { outcome: 'uploaded', bytes, verified };
  }

  private setRemoteKeys(jobId: string, sha256: string, key: string): void {
    for (const a of this.deps.artefactRepo.listForJob(jobId)) if (a.sha256 === sha256 && a.remote_key !== key) this.deps.artefactRepo.setRemoteKey(a.id, key);
  }

  private async pushManifest(item: OutboxItem, pass: Pass): Promise<{ outcome: Outcome; bytes: number }> {
    const config = this.config!;
    const store = this.requireStore();
    const sid = storeId(config);
    const job = this.deps.jobsRepo.get(item.job_id);
    if (!job) throw new SyncFailure('NOT_FOUND', { entity: 'job', id: item.job_id }, false);
    const manifest = buildManifest(job, this.deps.artefactRepo.listForJob(job.id), {
      appVersion: this.deps.appVersion,
      freecadVersion: await this.freecadVersion(),
      seatId: this.seatId,
      user: this.user(),
      prefix: config.prefix,
    });
    const body = manifestBytes(manifest);
    const sha = sha256Hex(body);
    const content = manifest.content_sha256;
    const meta = { 'content-sha256': content, 'job-id': job.id, 'seat-id': this.seatId };
    const key = manifestKey(config.prefix, job.id);

    const write = async (k: string, variant: string): Promise<'written' | 'exists'> => {
      // create-only where the store supports it (AWS S3, MinIO); HEAD first covers the rest
      const r = await store.putBytes(k, body, { contentType: MANIFEST_TYPE, metadata: meta, ifNoneMatch: true, signal: pass.signal });
      if (!r.written) return 'exists';
      if (!r.verified) await store.verifyUploaded(k, sha, body.byteLength, pass.signal);
      // our own job is in the team library at once (and the next listing need not fetch it back)
      this.library.upsert(sid, k, variant, { etag: r.etag, size: body.byteLength, lastModified: null }, manifest, sha);
      return 'written';
    };
    const remoteContent = async (k: string): Promise<string | null | undefined> => {
      const h = await store.head(k, pass.signal);
      if (!h) return undefined;
      if (h.contentSha256) return h.contentSha256;
      // written by another tool without our metadata: read it to compare
      const got = await store.getBytes(k, undefined, pass.signal);
      if (!got) return undefined;
      try {
        return parseManifest(got.bytes, k).content_sha256;
      } catch {
        return null;
      }
    };

    let there = await remoteContent(key);
    if (there === undefined) {
      if ((await write(key, '')) === 'written') {
        this.outbox.setJobState(job.id, 'synced', { content_sha256: content, manifest_key: key, store: sid, error: null });
        this.emitJob(job.id);
        return { outcome: 'uploaded', bytes: body.byteLength };
      }
      there = await remoteContent(key);
    }
    if (there === content) {
      this.outbox.setJobState(job.id, 'synced', { content_sha256: content, manifest_key: key, store: sid, error: null });
      this.emitJob(job.id);
      return { outcome: 'skipped', bytes: 0 };
    }
    // Same id, other content: keep both. Ours goes beside theirs; theirs is never touched.
    const variant = content.slice(0, 12);
    const side = manifestKey(config.prefix, job.id, variant);
    let bytes = 0;
    if ((await remoteContent(side)) !== content && (await write(side, variant)) === 'written') bytes = body.byteLength;
    this.library.addConflict(sid, { job_id: job.id, direction: 'push', local_content_sha256: content, remote_key: key, remote_content_sha256: there ?? null, kept_as: side });
    const warning = toErrorPayload(new TezgahError('SYNC_CONFLICT', { job_id: job.id, remote_key: key, kept_as: side }), this.lang);
    this.outbox.setJobState(job.id, 'conflict', { content_sha256: content, manifest_key: side, store: sid, error: warning });
    this.emitJob(job.id);
    pass.report.conflicts++;
    pass.report.errors.push(warning);
    this.deps.logger?.log('warn', 'sync conflict: kept side by side', { job_id: job.id, remote_key: key, kept_as: side });
    if (bytes) pass.report.uploaded++;
    return { outcome: 'conflict', bytes };
  }

  // ---- pull ------------------------------------------------------------------------------------

  /** Re-reads the store's list of job manifests into the team library; fetches only new or changed ones. */
  private async refreshRemote(pass: Pass): Promise<void> {
    const config = this.requireConfig();
    const store = this.requireStore();
    const sid = storeId(config);
    const known = this.library.known(sid);
    const present = new Set<string>();
    const fetch: { key: string; jobId: string; variant: string; listed: { etag: string | null; size: number; lastModified: string | null } }[] = [];
    let token: string | undefined;
    do {
      const page = await store.listPage(jobsPrefix(config.prefix), token, this.deps.listPageSize ?? 1000, pass.signal);
      for (const o of page.objects) {
        const parsed = parseManifestKey(config.prefix, o.key);
        if (!parsed) continue;
        present.add(o.key);
        if (known.has(o.key) && known.get(o.key) === o.etag) continue;
        fetch.push({ key: o.key, ...parsed, listed: { etag: o.etag, size: o.size, lastModified: o.lastModified } });
      }
      token = page.next ?? undefined;
    } while (token);
    await pool(fetch, config.concurrency ?? DEFAULTS.concurrency, async (f) => {
      const got = await store.getBytes(f.key, undefined, pass.signal);
      if (!got) return;
      pass.report.downloaded++;
      pass.report.bytes_downloaded += got.bytes.byteLength;
      try {
        const m = parseManifest(got.bytes, f.key, got.sha256 ?? undefined);
        if (m.job.id !== f.jobId || (f.variant && !m.content_sha256.startsWith(f.variant))) {
          throw new TezgahError('SYNC_INTEGRITY', { key: f.key, reason: 'the manifest is filed under another job id or version' });
        }
        this.library.upsert(sid, f.key, f.variant, f.listed, m, sha256Hex(got.bytes));
      } catch (e) {
        const payload = toErrorPayload(e, this.lang);
        this.library.recordBroken(sid, f.key, f.jobId, f.variant, f.listed, payload);
        pass.report.errors.push(payload);
        this.deps.logger?.log('warn', 'unreadable manifest in the team store', { key: f.key, code: payload.code, reason: payload.details?.reason });
      }
    });
    this.library.markPresent(sid, present);
    this.lastRefresh = Date.now();
  }

  private async pullJob(requested: string): Promise<PullResult> {
    const config = this.requireConfig();
    const store = this.requireStore();
    const sid = storeId(config);
    if (!JOB_ID.test(requested)) throw new TezgahError('VALIDATION_ERROR', { field: 'job id', detail: `'${requested}' is not a job id` });
    const [baseId, wanted] = requested.split('~') as [string, string | undefined];

    // the manifest: from the library, else straight from the store
    let versions = this.library.versions(sid, baseId);
    if (!versions.length || (wanted && !versions.some((v) => v.variant.startsWith(wanted)))) {
      const key = manifestKey(config.prefix, baseId, wanted);
      const got = await store.getBytes(key, undefined, this.abort.signal);
      if (got) {
        const m = parseManifest(got.bytes, key, got.sha256 ?? undefined);
        this.library.upsert(sid, key, wanted ?? '', { etag: null, size: got.bytes.byteLength, lastModified: null }, m, sha256Hex(got.bytes));
        versions = this.library.versions(sid, baseId);
      }
    }
    const version = wanted ? versions.find((v) => v.variant.startsWith(wanted)) : (versions.find((v) => v.variant === '') ?? versions[0]);
    if (!version) throw new TezgahError('NOT_FOUND', { entity: 'remote job', id: requested });
    const m = version.manifest;
    const origin = { store: describeStore(config), key: version.key, seat_id: m.seat_id, user: m.user, app_version: m.app_version, freecad_version: m.freecad_version };

    // the same content already here (made here, or pulled before)?
    const here = this.library.localCopy(baseId, m.content_sha256) ?? this.sameLocalJob(baseId, m);
    if (here) {
      const bytes = await this.fetchMissing(m, store);
      return { job: this.deps.jobsRepo.get(here)!, artefacts: this.deps.artefactRepo.listForJob(here), pulled: bytes > 0, conflict: here !== baseId, origin, bytes_downloaded: bytes };
    }
    // another job holds this id here: the pulled one is kept beside it, under id~hash
    const taken = Boolean(this.deps.jobsRepo.get(baseId));
    const localId = taken || version.variant ? `${baseId}~${m.content_sha256.slice(0, 12)}` : baseId;
    const bytes = await this.fetchMissing(m, store);

    const pulledAt = new Date().toISOString();
    const document = { ...(m.job.document as unknown as JobRecord['document']), pulled_from: { ...origin, pulled_at: pulledAt } } as JobRecord['document'];
    try {
      this.deps.db.transaction(() => {
        this.deps.jobsRepo.insert({
          id: localId,
          type: m.job.type as JobRecord['type'],
          status: m.job.status as JobRecord['status'],
          spec: m.job.spec as unknown as JobRecord['spec'],
          spec_hash: m.job.spec_hash,
          idempotency_key: null,
          cached: m.job.cached,
          progress: 1,
          document,
          metrics: m.metrics as unknown as JobRecord['metrics'],
          created_at: m.job.created_at,
          started_at: m.job.started_at,
          finished_at: m.job.finished_at,
          retry_of: null,
        });
        for (const a of m.artefacts) {
          const row = this.deps.artefactRepo.add({ job_id: localId, kind: a.kind as StoredArtefact['kind'], name: a.name, sha256: a.sha256, size: a.size, mime: a.mime, meta: a.meta });
          this.deps.artefactRepo.setRemoteKey(row.id, artefactKey(config.prefix, a.sha256));
        }
        const conflict = localId !== baseId && taken;
        this.outbox.recordPulled(localId, { content_sha256: m.content_sha256, manifest_key: version.key, store: sid, seat_id: m.seat_id, user: m.user, app_version: m.app_version, state: conflict ? 'conflict' : 'pulled' });
        if (conflict) {
          const local = this.outbox.jobState(baseId);
          this.library.addConflict(sid, { job_id: baseId, direction: 'pull', local_content_sha256: local.content_sha256, remote_key: version.key, remote_content_sha256: m.content_sha256, kept_as: localId });
        }
      })();
    } catch (e) {
      if ((e as { name?: string }).name === 'ZodError') {
        throw new TezgahError('VALIDATION_ERROR', { field: 'type', detail: `the job type or a file kind of ${requested} is not known to this version of Tezgah` }, e);
      }
      throw e;
    }
    this.deps.logger?.log('info', 'job pulled', { job_id: localId, from_seat: m.seat_id, bytes });
    this.emitJob(localId);
    return {
      job: this.deps.jobsRepo.get(localId)!,
      artefacts: this.deps.artefactRepo.listForJob(localId),
      pulled: true,
      conflict: localId !== baseId && taken,
      origin,
      bytes_downloaded: bytes,
    };
  }

  /** A local job with this id whose content equals the manifest's (made here, never recorded as synced). */
  private sameLocalJob(id: string, m: JobManifest): string | null {
    const job = this.deps.jobsRepo.get(id);
    if (!job) return null;
    const mine = contentHash({ job: { ...m.job, id: job.id, type: job.type, spec: job.spec as unknown as Record<string, unknown>, spec_hash: job.spec_hash }, metrics: job.metrics as unknown as Record<string, unknown> | null, artefacts: this.deps.artefactRepo.listForJob(id).map((a) => ({ ...a, key: '' })) });
    return mine === m.content_sha256 ? id : null;
  }

  /** Downloads the manifest's files the local store lacks, each verified; returns the bytes fetched. */
  private async fetchMissing(m: JobManifest, store: TeamStore): Promise<number> {
    const config = this.config!;
    const missing = [...new Map(m.artefacts.filter((a) => !this.deps.artefacts.has(a.sha256)).map((a) => [a.sha256, a])).values()];
    if (!missing.length) return 0;
    mkdirSync(this.tmpDir, { recursive: true });
    let bytes = 0;
    await pool(missing, config.concurrency ?? DEFAULTS.concurrency, async (a) => {
      const tmp = join(this.tmpDir, `${process.pid}-${randomUUID()}`);
      try {
        bytes += await store.getToFile(artefactKey(config.prefix, a.sha256), tmp, { sha256: a.sha256, size: a.size }, this.abort.signal);
        const stored = await this.deps.artefacts.put(tmp);
        if (stored.sha256 !== a.sha256) throw new SyncFailure('SYNC_INTEGRITY', { sha256: a.sha256, actual: stored.sha256, reason: 'changed on the way into the local store' }, false);
      } finally {
        await rm(tmp, { force: true });
      }
    });
    return bytes;
  }

  // ---- small things ----------------------------------------------------------------------------

  /** Succeeded jobs that finished while sync was not listening (another process, an older app). */
  private catchUp(): void {
    for (const id of this.outbox.unsyncedJobIds()) this.outbox.enqueueJob(id, this.deps.artefactRepo.listForJob(id));
  }

  private failure(e: unknown): SyncFailure {
    if (e instanceof SyncFailure) return e;
    if (this.abort.signal.aborted) return new SyncFailure('CANCELLED', {}, false, e);
    return classifyS3Error(e, this.store?.ctx('sync') ?? { op: 'sync', bucket: this.config?.bucket ?? '', host: '' });
  }

  private requireConfig(): SyncConfig {
    if (!this.config) throw notConfigured();
    return this.config;
  }

  private requireStore(): TeamStore {
    if (!this.store) throw notConfigured();
    return this.store;
  }

  private get lang(): Lang {
    return this.deps.lang ?? 'en';
  }

  private user(): string {
    if (this.deps.user) return this.deps.user;
    try {
      return userInfo().username;
    } catch {
      return 'unknown';
    }
  }

  private freecadVersion(): Promise<string | null> {
    this.freecad ??= (this.deps.freecadVersion?.() ?? Promise.resolve(null)).catch(() => null);
    return this.freecad;
  }

  private seat(): string {
    const existing = this.getState('seat_id');
    if (existing) return existing;
    const id = randomUUID();
    this.deps.db.prepare('INSERT OR IGNORE INTO sync_state (key, value) VALUES (?, ?)').run('seat_id', id);
    return this.getState('seat_id')!;
  }

  private getState(key: string): string | null {
    return (this.deps.db.prepare('SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
  }

  private setState(key: string, value: string): void {
    this.deps.db.prepare('INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)').run(key, value);
  }

  private emitStatus(): void {
    if (this.listenerCount('status')) this.emit('status', this.status());
  }

  private emitJob(jobId: string): void {
    if (this.listenerCount('job')) this.emit('job', this.jobState(jobId));
  }
}

/** Runs fn over items, at most `limit` at once. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const first: unknown[] = [];
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (e) {
        first.push(e);
        next = items.length;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (first.length) throw first[0];
}
