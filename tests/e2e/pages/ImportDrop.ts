// Dropping files onto the app window the way a file manager does: a DataTransfer holding real
// File objects (built in the page from the fixture's bytes), dispatched as dragenter, dragover, drop.
import type { Locator, Page } from 'playwright-core';

export interface DroppedFile {
  name: string;
  bytes: Buffer;
  type?: string;
}

export class ImportDrop {
  constructor(readonly page: Page) {}

  /** Drags the files over the window (the overlay shows) and drops them on `target` (default: the page body). */
  async drop(files: DroppedFile[], target = 'body'): Promise<void> {
    const payload = files.map((f) => ({ name: f.name, b64: f.bytes.toString('base64'), type: f.type ?? 'application/octet-stream' }));
    const dt = await this.page.evaluateHandle((list) => {
      const t = new DataTransfer();
      for (const f of list) {
        const bin = atob(f.b64);
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        t.items.add(new File([bytes], f.name, { type: f.type }));
      }
      return t;
    }, payload);
    await this.page.dispatchEvent(target, 'dragenter', { dataTransfer: dt });
    await this.page.dispatchEvent(target, 'dragover', { dataTransfer: dt });
    await this.overlay().waitFor();
    await this.page.dispatchEvent(target, 'drop', { dataTransfer: dt });
    await this.overlay().waitFor({ state: 'detached' });
  }

  overlay(): Locator {
    return this.page.locator('[data-testid="drop-overlay"]');
  }

  tray(): Locator {
    return this.page.locator('[data-testid="import-tray"]');
  }

  trayItem(name: string): Locator {
    return this.tray().locator('.tray-item').filter({ hasText: name });
  }
}
