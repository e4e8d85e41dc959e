// Scheduled backups with an injected clock and timer: off makes none, daily/weekly make one when
// due (at start and on the timer, never two at once), retention deletes only the schedule's own
// backups beyond keep. A restore asked for while the app runs is applied at the next start, before
// the database opens: the data comes back, the old folder is moved aside, backups/ stays, the audit
// chain verifies; an archive changed after the request is refused and the data dir left as it was.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Workbench } from '../../electron/app/app.js';
import { backupApi } from '../../electron/domains/backup/api.js';
import { applyPendingRestore, recordRestore } from '../../electron/domains/backup/pending.js';
import { BackupScheduler } from '../../electron/domains/backup/schedule.js';

const root = mkdtempSync(join(tmpdir(), 'tezgah-backup-schedule-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const H = 3600_000;

function fakeTimers() {
  const t = { fn: null as null | (() => void), ms: 0, cleared: false };
  return {
    t,
    timers: {
      setInterval: (fn: () => void, ms: number) => {
        t.fn = fn;
        t.ms = ms;
        return 1;
      },
      clearInterval: () => {
        t.cleared = true;
      },
    },
  };
}

describe('backup schedule', () => {
  it('makes due backups by the injected clock and keeps only N of its own', async () => {
    const wb = new Workbench({ dataDir: join(root, 'sched'), lang: 'en' });
    try {
      let now = new Date('2026-03-01T08:00:00Z');
      const { t, timers } = fakeTimers();
      const s = new BackupScheduler({ backups: wb.backups, store: wb.settings, now: () => now, timers, checkEveryMs: 60_000 });
      const autoNames = async () =>
        (await wb.backups.list())
          .filter((b) => b.auto)
          .map((b) => b.name)
          .sort();

      expect(s.get()).toEqual({ schedule: 'off', keep: 7 });
      expect(await s.tick()).toBeNull();
      expect(await wb.backups.list()).toEqual([]);

      // a backup made by hand and a stray file that looks like the schedule's: never pruned
      const manual = await wb.backups.create();
      writeFileSync(join(wb.backups.dir, 'tezgah-auto-20200101-000000.tar.gz'), 'not ours');

      // turned on: the first one at once
      const info = await s.set({ schedule: 'daily', keep: 2 });
      expect(info).toMatchObject({
        schedule: 'daily',
        keep: 2,
        last_auto_at: '2026-03-01T08:00:00.000Z',
        next_due_at: '2026-03-02T08:00:00.000Z',
      });
      expect(await autoNames()).toEqual(['tezgah-auto-20260301-080000.tar.gz']);
      // stored in settings.json's backup section
      expect(JSON.parse(readFileSync(wb.settings.file, 'utf8')).backup).toEqual({ schedule: 'daily', keep: 2 });

      // start: not due yet (1 h later), then the timer fires a day later
      now = new Date(now.getTime() + H);
      s.start();
      await s.tick();
      expect(t.ms).toBe(60_000);
      expect(await autoNames()).toHaveLength(1);
      now = new Date('2026-03-02T08:00:00Z');
      t.fn!();
      await s.tick();
      expect(await autoNames()).toEqual(['tezgah-auto-20260301-080000.tar.gz', 'tezgah-auto-20260302-080000.tar.gz']);

      // two checks at once make one backup
      now = new Date('2026-03-03T09:30:00Z');
      const [a, b] = await Promise.all([s.tick(), s.tick()]);
      expect(a?.name).toBe('tezgah-auto-20260303-093000.tar.gz');
      expect(b).toBe(a);
      // keep 2: the oldest of the schedule's own went, with its record; the manual one and the stray file stay
      expect(await autoNames()).toEqual(['tezgah-auto-20260302-080000.tar.gz', 'tezgah-auto-20260303-093000.tar.gz']);
      const files = readdirSync(wb.backups.dir);
      expect(files).not.toContain('tezgah-auto-20260301-080000.tar.gz.json');
      expect(files).toContain(manual.name);
      expect(files).toContain('tezgah-auto-20200101-000000.tar.gz');
      expect(wb.audit.verify().ok).toBe(true);

      // weekly: a day later nothing, a week later one
      await s.set({ schedule: 'weekly' });
      now = new Date('2026-03-04T09:30:00Z');
      expect(await s.tick()).toBeNull();
      now = new Date('2026-03-10T09:30:00Z');
      expect((await s.tick())?.name).toBe('tezgah-auto-20260310-093000.tar.gz');

      // off: nothing more, and the timer stops
      await s.set({ schedule: 'off' });
      now = new Date('2026-04-10T09:30:00Z');
      expect(await s.tick()).toBeNull();
      await s.stop();
      expect(t.cleared).toBe(true);
    } finally {
      await wb.dispose();
    }
  });
});

describe('restore at the next start', () => {
  it('applies a prepared restore before the database opens; a changed archive is refused', async () => {
    const dir = join(root, 'restore');
    let wb = new Workbench({ dataDir: dir, lang: 'en' });
    const api = () =>
      backupApi({
        backups: wb.backups,
        scheduler: wb.backupSchedule,
        dataDir: wb.dataDir,
        allowPaths: false,
        now: () => new Date('2026-05-01T10:00:00Z'),
      });
    wb.settings.set({ units: 'mm' });
    const backup = await wb.backups.create();
    // after the backup: other settings and more audit entries
    wb.settings.set({ units: 'inch' });
    for (let i = 0; i < 3; i++) wb.audit.append({ actor: 'test', action: 'after.backup', entity_type: 'test', payload: { i } });
    const entriesAfter = wb.audit.verify().count;

    const asked = await api()['backup.restore']({ name: backup.name });
    expect(asked).toMatchObject({
      restart_required: true,
      pending: { name: backup.name, sha256: backup.sha256, requested_at: '2026-05-01T10:00:00.000Z' },
    });
    expect((await api()['backup.restoreStatus']({})).pending?.name).toBe(backup.name);
    await expect(api()['backup.restore']({ name: 'tezgah-backup-19990101-000000.tar.gz' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await wb.dispose();

    // the next start
    const outcome = await applyPendingRestore(dir, () => new Date('2026-05-01T11:00:00Z'));
    expect(outcome).toMatchObject({ ok: true, name: backup.name, at: '2026-05-01T11:00:00.000Z', counts: backup.counts });
    expect(existsSync(outcome!.moved_aside!)).toBe(true);
    expect(JSON.parse(readFileSync(join(outcome!.moved_aside!, 'settings.json'), 'utf8')).units).toBe('inch');
    wb = new Workbench({ dataDir: dir, lang: 'en' });
    try {
      recordRestore(wb.audit, outcome, 'app');
      expect(wb.settings.get().units).toBe('mm');
      const audit = wb.audit.verify();
      expect(audit.ok).toBe(true);
      expect(audit.count).toBeLessThan(entriesAfter);
      // the backups came along, the pending record is gone, the outcome is there for the UI
      expect((await wb.backups.list()).map((b) => b.name)).toContain(backup.name);
      const status = await api()['backup.restoreStatus']({});
      expect(status.pending).toBeNull();
      expect(status.last).toMatchObject({ ok: true, name: backup.name });
      // a second start does nothing
      expect(await applyPendingRestore(dir)).toBeNull();

      // asked for, then the archive changed on disk: refused at start, data dir as it was
      await api()['backup.restore']({ name: backup.name });
      writeFileSync(join(wb.backups.dir, backup.name), 'tampered');
    } finally {
      await wb.dispose();
    }
    const before = readdirSync(dir).sort();
    const refused = await applyPendingRestore(dir);
    expect(refused).toMatchObject({ ok: false, error: { code: 'BACKUP_CORRUPT' } });
    expect(readdirSync(dir).sort()).toEqual(
      before
        .filter((f) => f !== 'restore-pending.json')
        .concat()
        .sort(),
    );
    expect(JSON.parse(readFileSync(join(dir, 'restore-result.json'), 'utf8')).ok).toBe(false);
  });
});
