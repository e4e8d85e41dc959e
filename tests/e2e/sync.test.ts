// Team sync in a real browser against a real S3 server (s3rver in its own process): the store is
// set up in Settings (test connection says what works), the seat's finished job goes up and the
// sidebar says "up to date", the Jobs list shows it synced; another seat's job shows in the Team
// library, is found by search, and is pulled and opened here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APP_VERSION, Workbench, createSyncService } from '../../electron/app/app.js';
import { S3RVER_CREDENTIALS, S3TestServer } from '../support/s3-server.js';
import { PartPage } from './pages/PartPage.js';
import { SettingsPage } from './pages/SettingsPage.js';
import { TeamPage } from './pages/TeamPage.js';
import { findTemplate } from '../../shared/templates.js';
import { makeJob, PRISM_WITH_HOLE } from './support/jobs.js';
import { openApp, startSession, type E2eSession } from './support/session.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

describe('Team sync in Chromium', () => {
  let s: E2eSession;
  let s3: S3TestServer;

  beforeAll(async () => {
    s3 = await S3TestServer.start({ buckets: ['team'] });
    s = await startSession();
    await openApp(s, '#/settings');
  }, 300_000);

  afterAll(async () => {
    await s?.close();
    await s3?.dispose();
  });

  afterEach(() => {
    expect(s.pageErrors).toEqual([]);
  });

  it('says exactly what fails with a wrong bucket, then connects and syncs a finished job: up to date', async () => {
    const team = new TeamPage(s.page);
    expect(await team.indicator().getAttribute('data-sync')).toBe('off');
    const settings = new SettingsPage(s.page);
    await settings.open();

    await settings.fillSync({
      endpoint: s3.endpoint,
      bucket: 'no-such-bucket',
      prefix: 'e2e',
      keyId: S3RVER_CREDENTIALS.accessKeyId,
      secret: S3RVER_CREDENTIALS.secretAccessKey,
    });
    let report = await settings.testSync();
    expect(await report.getAttribute('data-ok')).toBe('false');
    expect(await report.locator('li[data-ok="false"]').getAttribute('data-step')).toBe('bucket');
    expect(await report.locator('.error-box').getAttribute('data-code')).toBe('SYNC_BUCKET_NOT_FOUND');
    await s.screenshot('settings-sync-failed');

    // the keys are kept by the main process: the page only learns they are set
    expect(await settings.secretState('sync-key-id').getAttribute('data-secret-set')).toBe('true');
    expect(await s.page.locator('#sync-key-id').inputValue()).toBe('');
    const stored = await s.api.call('sync.settings', {});
    expect(JSON.stringify(stored)).not.toContain(S3RVER_CREDENTIALS.secretAccessKey);

    await settings.fillSync({ endpoint: s3.endpoint, bucket: 'team', prefix: 'e2e' });
    report = await settings.testSync();
    expect(await report.getAttribute('data-ok')).toBe('true');
    expect(await report.locator('li[data-ok="true"]').count()).toBeGreaterThanOrEqual(6);
    await s.screenshot('settings-sync');

    // a finished job goes up by itself; the sidebar ends at "up to date"
    const job = await makeJob(s.api, PRISM_WITH_HOLE);
    // the indicator may still say "up to date" from before the job: wait for its manifest (written
    // after its files), then for the pass to settle
    const manifestPuts = () => s3.requestsSince(0, (r) => r.method === 'PUT' && r.url.includes(`/e2e/jobs/${job.id}.json`));
    for (const end = Date.now() + 60_000; (await manifestPuts()).length === 0; ) {
      if (Date.now() > end) throw new Error('the job manifest never reached the store');
      await new Promise((r) => setTimeout(r, 100));
    }
    await team.waitForSync('up_to_date');
    expect(await team.indicator().textContent()).toContain('Up to date');
    expect((await manifestPuts()).length).toBe(1);

    // the Jobs list shows it synced
    await s.page.evaluate(() => (window.location.hash = '#/jobs'));
    await s.page.locator(`.job-row[data-job="${job.id}"] [data-sync-state="synced"]`).waitFor({ timeout: 30_000 });
    await s.screenshot('jobs-synced');
  });

  it('lists another seat’s job in the Team library, finds it by search, pulls and opens it', async () => {
    // another seat: its own data folder and Workbench, the same store; it makes a flange and syncs
    const dir = mkdtempSync(join(tmpdir(), 'tezgah-e2e-seat-'));
    const other = new Workbench({ dataDir: dir, lang: 'en', poolSize: 1 });
    let remoteId = '';
    try {
      const flange = findTemplate('flange')!;
      const params = Object.fromEntries(flange.params.map((p) => [p.name, p.default]));
      remoteId = (await other.jobs.submit({ type: 'template', template: 'flange', params })).id;
      for (let j = other.jobs.get(remoteId); j.status !== 'succeeded'; j = other.jobs.get(remoteId)) {
        if (j.status === 'failed' || j.status === 'cancelled') throw new Error(`the other seat's job ${j.status}`);
        await new Promise((r) => setTimeout(r, 300));
      }
      const service = createSyncService(other, APP_VERSION, {
        endpoint: s3.endpoint,
        region: 'us-east-1',
        bucket: 'team',
        prefix: 'e2e',
        forcePathStyle: true,
        credentials: { ...S3RVER_CREDENTIALS },
      });
      const r = await service.syncOnce();
      await service.dispose();
      expect(r.errors).toEqual([]);
    } finally {
      await other.dispose();
      rmSync(dir, { recursive: true, force: true });
    }

    const team = new TeamPage(s.page);
    await team.open();
    await team.refresh();
    await team.row(remoteId).waitFor({ timeout: 30_000 });
    expect(await team.rows().count()).toBe(2);
    await team.search('flange');
    await s.page.locator('.team-table tbody tr').nth(1).waitFor({ state: 'detached' });
    expect(await team.rows().count()).toBe(1);
    await s.screenshot('team-library');

    await team.row(remoteId).locator('[data-action="pull"]').click();
    await team.row(remoteId).locator('[data-action="open"]').click();
    const part = new PartPage(s.page);
    await s.page.locator(`.page.part[data-job="${remoteId}"]`).waitFor();
    await part.waitForStatus('succeeded');
    await part.waitForModel();
    expect((await part.canvasStats()).variance).toBeGreaterThan(50);

    // in the Jobs list it shows as coming from the team
    await s.page.evaluate(() => (window.location.hash = '#/jobs'));
    await s.page.locator(`.job-row[data-job="${remoteId}"] [data-sync-state="pulled"]`).waitFor({ timeout: 30_000 });
    await team.waitForSync('up_to_date');
  });
});
