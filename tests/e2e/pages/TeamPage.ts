// The sidebar's sync indicator and the Team library page.
import type { Locator, Page } from 'playwright-core';

export class TeamPage {
  constructor(readonly page: Page) {}

  /** The sidebar indicator: data-sync is off | offline | syncing | up_to_date | error. */
  indicator(): Locator {
    return this.page.locator('.sidebar .sync-indicator');
  }

  async waitForSync(state: string, timeout = 60_000): Promise<void> {
    await this.page.locator(`.sidebar .sync-indicator[data-sync="${state}"]`).waitFor({ timeout });
  }

  async open(): Promise<void> {
    await this.page.evaluate(() => (window.location.hash = '#/team'));
    await this.page.locator('.page.team').waitFor();
  }

  async refresh(): Promise<void> {
    await this.page.locator('.page.team [data-action="refresh"]').click();
  }

  async search(text: string): Promise<void> {
    await this.page.locator('input[name="team-search"]').fill(text);
  }

  row(jobId: string): Locator {
    return this.page.locator(`tr[data-remote="${jobId}"]`);
  }

  rows(): Locator {
    return this.page.locator('.team-table tbody tr');
  }
}
