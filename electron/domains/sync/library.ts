// The team library: job manifests seen in the team store, kept in SQLite so the Team page can be
// browsed and searched offline, paged newest first. Also the record of conflicts (the same job id
// with different content), which are kept side by side and flagged, never resolved by overwriting.
import type { RemoteJob } from '../../../shared/api/index.js';
import type { ErrorPayload } from '../../../shared/errors.js';
import type { Database } from '../../platform/db.js';
import { preparedOnce } from './sql.js';
import { foldForSearch, searchText, type JobManifest } from './manifest.js';

/** A job in the team library: what the API lists (shared/api.ts), plus where it is and its content hash. */
export interface RemoteJobSummary extends RemoteJob {
  key: string;
  content_sha256: string;
}

export interface RemotePage {
  items: RemoteJobSummary[];
  next_cursor: string | null;
  total: number;
}

export interface ConflictRecord {
  job_id: string;
  direction: 'push' | 'pull';
  remote_key: string;
  kept_as: string;
  local_content_sha256: string | null;
  remote_content_sha256: string | null;
  detected_at: string;
}

interface Row {
  key: string;
  job_id: string;
  variant: string;
  manifest: string;
  content_sha256: string;
  created_at: string;
}

const now = () => new Date().toISOString();

export class TeamLibrary {
  private readonly sql: ReturnType<typeof preparedOnce>;

  constructor(private readonly db: Database) {
    this.sql = preparedOnce(db);
  }

  /** key → etag of every manifest already read (so a listing only fetches what is new or changed). */
  known(store: string): Map<string, string | null> {
    const rows = this.sql('SELECT key, etag FROM sync_remote_manifests WHERE store = ? AND manifest IS NOT NULL').all(store) as {
      key: string;
      etag: string | null;
    }[];
    return new Map(rows.map((r) => [r.key, r.etag]));
  }

  upsert(
    store: string,
    key: string,
    variant: string,
    listed: { etag: string | null; size: number; lastModified: string | null },
    m: JobManifest,
    manifestSha: string,
  ): void {
    this.sql(
      `INSERT INTO sync_remote_manifests (store, key, job_id, variant, etag, size, last_modified, manifest_sha256, content_sha256, manifest, seat_id, user_name, created_at, search_text, present, error, fetched_at)
       VALUES (@store, @key, @job_id, @variant, @etag, @size, @last_modified, @manifest_sha256, @content_sha256, @manifest, @seat_id, @user_name, @created_at, @search_text, 1, NULL, @fetched_at)
       ON CONFLICT (store, key) DO UPDATE SET job_id = excluded.job_id, variant = excluded.variant, etag = excluded.etag, size = excluded.size,
         last_modified = excluded.last_modified, manifest_sha256 = excluded.manifest_sha256, content_sha256 = excluded.content_sha256,
         manifest = excluded.manifest, seat_id = excluded.seat_id, user_name = excluded.user_name, created_at = excluded.created_at,
         search_text = excluded.search_text, present = 1, error = NULL, fetched_at = excluded.fetched_at`,
    ).run({
      store,
      key,
      job_id: m.job.id,
      variant,
      etag: listed.etag,
      size: listed.size,
      last_modified: listed.lastModified,
      manifest_sha256: manifestSha,
      content_sha256: m.content_sha256,
      manifest: JSON.stringify(m),
      seat_id: m.seat_id,
      user_name: m.user,
      created_at: m.job.created_at,
      search_text: searchText(m),
      fetched_at: now(),
    });
  }

  /** A manifest that could not be read (damaged, not a manifest): remembered with the reason, not listed. */
  recordBroken(
    store: string,
    key: string,
    jobId: string,
    variant: string,
    listed: { etag: string | null; size: number; lastModified: string | null },
    error: ErrorPayload,
  ): void {
    this.sql(
      `INSERT INTO sync_remote_manifests (store, key, job_id, variant, etag, size, last_modified, manifest, present, error, fetched_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 1, ?, ?)
       ON CONFLICT (store, key) DO UPDATE SET etag = excluded.etag, size = excluded.size, present = 1, error = excluded.error, fetched_at = excluded.fetched_at`,
    ).run(store, key, jobId, variant, listed.etag, listed.size, listed.lastModified, JSON.stringify(error), now());
  }

  /** Marks manifests the store no longer lists; they stay in the library (and pulled jobs stay local). */
  markPresent(store: string, present: Set<string>): void {
    const rows = this.sql('SELECT key FROM sync_remote_manifests WHERE store = ?').all(store) as { key: string }[];
    const set = this.sql('UPDATE sync_remote_manifests SET present = ? WHERE store = ? AND key = ?');
    this.db.transaction(() => {
      for (const r of rows) set.run(present.has(r.key) ? 1 : 0, store, r.key);
    })();
  }

  get(store: string, key: string): { manifest: JobManifest; variant: string } | undefined {
    const r = this.sql('SELECT manifest, variant FROM sync_remote_manifests WHERE store = ? AND key = ? AND manifest IS NOT NULL').get(
      store,
      key,
    ) as { manifest: string; variant: string } | undefined;
    return r && { manifest: JSON.parse(r.manifest) as JobManifest, variant: r.variant };
  }

  /** Every readable version of a job id in the store, the primary (no variant) first. */
  versions(store: string, jobId: string): { key: string; variant: string; manifest: JobManifest }[] {
    const rows = this.sql(
      `SELECT key, variant, manifest FROM sync_remote_manifests WHERE store = ? AND job_id = ? AND manifest IS NOT NULL ORDER BY variant <> '', key`,
    ).all(store, jobId) as { key: string; variant: string; manifest: string }[];
    return rows.map((r) => ({ key: r.key, variant: r.variant, manifest: JSON.parse(r.manifest) as JobManifest }));
  }

  /** The audit anchors of every manifest a seat wrote to the store (as last read from it). */
  anchorsOf(store: string, seatId: string): { key: string; entry: number; head: string }[] {
    const rows = this.sql(
      `SELECT key, manifest FROM sync_remote_manifests WHERE store = ? AND seat_id = ? AND manifest IS NOT NULL AND present = 1 ORDER BY key`,
    ).all(store, seatId) as { key: string; manifest: string }[];
    return rows.flatMap((r) => {
      const a = (JSON.parse(r.manifest) as JobManifest).audit;
      return a ? [{ key: r.key, entry: a.entry, head: a.head }] : [];
    });
  }

  count(store: string): number {
    return (
      this.sql('SELECT count(*) AS n FROM sync_remote_manifests WHERE store = ? AND manifest IS NOT NULL AND present = 1').get(store) as {
        n: number;
      }
    ).n;
  }

  /** Newest first, `limit` at a time; every word of `search` must match (id, template, params, user, seat, file names). */
  list(store: string, opts: { search?: string; cursor?: string | null; limit?: number } = {}): RemotePage {
    const limit = Math.min(Math.max(opts.limit ?? 50, 1), 500);
    const where = ['store = ?', 'manifest IS NOT NULL', 'present = 1'];
    const args: unknown[] = [store];
    for (const word of foldForSearch(opts.search ?? '')
      .split(/\s+/)
      .filter(Boolean)) {
      where.push('instr(search_text, ?) > 0');
      args.push(word);
    }
    const total = (this.sql(`SELECT count(*) AS n FROM sync_remote_manifests WHERE ${where.join(' AND ')}`).get(...args) as { n: number })
      .n;
    const after = decodeCursor(opts.cursor);
    if (after) {
      where.push('(created_at < ? OR (created_at = ? AND key < ?))');
      args.push(after[0], after[0], after[1]);
    }
    const rows = this.sql(
      `SELECT key, job_id, variant, manifest, content_sha256, created_at FROM sync_remote_manifests WHERE ${where.join(' AND ')} ORDER BY created_at DESC, key DESC LIMIT ?`,
    ).all(...args, limit + 1) as Row[];
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const items = page.map((r) => this.summary(store, r));
    const last = page.at(-1);
    return { items, next_cursor: more && last ? encodeCursor([last.created_at, last.key]) : null, total };
  }

  private summary(store: string, r: Row): RemoteJobSummary {
    const m = JSON.parse(r.manifest) as JobManifest;
    const spec = m.job.spec as Record<string, unknown>;
    const versions = (
      this.sql('SELECT count(*) AS n FROM sync_remote_manifests WHERE store = ? AND job_id = ? AND present = 1').get(store, r.job_id) as {
        n: number;
      }
    ).n;
    return {
      job_id: r.job_id,
      pull_id: r.variant ? `${r.job_id}~${r.variant.slice(0, 12)}` : r.job_id,
      key: r.key,
      variant: r.variant,
      type: m.job.type,
      template: typeof spec.template === 'string' ? spec.template : null,
      params: (spec.params as Record<string, unknown> | undefined) ?? {},
      status: m.job.status,
      user: m.user,
      seat_id: m.seat_id,
      created_at: m.job.created_at,
      app_version: m.app_version,
      freecad_version: m.freecad_version,
      artefacts: m.artefacts.map((a) => ({ kind: a.kind, name: a.name, size: a.size, sha256: a.sha256 })),
      bytes: m.artefacts.reduce((s, a) => s + a.size, 0),
      content_sha256: r.content_sha256,
      conflict: versions > 1,
      local_job_id: this.localCopy(r.job_id, r.content_sha256),
    };
  }

  /** The local job with this id and content: made here and pushed, or pulled before. */
  localCopy(jobId: string, contentSha: string): string | null {
    const r = this.sql(`SELECT job_id FROM sync_jobs WHERE (job_id = ? OR job_id = ?) AND content_sha256 = ? LIMIT 1`).get(
      jobId,
      `${jobId}~${contentSha.slice(0, 12)}`,
      contentSha,
    ) as { job_id: string } | undefined;
    return r?.job_id ?? null;
  }

  addConflict(store: string, c: Omit<ConflictRecord, 'detected_at'>): void {
    this.sql(
      `INSERT OR IGNORE INTO sync_conflicts (store, job_id, direction, local_content_sha256, remote_key, remote_content_sha256, kept_as, detected_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(store, c.job_id, c.direction, c.local_content_sha256, c.remote_key, c.remote_content_sha256, c.kept_as, now());
  }

  conflicts(jobId?: string): ConflictRecord[] {
    const sql = `SELECT job_id, direction, remote_key, kept_as, local_content_sha256, remote_content_sha256, detected_at FROM sync_conflicts ${jobId ? 'WHERE job_id = ? OR kept_as = ?' : ''} ORDER BY id`;
    return (jobId ? this.sql(sql).all(jobId, jobId) : this.sql(sql).all()) as ConflictRecord[];
  }
}

function encodeCursor(v: [string, string]): string {
  return Buffer.from(JSON.stringify(v)).toString('base64url');
}

function decodeCursor(c: string | null | undefined): [string, string] | null {
  if (!c) return null;
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    /* a bad cursor starts from the top */
  }
  return null;
}
