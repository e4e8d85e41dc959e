// Manufacturability in a real browser against the real host, Workbench and FreeCAD 1.1: on the part
// page of an L-bracket (holes in its upright leg), a milling check from +Z finds the undercut the
// horizontal holes make; clicking the finding colours its faces in the 3D view. A prism with a hole
// prints (FDM) without a blocking finding.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findTemplate, templateDefaults } from '../../shared/templates.js';
import { PartPage } from './pages/PartPage.js';
import { makeJob, PRISM_WITH_HOLE } from './support/jobs.js';
import { openApp, startSession, type E2eSession } from './support/session.js';

describe('Manufacturability in Chromium', () => {
  let s: E2eSession;
  let bracket = '';
  let prism = '';

  beforeAll(async () => {
    s = await startSession();
    bracket = (await makeJob(s.api, { type: 'template', template: 'l-bracket', params: templateDefaults(findTemplate('l-bracket')!) })).id;
    prism = (await makeJob(s.api, PRISM_WITH_HOLE)).id;
    await openApp(s, '#/jobs');
  }, 300_000);

  afterAll(async () => {
    await s?.close();
  });

  afterEach(() => {
    expect(s.pageErrors).toEqual([]);
  });

  it('checks an L-bracket for milling and shows the undercut faces in the 3D view', async () => {
    const part = new PartPage(s.page);
    await part.open(bracket);
    await part.waitForModel();
    const panel = s.page.locator('[data-testid="dfm-panel"]');
    await panel.locator('select[data-field="dfm-process"]').selectOption('milling');
    await panel.locator('button[data-action="dfm-check"]').click();
    const verdict = panel.locator('.dfm-verdict');
    await verdict.waitFor({ timeout: 120_000 });
    expect(await verdict.getAttribute('data-ok')).toBe('false');
    const finding = panel.locator('li[data-code="DFM_UNDERCUT"] button');
    expect(await finding.textContent()).toMatch(/Face\d+/);
    const host = s.page.locator('[data-testid="viewer-host"]');
    expect(await host.getAttribute('data-focused-faces')).toBe('0');
    await finding.click();
    await s.page.locator('[data-testid="viewer-host"]:not([data-focused-faces="0"])').waitFor();
    expect(Number(await host.getAttribute('data-focused-faces'))).toBeGreaterThan(0);
    expect(await finding.getAttribute('aria-pressed')).toBe('true');
    await s.screenshot('dfm-undercut');
    // a second click clears the highlight
    await finding.click();
    await s.page.locator('[data-testid="viewer-host"][data-focused-faces="0"]').waitFor();
  });

  it('a prism with a hole prints without a blocking finding', async () => {
    const part = new PartPage(s.page);
    await part.open(prism);
    const panel = s.page.locator('[data-testid="dfm-panel"]');
    await panel.locator('select[data-field="dfm-process"]').selectOption('fdm');
    await panel.locator('button[data-action="dfm-check"]').click();
    const verdict = panel.locator('.dfm-verdict');
    await verdict.waitFor({ timeout: 120_000 });
    expect(await verdict.getAttribute('data-ok')).toBe('true');
    expect(await panel.locator('li[data-code="DFM_PRINT_ESTIMATE"]').count()).toBe(1);
  });
});
