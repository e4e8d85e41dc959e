// Import in a real browser: STEP files dropped onto the window go up to the host (POST /upload),
// each becomes an import job run by the real FreeCAD 1.1, and the part page shows the import
// report beside the 3D view. Upload refusals (no token, too big, cross-site) are checked too.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ImportDrop } from './pages/ImportDrop.js';
import { PartPage } from './pages/PartPage.js';
import { REPO } from './support/renderer-build.js';
import { openApp, startSession, type E2eSession } from './support/session.js';

const fixture = (name: string) => readFileSync(join(REPO, 'tests', 'fixtures', 'cad', name));

describe('Import in Chromium', () => {
  let s: E2eSession;

  beforeAll(async () => {
    s = await startSession();
    await openApp(s, '#/new');
  }, 300_000);

  afterAll(async () => {
    await s?.close();
  });

  afterEach(() => {
    expect(s.pageErrors).toEqual([]);
  });

  it('imports a STEP file dropped on the New part page and shows the report beside the part', async () => {
    await s.page.locator('[data-testid="import-card"]').waitFor();
    await s.screenshot('import-card');
    const drop = new ImportDrop(s.page);
    await drop.drop([{ name: 'screw.step', bytes: fixture('screw.step') }], '[data-testid="import-card"]');

    // one file: its part page opens and follows the job
    await s.page.waitForURL(/#\/part\/.+/);
    const part = new PartPage(s.page);
    await part.waitForStatus('succeeded');
    await part.waitForModel();
    expect((await part.canvasStats()).variance).toBeGreaterThan(50);

    const report = s.page.locator('[data-testid="import-report"]');
    await report.waitFor();
    expect(await report.getAttribute('data-format')).toBe('step');
    expect(await report.locator('[data-report="file"] dd').textContent()).toBe('screw.step');
    expect(await report.locator('[data-report="units-used"] dd').textContent()).toMatch(/^mm/);
    expect(await report.locator('.report-list li[data-kind="solid"]').count()).toBeGreaterThan(0);
    expect(await part.metricValue('solids')).toBeGreaterThan(0);
    await s.screenshot('import-part');

    // the file went to the host's upload folder, under its own name, and the job read it from there
    const id = decodeURIComponent(new URL(s.page.url()).hash.replace('#/part/', ''));
    const job = (await s.api.call('jobs.get', { id })).job;
    expect(job.spec.type).toBe('import');
    const path = (job.spec as { path: string }).path;
    expect(path.startsWith(join(s.dataDir, 'uploads'))).toBe(true);
    expect(path.endsWith('/screw.step')).toBe(true);
  });

  it('makes one import job per file when several are dropped, each with its progress', async () => {
    await s.page.evaluate(() => (window.location.hash = '#/jobs'));
    const drop = new ImportDrop(s.page);
    await drop.drop([
      { name: 'base_interface_AP214.STEP', bytes: fixture('base_interface_AP214.STEP') },
      { name: 'cube.stl', bytes: fixture('cube-binary-solid-header.stl') },
    ]);
    const a = drop.trayItem('base_interface_AP214.STEP');
    const b = drop.trayItem('cube.stl');
    await a.locator('.badge').waitFor({ timeout: 30_000 });
    await b.locator('.badge').waitFor({ timeout: 30_000 });
    await s.screenshot('import-tray');
    await s.page.locator('.tray-item[data-status="succeeded"]').nth(1).waitFor({ timeout: 120_000 });
    expect(await drop.tray().locator('.tray-item[data-status="succeeded"]').count()).toBe(2);
    // still on the job list, where both jobs show
    expect(new URL(s.page.url()).hash).toBe('#/jobs');
    for (const item of [a, b]) {
      const id = await item.getAttribute('data-job');
      await s.page.locator(`.job-row[data-job="${id}"][data-status="succeeded"]`).waitFor();
    }
  });

  it('refuses uploads without the token, from another site, or beyond the limit', async () => {
    const url = `${s.origin}/upload`;
    const body = fixture('screw.step');
    const headers = { 'X-Tezgah-Upload': '1', 'X-File-Name': 'screw.step', 'Content-Type': 'application/octet-stream' };
    expect((await fetch(url, { method: 'POST', headers, body })).status).toBe(401);
    const auth = { ...headers, Authorization: `Bearer ${s.host.token}` };
    expect((await fetch(url, { method: 'POST', headers: { ...auth, Origin: 'http://evil.example' }, body })).status).toBe(403);
    const { 'X-Tezgah-Upload': _, ...noMarker } = auth;
    expect((await fetch(url, { method: 'POST', headers: noMarker, body })).status).toBe(403);
    // a declared size beyond the limit is refused before a byte is stored
    const big = await new Promise<number>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { ...auth, 'Content-Length': String(600 * 1024 * 1024) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(body.subarray(0, 1024));
    });
    expect(big).toBe(413);
    const ok = await fetch(url, { method: 'POST', headers: { ...auth, 'X-File-Name': encodeURIComponent('../../etc/şaft.step') }, body });
    expect(ok.status).toBe(200);
    // the answer is a grant for the copy (electron/platform/file-grants.ts), never its host path
    const file = (await ok.json()) as { ref: string; name: string; size: number; path?: string };
    expect(file.name).toBe('şaft.step');
    expect(file.size).toBe(body.length);
    expect(file.ref).toMatch(/^file-grant:[0-9a-f]{32}$/);
    expect(file.path).toBeUndefined();
  });
});
