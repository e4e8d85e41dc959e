// Push: drains the outbox with bounded concurrency. Content-addressed files first (skipped when
// the store already has them, verified after upload), then each job's manifest the moment its last
// file is done. A manifest never overwrites a different one: the same job id with other content is
// written beside it and flagged.
import { existsSync } from 'node:fs';
import { toErrorPayload, TezgahError } from '../../../shared/errors.js';
import { artefactKey, DEFAULTS, manifestKey, storeId } from './config.js';
import type { SyncCore } from './core.js';
import { SyncFailure } from './errors.js';
import { buildManifest, manifestBytes, parseManifest, sha256Hex } from './manifest.js';
import { uploadMultipart } from './multipart.js';
import type { OutboxItem, Outcome } from './outbox.js';
import type { RemoteObject } from './team-store.js';
import type { Pass } from './types.js';
import { itemRetryDelay } from './worker.js';

// failures of the store or of the pass, not of one item: they stop the pass and blame no item
const STORE_WIDE = new Set([
  'SYNC_UNREACHABLE',
  'SYNC_AUTH',
  'SYNC_PERMISSION',
  'SYNC_TLS',
  'SYNC_BUCKET_NOT_FOUND',
  'SYNC_NOT_CONFIGURED',
  'CANCELLED',
]);
const MAX_ATTEMPTS = 8;
export const MANIFEST_TYPE = 'application/json';

export class Pusher {
  constructor(private readonly core: SyncCore) {}

  async push(pass: Pass): Promise<void> {
    const core = this.core;
    const concurrency = core.config!.concurrency ?? DEFAULTS.concurrency;
    const store = core.requireStore();
    let storeWide: SyncFailure | null = null;
    const stopped = () => storeWide !== null || pass.signal.aborted;
    type Next = { item: OutboxItem; head: Promise<RemoteObject | null>; finished: () => void };
    // the same file in two jobs: the second waits for the first, then finds it in the store
    const bySha = new Map<string, Promise<void>>();
    const claimFile = (): Next | undefined => {
      const item = core.outbox.claim('artefact', 1)[0];
      if (!item) return undefined;
      const before = bySha.get(item.sha256) ?? Promise.resolve();
      let finished!: () => void;
      bySha.set(item.sha256, new Promise<void>((r) => (finished = r)));
      // ask the store about it now; the answer is used when the worker gets to it
      const head = before.then(() => store.head(artefactKey(core.config!.prefix, item.sha256), pass.signal));
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
      core.outbox.complete(item.id, outcome);
      if (outcome === 'skipped') pass.report.skipped++;
      if (outcome === 'uploaded') pass.report.uploaded++;
      pass.report.bytes_uploaded += bytes;
      core.passDone++;
      core.emitStatus();
      startManifests();
    };
    const failed = (item: OutboxItem, e: unknown) => {
      const f = core.failure(e);
      if (STORE_WIDE.has(f.code)) {
        storeWide ??= f;
        return;
      }
      this.itemFailed(item, f, pass);
      core.passDone++;
      core.emitStatus();
    };
    // a job's manifest goes up the moment the last of its files is done and checked
    let manifestsInFlight = 0;
    const startManifests = () => {
      while (!stopped() && manifestsInFlight < concurrency) {
        const m = core.outbox.claim('manifest', 1)[0];
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
    const core = this.core;
    const payload = toErrorPayload(f, core.lang);
    const attempts = item.attempts + 1;
    const retry = f.transient && attempts < MAX_ATTEMPTS;
    core.outbox.release(item.id, payload, retry ? new Date(Date.now() + itemRetryDelay(attempts, core.backoff)) : null);
    pass.report.failed++;
    pass.report.errors.push(payload);
    if (!retry) {
      core.outbox.setJobState(item.job_id, 'failed', { error: payload });
      core.emitJob(item.job_id);
    }
    core.log('warn', 'sync item failed', {
      job_id: item.job_id,
      kind: item.kind,
      sha256: item.sha256 || undefined,
      code: f.code,
      detail: f.details?.detail ?? f.details?.reason,
      retry,
    });
  }

  /** `lookahead`: the HEAD for this item, started while the worker was busy with the one before. */
  private async pushArtefact(
    item: OutboxItem,
    pass: Pass,
    lookahead?: Promise<RemoteObject | null>,
  ): Promise<{ outcome: Outcome; bytes: number; verified: Promise<void> }> {
    const core = this.core;
    const config = core.config!;
    const store = core.requireStore();
    const key = artefactKey(config.prefix, item.sha256);
    const file = core.deps.artefacts.pathFor(item.sha256);
    if (!existsSync(file)) {
      throw new SyncFailure(
        'SYNC_INTEGRITY',
        { file, sha256: item.sha256, reason: 'the artefact file is missing from the local store' },
        false,
      );
    }
    const there = await (lookahead ?? store.head(key, pass.signal));
    let bytes = 0;
    if (there && there.size === item.size && there.sha256 === item.sha256) {
      this.setRemoteKeys(item.job_id, item.sha256, key);
      return { outcome: 'skipped', bytes: 0, verified: Promise.resolve() };
    }
    // A content-addressed key holding other bytes can only be damage: the right bytes repair it.
    if (there) core.log('warn', 'replacing a damaged object under its content address', { key, size: there.size, sha256: there.sha256 });
    const mime = item.mime ?? 'application/octet-stream';
    const threshold = Math.max(config.multipartThreshold ?? DEFAULTS.multipartThreshold, (config.partSize ?? DEFAULTS.partSize) + 1);
    if (item.size >= threshold) {
      const r = await uploadMultipart({
        store,
        storeId: storeId(config),
        progress: core.uploads,
        key,
        file,
        sha256: item.sha256,
        size: item.size,
        contentType: mime,
        partSize: config.partSize ?? DEFAULTS.partSize,
        queueSize: config.concurrency ?? DEFAULTS.concurrency,
        signal: pass.signal,
        onPart: (e) => core.emitProgress(e),
      });
      bytes = r.bytesSent;
      if (r.resumed) core.log('info', 'multipart upload resumed', { key, parts_skipped: r.partsSkipped, parts_sent: r.partsSent });
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
    const verified = store
      .verifyUploaded(key, item.sha256, item.size, pass.signal)
      .then(() => this.setRemoteKeys(item.job_id, item.sha256, key));
    verified.catch(() => undefined);
    return { outcome: 'uploaded', bytes, verified };
  }

  private setRemoteKeys(jobId: string, sha256: string, key: string): void {
    const repo = this.core.deps.artefactRepo;
    for (const a of repo.listForJob(jobId)) if (a.sha256 === sha256 && a.remote_key !== key) repo.setRemoteKey(a.id, key);
  }

  private async pushManifest(item: OutboxItem, pass: Pass): Promise<{ outcome: Outcome; bytes: number }> {
    const core = this.core;
    const config = core.config!;
    const store = core.requireStore();
    const sid = storeId(config);
    const job = core.deps.jobsRepo.get(item.job_id);
    if (!job) throw new SyncFailure('NOT_FOUND', { entity: 'job', id: item.job_id }, false);
    const manifest = buildManifest(job, core.deps.artefactRepo.listForJob(job.id), {
      appVersion: core.deps.appVersion,
      freecadVersion: await core.freecadVersion(),
      seatId: core.seatId,
      user: core.user(),
      prefix: config.prefix,
      audit: core.deps.audit?.anchor() ?? null,
    });
    const body = manifestBytes(manifest);
    const sha = sha256Hex(body);
    const content = manifest.content_sha256;
    const meta = { 'content-sha256': content, 'job-id': job.id, 'seat-id': core.seatId };
    const key = manifestKey(config.prefix, job.id);

    const write = async (k: string, variant: string): Promise<'written' | 'exists'> => {
      // create-only where the store supports it (AWS S3, MinIO); HEAD first covers the rest
      const r = await store.putBytes(k, body, { contentType: MANIFEST_TYPE, metadata: meta, ifNoneMatch: true, signal: pass.signal });
      if (!r.written) return 'exists';
      if (!r.verified) await store.verifyUploaded(k, sha, body.byteLength, pass.signal);
      core.deps.audit?.append({
        actor: 'sync',
        action: 'sync.push',
        entity_type: 'job',
        entity_id: job.id,
        payload: { store: sid, key: k, content_sha256: content, anchor: manifest.audit ?? null },
      });
      // our own job is in the team library at once (and the next listing need not fetch it back)
      core.library.upsert(sid, k, variant, { etag: r.etag, size: body.byteLength, lastModified: null }, manifest, sha);
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
        core.outbox.setJobState(job.id, 'synced', { content_sha256: content, manifest_key: key, store: sid, error: null });
        core.emitJob(job.id);
        return { outcome: 'uploaded', bytes: body.byteLength };
      }
      there = await remoteContent(key);
    }
    if (there === content) {
      core.outbox.setJobState(job.id, 'synced', { content_sha256: content, manifest_key: key, store: sid, error: null });
      core.emitJob(job.id);
      return { outcome: 'skipped', bytes: 0 };
    }
    // Same id, other content: keep both. Ours goes beside theirs; theirs is never touched.
    const variant = content.slice(0, 12);
    const side = manifestKey(config.prefix, job.id, variant);
    let bytes = 0;
    if ((await remoteContent(side)) !== content && (await write(side, variant)) === 'written') bytes = body.byteLength;
    core.library.addConflict(sid, {
      job_id: job.id,
      direction: 'push',
      local_content_sha256: content,
      remote_key: key,
      remote_content_sha256: there ?? null,
      kept_as: side,
    });
    const warning = toErrorPayload(new TezgahError('SYNC_CONFLICT', { job_id: job.id, remote_key: key, kept_as: side }), core.lang);
    core.outbox.setJobState(job.id, 'conflict', { content_sha256: content, manifest_key: side, store: sid, error: warning });
    core.emitJob(job.id);
    pass.report.conflicts++;
    pass.report.errors.push(warning);
    core.log('warn', 'sync conflict: kept side by side', { job_id: job.id, remote_key: key, kept_as: side });
    if (bytes) pass.report.uploaded++;
    return { outcome: 'conflict', bytes };
  }
}
