// The Drawing and Simulation tabs of a part page in a real browser against the real host, Workbench,
// FreeCAD 1.1 (TechDraw) and CalculiX: prism-with-hole gets a drawing whose sheet shows as an image
// and whose files download with the stored bytes; a steel cantilever (block template) fixed at
// x-min and loaded at x-max shows its numbers, checked against beam theory; then in Turkish.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PartPage } from './pages/PartPage.js';
import { PartTabs } from './pages/PartTabs.js';
import { canvasStats } from './support/canvas.js';
import { makeJob } from './support/jobs.js';
import { openApp, startSession, type E2eSession } from './support/session.js';

describe('Drawing and Simulation tabs in Chromium', () => {
  let s: E2eSession;
  let prism = '';
  let beam = '';

  beforeAll(async () => {
    s = await startSession();
    prism = (
      await makeJob(s.api, {
        type: 'template',
        template: 'prism-with-hole',
        params: { length: 100, width: 60, height: 20, hole_diameter: 10 },
      })
    ).id;
    beam = (
      await makeJob(s.api, { type: 'template', template: 'block', params: { length: 100, width: 10, height: 10 }, material: 'steel-s235' })
    ).id;
    await openApp(s, '#/jobs');
  }, 300_000);

  afterAll(async () => {
    await s?.close();
  });

  afterEach(() => {
    expect(s.pageErrors).toEqual([]);
  });

  it('makes a drawing of prism-with-hole, shows the sheet and downloads its files', async () => {
    const page = new PartPage(s.page);
    const tabs = new PartTabs(s.page);
    await page.open(prism);
    await tabs.openTab('drawing');
    await s.page.locator('#drawing-sheet').selectOption('A4');
    await s.page.locator('input[name="drawing-projection"][value="first"]').check();
    // without a view the form says so and sends nothing
    for (const v of ['front', 'top', 'right', 'iso']) await s.page.locator(`input[name="drawing-view"][value="${v}"]`).uncheck();
    await tabs.makeDrawing();
    expect(await s.page.locator('.drawing-form .field-error').textContent()).toBe('Choose at least one view.');
    for (const v of ['front', 'top', 'right', 'iso']) await s.page.locator(`input[name="drawing-view"][value="${v}"]`).check();

    // 5:1 on A4 cannot hold a 100 mm part: the coded error with its hint, under the form
    await s.page.locator('#drawing-scale').selectOption('5:1');
    await tabs.makeDrawing();
    await tabs.waitForDrawing('failed');
    const fit = s.page.locator('.drawing-tab .error-box');
    await fit.waitFor();
    expect(await fit.getAttribute('data-code')).toBe('DRAWING_DOES_NOT_FIT');
    expect(await fit.locator('.error-hint').textContent()).toContain('choose a bigger sheet or a smaller scale');
    await s.screenshot('drawing-does-not-fit');

    await s.page.locator('#drawing-scale').selectOption('');
    await tabs.makeDrawing();
    await s.page.locator('.drawing-tab [role="progressbar"]').waitFor();
    await tabs.waitForDrawing();
    const img = await tabs.waitForSheetImage();
    // A4 landscape, 297 × 210 mm: the image keeps its aspect
    expect(img.width / img.height).toBeCloseTo(297 / 210, 1);
    expect(new URL(img.src).pathname).toMatch(/^\/artefacts\/\d+\/.+\.svg$/);
    // the sheet is an image, not markup in the page
    expect(await s.page.locator('.drawing-tab svg').count()).toBe(0);
    expect(await s.page.locator('.drawing-result').getAttribute('data-sheet')).toBe('A4');
    const dims = await s.page.locator('.dim-list li').evaluateAll((els) => els.map((e) => e.getAttribute('data-dim')));
    for (const d of ['100', '60', '20', '⌀10']) expect(dims).toContain(d);
    for (const kind of ['pdf', 'svg', 'dxf', 'fcstd']) await tabs.downloadButton(kind).waitFor();
    await s.screenshot('drawing-sheet');

    // the files download with the stored bytes and their own types
    const id = (await tabs.drawing().getAttribute('data-job'))!;
    const sheet = await s.api.call('drawing.sheet', { id });
    for (const kind of ['pdf', 'dxf'] as const) {
      const d = await tabs.download(kind);
      const bytes = readFileSync((await d.path())!);
      const art = sheet.artefacts.find((a) => a.kind === kind)!;
      expect(d.suggestedFilename()).toBe(art.name);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(art.sha256);
      if (kind === 'pdf') expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      else expect(bytes.toString('latin1')).toContain('DIMENSION');
    }
    const svgType = await s.page.evaluate(async (src) => (await fetch(src)).headers.get('content-type'), img.src);
    expect(svgType).toMatch(/^image\/svg\+xml/);
  });

  it('runs a static analysis of a cantilever and shows its numbers at the form', async () => {
    const page = new PartPage(s.page);
    const tabs = new PartTabs(s.page);
    await page.open(beam);
    await tabs.openTab('simulation');
    await s.page.locator('#fem-material option[value="steel-s235"]').waitFor({ state: 'attached' });
    await s.page.locator('#fem-material').selectOption('steel-s235');

    // no support: the server's coded error with its hint, at the form
    await s.page.locator('[data-row="fem-support-0"] button[aria-label^="Remove"]').click();
    await tabs.runFem();
    await tabs.formError().waitFor();
    expect(await tabs.formError().getAttribute('data-code')).toBe('FEM_RIGID_BODY');
    expect(await tabs.formError().locator('.error-hint').textContent()).toContain('x-min');

    // x-min fixed (chosen from the list), 100 N down on x-max
    await s.page.locator('button[data-action="add-support"]').click();
    await s.page.locator('select[data-side-for="fem-support-0"]').selectOption('x-min');
    expect(await s.page.locator('#fem-support-0').inputValue()).toBe('x-min');
    await s.page.locator('#fem-load-0').fill('x-max');
    await s.page.locator('#fem-load-0-fz').fill('-100');

    // a face picked in the 3D view goes into a row by its FreeCAD name
    await s.page.locator('.fem-side .viewer-host[data-state="ready"] canvas').waitFor();
    await s.page.locator('.fem-side [data-view="top"]').click();
    const box = (await s.page.locator('.fem-side .viewer-host canvas').boundingBox())!;
    await s.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const faceId = Number(await s.page.locator('[data-readout="face"] dd').first().getAttribute('data-value'));
    expect(await s.page.locator('[data-readout="face"] dd').first().textContent()).toBe(`Face${faceId + 1}`);
    await s.page.locator('[data-row="fem-support-0"] button[data-action="use-picked"]').click();
    expect(await s.page.locator('#fem-support-0').inputValue()).toBe(`x-min, Face${faceId + 1}`);
    await s.page.locator('#fem-support-0').fill('x-min');

    // a mesh far too fine: SIM_LIMIT_EXCEEDED at the form, with a size that fits one click away
    await s.page.locator('#fem-mesh').fill('0.2');
    await tabs.runFem();
    await tabs.waitForFem('failed');
    await tabs.formError().waitFor();
    expect(await tabs.formError().getAttribute('data-code')).toBe('SIM_LIMIT_EXCEEDED');
    expect(await tabs.formError().locator('.error-hint').textContent()).toMatch(/mesh size of about [\d.]+ mm/);
    await s.screenshot('fem-limit');
    await tabs.formError().locator('button[data-action="error-retry"]').click();
    expect(Number(await s.page.locator('#fem-mesh').inputValue())).toBeGreaterThan(0.2);

    await s.page.locator('#fem-mesh').fill('4');
    await s.screenshot('fem-setup');
    await tabs.runFem();
    await s.page.locator('.fem-tab [role="progressbar"]').waitFor();
    await tabs.waitForFem();
    await s.page.locator('.fem-results').waitFor();

    // the part coloured by von Mises stress from the nodal results, the legend in MPa up to the maximum
    const legend = s.page.locator('.field-legend .legend');
    await legend.waitFor();
    await s.page.locator('.fem-side .viewer-host[data-colored="true"][data-state="ready"]').waitFor();
    await s.page.locator('.fem-side [data-view="iso"]').click();
    await s.page.keyboard.press('Escape'); // the picked face's highlight off
    await s.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const plain = await canvasStats(s.page, '.fem-side .viewer-host canvas');
    expect(plain.distinctColours).toBeGreaterThan(50);
    expect(Number(await legend.getAttribute('data-max'))).toBeCloseTo(await tabs.metricValue('von_mises'), 1);
    expect(await s.page.locator('.legend-ticks span').last().textContent()).toMatch(/^\d+(\.\d)? MPa$/);
    await s.screenshot('fem-result');
    await s.page.locator('input[name="fem-field"][value="u_mm"]').check();
    await s.page.locator('.field-legend[data-field="u_mm"] .legend').waitFor();
    expect(Number(await s.page.locator('.field-legend .legend').getAttribute('data-max'))).toBeCloseTo(
      await tabs.metricValue('displacement'),
      4,
    );
    await s.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect((await canvasStats(s.page, '.fem-side .viewer-host canvas')).signature).not.toBe(plain.signature);
    await s.screenshot('fem-displacement');

    // beam theory: tip deflection F L³ / (3 E I), root stress M c / I
    const steel = (await s.api.call('fem.materials', {})).find((m) => m.id === 'steel-s235')!;
    const E = steel.youngs_modulus_gpa * 1000;
    const I = 10 ** 4 / 12;
    expect((await tabs.metricValue('displacement')) / ((100 * 100 ** 3) / (3 * E * I))).toBeGreaterThan(0.95);
    expect((await tabs.metricValue('displacement')) / ((100 * 100 ** 3) / (3 * E * I))).toBeLessThan(1.05);
    const vm = await tabs.metricValue('von_mises');
    expect(vm).toBeGreaterThan(50);
    expect(vm).toBeLessThan(120);
    expect(await tabs.metricText('von_mises')).toMatch(/MPa at /);
    expect(await tabs.metricValue('safety')).toBeCloseTo(steel.yield_strength_mpa! / vm, 2);
    expect(await tabs.metricValue('balance')).toBeLessThan(0.02);
    expect(await tabs.metricText('applied')).toBe('(0; 0; -100) N');
  });

  it('does both in Turkish', async () => {
    await openApp(s, '#/settings');
    await s.page.locator('#set-lang').selectOption('tr');
    await s.page.locator('html[lang="tr"]').waitFor({ state: 'attached' });
    const page = new PartPage(s.page);
    const tabs = new PartTabs(s.page);
    await page.open(beam);
    expect(await tabs.tab('simulation').textContent()).toBe('Simülasyon');
    await tabs.openTab('simulation');
    await s.page.locator('.fem-results').waitFor();
    // the English run's numbers, in Turkish words and with decimal commas
    expect(await tabs.metricText('applied')).toBe('(0; 0; -100) N');
    expect(await s.page.locator('.fem-results .metric[data-metric="von_mises"] dt').textContent()).toBe('En büyük von Mises gerilmesi');
    expect(await tabs.metricText('von_mises')).toMatch(/^\d+(,\d+)? MPa konum \d+,\d+ mm, /);
    // a modal run in Turkish
    await s.page.locator('input[name="fem-analysis"][value="modal"]').check();
    await s.page.locator('#fem-modes').fill('2');
    await tabs.runFem();
    await s.page.locator('.fem-results[data-analysis="modal"]').waitFor({ timeout: 150_000 });
    // first bending mode of the cantilever, Euler–Bernoulli: (1.875²/2π) √(EI/ρA) / L²
    const steel = (await s.api.call('fem.materials', {})).find((m) => m.id === 'steel-s235')!;
    const EI = steel.youngs_modulus_gpa * 1e9 * (0.01 ** 4 / 12);
    const rhoA = steel.density_g_cm3 * 1000 * 0.01 * 0.01;
    const f1 = ((1.875104 ** 2 / (2 * Math.PI)) * Math.sqrt(EI / rhoA)) / 0.1 ** 2;
    expect((await tabs.metricValue('mode-1')) / f1).toBeGreaterThan(0.97);
    expect((await tabs.metricValue('mode-1')) / f1).toBeLessThan(1.03);
    expect(await s.page.locator('.fem-results .metric[data-metric="mode-1"] dt').textContent()).toBe('1. mod');
    await s.screenshot('fem-modal-tr');

    await page.open(prism);
    await tabs.openTab('drawing');
    expect(await s.page.locator('button[data-action="make-drawing"]').textContent()).toBe('Yeniden oluştur');
    await tabs.waitForSheetImage();
    await s.screenshot('drawing-sheet-tr');
  });
});
