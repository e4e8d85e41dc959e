// The jobs store: list + 'job' events, in place, never moving backwards; filters and search.
import { describe, expect, it } from 'vitest';
import type { ApiClient, ApiEvent, ApiEventPayload, JobEventPayload } from '../../shared/api/index.js';
import type { JobRecord, JobRecordOf } from '../../shared/jobs.js';
import { connectJobs, createJobsStore, filterJobs } from '../../renderer/features/jobs/store.js';

function job(id: string, over: Partial<JobRecordOf<'template'>> = {}): JobRecord {
  return {
    id,
    type: 'template',
    status: 'queued',
    spec: {
      type: 'template',
      template: 'prism-with-hole',
      params: { length: 100, width: 60, height: 20, hole_diameter: 10 },
      material: 'aluminium-6061',
    },
    spec_hash: 'h',
    idempotency_key: null,
    cached: false,
    progress: 0,
    current_step: null,
    document: { steps: [] },
    metrics: null,
    error: null,
    created_at: '2026-11-21T10:00:00.000Z',
    started_at: null,
    finished_at: null,
    retry_of: null,
    ...over,
  };
}
const event = (id: string, over: Partial<JobEventPayload> = {}): JobEventPayload => ({
  id,
  status: 'running',
  progress: 0.4,
  current_step: 'model',
  steps: [{ name: 'model', status: 'running' }],
  cached: false,
  error: null,
  ...over,
});

describe('jobs store', () => {
  it('orders newest first and updates a row in place from events', () => {
    const s = createJobsStore();
    s.getState().setList([job('a'), job('b', { created_at: '2026-11-21T11:00:00.000Z' })]);
    expect(s.getState().order).toEqual(['b', 'a']);
    const orderBefore = s.getState().order;
    expect(s.getState().applyEvent(event('a'))).toBe(true);
    const a = s.getState().byId.a!;
    expect(a.status).toBe('running');
    expect(a.current_step).toBe('model');
    expect(a.document.steps).toHaveLength(1);
    expect(a.spec).toMatchObject({ template: 'prism-with-hole' });
    expect(s.getState().order).toBe(orderBefore); // same array: no reshuffle, no re-sort
  });

  it('ignores stale updates that would move a job backwards', () => {
    const s = createJobsStore();
    s.getState().setList([job('a', { status: 'succeeded', progress: 1 })]);
    s.getState().applyEvent(event('a', { status: 'running', progress: 0.5 }));
    expect(s.getState().byId.a!.status).toBe('succeeded');
    s.getState().setList([job('a', { status: 'running', progress: 0.2 })]);
    expect(s.getState().byId.a!.status).toBe('succeeded');
  });

  it('fetches jobs first seen in an event, and finished jobs again for their metrics', async () => {
    const listeners = new Map<string, (p: unknown) => void>();
    const gets: string[] = [];
    const client: ApiClient = {
      call: (async (method: string, input: { id?: string }) => {
        if (method === 'jobs.list') return [job('a')];
        if (method === 'jobs.get') {
          gets.push(input.id!);
          return { job: job(input.id!, { status: 'succeeded', progress: 1, metrics: null }), artefacts: [] };
        }
        throw new Error(method);
      }) as ApiClient['call'],
      on: (<E extends ApiEvent>(e: E, l: (p: ApiEventPayload<E>) => void) => {
        listeners.set(e, l as (p: unknown) => void);
        return () => listeners.delete(e);
      }) as ApiClient['on'],
    };
    const s = createJobsStore();
    const off = connectJobs(client, s);
    await new Promise((r) => setTimeout(r, 0));
    expect(s.getState().order).toEqual(['a']);
    listeners.get('job')!(event('zz'));
    listeners.get('job')!(event('a', { status: 'succeeded', progress: 1 }));
    await new Promise((r) => setTimeout(r, 0));
    expect(gets.sort()).toEqual(['a', 'zz']);
    expect(s.getState().byId.zz!.status).toBe('succeeded');
    off();
    expect(listeners.size).toBe(0);
  });

  it('filters by status, type and words in either language', () => {
    const jobs = [
      job('j1', { status: 'running' }),
      job('j2', { status: 'failed', spec: { type: 'template', template: 'flange', params: { outer_diameter: 120 } } }),
      job('j3', { status: 'succeeded' }),
    ];
    const f = (status: Parameters<typeof filterJobs>[1]['status'], search = '') =>
      filterJobs(jobs, { status, type: 'all', search }).map((j) => j.id);
    expect(f('all')).toEqual(['j1', 'j2', 'j3']);
    expect(f('active')).toEqual(['j1']);
    expect(f('failed')).toEqual(['j2']);
    expect(f('all', 'flanş')).toEqual(['j2']);
    expect(f('all', 'PRISM')).toEqual(['j1', 'j3']);
    expect(f('all', 'delikli j3')).toEqual(['j3']);
    expect(filterJobs(jobs, { status: 'all', type: 'cam', search: '' })).toEqual([]);
  });
});
