// A seat without sync settings still gets finished jobs queued; the idle worker must wait for
// settings, not spin (a kick without a config once looped on resolved promises and starved the app).
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { ArtefactStore } from '../../electron/platform/artefact-store.js';
import { ArtefactRepo } from '../../electron/platform/artefacts-repo.js';
import { openDatabase } from '../../electron/platform/db.js';
import { JobRepo } from '../../electron/platform/jobs-repo.js';
import { SyncService } from '../../electron/domains/sync/service.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

it('waits quietly for settings when jobs finish on an unconfigured seat', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tezgah-sync-idle-'));
  dirs.push(dir);
  const db = openDatabase(join(dir, 'tezgah.db'));
  const jobsRepo = new JobRepo(db);
  const jobs = new EventEmitter();
  const sync = new SyncService({
    db,
    jobsRepo,
    artefactRepo: new ArtefactRepo(db),
    artefacts: new ArtefactStore(join(dir, 'artefacts')),
    dataDir: dir,
    config: null,
    appVersion: 'test',
    jobs,
  });
  sync.start();
  const now = new Date().toISOString();
  jobsRepo.insert({
    id: 'j1',
    type: 'template',
    status: 'succeeded',
    spec: { type: 'template', template: 'shaft', params: {} },
    spec_hash: 'h',
    idempotency_key: null,
    cached: false,
    document: { steps: [] },
    created_at: now,
    retry_of: null,
  });
  jobs.emit('job', { id: 'j1', status: 'succeeded' });
  // timers still fire on time: the event loop is not starved by the worker
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, 50));
  expect(Date.now() - t0).toBeLessThan(1000);
  expect(sync.status().state).not.toBe('syncing');
  await sync.dispose();
  db.close();
});
