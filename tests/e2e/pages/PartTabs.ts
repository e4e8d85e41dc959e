// A part page's Drawing and Simulation tabs as a person uses them: options, submit, progress, the
// sheet and its downloads; supports and loads by face, run, the result numbers.
import type { Download, Locator, Page } from 'playwright-core';

export class PartTabs {
  constructor(readonly page: Page) {}

  tab(name: 'model' | 'drawing' | 'simulation'): Locator {
    return this.page.locator(`.part-tabs a[data-tab="${name}"]`);
  }

  /** Opens a tab from the keyboard: focus its link, Enter. */
  async openTab(name: 'model' | 'drawing' | 'simulation'): Promise<void> {
    await this.tab(name).focus();
    await this.page.keyboard.press('Enter');
    await this.page.locator(`.part-tabs a[data-tab="${name}"][aria-current="page"]`).waitFor();
  }

  // drawing
  drawing(): Locator {
    return this.page.locator('.drawing-tab');
  }

  async makeDrawing(): Promise<void> {
    await this.page.locator('button[data-action="make-drawing"]').click();
  }

  async waitForDrawing(status = 'succeeded', timeout = 120_000): Promise<void> {
    await this.page.locator(`.drawing-tab[data-status="${status}"]`).waitFor({ timeout });
  }

  sheetImage(): Locator {
    return this.page.locator('img[data-testid="drawing-sheet"]');
  }

  /** Waits until the sheet image has loaded; its natural size in px. */
  async waitForSheetImage(): Promise<{ width: number; height: number; src: string }> {
    await this.sheetImage().waitFor();
    await this.page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('img[data-testid="drawing-sheet"]');
      return !!img && img.complete && img.naturalWidth > 0;
    });
    return this.sheetImage().evaluate((img: HTMLImageElement) => ({ width: img.naturalWidth, height: img.naturalHeight, src: img.src }));
  }

  downloadButton(kind: string): Locator {
    return this.page.locator(`.drawing-downloads button[data-download="${kind}"]`);
  }

  async download(kind: string): Promise<Download> {
    const [d] = await Promise.all([this.page.waitForEvent('download'), this.downloadButton(kind).click()]);
    return d;
  }

  // simulation
  fem(): Locator {
    return this.page.locator('.fem-tab');
  }

  async waitForFem(status = 'succeeded', timeout = 150_000): Promise<void> {
    await this.page.locator(`.fem-tab[data-status="${status}"]`).waitFor({ timeout });
  }

  async runFem(): Promise<void> {
    await this.page.locator('button[data-action="run-fem"]').click();
  }

  formError(): Locator {
    return this.page.locator('form.fem-form .error-box');
  }

  async metricValue(key: string): Promise<number> {
    return Number(await this.page.locator(`.fem-results .metric[data-metric="${key}"]`).getAttribute('data-value'));
  }

  async metricText(key: string): Promise<string> {
    return ((await this.page.locator(`.fem-results .metric[data-metric="${key}"] dd`).textContent()) ?? '').trim();
  }
}
