// The CAM page as a person uses it: choose a part and a machine, set the stock margin, generate,
// then read the toolpath beside its G-code, follow lines and segments both ways, and export.
import type { Download, Locator, Page } from 'playwright-core';
import { canvasStats, type CanvasStats } from '../support/canvas.js';

export class CamPage {
  constructor(readonly page: Page) {}

  async open(partJob?: string): Promise<void> {
    await this.page.evaluate((p) => (window.location.hash = p ? `#/cam/part/${p}` : '#/cam'), partJob ?? '');
    await this.page.locator('form.cam-setup #cam-machine option[value]:not([value=""])').first().waitFor({ state: 'attached' });
  }

  async choosePart(jobId: string): Promise<void> {
    await this.page.locator('#cam-part').selectOption(jobId);
  }

  async chooseMachine(id: string): Promise<void> {
    await this.page.locator('#cam-machine').selectOption(id);
  }

  async setMargin(mm: number): Promise<void> {
    await this.page.locator('#cam-margin').fill(String(mm));
  }

  /** Generates and waits for the CAM job's page; returns its id. */
  async generate(): Promise<string> {
    await this.page.locator('form.cam-setup button[data-action="generate"]').click();
    await this.page.waitForURL(/#\/cam\/[0-9a-f-]{36}$/);
    return decodeURIComponent(new URL(this.page.url()).hash.replace('#/cam/', ''));
  }

  async waitForStatus(status: string, timeout = 120_000): Promise<void> {
    await this.page.locator(`.page.cam[data-status="${status}"]`).waitFor({ timeout });
  }

  /** Waits until the toolpath (and the part under it) is drawn. */
  async waitForToolpath(timeout = 30_000): Promise<void> {
    await this.page.locator('[data-testid="toolpath-host"][data-state="ready"] canvas').waitFor({ timeout });
    await this.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }

  segmentCount(): Promise<number> {
    return this.page.locator('[data-testid="toolpath-host"]').getAttribute('data-segments').then(Number);
  }

  gcode(): Locator {
    return this.page.locator('.gcode');
  }

  /** Lines of the program (the view knows all of them; only those in view are in the DOM). */
  async lineCount(): Promise<number> {
    return Number(await this.gcode().getAttribute('data-lines'));
  }

  async selectedLine(): Promise<number | null> {
    const v = await this.gcode().getAttribute('data-selected');
    return v ? Number(v) : null;
  }

  /** The first line in view whose text matches. */
  lineMatching(re: RegExp): Locator {
    return this.page.locator('.gcode-line').filter({ hasText: re }).first();
  }

  async clickLine(line: Locator): Promise<number> {
    await line.click();
    return Number(await line.getAttribute('data-line'));
  }

  /** Clicks the middle of a segment in the 3D view (the viewer says where it is on screen). */
  async clickSegment(index: number): Promise<void> {
    const p = await this.page.evaluate((i) => {
      const host = document.querySelector('[data-testid="toolpath-host"]') as HTMLElement & {
        segmentScreenPoint(i: number): { x: number; y: number };
      };
      return host.segmentScreenPoint(i);
    }, index);
    await this.page.mouse.click(p.x, p.y);
  }

  verification(): Locator {
    return this.page.locator('.verify-panel');
  }

  tool(name: string): Locator {
    return this.page.locator(`.toolpath-viewer [data-tool="${name}"], .toolpath-viewer [data-view="${name}"]`);
  }

  opToggle(index: number): Locator {
    return this.page.locator(`input[data-toggle-op="${index}"]`);
  }

  /** Exports the G-code (a browser download in browser mode). */
  async export(): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.locator('button[data-export="gcode"]').click()]);
    return download;
  }

  /** Pixel statistics of the toolpath canvas: ~0 variance when blank. */
  async canvasStats(): Promise<CanvasStats> {
    return canvasStats(this.page, '[data-testid="toolpath-host"] canvas');
  }
}
