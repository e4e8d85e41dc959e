// Batch runs: one template job per CSV row through the job manager, at most `concurrency` rows in
// flight. Every row is checked (csv.ts) before the first job is submitted; bad rows are reported
// with their coded error and the good ones still run. A row is idempotent: its job carries a key
// made from the row's normalised spec, so running the same sheet again finds the finished jobs
// (or the cache does) and reports those rows as skipped. Cancel stops submitting and cancels the
// rows in flight.
import { createHash, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { BatchRowStatus, BatchRowView, BatchStatus } from '../../../shared/api/index.js';
import { canonicalJson } from '../../../shared/canonical.js';
import { TezgahError, toErrorPayload, type ErrorPayload, type Lang } from '../../../shared/errors.js';
import { FINISHED, type JobRecord } from '../../../shared/jobs.js';
import type { JobManager } from '../../jobs/manager.js';
import { planBatch, type BatchPlan, type PlannedRow } from './csv.js';

export const DEFAULT_BATCH_CONCURRENCY = 4;
export const MAX_BATCH_ROWS = 10_000;
const KEEP_FINISHED = 50;

export interface BatchServiceDeps {
  jobs: Pick<JobManager, 'submit' | 'waitFor' | 'cancel' | 'get' | 'artefactsOf' | 'on' | 'off'>;
  lang: () => Lang;
  /** progress events at most this often, ms */
  throttleMs?: number;
}

interface RunningBatch {
  status: BatchStatus;
  plan: BatchPlan;
  cancelled: boolean;
  done: Promise<BatchStatus>;
  inFlight: Set<string>;
}

/** The idempotency key of a row: its template, normalised parameters, material and process. */
export function rowKey(template: string, row: Pick<PlannedRow, 'params' | 'material' | 'process'>): string {
  const hash = createHash('sha256')
    .update(canonicalJson({ template, params: row.params, material: row.material ?? null, process: row.process ?? null }))
    .digest('hex');
  return `batch:${hash.slice(0, 40)}`;
}

export class BatchService extends EventEmitter {
  private readonly batches = new Map<string, RunningBatch>();
  private lastEmit = new Map<string, number>();

  constructor(private readonly d: BatchServiceDeps) {
    super();
  }

  /** Checks a sheet without running anything: each row's parameters in mm, or its coded error. */
  validate(template: string, csv: string): BatchStatus {
    const plan = this.plan(template, csv);
    return this.initialStatus('', plan, 0);
  }

  /** Starts a batch in the background; follow it with get/wait or the 'batch' event. */
  start(input: { template: string; csv: string; concurrency?: number }): BatchStatus {
    const plan = this.plan(input.template, input.csv);
    const id = randomUUID();
    const concurrency = Math.max(1, Math.min(64, input.concurrency ?? DEFAULT_BATCH_CONCURRENCY));
    const status = this.initialStatus(id, plan, concurrency);
    const b: RunningBatch = { status, plan, cancelled: false, inFlight: new Set(), done: Promise.resolve(status) };
    this.batches.set(id, b);
    this.forgetOld();
    b.done = this.run(b);
    return structuredClone(status);
  }

  get(id: string): BatchStatus {
    return structuredClone(this.batch(id).status);
  }

  async wait(id: string): Promise<BatchStatus> {
    return structuredClone(await this.batch(id).done);
  }

  /** Stops submitting rows and cancels the ones in flight; finished rows stay as they are. */
  cancel(id: string): BatchStatus {
    const b = this.batch(id);
    if (b.status.state !== 'running') return structuredClone(b.status);
    b.cancelled = true;
    for (const jobId of b.inFlight) {
      try {
        this.d.jobs.cancel(jobId);
      } catch {
        /* finished meanwhile */
      }
    }
    return structuredClone(b.status);
  }

  /** Finished batches are kept for get/wait/summary; past KEEP_FINISHED the oldest go. */
  private forgetOld(): void {
    const finished = [...this.batches.values()].filter((b) => b.status.state !== 'running');
    for (const b of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.batches.delete(b.status.id);
  }

  private plan(template: string, csv: string): BatchPlan {
    const plan = planBatch(template, csv);
    if (plan.rows.length > MAX_BATCH_ROWS)
      throw new TezgahError('BATCH_CSV_INVALID', { reason: `${plan.rows.length} rows; a batch takes at most ${MAX_BATCH_ROWS}` });
    return plan;
  }

  private batch(id: string): RunningBatch {
    const b = this.batches.get(id);
    if (!b) throw new TezgahError('NOT_FOUND', { id });
    return b;
  }

  private initialStatus(id: string, plan: BatchPlan, concurrency: number): BatchStatus {
    const lang = this.d.lang();
    const rows: BatchRowView[] = plan.rows.map((r) => ({
      row: r.row,
      line: r.line,
      cells: r.cells,
      params: r.params,
      ...(r.material ? { material: r.material } : {}),
      ...(r.process ? { process: r.process } : {}),
      status: r.error ? 'failed' : 'pending',
      job_id: null,
      progress: r.error ? 1 : 0,
      metrics: null,
      artefacts: [],
      error: r.error ? toErrorPayload(new TezgahError(r.error.code, { row: r.row, ...r.error.details }), lang) : null,
      invalid: !!r.error,
    }));
    const status: BatchStatus = {
      id,
      template: plan.template,
      state: 'running',
      concurrency,
      columns: plan.columns.map((c) => ({
        header: c.header,
        kind: c.kind,
        ...(c.kind === 'param' ? { param: c.name, unit: c.unit } : {}),
      })),
      rows,
      progress: 0,
      summary: { succeeded: 0, failed: 0, skipped: 0, cancelled: 0, invalid: 0, pending: 0 },
      started_at: new Date().toISOString(),
      finished_at: null,
    };
    this.recount(status);
    return status;
  }

  private recount(s: BatchStatus): void {
    const sum = { succeeded: 0, failed: 0, skipped: 0, cancelled: 0, invalid: 0, pending: 0 };
    let progress = 0;
    for (const r of s.rows) {
      if (r.invalid) sum.invalid++;
      if (r.status === 'succeeded' || r.status === 'failed' || r.status === 'skipped' || r.status === 'cancelled') sum[r.status]++;
      else sum.pending++;
      progress += FINISHED_ROW.has(r.status) ? 1 : r.progress;
    }
    s.summary = sum;
    s.progress = s.rows.length ? Math.round((progress / s.rows.length) * 1000) / 1000 : 1;
  }

  private emitStatus(b: RunningBatch, force = false): void {
    this.recount(b.status);
    const t = Date.now();
    // every event carries the whole batch: a big sheet reports less often
    const every = Math.max(this.d.throttleMs ?? 200, b.status.rows.length / 2);
    if (!force && t - (this.lastEmit.get(b.status.id) ?? 0) < every) return;
    this.lastEmit.set(b.status.id, t);
    this.emit('batch', structuredClone(b.status));
  }

  private async run(b: RunningBatch): Promise<BatchStatus> {
    const onJob = (e: { id: string; progress: number; status: string }) => {
      if (!b.inFlight.has(e.id)) return;
      const row = b.status.rows.find((r) => r.job_id === e.id);
      if (!row || FINISHED_ROW.has(row.status)) return;
      row.progress = e.progress;
      if (e.status === 'running' || e.status === 'queued') row.status = e.status;
      this.emitStatus(b);
    };
    this.d.jobs.on('job', onJob);
    try {
      const queue = b.plan.rows.filter((r) => !r.error);
      const workers = Array.from({ length: Math.min(b.status.concurrency, queue.length) }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await this.runRow(b, next);
      });
      await Promise.all(workers);
      for (const r of b.status.rows) if (r.status === 'pending') this.cancelRow(r);
    } finally {
      this.d.jobs.off('job', onJob);
      b.status.state = b.cancelled ? 'cancelled' : 'finished';
      b.status.finished_at = new Date().toISOString();
      this.emitStatus(b, true);
    }
    return b.status;
  }

  private cancelRow(view: BatchRowView): void {
    view.status = 'cancelled';
    view.error = toErrorPayload(new TezgahError('CANCELLED'), this.d.lang());
  }

  private async runRow(b: RunningBatch, row: PlannedRow): Promise<void> {
    const view = b.status.rows[row.row - 1]!;
    if (b.cancelled) return this.cancelRow(view);
    const spec = {
      type: 'template' as const,
      template: b.plan.template,
      params: row.params!,
      ...(row.material ? { material: row.material } : {}),
      ...(row.process ? { process: row.process } : {}),
    };
    try {
      let job: JobRecord;
      try {
        job = await this.d.jobs.submit(spec, { idempotencyKey: rowKey(b.plan.template, row) });
      } catch (e) {
        // the same row made under another FreeCAD: its key names an older spec hash
        if (!(e instanceof TezgahError && e.code === 'IDEMPOTENCY_CONFLICT')) throw e;
        job = await this.d.jobs.submit(spec);
      }
      // a row's key that names a failed or cancelled job of an earlier run: make it again
      if (!job.cached && (job.status === 'failed' || job.status === 'cancelled')) job = await this.d.jobs.submit(spec);
      // finished the moment it was submitted: done before (this key), or the cache had it
      const skipped = job.status === 'succeeded';
      view.job_id = job.id;
      if (!skipped) {
        b.inFlight.add(job.id);
        view.status = job.status === 'running' ? 'running' : 'queued';
        this.emitStatus(b);
        if (b.cancelled) this.safeCancel(job.id);
        job = await this.d.jobs.waitFor(job.id);
        b.inFlight.delete(job.id);
      }
      view.metrics = job.metrics;
      view.artefacts = job.status === 'succeeded' ? this.d.jobs.artefactsOf(job.id) : [];
      view.progress = 1;
      view.status = skipped ? 'skipped' : job.status === 'succeeded' ? 'succeeded' : job.status === 'cancelled' ? 'cancelled' : 'failed';
      view.error = job.error ? relang(job.error, this.d.lang()) : null;
    } catch (e) {
      view.status = 'failed';
      view.progress = 1;
      view.error = toErrorPayload(e, this.d.lang());
    }
    this.emitStatus(b);
  }

  private safeCancel(id: string): void {
    try {
      const j = this.d.jobs.get(id);
      if (!FINISHED.includes(j.status)) this.d.jobs.cancel(id);
    } catch {
      /* gone or finished */
    }
  }
}

const FINISHED_ROW = new Set<BatchRowStatus>(['succeeded', 'failed', 'skipped', 'cancelled']);

function relang(e: ErrorPayload, lang: Lang): ErrorPayload {
  return toErrorPayload(new TezgahError(e.code, e.details), lang);
}
