// Settings → Backups in Chromium: turning on daily backups makes the first one at once (marked
// automatic, the next one's time shown); Restore asks first, then says a restart applies it; the
// restore can be called off. What the page shows is held against the API.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openApp, startSession, type E2eSession } from './support/session.js';

describe('Backups in Chromium', () => {
  let s: E2eSession;

  beforeAll(async () => {
    s = await startSession();
    await openApp(s, '#/settings');
  }, 300_000);

  afterAll(async () => {
    await s?.close();
  });

  afterEach(() => {
    expect(s.pageErrors).toEqual([]);
  });

  it('schedules backups with retention, prepares a restore for the next start and calls it off', async () => {
    const p = s.page;
    const section = p.locator('[data-testid="backups"]');
    await section.locator('#backup-schedule').waitFor();
    await section.locator('#backup-keep').fill('3');
    await section.locator('#backup-keep').press('Enter');
    await section.locator('#backup-schedule').selectOption('daily');
    const item = section.locator('li[data-backup^="tezgah-auto-"]');
    await item.waitFor({ timeout: 30_000 });
    expect(await item.textContent()).toContain('automatic');
    await expect.poll(async () => (await s.api.call('backup.schedule', {})).schedule).toBe('daily');
    const sched = await s.api.call('backup.schedule', {});
    expect(sched.keep).toBe(3);
    expect(sched.next_due_at).not.toBeNull();
    expect(await section.textContent()).toContain('Next one:');

    const name = (await item.getAttribute('data-backup'))!;
    p.once('dialog', (d) => void d.accept());
    await item.locator(`[data-restore="${name}"]`).click();
    const pending = section.locator('[data-testid="restore-pending"]');
    await pending.waitFor();
    expect(await pending.textContent()).toContain(`Restore of ${name} is prepared. Restart Tezgah`);
    expect((await s.api.call('backup.restoreStatus', {})).pending?.name).toBe(name);
    await s.screenshot('settings-backups-restore-pending');

    await pending.locator('button').click();
    await pending.waitFor({ state: 'detached' });
    expect((await s.api.call('backup.restoreStatus', {})).pending).toBeNull();
  });
});
