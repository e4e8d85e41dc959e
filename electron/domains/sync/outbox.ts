// The outbox (SQLite, migration 3): every finished job puts its artefacts and its manifest here;
// the sync worker takes items out, uploads them and marks them done. Items are claimed by one
// process at a time (host:pid), so the app and a CLI sharing a data dir never send the same
// thing twice; a claim held by a process that died is taken over.
import { hostname } from 'node:os';
import type { ErrorPayload } from '../../../shared/errors.js';
import type { ArtefactInfo } from '../../../shared/jobs.js';
import type { Database } from '../../platform/db.js';
import { preparedOnce } from './sql.js';

export type ItemKind = 'artefact' | 'manifest';
export type Outcome = 'uploaded' | 'skipped' | 'conflict';

export interface OutboxItem {
  id: number;
  job_id: string;
  kind: ItemKind;
  sha256: string;
  size: number;
  mime: string | null;
  attempts: number;
}

export type JobSyncState = 'local_only' | 'pending' | 'synced' | 'conflict' | 'failed' | 'pulled';

export interface JobSyncInfo {
  job_id: string;
  origin: 'local' | 'remote';
  state: JobSyncState;
  manifest_key: string | null;
  content_sha256: string | null;
  /** pulled jobs: where they came from */
  source: { seat_id: string | null; user: string | null; app_version: string | null; pulled_at: string | null } | null;
  error: ErrorPayload | null;
  updated_at: string | null;
}

export interface OutboxCounts {
  pending: number;
  failed: number;
  done: number;
  bytes_pending: number;
  jobs_pending: number;
}

const now = () => new Date().toISOString();
const MANIFEST_READY = `AND NOT EXISTS (SELECT 1 FROM sync_outbox a WHERE a.job_id = o.job_id AND a.kind = 'artefact' AND a.state <> 'done')`;

export class Outbox {
  readonly owner: string;

  private readonly sql: ReturnType<typeof preparedOnce>;

  constructor(
    private readonly db: Database,
    owner?: string,
  ) {
    this.owner = owner ?? `${hostname()}:${process.pid}`;
    this.sql = preparedOnce(db);
  }

  /** Queues a finished job: its artefacts, then its manifest. Returns how many items were new. */
  enqueueJob(jobId: string, artefacts: ArtefactInfo[]): number {
    return this.db.transaction(() => {
      const row = this.sql('SELECT origin FROM sync_jobs WHERE job_id = ?').get(jobId) as { origin: string } | undefined;
      // a pulled job is the team's already; it does not go back up
      if (row?.origin === 'remote') return 0;
      const t = now();
      const insert = this.sql(`INSERT OR IGNORE INTO sync_outbox (job_id, kind, sha256, size, mime, created_at) VALUES (?, ?, ?, ?, ?, ?)`);
      let added = 0;
      for (const a of artefacts) added += insert.run(jobId, 'artefact', a.sha256, a.size, a.mime, t).changes;
      added += insert.run(jobId, 'manifest', '', 0, 'application/json', t).changes;
      if (!row) {
        this.sql(`INSERT INTO sync_jobs (job_id, origin, state, updated_at) VALUES (?, 'local', 'pending', ?)`).run(jobId, t);
      }
      return added;
    })();
  }

  /** Succeeded local jobs the outbox has never seen (finished while sync was not running). */
  unsyncedJobIds(): string[] {
    return (
      this.sql(
        `SELECT id FROM jobs WHERE status = 'succeeded' AND id NOT IN (SELECT job_id FROM sync_jobs) ORDER BY created_at, rowid`,
      ).all() as { id: string }[]
    ).map((r) => r.id);
  }

  /** Everything this seat made goes up again (a new bucket); what the store has is skipped by HEAD. */
  requeueAll(): number {
    return this.db.transaction(() => {
      const n = this.sql(
        `UPDATE sync_outbox SET state = 'pending', outcome = NULL, attempts = 0, next_attempt_at = NULL, error = NULL, done_at = NULL`,
      ).run().changes;
      this.sql(`UPDATE sync_jobs SET state = 'pending', error = NULL, updated_at = ? WHERE origin = 'local' AND state <> 'conflict'`).run(
        now(),
      );
      return n;
    })();
  }

  /** A manual sync tries failed items again. */
  retryFailed(): number {
    return this.sql(`UPDATE sync_outbox SET state = 'pending', attempts = 0, next_attempt_at = NULL WHERE state = 'failed'`).run().changes;
  }

  /** Up to `limit` items ready to go; a manifest only once all its job's artefacts are done. */
  claim(kind: ItemKind, limit: number, ignoreBackoff = false): OutboxItem[] {
    const ready = kind === 'manifest' ? MANIFEST_READY : '';
    // items in flight here are skipped in SQL; claims of other processes are looked at below
    const rows = this.sql(
      `SELECT id, job_id, kind, sha256, size, mime, attempts, claimed_by FROM sync_outbox o
       WHERE kind = ? AND state = 'pending' AND (claimed_by IS NULL OR claimed_by <> ?)
         ${ignoreBackoff ? '' : 'AND (next_attempt_at IS NULL OR next_attempt_at <= ?)'} ${ready}
       ORDER BY id LIMIT ?`,
    ).all(...(ignoreBackoff ? [kind, this.owner, limit * 4 + 16] : [kind, this.owner, now(), limit * 4 + 16])) as (OutboxItem & {
      claimed_by: string | null;
    })[];
    const take = this.sql(`UPDATE sync_outbox SET claimed_by = ? WHERE id = ? AND state = 'pending' AND claimed_by IS ?`);
    const out: OutboxItem[] = [];
    for (const r of rows) {
      if (out.length >= limit) break;
      // in flight in another live process; a dead process's claim is taken over
      if (r.claimed_by && ownerAlive(r.claimed_by)) continue;
      if (take.run(this.owner, r.id, r.claimed_by).changes === 1) {
        const { claimed_by: _c, ...item } = r;
        out.push(item);
      }
    }
    return out;
  }

  complete(id: number, outcome: Outcome): void {
    this.sql(
      `UPDATE sync_outbox SET state = 'done', outcome = ?, claimed_by = NULL, error = NULL, next_attempt_at = NULL, done_at = ? WHERE id = ?`,
    ).run(outcome, now(), id);
  }

  /** Gives an item back: to try again after `retryAt`, or failed for good (it stays listed, never dropped). */
  release(id: number, error: ErrorPayload, retryAt: Date | null): void {
    this.sql(
      `UPDATE sync_outbox SET state = ?, attempts = attempts + 1, next_attempt_at = ?, claimed_by = NULL, error = ? WHERE id = ?`,
    ).run(retryAt ? 'pending' : 'failed', retryAt?.toISOString() ?? null, JSON.stringify(error), id);
  }

  /** Lets go of everything this process claimed (shutdown, or a pass stopped because the store went away). */
  releaseAll(): void {
    this.sql(`UPDATE sync_outbox SET claimed_by = NULL WHERE claimed_by = ?`).run(this.owner);
  }

  counts(): OutboxCounts {
    const r = this.sql(
      `SELECT
         coalesce(sum(state = 'pending'), 0) AS pending,
         coalesce(sum(state = 'failed'), 0) AS failed,
         coalesce(sum(state = 'done'), 0) AS done,
         coalesce(sum(CASE WHEN state <> 'done' THEN size ELSE 0 END), 0) AS bytes_pending,
         count(DISTINCT CASE WHEN state <> 'done' THEN job_id END) AS jobs_pending
       FROM sync_outbox`,
    ).get() as OutboxCounts;
    return r;
  }

  failedItems(limit = 20): (OutboxItem & { error: ErrorPayload | null })[] {
    return (
      this.sql(
        `SELECT id, job_id, kind, sha256, size, mime, attempts, error FROM sync_outbox WHERE state = 'failed' ORDER BY id LIMIT ?`,
      ).all(limit) as (OutboxItem & {
        error: string | null;
      })[]
    ).map((r) => ({ ...r, error: r.error ? (JSON.parse(r.error) as ErrorPayload) : null }));
  }

  /** Soonest time a pending item waiting out its backoff may go again. */
  nextAttemptAt(): string | null {
    const r = this.sql(
      `SELECT min(next_attempt_at) AS t FROM sync_outbox WHERE state = 'pending' AND next_attempt_at IS NOT NULL`,
    ).get() as { t: string | null };
    return r.t;
  }

  // ---- per-job state ---------------------------------------------------------------------------

  setJobState(
    jobId: string,
    state: JobSyncState,
    patch: { content_sha256?: string; manifest_key?: string; store?: string; error?: ErrorPayload | null } = {},
  ): void {
    this.sql(
      `UPDATE sync_jobs SET state = ?, content_sha256 = coalesce(?, content_sha256), manifest_key = coalesce(?, manifest_key),
         store = coalesce(?, store), error = ?, updated_at = ? WHERE job_id = ?`,
    ).run(
      state,
      patch.content_sha256 ?? null,
      patch.manifest_key ?? null,
      patch.store ?? null,
      patch.error ? JSON.stringify(patch.error) : null,
      now(),
      jobId,
    );
  }

  /** Records a pulled job and where it came from. */
  recordPulled(
    jobId: string,
    p: {
      content_sha256: string;
      manifest_key: string;
      store: string;
      seat_id: string;
      user: string;
      app_version: string;
      state: 'pulled' | 'conflict';
    },
  ): void {
    this.sql(
      `INSERT OR REPLACE INTO sync_jobs (job_id, origin, state, content_sha256, manifest_key, store, source_seat, source_user, source_app_version, pulled_at, updated_at)
       VALUES (?, 'remote', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(jobId, p.state, p.content_sha256, p.manifest_key, p.store, p.seat_id, p.user, p.app_version, now(), now());
  }

  jobState(jobId: string): JobSyncInfo {
    const r = this.sql(`SELECT * FROM sync_jobs WHERE job_id = ?`).get(jobId) as
      | {
          job_id: string;
          origin: 'local' | 'remote';
          state: JobSyncState;
          manifest_key: string | null;
          content_sha256: string | null;
          source_seat: string | null;
          source_user: string | null;
          source_app_version: string | null;
          pulled_at: string | null;
          error: string | null;
          updated_at: string;
        }
      | undefined;
    if (!r)
      return {
        job_id: jobId,
        origin: 'local',
        state: 'local_only',
        manifest_key: null,
        content_sha256: null,
        source: null,
        error: null,
        updated_at: null,
      };
    return {
      job_id: r.job_id,
      origin: r.origin,
      state: r.state,
      manifest_key: r.manifest_key,
      content_sha256: r.content_sha256,
      source:
        r.origin === 'remote'
          ? { seat_id: r.source_seat, user: r.source_user, app_version: r.source_app_version, pulled_at: r.pulled_at }
          : null,
      error: r.error ? (JSON.parse(r.error) as ErrorPayload) : null,
      updated_at: r.updated_at,
    };
  }
}

/** A claim is live while its process runs; on another host we cannot tell, so it counts as live. */
function ownerAlive(owner: string): boolean {
  const i = owner.lastIndexOf(':');
  const host = owner.slice(0, i);
  const pid = Number(owner.slice(i + 1));
  if (host !== hostname() || !Number.isInteger(pid)) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
