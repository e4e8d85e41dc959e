// The New part page as a person uses it: pick a template, type values, read the inline messages, submit.
import type { Locator, Page } from 'playwright-core';

export class NewPartPage {
  constructor(readonly page: Page) {}

  async open(template: string): Promise<void> {
    await this.page.evaluate((t) => (window.location.hash = `#/new/${t}`), template);
    await this.page.locator(`.template-card.selected[data-template="${template}"]`).waitFor();
    await this.page.locator('#material option').first().waitFor({ state: 'attached' });
  }

  field(name: string): Locator {
    return this.page.locator(`#param-${name}`);
  }

  async set(values: Record<string, string | number>): Promise<void> {
    for (const [name, v] of Object.entries(values)) await this.field(name).fill(String(v));
  }

  /** The inline validation message under a field ('' when the field is fine). */
  async errorFor(name: string): Promise<string> {
    const e = this.page.locator(`.field[data-field="${name}"] .field-error`);
    return (await e.count()) ? ((await e.textContent()) ?? '') : '';
  }

  async submit(): Promise<void> {
    await this.page.locator('form.template-form button[type="submit"]').click();
  }

  /** Submits and waits for the part page of the new job; returns its id. */
  async submitAndOpenJob(): Promise<string> {
    await this.submit();
    await this.page.waitForURL(/#\/part\/.+/);
    return decodeURIComponent(new URL(this.page.url()).hash.replace('#/part/', ''));
  }

  summary(): Locator {
    return this.page.locator('.form-summary');
  }
}
