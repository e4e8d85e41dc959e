// The outbox and the team library in SQLite (migration 3): manifests wait for their files, claims
// of dead processes are taken over, failures are kept, the library pages and searches offline.
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArtefactInfo } from '../../shared/jobs.js';
import { openDatabase, schemaVersion, type Database } from '../../electron/platform/db.js';
import { JobRepo } from '../../electron/platform/jobs-repo.js';
import { TeamLibrary } from '../../electron/domains/sync/library.js';
import { buildManifest } from '../../electron/domains/sync/manifest.js';
import { Outbox } from '../../electron/domains/sync/outbox.js';

let db: Database;
beforeEach(() => {
  db = openDatabase(':memory:');
});
afterEach(() => db.close());

function job(id: string, created_at = new Date().toISOString(), params: Record<string, number> = { length: 100 }) {
  new JobRepo(db).insert({
    id,
    type: 'template',
    status: 'succeeded',
    spec: { type: 'template', template: 'prism-with-hole', params },
    spec_hash: id,
    idempotency_key: null,
    cached: false,
    document: { steps: [] },
    created_at,
    retry_of: null,
  });
  return new JobRepo(db).get(id)!;
}

const art = (jobId: string, n: number): ArtefactInfo => ({
  id: n,
  job_id: jobId,
  kind: 'step',
  name: `p${n}.step`,
  sha256: String(n).repeat(64).slice(0, 64),
  size: 100 * n,
  mime: 'model/step',
  meta: {},
  created_at: '',
});

/** A pid that no longer runs. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'console.log(process.pid)']).stdout.toString().trim());
}

describe('outbox', () => {
  it('is migration 3', () => {
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(3);
  });

  it('queues a job once; its manifest waits until all its files are up', () => {
    job('j1');
    const box = new Outbox(db, 'me:1');
    expect(box.enqueueJob('j1', [art('j1', 1), art('j1', 2)])).toBe(3);
    expect(box.enqueueJob('j1', [art('j1', 1), art('j1', 2)])).toBe(0);
    expect(box.counts()).toMatchObject({ pending: 3, bytes_pending: 300, jobs_pending: 1 });
    expect(box.jobState('j1')).toMatchObject({ origin: 'local', state: 'pending' });

    expect(box.claim('manifest', 10)).toEqual([]);
    const files = box.claim('artefact', 10);
    expect(files.map((i) => i.sha256[0])).toEqual(['1', '2']);
    expect(box.claim('artefact', 10)).toEqual([]); // claimed already
    box.complete(files[0]!.id, 'uploaded');
    expect(box.claim('manifest', 10)).toEqual([]);
    box.complete(files[1]!.id, 'skipped');
    expect(box.claim('manifest', 10)).toHaveLength(1);
  });

  it('takes over the claim of a process that died, never of one that runs', () => {
    job('j1');
    const box = new Outbox(db, `${hostname()}:${process.pid}`);
    box.enqueueJob('j1', [art('j1', 1)]);
    db.prepare(`UPDATE sync_outbox SET claimed_by = ? WHERE kind = 'artefact'`).run(`${hostname()}:${deadPid()}`);
    expect(box.claim('artefact', 5)).toHaveLength(1);
    box.releaseAll();
    db.prepare(`UPDATE sync_outbox SET claimed_by = ? WHERE kind = 'artefact'`).run(`${hostname()}:${process.ppid}`);
    expect(box.claim('artefact', 5)).toEqual([]);
  });

  it('keeps failures: retried after their backoff, or listed as failed until a manual sync', () => {
    job('j1');
    const box = new Outbox(db, 'me:1');
    box.enqueueJob('j1', [art('j1', 1), art('j1', 2)]);
    const [a, b] = box.claim('artefact', 5);
    const err = { code: 'SYNC_INTEGRITY' as const, message: 'm', hint: 'h' };
    box.release(a!.id, err, new Date(Date.now() + 60_000));
    box.release(b!.id, err, null);
    expect(box.claim('artefact', 5)).toEqual([]);
    expect(box.counts()).toMatchObject({ pending: 2, failed: 1 });
    expect(box.failedItems()).toMatchObject([{ id: b!.id, attempts: 1, error: err }]);
    expect(box.claim('artefact', 5, true).map((i) => i.id)).toEqual([a!.id]);
    box.releaseAll();
    expect(box.retryFailed()).toBe(1);
    expect(box.counts().failed).toBe(0);
  });

  it('does not send pulled jobs back up, and finds succeeded jobs it never saw', () => {
    job('mine');
    job('theirs');
    const box = new Outbox(db, 'me:1');
    box.recordPulled('theirs', {
      content_sha256: 'c',
      manifest_key: 'k',
      store: 's',
      seat_id: 'b',
      user: 'u',
      app_version: '1',
      state: 'pulled',
    });
    expect(box.unsyncedJobIds()).toEqual(['mine']);
    expect(box.enqueueJob('theirs', [art('theirs', 1)])).toBe(0);
    expect(box.jobState('theirs')).toMatchObject({ origin: 'remote', state: 'pulled', source: { seat_id: 'b', user: 'u' } });
  });
});

describe('team library', () => {
  const listed = { etag: '"e"', size: 10, lastModified: null };
  const origin = (user: string) => ({ appVersion: '0.1.0', freecadVersion: '1.1.3', seatId: `seat-${user}`, user, prefix: '' });

  it('pages newest first with a cursor and matches every word of a search', () => {
    const lib = new TeamLibrary(db);
    for (let i = 0; i < 7; i++) {
      const j = job(`job-${i}`, `2026-11-0${i + 1}T10:00:00.000Z`, { length: 10 * (i + 1) });
      lib.upsert('S', `jobs/${j.id}.json`, '', listed, buildManifest(j, [art(j.id, 1)], origin(i % 2 ? 'Ayşe' : 'Mehmet')), 'x');
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = lib.list('S', { limit: 3, cursor });
      expect(page.total).toBe(7);
      seen.push(...page.items.map((i) => i.job_id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual(['job-6', 'job-5', 'job-4', 'job-3', 'job-2', 'job-1', 'job-0']);
    expect(lib.list('S', { search: 'ayse' }).items.map((i) => i.job_id)).toEqual(['job-5', 'job-3', 'job-1']);
    expect(lib.list('S', { search: 'AYŞE "length":40' }).items.map((i) => i.job_id)).toEqual(['job-3']);
    expect(lib.list('other').total).toBe(0);
  });

  it('flags versions of one job id, and keeps manifests the store stopped listing', () => {
    const lib = new TeamLibrary(db);
    const j = job('dup');
    const m1 = buildManifest(j, [art('dup', 1)], origin('a'));
    const m2 = buildManifest(j, [art('dup', 2)], origin('b'));
    lib.upsert('S', 'jobs/dup.json', '', listed, m1, 'x');
    lib.upsert('S', `jobs/dup~${m2.content_sha256.slice(0, 12)}.json`, m2.content_sha256.slice(0, 12), listed, m2, 'y');
    const items = lib.list('S').items;
    expect(items).toHaveLength(2);
    expect(items.every((i) => i.conflict)).toBe(true);
    expect(items.find((i) => i.variant)!.pull_id).toBe(`dup~${m2.content_sha256.slice(0, 12)}`);
    expect(lib.versions('S', 'dup')[0]!.variant).toBe('');

    lib.markPresent('S', new Set(['jobs/dup.json']));
    expect(lib.list('S').items).toHaveLength(1);
    expect(lib.versions('S', 'dup')).toHaveLength(2); // still known, still pullable from the record
  });
});
