// The Prompt page: type what you want, see the language it is read in, submit, then read what the
// model made of it — the part, the parameters, the script with its policy findings, its question.
import type { Locator, Page } from 'playwright-core';

export class PromptPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.evaluate(() => (window.location.hash = '#/prompt'));
    await this.page.locator('#prompt-text').waitFor();
  }

  async type(text: string): Promise<void> {
    await this.page.locator('#prompt-text').fill(text);
  }

  detectedLanguage(): Promise<string | null> {
    return this.page.locator('[data-testid="detected-lang"]').getAttribute('data-lang');
  }

  /** Submits and waits for the job's prompt page; returns its id. */
  async submit(): Promise<string> {
    const before = this.page.url();
    await this.page.locator('[data-action="submit-prompt"]').click();
    await this.page.waitForURL((u) => u.toString() !== before && /#\/prompt\/.+/.test(u.hash));
    return decodeURIComponent(new URL(this.page.url()).hash.replace('#/prompt/', ''));
  }

  async waitForStatus(status: string, timeout = 120_000): Promise<void> {
    await this.page.locator(`.page.prompt[data-status="${status}"]`).waitFor({ timeout });
  }

  parameter(name: string): Locator {
    return this.page.locator(`[data-testid="ai-parameters"] [data-param="${name}"] input`);
  }

  script(): Locator {
    return this.page.locator('[data-testid="ai-script"]');
  }

  flaggedLines(): Locator {
    return this.script().locator('.script-line.flagged');
  }

  warnings(): Locator {
    return this.page.locator('[data-testid="ai-warnings"] li');
  }

  question(): Locator {
    return this.page.locator('[data-testid="ai-question"] .question');
  }

  async answer(text: string): Promise<string> {
    const before = this.page.url();
    await this.page.locator('#ai-answer').fill(text);
    await this.page.locator('[data-testid="ai-question"] [data-action="answer"]').click();
    await this.page.waitForURL((u) => u.toString() !== before && /#\/prompt\/.+/.test(u.hash));
    return decodeURIComponent(new URL(this.page.url()).hash.replace('#/prompt/', ''));
  }
}
