// The shop-floor screen: big cards and buttons, one step at a time.
import type { Download, Locator, Page } from 'playwright-core';

export class ShopPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.evaluate(() => (window.location.hash = '#/shop'));
    await this.page.locator('.shop[data-step="part"]').waitFor();
  }

  step(): Promise<string | null> {
    return this.page.locator('.shop').getAttribute('data-step');
  }

  async tapPart(jobId: string): Promise<void> {
    await this.page.locator(`.shop-card[data-part="${jobId}"]`).click();
    await this.page.locator('.shop[data-step="machine"]').waitFor();
  }

  async tapMachine(id: string): Promise<void> {
    await this.page.locator(`.shop-card[data-machine="${id}"]`).click();
    await this.page.locator('.shop[data-step="generate"]').waitFor();
  }

  async generate(): Promise<string> {
    await this.page.locator('.shop button[data-action="generate"]').click();
    await this.page.waitForURL(/#\/shop\/[0-9a-f-]{36}$/);
    return decodeURIComponent(new URL(this.page.url()).hash.replace('#/shop/', ''));
  }

  verdict(): Locator {
    return this.page.locator('.shop-verdict');
  }

  async export(): Promise<Download> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.locator('.shop button[data-export="gcode"]').click(),
    ]);
    // the download can start before the page has drawn its next step: give it a moment to move on
    await this.page
      .locator('.shop:not([data-step="verify"])')
      .waitFor({ timeout: 5_000 })
      .catch(() => undefined);
    return download;
  }
}
