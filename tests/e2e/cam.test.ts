// CAM in a real browser against the real host, Workbench and FreeCAD 1.1: a prism with a hole
// becomes a verified Grbl program for the 3018 router; the toolpath is drawn over the part beside
// its G-code, lines and segments point at each other, and the program downloads. Then the same on
// the shop-floor screen, by taps.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CamPage } from './pages/CamPage.js';
import { ShopPage } from './pages/ShopPage.js';
import { makeJob, PRISM_WITH_HOLE } from './support/jobs.js';
import { openApp, startSession, type E2eSession } from './support/session.js';

describe('CAM in Chromium', () => {
  let s: E2eSession;
  let part = '';

  beforeAll(async () => {
    s = await startSession();
    part = (await makeJob(s.api, PRISM_WITH_HOLE)).id;
    await openApp(s, '#/cam');
  }, 300_000);

  afterAll(async () => {
    await s?.close();
  });

  afterEach(() => {
    expect(s.pageErrors).toEqual([]);
  });

  it('generates a verified Grbl program for prism-with-hole and shows its toolpath over the part', async () => {
    const cam = new CamPage(s.page);
    await cam.open();
    await cam.choosePart(part);
    await cam.chooseMachine('grbl-3018');
    await cam.setMargin(2);
    await s.screenshot('cam-setup');
    const id = await cam.generate();
    await cam.waitForStatus('succeeded');
    await cam.waitForToolpath();

    // the toolpath canvas is not blank: part, stock and coloured paths
    const px = await cam.canvasStats();
    expect(px.width).toBeGreaterThan(300);
    expect(px.variance).toBeGreaterThan(50);
    expect(px.distinctColours).toBeGreaterThan(50);
    expect(await cam.segmentCount()).toBeGreaterThan(50);

    // the G-code is shown, with our header, and the verifier found nothing
    expect(await cam.lineCount()).toBeGreaterThan(50);
    expect(await cam.gcode().locator('.gcode-line[data-line="1"]').textContent()).toContain('(Tezgah CAM program)');
    expect(await cam.verification().getAttribute('data-ok')).toBe('true');
    expect(await s.page.locator('[data-testid="verification"]').textContent()).toBe('Verified');
    const job = (await s.api.call('jobs.get', { id })).job;
    expect((job.document.result?.cam as { verification: { ok: boolean } }).verification.ok).toBe(true);
    await s.screenshot('cam-result');

    // a cutting line lights its segment in the 3D view
    const before = await cam.canvasStats();
    const line = await cam.clickLine(cam.lineMatching(/^\s*\d+\s*G1 X/));
    expect(await cam.selectedLine()).toBe(line);
    await s.page.locator('[data-testid="selected-line"]').waitFor();
    expect(await s.page.locator('[data-testid="selected-line"]').textContent()).toMatch(new RegExp(`^Line ${line} · [1-9]\\d* segments?`));
    await s.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect((await cam.canvasStats()).signature).not.toBe(before.signature);
    await s.screenshot('cam-line-selected');

    // a click on a segment (a cut near the end of the program, seen from the top) selects its
    // line and scrolls the G-code to it
    const tp = await s.api.call('cam.toolpath', { id });
    const far = tp.segments.lines.findIndex((l, i) => l > tp.gcode.lines - 40 && tp.segments.kinds[i] !== 'r');
    expect(far).toBeGreaterThan(0);
    await cam.tool('top').click();
    await s.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await cam.clickSegment(far);
    await cam.gcode().locator('.gcode-line.selected').waitFor();
    const picked = (await cam.selectedLine())!;
    // the picked segment is one of the moves drawn there (segments may overlap on screen)
    expect(tp.segments.lines.includes(picked)).toBe(true);
    expect(picked).toBeGreaterThan(tp.gcode.lines - 60);
    const box = (await cam.gcode().boundingBox())!;
    const row = (await cam.gcode().locator(`.gcode-line[data-line="${picked}"]`).boundingBox())!;
    expect(row.y).toBeGreaterThanOrEqual(box.y);
    expect(row.y + row.height).toBeLessThanOrEqual(box.y + box.height);
    await s.screenshot('cam-segment-picked');

    // per-operation toggles and the rapids switch change the drawing
    const all = await cam.canvasStats();
    await cam.opToggle(1).uncheck();
    await cam.tool('rapids').click();
    await s.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect((await cam.canvasStats()).signature).not.toBe(all.signature);
    await s.screenshot('cam-toggles');
    await cam.opToggle(1).check();
    await cam.tool('rapids').click();

    // export: the program downloads as the controller expects it
    const download = await cam.export();
    expect(download.suggestedFilename()).toBe('prism-with-hole.nc');
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.startsWith('(Tezgah CAM program)')).toBe(true);
    expect(text).toMatch(/\nM30|\nM2/);
  });

  it('does the same on the shop-floor screen, by taps', async () => {
    const shop = new ShopPage(s.page);
    await shop.open();
    await s.screenshot('shop-parts');
    await shop.tapPart(part);
    await shop.tapMachine('grbl-3018');
    await s.screenshot('shop-generate');
    await shop.generate();
    await shop.verdict().waitFor({ timeout: 120_000 });
    expect(await shop.verdict().getAttribute('data-ok')).toBe('true');
    expect(await shop.step()).toBe('verify');
    await s.page.locator('.shop [data-testid="toolpath-host"][data-state="ready"]').waitFor();
    await s.screenshot('shop-verified');
    const download = await shop.export();
    expect(download.suggestedFilename()).toBe('prism-with-hole.nc');
    expect(await shop.step()).toBe('export');
  });
});
