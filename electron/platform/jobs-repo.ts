// The durable job queue and history: one row per job, JSON columns parsed on the way out.
import type { ErrorPayload } from '../../shared/errors.js';
import { TezgahError } from '../../shared/errors.js';
import { JobStatus as JobStatusSchema, JobType as JobTypeSchema } from '../../shared/jobs.js';
import type { JobDocument, JobRecord, JobSpec, JobStatus, JobType, Metrics } from '../../shared/jobs.js';
import type { StepName } from '../../shared/steps.js';
import { guarded, type Database } from './db.js';

type Optional = 'progress' | 'current_step' | 'metrics' | 'error' | 'started_at' | 'finished_at';
/** A job as the manager inserts it (its type and spec checked together there, by JobSpec). */
export type NewJob = Omit<JobRecord, Optional> & Partial<Pick<JobRecord, Optional>>;

export type JobPatch = Partial<
  Pick<JobRecord, 'status' | 'progress' | 'current_step' | 'document' | 'metrics' | 'error' | 'started_at' | 'finished_at' | 'cached'>
>;

export interface JobListFilter {
  status?: JobStatus[];
  type?: JobType[];
  /** matched against the job id, the template name and the spec text (case-insensitive for ASCII) */
  search?: string;
  /** default 100 */
  limit?: number;
  offset?: number;
}

interface JobRow {
  id: string;
  type: string;
  status: string;
  spec: string;
  spec_hash: string;
  idempotency_key: string | null;
  cached: number;
  progress: number;
  current_step: string | null;
  document: string;
  metrics: string | null;
  error: string | null;
  retry_of: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

const COLUMNS =
  'id, type, status, spec, spec_hash, idempotency_key, cached, progress, current_step, document, metrics, error, retry_of, created_at, started_at, finished_at';
const PATCHABLE = new Set<string>([
  'status',
  'progress',
  'current_step',
  'document',
  'metrics',
  'error',
  'started_at',
  'finished_at',
  'cached',
]);
// Newest first; rowid breaks ties between jobs created in the same millisecond.
const ORDER = 'ORDER BY created_at DESC, rowid DESC';

export class JobRepo {
  constructor(private readonly db: Database) {}

  /** Throws IDEMPOTENCY_CONFLICT when another job already holds the idempotency key. */
  insert(job: NewJob): void {
    JobTypeSchema.parse(job.type);
    JobStatusSchema.parse(job.status);
    const row = {
      id: job.id,
      type: job.type,
      status: job.status,
      spec: JSON.stringify(job.spec),
      spec_hash: job.spec_hash,
      idempotency_key: job.idempotency_key,
      cached: job.cached ? 1 : 0,
      progress: job.progress ?? 0,
      current_step: job.current_step ?? null,
      document: JSON.stringify(job.document),
      metrics: json(job.metrics),
      error: json(job.error),
      retry_of: job.retry_of,
      created_at: job.created_at,
      started_at: job.started_at ?? null,
      finished_at: job.finished_at ?? null,
    };
    const insert = this.db.prepare(
      `INSERT INTO jobs (${COLUMNS}) VALUES (${COLUMNS.split(', ')
        .map((c) => `@${c}`)
        .join(', ')})`,
    );
    try {
      guarded(this.db, () => insert.run(row));
    } catch (err) {
      if (isUniqueViolation(err, 'jobs.idempotency_key') && job.idempotency_key) {
        const existing = this.findByIdempotencyKey(job.idempotency_key);
        throw new TezgahError('IDEMPOTENCY_CONFLICT', { idempotency_key: job.idempotency_key, existing_job_id: existing?.id }, err);
      }
      throw err;
    }
  }

  get(id: string): JobRecord | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM jobs WHERE id = ?`).get(id) as JobRow | undefined;
    return row && toRecord(row);
  }

  /** Throws NOT_FOUND when no job has this id. */
  update(id: string, patch: JobPatch): void {
    const sets: string[] = [];
    const values: Record<string, unknown> = { id };
    for (const [key, value] of Object.entries(patch) as [keyof JobPatch, unknown][]) {
      if (value === undefined) continue;
      // column names are interpolated: only the patchable ones get through
      if (!PATCHABLE.has(key)) throw new TypeError(`JobRepo.update: '${String(key)}' cannot be patched`);
      sets.push(`${key} = @${key}`);
      values[key] = toColumn(key, value);
    }
    if (patch.status !== undefined) JobStatusSchema.parse(patch.status);
    const sql = sets.length ? `UPDATE jobs SET ${sets.join(', ')} WHERE id = @id` : 'SELECT 1 FROM jobs WHERE id = @id';
    const changed = guarded(this.db, () =>
      sets.length ? this.db.prepare(sql).run(values).changes : this.db.prepare(sql).all(values).length,
    );
    if (changed === 0) throw new TezgahError('NOT_FOUND', { entity: 'job', id });
  }

  list(filter: JobListFilter = {}): JobRecord[] {
    const where: string[] = [];
    const values: unknown[] = [];
    if (filter.status?.length) {
      where.push(`status IN (${filter.status.map(() => '?').join(', ')})`);
      values.push(...filter.status);
    }
    if (filter.type?.length) {
      where.push(`type IN (${filter.type.map(() => '?').join(', ')})`);
      values.push(...filter.type);
    }
    const search = filter.search?.trim();
    if (search) {
      const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(`(id LIKE ? ESCAPE '\\' OR json_extract(spec, '$.template') LIKE ? ESCAPE '\\' OR spec LIKE ? ESCAPE '\\')`);
      values.push(like, like, like);
    }
    const sql = `SELECT ${COLUMNS} FROM jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ${ORDER} LIMIT ? OFFSET ?`;
    values.push(filter.limit ?? 100, filter.offset ?? 0);
    return (this.db.prepare(sql).all(...values) as JobRow[]).map(toRecord);
  }

  findByIdempotencyKey(key: string): JobRecord | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM jobs WHERE idempotency_key = ?`).get(key) as JobRow | undefined;
    return row && toRecord(row);
  }

  /** The newest succeeded job with this spec hash: the cache hit for a new submission. */
  findSucceededBySpecHash(hash: string): JobRecord | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM jobs WHERE spec_hash = ? AND status = 'succeeded' ${ORDER} LIMIT 1`).get(hash) as
      | JobRow
      | undefined;
    return row && toRecord(row);
  }

  /** Up to `limit` queued jobs of these types, oldest first (the order the queue serves them in). */
  queuedIds(types: readonly string[], limit: number): string[] {
    const rows = this.db
      .prepare(
        `SELECT id FROM jobs WHERE status = 'queued' AND type IN (${types.map(() => '?').join(',')}) ORDER BY created_at, rowid LIMIT ?`,
      )
      .all(...types, limit) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /**
   * Claims a queued job: running since `startedAt`, with `document` (which names the owner). False
   * when it is no longer queued (another process sharing the data dir claimed or cancelled it first).
   */
  claimQueued(id: string, startedAt: string, document: JobDocument): boolean {
    const r = guarded(this.db, () =>
      this.db
        .prepare(`UPDATE jobs SET status = 'running', started_at = ?, document = ? WHERE id = ? AND status = 'queued'`)
        .run(startedAt, JSON.stringify(document), id),
    );
    return r.changes === 1;
  }

  /** Cancels a job that is still queued; false when it has left the queue meanwhile. */
  cancelQueued(id: string, finishedAt: string, error: ErrorPayload): boolean {
    const r = guarded(this.db, () =>
      this.db
        .prepare(`UPDATE jobs SET status = 'cancelled', finished_at = ?, error = ? WHERE id = ? AND status = 'queued'`)
        .run(finishedAt, JSON.stringify(error), id),
    );
    return r.changes === 1;
  }

  /** Every job in these states, oldest first (the order a queue resumes in). */
  withStatus(statuses: JobStatus[]): JobRecord[] {
    if (!statuses.length) return [];
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM jobs WHERE status IN (${statuses.map(() => '?').join(', ')}) ORDER BY created_at ASC, rowid ASC`)
      .all(...statuses) as JobRow[];
    return rows.map(toRecord);
  }
}

function json(v: unknown): string | null {
  return v === null || v === undefined ? null : JSON.stringify(v);
}

function toColumn(key: keyof JobPatch, value: unknown): unknown {
  switch (key) {
    case 'cached':
      return value ? 1 : 0;
    case 'document':
      return JSON.stringify(value);
    case 'metrics':
    case 'error':
      return json(value);
    default:
      return value;
  }
}

function toRecord(r: JobRow): JobRecord {
  // one row, one job: the manager wrote its type with its spec, and its result after checking it
  // against JOB_RESULTS[type], so the columns agree on the job's type
  return {
    id: r.id,
    type: r.type as JobType,
    status: r.status as JobStatus,
    spec: JSON.parse(r.spec) as JobSpec,
    spec_hash: r.spec_hash,
    idempotency_key: r.idempotency_key,
    cached: r.cached === 1,
    progress: r.progress,
    current_step: r.current_step as StepName | null,
    document: JSON.parse(r.document) as JobDocument,
    metrics: r.metrics === null ? null : (JSON.parse(r.metrics) as Metrics),
    error: r.error === null ? null : (JSON.parse(r.error) as ErrorPayload),
    retry_of: r.retry_of,
    created_at: r.created_at,
    started_at: r.started_at,
    finished_at: r.finished_at,
  } as JobRecord;
}

function isUniqueViolation(err: unknown, column: string): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof e.message === 'string' && e.message.includes(column);
}
