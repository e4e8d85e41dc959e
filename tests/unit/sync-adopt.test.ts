// A pulled job enters through the job manager: a finished, read-only record with a parsed spec,
// its files linked, the usual event and an audit entry; never queued, never run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobRecord } from '../../shared/jobs.js';
import type { Flow } from '../../electron/jobs/flow.js';
import { JobManager } from '../../electron/jobs/manager.js';
import { ArtefactStore } from '../../electron/platform/artefact-store.js';
import { ArtefactRepo } from '../../electron/platform/artefacts-repo.js';
import { AuditLog } from '../../electron/platform/audit.js';
import { openDatabase } from '../../electron/platform/db.js';
import { JobRepo } from '../../electron/platform/jobs-repo.js';
import { Logger } from '../../electron/platform/logger.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'tezgah-adopt-'));
  const db = openDatabase(join(dir, 'tezgah.db'));
  const jobsRepo = new JobRepo(db);
  const artefactRepo = new ArtefactRepo(db);
  const artefacts = new ArtefactStore(join(dir, 'artefacts'));
  const audit = new AuditLog(db);
  let runs = 0;
  // a flow for the type, so a queued row of that type would be picked up and run
  const flow: Flow = {
    type: 'template',
    steps: ['model', 'store_artefacts'],
    normalise: (spec) => spec,
    run: async () => {
      runs++;
      return { outputs: [], metrics: null };
    },
  };
  const jobs = new JobManager({
    db,
    jobs: jobsRepo,
    artefactRepo,
    artefacts,
    audit,
    logger: new Logger({ dir: join(dir, 'logs') }),
    jobsDir: join(dir, 'jobs'),
    bridge: () => Promise.reject(new Error('no FreeCAD here')),
    freecadVersion: async () => '1.1.3',
    concurrency: 1,
    flows: [flow],
  });
  cleanup.push(async () => {
    await jobs.dispose();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, db, jobsRepo, artefactRepo, artefacts, audit, jobs, runs: () => runs };
}

const t = '2026-12-02T10:00:00.000Z';
const record = (over: Partial<JobRecord> = {}) =>
  ({
    id: '0b7c2f6e-5c1a-4c8e-9a51-1f2d3c4b5a69',
    type: 'template',
    status: 'succeeded',
    spec: { type: 'template', template: 'prism-with-hole', params: { length: 100 } },
    spec_hash: 'a'.repeat(64),
    cached: false,
    document: { steps: [{ name: 'model', status: 'done' }] },
    metrics: null,
    created_at: t,
    started_at: t,
    finished_at: t,
    ...over,
  }) as JobRecord;

describe('JobManager.adoptFinished', () => {
  it('records a finished job with its files, emits the job event and audits it', async () => {
    const s = setup();
    // the file came down first (pull fetches before it records)
    const src = join(s.dir, 'x.step');
    writeFileSync(src, 'ISO-10303-21;');
    const file = await s.artefacts.put(src);
    const events: { id: string; status: string }[] = [];
    s.jobs.on('job', (e: { id: string; status: string }) => events.push(e));
    let inside = 0;
    const job = s.jobs.adoptFinished(record(), {
      artefacts: [{ kind: 'step', name: 'x.step', sha256: file.sha256, size: file.size, mime: 'model/step', meta: {} }],
      origin: { seat_id: 'seat-b' },
      within: (rows) => {
        inside = rows.length;
      },
    });
    expect(job).toMatchObject({ id: record().id, status: 'succeeded', progress: 1, idempotency_key: null, retry_of: null });
    expect(inside).toBe(1);
    expect(s.artefactRepo.listForJob(job.id).map((a) => a.sha256)).toEqual([file.sha256]);
    expect(events).toContainEqual(expect.objectContaining({ id: job.id, status: 'succeeded' }));
    const entry = s.audit.entries({ entity_id: job.id }).find((e) => e.action === 'job.adopted');
    expect(entry?.payload).toMatchObject({ type: 'template', status: 'succeeded', origin: { seat_id: 'seat-b' } });
  });

  it('refuses a queued or running job, a spec that does not parse, and a taken id; nothing is written or run', async () => {
    const s = setup();
    for (const status of ['queued', 'running'] as const) {
      expect(() => s.jobs.adoptFinished(record({ status }))).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
    }
    expect(() =>
      s.jobs.adoptFinished(record({ spec: { type: 'template', template: 'x', params: { length: { $gt: 1 } } } as never })),
    ).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
    expect(() => s.jobs.adoptFinished(record({ spec: { type: 'script', source: 'import os' } as never }))).toThrow(
      expect.objectContaining({ code: 'VALIDATION_ERROR' }),
    );
    expect(() => s.jobs.adoptFinished(record({ id: '../../etc' }))).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
    expect(() =>
      s.jobs.adoptFinished(record(), {
        artefacts: [{ kind: 'step', name: 'x.step', sha256: 'b'.repeat(64), size: 1, mime: 'model/step', meta: {} }],
      }),
    ).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(s.jobsRepo.list()).toEqual([]);
    s.jobs.adoptFinished(record({ status: 'failed' }));
    expect(() => s.jobs.adoptFinished(record())).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
    s.jobs.recover();
    await new Promise((r) => setTimeout(r, 50));
    expect(s.runs()).toBe(0);
    expect(s.jobsRepo.get(record().id)?.status).toBe('failed');
  });

  it('will not retry a pulled job that reads a file path another seat chose', async () => {
    const s = setup();
    const pulled = s.jobs.adoptFinished(
      record({
        id: '1b7c2f6e-5c1a-4c8e-9a51-1f2d3c4b5a69',
        type: 'import',
        spec: { type: 'import', path: '/home/colleague/part.step' },
        document: { steps: [{ name: 'import', status: 'done' }], pulled_from: { seat_id: 'seat-b' } } as never,
      }),
    );
    await expect(s.jobs.retry(pulled.id)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(s.jobsRepo.list().map((j) => j.id)).toEqual([pulled.id]);
  });
});
