import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../electron/platform/db.js';
import { ArtefactRepo } from '../../electron/platform/artefacts-repo.js';
import { JobRepo } from '../../electron/platform/jobs-repo.js';

let db: Database;
let repo: ArtefactRepo;
const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);

beforeEach(() => {
  db = openDatabase(':memory:');
  repo = new ArtefactRepo(db, () => new Date('2026-03-01T10:00:00.000Z'));
  const jobs = new JobRepo(db);
  for (const id of ['j1', 'j2']) {
    jobs.insert({
      id,
      type: 'template',
      status: 'succeeded',
      spec: { type: 'template', template: 'flange', params: {} },
      spec_hash: 'h',
      idempotency_key: null,
      cached: false,
      document: { steps: [] },
      created_at: '2026-03-01T09:00:00.000Z',
      retry_of: null,
    });
  }
});
afterEach(() => db.close());

const stl = (job_id: string, sha256 = SHA_A, name = 'part.stl') => ({
  job_id,
  kind: 'stl' as const,
  name,
  sha256,
  size: 684,
  mime: 'model/stl',
  meta: { tessellation_mm: 0.05, exporter: 'Mesh 1.1.3' },
});

describe('ArtefactRepo', () => {
  it('adds rows and lists a job’s artefacts in the order they were stored', () => {
    const a = repo.add(stl('j1'));
    const b = repo.add({ ...stl('j1', SHA_B, 'part.step'), kind: 'step', mime: 'model/step' });
    expect(a).toEqual({ id: a.id, ...stl('j1'), remote_key: null, created_at: '2026-03-01T10:00:00.000Z' });
    expect(repo.listForJob('j1').map((x) => x.name)).toEqual(['part.stl', 'part.step']);
    expect(repo.get(b.id)?.kind).toBe('step');
    expect(repo.get(9999)).toBeUndefined();
    expect(repo.listForJob('j2')).toEqual([]);
  });

  it('re-adding the same file under the same name is harmless; other bytes under that name are refused', () => {
    const first = repo.add(stl('j1'));
    expect(repo.add(stl('j1')).id).toBe(first.id);
    expect(() => repo.add(stl('j1', SHA_B))).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
    expect(repo.listForJob('j1')).toHaveLength(1);
  });

  it('refuses unknown kinds, bad hashes and rows for jobs that do not exist', () => {
    expect(() => repo.add({ ...stl('j1'), kind: 'exe' as never })).toThrow();
    expect(() => repo.add(stl('j1', 'A'.repeat(64)))).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
    expect(() => repo.add(stl('nope'))).toThrow(/FOREIGN KEY/);
  });

  it('finds the oldest row that holds some bytes, across jobs', () => {
    const a = repo.add(stl('j1'));
    repo.add(stl('j2'));
    expect(repo.findBySha(SHA_A)?.id).toBe(a.id);
    expect(repo.findBySha(SHA_B)).toBeUndefined();
  });

  it('lets rows with the same bytes share a content-addressed remote key, never rows with other bytes', () => {
    const a = repo.add(stl('j1'));
    const b = repo.add(stl('j2'));
    const c = repo.add(stl('j2', SHA_B, 'other.stl'));
    const key = `team/artefacts/sha256/${SHA_A}`;
    repo.setRemoteKey(a.id, key);
    repo.setRemoteKey(b.id, key);
    expect(repo.get(b.id)?.remote_key).toBe(key);
    expect(() => repo.setRemoteKey(c.id, key)).toThrow(expect.objectContaining({ code: 'SYNC_INTEGRITY' }));
    expect(repo.get(c.id)?.remote_key).toBeNull();
    expect(() => repo.setRemoteKey(12345, key)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('loses the rows when their job is deleted', () => {
    repo.add(stl('j1'));
    db.prepare("DELETE FROM jobs WHERE id = 'j1'").run();
    expect(repo.listForJob('j1')).toEqual([]);
    expect(repo.findBySha(SHA_A)).toBeUndefined();
  });
});
