// The Jobs page: the live list, filters, and the actions on a row.
import type { Locator, Page } from 'playwright-core';

export class JobsPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.evaluate(() => (window.location.hash = '#/jobs'));
    await this.page.locator('.page.jobs').waitFor();
  }

  row(id: string): Locator {
    return this.page.locator(`.job-row[data-job="${id}"]`);
  }

  async status(id: string): Promise<string | null> {
    return this.row(id).getAttribute('data-status');
  }

  async waitForStatus(id: string, status: string, timeout = 120_000): Promise<void> {
    await this.page.locator(`.job-row[data-job="${id}"][data-status="${status}"]`).waitFor({ timeout });
  }

  async filterStatus(value: string): Promise<void> {
    await this.page.locator('select[name="status"]').selectOption(value);
  }

  async search(text: string): Promise<void> {
    await this.page.locator('input[name="search"]').fill(text);
  }

  rows(): Locator {
    return this.page.locator('.job-row[data-job]');
  }
}
