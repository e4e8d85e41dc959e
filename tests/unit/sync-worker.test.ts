// The worker's backoff and turn-taking, and sync's own state table, without a store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/platform/db.js';
import { SyncStateRepo } from '../../electron/domains/sync/state-repo.js';
import { itemRetryDelay, passRetryDelay, Turns } from '../../electron/domains/sync/worker.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('sync worker', () => {
  const b = { base: 1000, max: 300_000 };

  it('backs off exponentially with jitter while the store is away, and waits the ceiling for a setting to fix', () => {
    expect(passRetryDelay(0, true, b, () => 0.5)).toBe(1000);
    expect(passRetryDelay(3, true, b, () => 0.5)).toBe(8000);
    expect(passRetryDelay(3, true, b, () => 0)).toBeCloseTo(6400);
    expect(passRetryDelay(3, true, b, () => 1)).toBeCloseTo(9600);
    expect(passRetryDelay(30, true, b, () => 0.5)).toBe(300_000);
    expect(passRetryDelay(0, false, b)).toBe(300_000);
    expect(itemRetryDelay(1, b)).toBe(2000);
    expect(itemRetryDelay(20, b)).toBe(300_000);
  });

  it('runs one task at a time, in order, whatever the one before did', async () => {
    const turns = new Turns();
    const seen: string[] = [];
    const slow = turns.run(async () => {
      await new Promise((r) => setTimeout(r, 20));
      seen.push('a');
      throw new Error('a failed');
    });
    const next = turns.run(async () => {
      seen.push('b');
      return 2;
    });
    await expect(slow).rejects.toThrow('a failed');
    expect(await next).toBe(2);
    await turns.idle();
    expect(seen).toEqual(['a', 'b']);
  });

  it('keeps one seat id per data dir and the last outcome for the next process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tezgah-sync-state-'));
    dirs.push(dir);
    const db = openDatabase(join(dir, 'tezgah.db'));
    const a = new SyncStateRepo(db);
    const id = a.seatId();
    expect(new SyncStateRepo(db).seatId()).toBe(id);
    expect(a.lastOutcome()).toEqual({ state: null, error: null });
    a.setLastOutcome('offline', { code: 'SYNC_UNREACHABLE', message: 'm', hint: 'h' });
    expect(new SyncStateRepo(db).lastOutcome()).toEqual({ state: 'offline', error: { code: 'SYNC_UNREACHABLE', message: 'm', hint: 'h' } });
    expect(a.lastSyncAt()).toBeNull();
    a.setLastSyncAt(new Date('2026-12-02T10:00:00.000Z'));
    expect(a.lastSyncAt()).toBe('2026-12-02T10:00:00.000Z');
    expect(a.conflictCount()).toBe(0);
    db.close();
  });
});
