// The batch service's row logic against a job manager stand-in: a row's key that names a failed job
// makes it again, a key from another FreeCAD (IDEMPOTENCY_CONFLICT) submits without it, a cache hit
// or an already made job is "skipped", a failing submit fails only its row, and concurrency holds.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { BatchService, rowKey } from '../../electron/domains/batch/service.js';
import { TezgahError } from '../../shared/errors.js';
import type { JobRecord } from '../../shared/jobs.js';

type Fake = Partial<JobRecord> & { id: string; status: JobRecord['status'] };

class FakeJobs extends EventEmitter {
  jobs = new Map<string, Fake>();
  byKey = new Map<string, string>();
  submits: { length: number; key?: string }[] = [];
  running = 0;
  maxRunning = 0;
  n = 0;
  failLength = new Set<number>();
  conflictKeys = new Set<string>();

  async submit(spec: { params: { length: number } }, opts: { idempotencyKey?: string } = {}) {
    this.submits.push({ length: spec.params.length, ...(opts.idempotencyKey ? { key: opts.idempotencyKey } : {}) });
    if (opts.idempotencyKey && this.conflictKeys.has(opts.idempotencyKey))
      throw new TezgahError('IDEMPOTENCY_CONFLICT', { key: opts.idempotencyKey });
    const existing = opts.idempotencyKey ? this.byKey.get(opts.idempotencyKey) : undefined;
    if (existing) return this.jobs.get(existing) as JobRecord;
    if (spec.params.length === 13) throw new TezgahError('CONFIG_FREECAD_MISSING');
    const id = `j${++this.n}`;
    const job: Fake = { id, status: 'queued', cached: false, metrics: null, error: null };
    this.jobs.set(id, job);
    if (opts.idempotencyKey) this.byKey.set(opts.idempotencyKey, id);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    setTimeout(() => {
      this.running--;
      job.status = this.failLength.has(spec.params.length) ? 'failed' : 'succeeded';
      if (job.status === 'failed') job.error = { code: 'FC_RECOMPUTE_FAILED', message: '', hint: '' };
      job.metrics = job.status === 'succeeded' ? ({ volume_mm3: spec.params.length } as JobRecord['metrics']) : null;
      this.emit('job', { id, status: job.status, progress: 1 });
      this.emit(`done:${id}`);
    }, 5);
    return job as JobRecord;
  }
  async waitFor(id: string) {
    const j = this.jobs.get(id)!;
    if (['succeeded', 'failed', 'cancelled'].includes(j.status)) return j as JobRecord;
    await new Promise((r) => this.once(`done:${id}`, r));
    return j as JobRecord;
  }
  get(id: string) {
    return this.jobs.get(id) as JobRecord;
  }
  cancel(id: string) {
    return this.jobs.get(id) as JobRecord;
  }
  artefactsOf() {
    return [];
  }
}

const sheet = (lengths: number[]) => `length,width,height\n${lengths.map((l) => `${l},10,10`).join('\n')}\n`;

describe('BatchService', () => {
  it('runs rows at most `concurrency` at a time; a failing submit fails only its row', async () => {
    const jobs = new FakeJobs();
    const svc = new BatchService({ jobs: jobs as never, lang: () => 'en' });
    const s = svc.start({ template: 'block', csv: sheet([10, 11, 12, 13, 14, 15, 16]), concurrency: 3 });
    const done = await svc.wait(s.id);
    expect(jobs.maxRunning).toBeLessThanOrEqual(3);
    expect(done.rows.map((r) => r.status)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
      'failed',
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    expect(done.rows[3]!.error?.code).toBe('CONFIG_FREECAD_MISSING');
    expect(done.rows[0]!.metrics).toEqual({ volume_mm3: 10 });
    expect(done).toMatchObject({ state: 'finished', progress: 1, summary: { succeeded: 6, failed: 1, skipped: 0, pending: 0 } });
  });

  it('a re-run skips made rows and makes failed ones again; a conflicting key submits without it', async () => {
    const jobs = new FakeJobs();
    jobs.failLength.add(11);
    const svc = new BatchService({ jobs: jobs as never, lang: () => 'en' });
    const csv = sheet([10, 11, 12]);
    const first = await svc.wait(svc.start({ template: 'block', csv }).id);
    expect(first.rows.map((r) => r.status)).toEqual(['succeeded', 'failed', 'succeeded']);

    jobs.failLength.clear();
    // row 3's key was made under another FreeCAD
    const key3 = rowKey('block', { params: { length: 12, width: 10, height: 10 } });
    jobs.conflictKeys.add(key3);
    jobs.submits = [];
    const again = await svc.wait(svc.start({ template: 'block', csv }).id);
    expect(again.rows.map((r) => r.status)).toEqual(['skipped', 'succeeded', 'succeeded']);
    expect(again.rows[0]!.job_id).toBe(first.rows[0]!.job_id);
    expect(again.rows[1]!.job_id).not.toBe(first.rows[1]!.job_id);
    // row 2: its key (the failed job), then without; row 3: its key (conflict), then without
    expect(jobs.submits.filter((x) => x.length === 11).map((x) => !!x.key)).toEqual([true, false]);
    expect(jobs.submits.filter((x) => x.length === 12).map((x) => !!x.key)).toEqual([true, false]);
    expect(again.summary).toMatchObject({ succeeded: 2, skipped: 1, failed: 0 });
  });

  it('the same parameters written differently are the same row key', () => {
    const svc = new BatchService({ jobs: new FakeJobs() as never, lang: () => 'en' });
    const v = svc.validate('block', 'length_cm,width\n"2,5",10\n25mm,1cm\n');
    expect(v.rows[0]!.params).toEqual(v.rows[1]!.params);
    expect(rowKey('block', v.rows[0]!)).toBe(rowKey('block', v.rows[1]!));
    expect(rowKey('block', { ...v.rows[0]!, material: 'steel-s235' })).not.toBe(rowKey('block', v.rows[0]!));
  });
});
