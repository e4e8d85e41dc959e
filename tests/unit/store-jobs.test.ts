import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TezgahError } from '../../shared/errors.js';
import { openDatabase, type Database } from '../../electron/platform/db.js';
import { JobRepo, type NewJob } from '../../electron/platform/jobs-repo.js';

let db: Database;
let repo: JobRepo;
beforeEach(() => {
  db = openDatabase(':memory:');
  repo = new JobRepo(db);
});
afterEach(() => db.close());

let n = 0;
function newJob(over: Partial<NewJob> = {}): NewJob {
  n++;
  return {
    id: `job-${String(n).padStart(4, '0')}`,
    type: 'template',
    status: 'queued',
    spec: { type: 'template', template: 'flange', params: { outer_d: 80, bolt_count: 4 }, material: 'aluminium-6061' },
    spec_hash: `hash-${n}`,
    idempotency_key: null,
    cached: false,
    document: { steps: [{ name: 'validate', status: 'done', duration_ms: 2 }] },
    created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    retry_of: null,
    ...over,
  };
}

describe('JobRepo', () => {
  it('stores a job and reads it back with JSON columns and booleans restored', () => {
    const job = newJob({ cached: true, idempotency_key: 'k-1' });
    repo.insert(job);
    const got = repo.get(job.id)!;
    expect(got).toEqual({
      ...job,
      progress: 0,
      current_step: null,
      metrics: null,
      error: null,
      started_at: null,
      finished_at: null,
    });
    expect(got.cached).toBe(true);
    expect(repo.get('missing')).toBeUndefined();
  });

  it('refuses a second job with the same idempotency key, naming the first', () => {
    const first = newJob({ idempotency_key: 'same' });
    repo.insert(first);
    let err: unknown;
    try {
      repo.insert(newJob({ idempotency_key: 'same' }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TezgahError);
    expect((err as TezgahError).code).toBe('IDEMPOTENCY_CONFLICT');
    expect((err as TezgahError).details).toMatchObject({ existing_job_id: first.id });
    expect(repo.findByIdempotencyKey('same')?.id).toBe(first.id);
    expect(repo.findByIdempotencyKey('other')).toBeUndefined();
  });

  it('patches the fields a running job changes', () => {
    const job = newJob();
    repo.insert(job);
    const error = { code: 'FC_CRASHED' as const, message: 'The worker died.', hint: 'Retry.' };
    const metrics = {
      solids: 1,
      faces: 7,
      edges: 15,
      volume_mm3: 1000,
      area_mm2: 600,
      triangles: 12,
      bbox_mm: { xmin: 0, ymin: 0, zmin: 0, xmax: 10, ymax: 10, zmax: 10 },
      center_of_mass_mm: { x: 5, y: 5, z: 5 },
    };
    repo.update(job.id, { status: 'running', progress: 0.4, current_step: 'model', started_at: '2026-01-01T00:01:00.000Z' });
    repo.update(job.id, { status: 'failed', error, metrics, finished_at: '2026-01-01T00:02:00.000Z', cached: true });
    const got = repo.get(job.id)!;
    expect(got).toMatchObject({
      status: 'failed',
      progress: 0.4,
      current_step: 'model',
      error,
      metrics,
      cached: true,
      started_at: '2026-01-01T00:01:00.000Z',
    });
    // untouched fields stay
    expect(got.spec).toEqual(job.spec);
    repo.update(job.id, { error: null, current_step: null });
    expect(repo.get(job.id)).toMatchObject({ error: null, current_step: null });
  });

  it('reports NOT_FOUND for an unknown job and refuses impossible states', () => {
    expect(() => repo.update('ghost', { progress: 1 })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => repo.update('ghost', {})).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    const job = newJob();
    repo.insert(job);
    expect(() => repo.update(job.id, { status: 'paused' as never })).toThrow();
    expect(() => repo.update(job.id, { id: 'x' } as never)).toThrow(/cannot be patched/);
    expect(repo.get(job.id)?.status).toBe('queued');
  });

  it('lists newest first, filtered by state, type and search, with paging', () => {
    const a = newJob({ spec: { type: 'template', template: 'flange', params: { outer_d: 80 } } });
    const b = newJob({ spec: { type: 'template', template: 'bracket', params: { width: 40 } }, status: 'succeeded' });
    const c = newJob({ spec: { type: 'template', template: 'box_with_hole', params: { hole_d: 12.5 } }, status: 'failed' });
    // same millisecond as c: insertion order breaks the tie
    const d = newJob({ spec: { type: 'template', template: 'flange', params: { outer_d: 100 } }, created_at: c.created_at });
    for (const j of [a, b, c, d]) repo.insert(j);

    expect(repo.list().map((j) => j.id)).toEqual([d.id, c.id, b.id, a.id]);
    expect(repo.list({ status: ['succeeded', 'failed'] }).map((j) => j.id)).toEqual([c.id, b.id]);
    expect(repo.list({ type: ['cam'] })).toEqual([]);
    expect(repo.list({ search: 'FLANGE' }).map((j) => j.id)).toEqual([d.id, a.id]);
    expect(repo.list({ search: a.id }).map((j) => j.id)).toEqual([a.id]);
    expect(repo.list({ search: '12.5' }).map((j) => j.id)).toEqual([c.id]);
    // LIKE wildcards in the search are literal text
    expect(repo.list({ search: '%' })).toEqual([]);
    expect(repo.list({ search: 'box_with' }).map((j) => j.id)).toEqual([c.id]);
    expect(repo.list({ search: 'box_wi_h' })).toEqual([]);
    expect(repo.list({ limit: 2, offset: 1 }).map((j) => j.id)).toEqual([c.id, b.id]);
  });

  it('finds the newest succeeded job for a spec hash (the cache hit)', () => {
    const old = newJob({ spec_hash: 'H', status: 'succeeded' });
    const failed = newJob({ spec_hash: 'H', status: 'failed' });
    const newer = newJob({ spec_hash: 'H', status: 'succeeded' });
    const running = newJob({ spec_hash: 'H', status: 'running' });
    for (const j of [old, failed, newer, running]) repo.insert(j);
    expect(repo.findSucceededBySpecHash('H')?.id).toBe(newer.id);
    expect(repo.findSucceededBySpecHash('other')).toBeUndefined();
  });

  it('returns jobs in given states oldest first, as a queue resumes them', () => {
    const q1 = newJob();
    const r1 = newJob({ status: 'running' });
    const q2 = newJob();
    const s1 = newJob({ status: 'succeeded' });
    for (const j of [q2, s1, r1, q1]) repo.insert(j);
    expect(repo.withStatus(['queued', 'running']).map((j) => j.id)).toEqual([q1.id, r1.id, q2.id]);
    expect(repo.withStatus([])).toEqual([]);
  });

  it('keeps the link from a retry to its original', () => {
    const orig = newJob({ status: 'failed' });
    repo.insert(orig);
    const retry = newJob({ retry_of: orig.id, document: { steps: [], retry_of: orig.id } });
    repo.insert(retry);
    expect(repo.get(retry.id)?.retry_of).toBe(orig.id);
    expect(() => repo.insert(newJob({ retry_of: 'does-not-exist' }))).toThrow(/FOREIGN KEY/);
  });
});
