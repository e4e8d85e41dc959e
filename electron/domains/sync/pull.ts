// Pull: the store's job manifests are listed into the team library (browsable offline); a job's
// files come down on demand, verified by sha256, into the local store, and the pulled job records
// where it came from. Nothing local is deleted because the remote lacks it.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { toErrorPayload, TezgahError } from '../../../shared/errors.js';
import type { JobRecord } from '../../../shared/jobs.js';
import { artefactKey, DEFAULTS, describeStore, jobsPrefix, manifestKey, parseManifestKey, storeId } from './config.js';
import type { SyncCore } from './core.js';
import { SyncFailure } from './errors.js';
import { contentHash, JOB_ID, parseManifest, sha256Hex, validateManifest, type JobManifest } from './manifest.js';
import { pool } from './pool.js';
import type { TeamStore } from './team-store.js';
import type { Pass, PullResult } from './types.js';

export class Puller {
  constructor(private readonly core: SyncCore) {}

  /** Re-reads the store's list of job manifests into the team library; fetches only new or changed ones. */
  async refreshRemote(pass: Pass): Promise<void> {
    const core = this.core;
    const config = core.requireConfig();
    const store = core.requireStore();
    const sid = storeId(config);
    const known = core.library.known(sid);
    const present = new Set<string>();
    const fetch: {
      key: string;
      jobId: string;
      variant: string;
      listed: { etag: string | null; size: number; lastModified: string | null };
    }[] = [];
    let token: string | undefined;
    do {
      const page = await store.listPage(jobsPrefix(config.prefix), token, core.deps.listPageSize ?? 1000, pass.signal);
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
        core.library.upsert(sid, f.key, f.variant, f.listed, m, sha256Hex(got.bytes));
      } catch (e) {
        const payload = toErrorPayload(e, core.lang);
        core.library.recordBroken(sid, f.key, f.jobId, f.variant, f.listed, payload);
        pass.report.errors.push(payload);
        core.log('warn', 'unreadable manifest in the team store', { key: f.key, code: payload.code, reason: payload.details?.reason });
      }
    });
    core.library.markPresent(sid, present);
    core.lastRefresh = Date.now();
  }

  /** Pulls one job's files into the local store ('id', or 'id~variant' for a side-by-side version). */
  async pullJob(requested: string): Promise<PullResult> {
    const core = this.core;
    const { deps, library, outbox } = core;
    const config = core.requireConfig();
    const store = core.requireStore();
    const sid = storeId(config);
    if (!JOB_ID.test(requested)) throw new TezgahError('VALIDATION_ERROR', { field: 'job id', detail: `'${requested}' is not a job id` });
    const [baseId, wanted] = requested.split('~') as [string, string | undefined];
    const jobs = deps.jobs;
    if (!jobs?.adoptFinished) throw new TezgahError('INVALID_STATE', { reason: 'pulling a job needs the job manager' });
    const adopt = jobs.adoptFinished.bind(jobs);

    // the manifest: from the library, else straight from the store
    let versions = library.versions(sid, baseId);
    if (!versions.length || (wanted && !versions.some((v) => v.variant.startsWith(wanted)))) {
      const key = manifestKey(config.prefix, baseId, wanted);
      const got = await store.getBytes(key, undefined, core.abort.signal);
      if (got) {
        const m = parseManifest(got.bytes, key, got.sha256 ?? undefined);
        library.upsert(sid, key, wanted ?? '', { etag: null, size: got.bytes.byteLength, lastModified: null }, m, sha256Hex(got.bytes));
        versions = library.versions(sid, baseId);
      }
    }
    const version = wanted ? versions.find((v) => v.variant.startsWith(wanted)) : (versions.find((v) => v.variant === '') ?? versions[0]);
    if (!version) throw new TezgahError('NOT_FOUND', { entity: 'remote job', id: requested });
    // read back from the library: held to the schema again (a row may predate this version's checks)
    const m = validateManifest(version.manifest, version.key, { checkHash: false });
    const origin = {
      store: describeStore(config),
      key: version.key,
      seat_id: m.seat_id,
      user: m.user,
      app_version: m.app_version,
      freecad_version: m.freecad_version,
    };

    // the same content already here (made here, or pulled before)?
    const here = library.localCopy(baseId, m.content_sha256) ?? this.sameLocalJob(baseId, m);
    if (here) {
      const bytes = await this.fetchMissing(m, store);
      return {
        job: deps.jobsRepo.get(here)!,
        artefacts: deps.artefactRepo.listForJob(here),
        pulled: bytes > 0,
        conflict: here !== baseId,
        origin,
        bytes_downloaded: bytes,
      };
    }
    // another job holds this id here: the pulled one is kept beside it, under id~hash
    const taken = Boolean(deps.jobsRepo.get(baseId));
    const localId = taken || version.variant ? `${baseId}~${m.content_sha256.slice(0, 12)}` : baseId;
    const bytes = await this.fetchMissing(m, store);

    const pulledAt = new Date().toISOString();
    const document = { ...m.job.document, pulled_from: { ...origin, pulled_at: pulledAt } } as unknown as JobRecord['document'];
    const conflict = localId !== baseId && taken;
    // through the job manager: a finished, read-only record (never queued, never run here)
    adopt(
      {
        id: localId,
        type: m.job.type,
        status: m.job.status,
        spec: m.job.spec,
        spec_hash: m.job.spec_hash,
        cached: m.job.cached,
        document,
        metrics: m.metrics,
        created_at: m.job.created_at,
        started_at: m.job.started_at,
        finished_at: m.job.finished_at,
      },
      {
        artefacts: m.artefacts.map((a) => ({ kind: a.kind, name: a.name, sha256: a.sha256, size: a.size, mime: a.mime, meta: a.meta })),
        origin: {
          store: origin.store,
          key: origin.key,
          seat_id: origin.seat_id,
          user: origin.user,
          content_sha256: m.content_sha256,
          // the other seat's chain head when it pushed: a later audit of that seat can be held to it
          ...(m.audit ? { audit: m.audit } : {}),
        },
        within: (rows) => {
          for (const row of rows) deps.artefactRepo.setRemoteKey(row.id, artefactKey(config.prefix, row.sha256));
          outbox.recordPulled(localId, {
            content_sha256: m.content_sha256,
            manifest_key: version.key,
            store: sid,
            seat_id: m.seat_id,
            user: m.user,
            app_version: m.app_version,
            state: conflict ? 'conflict' : 'pulled',
          });
          if (conflict) {
            const local = outbox.jobState(baseId);
            library.addConflict(sid, {
              job_id: baseId,
              direction: 'pull',
              local_content_sha256: local.content_sha256,
              remote_key: version.key,
              remote_content_sha256: m.content_sha256,
              kept_as: localId,
            });
          }
        },
      },
    );
    core.log('info', 'job pulled', { job_id: localId, from_seat: m.seat_id, bytes });
    core.emitJob(localId);
    return {
      job: deps.jobsRepo.get(localId)!,
      artefacts: deps.artefactRepo.listForJob(localId),
      pulled: true,
      conflict,
      origin,
      bytes_downloaded: bytes,
    };
  }

  /** A local job with this id whose content equals the manifest's (made here, never recorded as synced). */
  private sameLocalJob(id: string, m: JobManifest): string | null {
    const { deps } = this.core;
    const job = deps.jobsRepo.get(id);
    if (!job) return null;
    const mine = contentHash({
      job: { id: job.id, type: job.type, spec: job.spec, spec_hash: job.spec_hash },
      metrics: job.metrics,
      artefacts: deps.artefactRepo.listForJob(id).map((a) => ({ ...a, key: '' })),
    });
    return mine === m.content_sha256 ? id : null;
  }

  /** Downloads the manifest's files the local store lacks, each verified; returns the bytes fetched. */
  private async fetchMissing(m: JobManifest, store: TeamStore): Promise<number> {
    const core = this.core;
    const config = core.config!;
    const missing = [...new Map(m.artefacts.filter((a) => !core.deps.artefacts.has(a.sha256)).map((a) => [a.sha256, a])).values()];
    if (!missing.length) return 0;
    mkdirSync(core.tmpDir, { recursive: true });
    let bytes = 0;
    await pool(missing, config.concurrency ?? DEFAULTS.concurrency, async (a) => {
      const tmp = join(core.tmpDir, `${process.pid}-${randomUUID()}`);
      try {
        bytes += await store.getToFile(artefactKey(config.prefix, a.sha256), tmp, { sha256: a.sha256, size: a.size }, core.abort.signal);
        const stored = await core.deps.artefacts.put(tmp);
        if (stored.sha256 !== a.sha256)
          throw new SyncFailure(
            'SYNC_INTEGRITY',
            { sha256: a.sha256, actual: stored.sha256, reason: 'changed on the way into the local store' },
            false,
          );
      } finally {
        await rm(tmp, { force: true });
      }
    });
    return bytes;
  }
}
