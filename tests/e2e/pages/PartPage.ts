// A job's part page: status and progress, the 3D viewer, metrics and files.
import type { Download, Locator, Page } from 'playwright-core';
import { canvasStats, type CanvasStats } from '../support/canvas.js';

export class PartPage {
  constructor(readonly page: Page) {}

  async open(id: string): Promise<void> {
    await this.page.evaluate((j) => (window.location.hash = `#/part/${encodeURIComponent(j)}`), id);
    await this.page.locator(`.page.part[data-job="${id}"]`).waitFor();
  }

  status(): Promise<string | null> {
    return this.page.locator('.page.part').getAttribute('data-status');
  }

  async waitForStatus(status: string, timeout = 120_000): Promise<void> {
    await this.page.locator(`.page.part[data-status="${status}"]`).waitFor({ timeout });
  }

  badge(): Locator {
    return this.page.locator('.page-header .badge');
  }

  async cancel(): Promise<void> {
    await this.page.locator('.page-header button[data-action="cancel"]').click();
  }

  /** Waits until the GLB is loaded and drawn. */
  async waitForModel(timeout = 30_000): Promise<void> {
    await this.page.locator('.viewer-host[data-state="ready"] canvas').waitFor({ timeout });
    // rendering happens on the next animation frame
    await this.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }

  /**
   * Reads the viewer's pixels (the WebGL buffer is preserved) and returns their luminance spread:
   * ~0 for a blank or single-colour canvas, large when a shaded part is drawn.
   */
  async canvasStats(): Promise<CanvasStats> {
    return canvasStats(this.page, '.viewer-host canvas');
  }

  metric(key: string): Locator {
    return this.page.locator(`.metric[data-metric="${key}"]`);
  }

  async metricText(key: string): Promise<string> {
    return ((await this.metric(key).locator('dd').textContent()) ?? '').trim();
  }

  async metricValue(key: string): Promise<number> {
    return Number(await this.metric(key).getAttribute('data-value'));
  }

  /** Clicks Save on an artefact of this kind and returns the browser download. */
  async download(kind: string): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.locator(`button[data-save="${kind}"]`).click()]);
    return download;
  }

  async tool(name: string): Promise<void> {
    await this.page.locator(`.viewer-toolbar [data-tool="${name}"], .viewer-toolbar [data-view="${name}"]`).click();
  }

  /** Clicks the centre of the viewer canvas (picks a face, or places a measure point). */
  async clickCanvas(dx = 0, dy = 0): Promise<void> {
    const box = (await this.page.locator('.viewer-host canvas').boundingBox())!;
    await this.page.mouse.click(box.x + box.width / 2 + dx, box.y + box.height / 2 + dy);
  }
}
