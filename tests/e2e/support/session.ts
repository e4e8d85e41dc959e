// One e2e session: a real browser host (`startHost`, the same server as `tezgah serve`) over a
// real Workbench with a fresh data folder and the real FreeCAD 1.1, and Debian's Chromium driven by
// playwright-core with a fresh profile. Nothing of the backend is stubbed.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import WebSocket from 'ws';
import { createWebSocketClient, type WebSocketApiClient } from '../../../shared/api/client.js';
import { startHost, type RunningHost } from '../../../electron/hosts/server/server.js';
import { Workbench } from '../../../electron/app/app.js';
import { ensureRendererBuilt, REPO } from './renderer-build.js';

export const CHROMIUM = process.env.TEZGAH_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--lang=en-US',
];
export const SCREENSHOTS = join(REPO, 'test-results', 'screenshots');

export interface E2eSession {
  wb: Workbench;
  host: RunningHost;
  /** the host's origin, without the token */
  origin: string;
  context: BrowserContext;
  page: Page;
  /** an API client of the test's own, over the same WebSocket the UI uses (for checks only) */
  api: WebSocketApiClient;
  dataDir: string;
  /** script errors and console errors the page produced */
  pageErrors: string[];
  /** saves test-results/screenshots/<name>.png and returns its path */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startSession(opts: { jobTimeoutMs?: number } = {}): Promise<E2eSession> {
  ensureRendererBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'tezgah-e2e-data-'));
  const profile = mkdtempSync(join(tmpdir(), 'tezgah-e2e-chromium-'));
  const wb = new Workbench({ dataDir, lang: 'en', poolSize: 1, ...(opts.jobTimeoutMs ? { jobTimeoutMs: opts.jobTimeoutMs } : {}) });
  let host: RunningHost | null = null;
  let context: BrowserContext | null = null;
  let api: WebSocketApiClient | null = null;
  const close = async () => {
    api?.close();
    await context?.close().catch(() => undefined);
    await host?.close();
    await wb.dispose();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    host = await startHost({ wb });
    wb.start({ syncWorker: true }); // as `tezgah serve` does: recovery, queue and the team sync's worker
    const origin = new URL(host.url).origin;
    const token = host.token;
    api = await createWebSocketClient(`${origin.replace(/^http/, 'ws')}/api`, {
      createSocket: (u) => new WebSocket(u, { headers: { Authorization: `Bearer ${token}` } }) as never,
    });
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      locale: 'en-US',
      viewport: { width: 1400, height: 900 },
      acceptDownloads: true,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
    const h = host;
    const c = context;
    const a = api;
    return {
      wb,
      host: h,
      origin,
      context: c,
      page,
      api: a,
      dataDir,
      pageErrors,
      async screenshot(name) {
        const path = join(SCREENSHOTS, `${name}.png`);
        await page.screenshot({ path });
        return path;
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Opens the app the way a person does: the printed URL with the token, then the cookie. */
export async function openApp(s: E2eSession, hash = '#/new'): Promise<void> {
  await s.page.goto(`${s.host.url}${hash}`);
  await s.page.locator('.app').waitFor();
}

/** Records every status a part page shows, so a test can tell it saw the job run, not only end. */
export async function recordPartStatuses(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __statuses: string[] };
    w.__statuses = [];
    const note = () => {
      const el = document.querySelector('.page.part[data-status]');
      const s = el?.getAttribute('data-status');
      if (s && w.__statuses.at(-1) !== s) w.__statuses.push(s);
    };
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-status'],
    });
  });
}

export async function seenPartStatuses(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses);
}
