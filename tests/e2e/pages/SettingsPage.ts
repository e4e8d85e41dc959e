// Settings: the AI endpoint and the team store, as a person fills them in.
import type { Locator, Page } from 'playwright-core';

export class SettingsPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.evaluate(() => (window.location.hash = '#/settings'));
    await this.page.locator('[data-testid="sync-settings"] form').waitFor();
    await this.page.locator('[data-testid="ai-settings"] form').waitFor();
  }

  async fillSync(v: {
    endpoint: string;
    bucket: string;
    region?: string;
    prefix?: string;
    pathStyle?: boolean;
    keyId?: string;
    secret?: string;
  }): Promise<void> {
    const p = this.page;
    await p.locator('#sync-endpoint').fill(v.endpoint);
    await p.locator('#sync-bucket').fill(v.bucket);
    if (v.region) await p.locator('#sync-region').fill(v.region);
    await p.locator('#sync-prefix').fill(v.prefix ?? '');
    await p.locator('input[name="sync-path-style"]').setChecked(v.pathStyle ?? true);
    if (v.keyId !== undefined) await p.locator('#sync-key-id').fill(v.keyId);
    if (v.secret !== undefined) await p.locator('#sync-secret').fill(v.secret);
  }

  /** Saves, runs "test connection" and waits for its report. */
  async testSync(): Promise<Locator> {
    await this.page.locator('[data-action="test-sync"]').click();
    const report = this.page.locator('[data-testid="sync-test"]');
    await report.waitFor({ timeout: 30_000 });
    return report;
  }

  async saveSync(): Promise<void> {
    await this.page.locator('[data-action="save-sync"]').click();
    await this.page.locator('[data-testid="sync-settings"] .note').waitFor();
  }

  async fillAi(v: { baseUrl: string; model: string; key?: string }): Promise<void> {
    await this.page.locator('#ai-base-url').fill(v.baseUrl);
    await this.page.locator('#ai-model').fill(v.model);
    if (v.key !== undefined) await this.page.locator('#ai-key').fill(v.key);
  }

  async saveAi(): Promise<void> {
    await this.page.locator('[data-action="save-ai"]').click();
    await this.page.locator('[data-testid="ai-settings"] .note').waitFor();
  }

  secretState(id: string): Locator {
    return this.page.locator(`#${id} ~ .field-help`);
  }
}
