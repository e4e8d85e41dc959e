// The workbench in a real browser against the real host, Workbench and FreeCAD 1.1: a user's story
// through page objects. Screenshots of each page land in test-results/screenshots/.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { JobsPage } from './pages/JobsPage.js';
import { NewPartPage } from './pages/NewPartPage.js';
import { PartPage } from './pages/PartPage.js';
import { openApp, recordPartStatuses, seenPartStatuses, startSession, type E2eSession } from './support/session.js';

/** 100 × 60 × 20 mm block minus a ⌀10 mm through hole: 120000 − π·5²·20 mm³. */
const PRISM_VOLUME = 120000 - Math.PI * 25 * 20;

describe('Tezgah workbench in Chromium', () => {
  let s: E2eSession;
  /** the prism made in the first story, reused to look at it in other units */
  let prismJob = '';

  beforeAll(async () => {
    s = await startSession();
    await openApp(s);
  }, 300_000);

  afterAll(async () => {
    await s?.close();
  });

  afterEach(() => {
    // every story runs without a script error or a failed request in the page
    expect(s.pageErrors).toEqual([]);
  });

  it('refuses the page, the API socket and downloads without the token (401)', async () => {
    const page = await fetch(`${s.origin}/`);
    expect(page.status).toBe(401);
    expect(((await page.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    expect((await fetch(`${s.origin}/artefacts/1/x.step`)).status).toBe(401);

    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`${s.origin.replace(/^http/, 'ws')}/api`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => reject(new Error('the API socket opened without a token')));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(401);

    // the same socket with the token answers
    expect((await s.api.call('app.info', {})).host).toBe('browser');
  });

  it('makes a prism with a hole from the form, follows it to the end and shows the part', async () => {
    const newPart = new NewPartPage(s.page);
    await newPart.open('prism-with-hole');
    expect(await newPart.field('length').inputValue()).toBe('100');
    await newPart.set({ length: 100, width: 60, height: 20, hole_diameter: 10 });
    await s.screenshot('new-part');

    await recordPartStatuses(s.page);
    const id = await newPart.submitAndOpenJob();
    prismJob = id;
    const part = new PartPage(s.page);
    await part.waitForStatus('succeeded');

    // the page followed the job live: it showed it waiting or running before it succeeded
    const seen = await seenPartStatuses(s.page);
    expect(seen.at(-1)).toBe('succeeded');
    expect(seen.slice(0, -1).some((x) => x === 'queued' || x === 'running')).toBe(true);
    expect(await part.badge().textContent()).toContain('Succeeded');
    const steps = s.page.locator('.steps .step');
    expect(await steps.count()).toBeGreaterThanOrEqual(5);
    expect(await s.page.locator('.steps .step[data-status="done"]').count()).toBe(await steps.count());
    expect(await s.page.locator('.steps .step[data-step="export_step"] .step-name').textContent()).toBe('Export STEP');

    // the viewer drew the part: a shaded model, not a blank canvas
    await part.waitForModel();
    const px = await part.canvasStats();
    expect(px.width).toBeGreaterThan(300);
    expect(px.variance).toBeGreaterThan(100);
    expect(px.distinctColours).toBeGreaterThan(50);

    // metrics as FreeCAD measured them, formatted for the reader
    expect(Math.abs((await part.metricValue('volume')) - PRISM_VOLUME)).toBeLessThanOrEqual(0.1);
    expect(await part.metricText('volume')).toBe('118,429.2 mm³');
    expect(await part.metricText('bbox')).toBe('100 × 60 × 20 mm');
    expect(await part.metricValue('solids')).toBe(1);

    // a click on the top face (iso view, centre of the canvas) picks it: id and area from _FACE_ID
    await part.clickCanvas();
    const face = s.page.locator('[data-readout="face"]');
    await face.waitFor();
    const faceId = Number(await face.locator('dd').first().getAttribute('data-value'));
    expect(Number.isInteger(faceId)).toBe(true);
    const area = Number(await face.locator('dd').nth(1).getAttribute('data-value'));
    const topFace = 100 * 60 - Math.PI * 25;
    expect(Math.abs(area - topFace) / topFace).toBeLessThan(0.005);
    await s.screenshot('part');

    // measuring: two clicks on the part give a distance; Esc leaves measuring
    await part.tool('top');
    await part.tool('measure');
    await part.clickCanvas(-80, 0);
    await part.clickCanvas(80, 0);
    const measured = s.page.locator('[data-readout="measure"] dd').first();
    await measured.waitFor();
    expect(Number(await measured.getAttribute('data-value'))).toBeGreaterThan(10);
    await s.page.keyboard.press('Escape');
    await s.page.locator('[data-readout="measure"]').waitFor({ state: 'detached' });

    // W toggles the wireframe; F fits the part back into view
    await s.page.keyboard.press('w');
    await s.page.locator('[data-tool="wireframe"][aria-pressed="true"]').waitFor();
    await s.page.keyboard.press('f');
    await s.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect((await part.canvasStats()).variance).toBeGreaterThan(10);
    await s.page.keyboard.press('w');
    await s.page.locator('[data-tool="wireframe"][aria-pressed="false"]').waitFor();

    // the STEP file downloads from the host
    const download = await part.download('step');
    expect(download.suggestedFilename()).toBe('prism-with-hole.step');
    const step = readFileSync((await download.path())!, 'latin1');
    expect(step.startsWith('ISO-10303-21')).toBe(true);

    // "Export as": STEP AP242 and a 3MF for the printer, as a new job with its own files
    await s.page.locator('.export-panel input[data-format="3mf"]').check();
    await s.page.locator('.export-panel button[data-action="export"]').click();
    await s.page.locator(`.page.part[data-status="succeeded"]:not([data-job="${id}"])`).waitFor({ timeout: 60_000 });
    await s.screenshot('export');
    const m3 = await part.download('3mf');
    expect(m3.suggestedFilename()).toBe('prism-with-hole.3mf');
    expect(
      readFileSync((await m3.path())!)
        .subarray(0, 2)
        .toString('latin1'),
    ).toBe('PK');
    const ap242 = readFileSync((await (await part.download('step')).path())!, 'latin1');
    expect(ap242).toContain('AP242_MANAGED_MODEL_BASED_3D_ENGINEERING');

    // Alt+J (Ctrl+J in the app) opens the job list, where the job shows as succeeded
    await s.page.keyboard.press('Alt+J');
    const jobs = new JobsPage(s.page);
    await jobs.waitForStatus(id, 'succeeded');
    await s.screenshot('jobs');
  });

  it('shows the wall rule inline, in the current language, and creates no job', async () => {
    const before = (await s.api.call('jobs.list', {})).length;
    const newPart = new NewPartPage(s.page);
    await newPart.open('prism-with-hole');
    await newPart.set({ hole_diameter: 59 });
    expect(await newPart.errorFor('hole_diameter')).toBe('leaves a wall of 0.5 mm; at least 1 mm is needed');
    expect(await newPart.field('hole_diameter').getAttribute('aria-invalid')).toBe('true');

    await newPart.submit();
    await s.page.keyboard.press('Control+Enter');
    await newPart.summary().waitFor();
    expect(await newPart.summary().textContent()).toBe('Fix the highlighted field first.');
    expect(new URL(s.page.url()).hash).toBe('#/new/prism-with-hole');
    await s.screenshot('new-part-invalid');

    // the message follows the language, live (Ctrl+Shift+L switches Turkish ↔ English)
    await s.page.keyboard.press('Control+Shift+L');
    await s.page.locator('html[lang="tr"]').waitFor();
    expect(await newPart.errorFor('hole_diameter')).toBe('0,5 mm duvar bırakıyor; en az 1 mm gerekli');
    await s.screenshot('new-part-invalid-tr');
    await s.page.keyboard.press('Control+Shift+L');
    await s.page.locator('html[lang="en"]').waitFor();

    expect((await s.api.call('jobs.list', {})).length).toBe(before);
  });

  it('cancels a long job and shows it cancelled', async () => {
    const newPart = new NewPartPage(s.page);
    await newPart.open('plate-with-hole-pattern');
    // 1,600 holes: many boolean cuts, several seconds of FreeCAD work
    await newPart.set({ thickness: 8, rows: 40, columns: 40, pitch_x: 12, pitch_y: 12, margin: 10, hole_diameter: 4 });
    const id = await newPart.submitAndOpenJob();
    const part = new PartPage(s.page);
    await part.waitForStatus('running', 60_000);
    await s.screenshot('part-running');
    await part.cancel();
    await part.waitForStatus('cancelled', 30_000);
    expect(await part.badge().textContent()).toContain('Cancelled');
    expect((await s.api.call('jobs.get', { id })).job.status).toBe('cancelled');

    const jobs = new JobsPage(s.page);
    await jobs.open();
    await jobs.waitForStatus(id, 'cancelled');
    await jobs.filterStatus('cancelled');
    expect(await jobs.rows().count()).toBe(1);
    expect(await jobs.row(id).locator('button[data-action="retry"]').count()).toBe(1);
    await jobs.filterStatus('all');
  });

  it('switches the whole UI to Turkish from Settings and back', async () => {
    await s.page.evaluate(() => (window.location.hash = '#/settings'));
    await s.page.locator('[data-testid="runtime"] [data-found]').waitFor({ timeout: 30_000 });
    expect(await s.page.locator('[data-testid="runtime"] [data-found]').getAttribute('data-found')).toBe('true');
    expect(await s.page.locator('[data-testid="data-dir"]').textContent()).toBe(s.dataDir);
    await s.screenshot('settings');

    await s.page.locator('#set-lang').selectOption('tr');
    await s.page.locator('h1', { hasText: 'Ayarlar' }).waitFor();
    expect(await s.page.locator('[data-nav="new"]').textContent()).toBe('Yeni parça');
    expect(await s.page.locator('[data-nav="jobs"]').textContent()).toContain('İşler');
    expect(await s.page.locator('html').getAttribute('lang')).toBe('tr');
    expect((await s.api.call('settings.get', {})).lang).toBe('tr');
    await s.screenshot('settings-tr');

    const jobs = new JobsPage(s.page);
    await jobs.open();
    await s.page.locator('.job-row[data-status="succeeded"] .badge', { hasText: 'Başarılı' }).first().waitFor();
    await s.page.locator('.job-row[data-status="cancelled"] .badge', { hasText: 'İptal edildi' }).first().waitFor();
    await s.screenshot('jobs-tr');

    await s.page.evaluate(() => (window.location.hash = '#/library/materials'));
    await s.page.locator('h1', { hasText: 'Kütüphane' }).waitFor();
    await s.page.locator('table tbody tr').first().waitFor();
    await s.screenshot('library-tr');

    await s.page.evaluate(() => (window.location.hash = '#/settings'));
    await s.page.locator('#set-lang').selectOption('en');
    await s.page.locator('h1', { hasText: 'Settings' }).waitFor();
    expect(await s.page.locator('[data-nav="new"]').textContent()).toBe('New part');
  });

  it('shows lengths, areas and volumes in inches when chosen, and submits millimetres', async () => {
    expect(prismJob).not.toBe('');
    await s.page.evaluate(() => (window.location.hash = '#/settings'));
    await s.page.locator('input[name="units"][value="inch"]').check();
    const part = new PartPage(s.page);
    await part.open(prismJob);
    await part.metric('volume').locator('dd', { hasText: 'in³' }).waitFor();
    expect(await part.metricText('volume')).toBe('7.227 in³'); // 118429.2 mm³ / 25.4³
    expect(await part.metricText('bbox')).toBe('3.937 × 2.3622 × 0.7874 in');
    expect(await part.metricValue('volume')).toBeCloseTo(PRISM_VOLUME, 1);

    const newPart = new NewPartPage(s.page);
    await newPart.open('prism-with-hole');
    expect(await newPart.field('length').inputValue()).toBe('3.937');
    expect(await s.page.locator('.field[data-field="length"] .unit').textContent()).toBe('in');
    await newPart.set({ hole_diameter: 2.3 });
    expect(await newPart.errorFor('hole_diameter')).toMatch(/^leaves a wall of 0\.0\d+ in; at least 0\.0394 in is needed$/);
    await newPart.set({ hole_diameter: 0.5 });
    expect(await newPart.errorFor('hole_diameter')).toBe('');
    const id = await newPart.submitAndOpenJob();
    const { job } = await s.api.call('jobs.get', { id });
    // typed 0.5 in is 12.7 mm; the untouched 100 mm stays exactly 100 (not 3.937 in × 25.4)
    expect(job.spec).toMatchObject({ template: 'prism-with-hole', params: { length: 100, width: 60, height: 20, hole_diameter: 12.7 } });
    await part.waitForStatus('succeeded');

    await s.page.evaluate(() => (window.location.hash = '#/settings'));
    await s.page.locator('input[name="units"][value="mm"]').check();
    expect((await s.api.call('settings.get', {})).units).toBe('mm');
  });

  it('edits the library: a new tool is validated, saved and listed', async () => {
    await s.page.evaluate(() => (window.location.hash = '#/library/tools'));
    await s.page.locator('.tab.active', { hasText: 'Tools' }).waitFor();
    await s.page.locator('.tabs .btn.primary').click();
    const editor = s.page.locator('form.editor');
    await editor.locator('button[type="submit"]').click();
    await editor.locator('.field.invalid').first().waitFor();
    await editor.locator('#lib-id').fill('e2e-drill-5');
    await editor.locator('#lib-name').fill('5 mm test drill');
    await editor.locator('#lib-number').fill('42');
    await editor.locator('#lib-type').selectOption('drill');
    // the messages go as soon as the fields are right
    await editor.locator('.field.invalid').first().waitFor({ state: 'detached' });
    await s.screenshot('library');
    await editor.locator('button[type="submit"]').click();
    await s.page.locator('tr[data-entry="e2e-drill-5"]').waitFor();
    const tools = await s.api.call('library.tools', {});
    expect(tools.find((t) => t.id === 'e2e-drill-5')).toMatchObject({ number: 42, type: 'drill', name: '5 mm test drill' });
  });
});
