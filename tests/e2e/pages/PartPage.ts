// A job's part page: status and progress, the 3D viewer, metrics and files.
import type { Download, Locator, Page } from 'playwright-core';

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
  async canvasStats(): Promise<{ width: number; height: number; variance: number; distinctColours: number }> {
    return this.page.evaluate(() => {
      const src = document.querySelector<HTMLCanvasElement>('.viewer-host canvas')!;
      const c = document.createElement('canvas');
      c.width = src.width;
      c.height = src.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(src, 0, 0);
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      let sum = 0;
      let sum2 = 0;
      const colours = new Set<number>();
      const n = data.length / 4;
      for (let i = 0; i < data.length; i += 4) {
        const y = 0.2126 * data[i]! + 0.7152 * data[i + 1]! + 0.0722 * data[i + 2]!;
        sum += y;
        sum2 += y * y;
        if (colours.size < 5000) colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      }
      const mean = sum / n;
      return { width: c.width, height: c.height, variance: sum2 / n - mean * mean, distinctColours: colours.size };
    });
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
