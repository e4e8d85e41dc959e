// The browser host end to end: a real Workbench on a temp data dir (real SQLite, real FreeCAD 1.1
// for the job), the real server on a random port, real HTTP and WebSocket clients, and Debian's
// Chromium for what only a browser enforces (the CSP, the HttpOnly cookie).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { JobEventPayload } from '../../shared/api/index.js';
import { ApiCallError, createWebSocketClient, type WebSocketApiClient } from '../../shared/api/client.js';
import { startHost, type RunningHost } from '../../electron/hosts/server/server.js';
import { Workbench } from '../../electron/app/app.js';

const CHROMIUM = process.env.TEZGAH_CHROMIUM ?? '/usr/bin/chromium';
const ASSET = '/assets/app-Ab12Cd34.js';
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>start</title>
<script type="module" src="${ASSET}"></script></head>
<body><div id="marker">tezgah test page</div><script>document.body.dataset.inline = 'ran';</script></body></html>`;
// The page's own script: opens the API socket the way the renderer does, reports through the title.
const SCRIPT = `
const ws = new WebSocket(\`ws://\${location.host}/api\`);
ws.onopen = () => ws.send(JSON.stringify({ id: 1, method: 'app.info', input: {} }));
ws.onmessage = (e) => {
  const r = JSON.parse(e.data);
  if (r.id === 1) document.title = 'api:' + r.output.host + ':cookie=' + JSON.stringify(document.cookie) + ':inline=' + (document.body.dataset.inline ?? 'blocked');
};
ws.onerror = () => (document.title = 'ws error');
`;
const PRISM = { type: 'template' as const, template: 'prism-with-hole', params: { length: 40, width: 30, height: 10, hole_diameter: 8 } };

let dataDir: string;
let staticDir: string;
let wb: Workbench;
let host: RunningHost;
let origin: string;
const cookieOf = (h: RunningHost) => `tezgah_${h.port}=${h.token}`;

/** A raw HTTP request (undici's fetch hides Set-Cookie details and refuses a Host header). */
function get(
  path: string,
  headers: Record<string, string> = {},
  port = host.port,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Tries a WebSocket upgrade; resolves with the HTTP status of a refusal, or 101. */
function upgrade(path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${path}`, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', () => undefined);
  });
}

function connect(h: RunningHost = host): Promise<WebSocketApiClient> {
  const cookie = cookieOf(h);
  return createWebSocketClient(`ws://127.0.0.1:${h.port}/api`, {
    createSocket: (u) => new WebSocket(u, { headers: { Cookie: cookie } }) as never,
    reconnectMinMs: 50,
    reconnectMaxMs: 200,
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tezgah-host-data-'));
  staticDir = mkdtempSync(join(tmpdir(), 'tezgah-host-static-'));
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'index.html'), PAGE);
  writeFileSync(join(staticDir, ASSET), SCRIPT);
  wb = new Workbench({ dataDir, lang: 'en', poolSize: 1 });
  host = await startHost({ wb, staticDir });
  origin = `http://127.0.0.1:${host.port}`;
});

afterAll(async () => {
  await host?.close();
  await wb?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(staticDir, { recursive: true, force: true });
});

describe('the token', () => {
  it('prints a loopback URL carrying a long random token', () => {
    expect(host.url).toBe(`${origin}/?token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('answers every request without a valid token with a bare 401', async () => {
    const wrong = { Cookie: `tezgah_${host.port}=${host.token.slice(0, -2)}xx` };
    for (const path of ['/', '/index.html', ASSET, '/jobs/123', '/artefacts/1/part.stl', '/api', `/?token=${host.token}x`]) {
      for (const headers of [{}, wrong, { Authorization: 'Bearer nope' }] as Record<string, string>[]) {
        const r = await get(path, headers);
        expect(r.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(r.headers['set-cookie']).toBeUndefined();
        expect(r.headers['cache-control']).toBe('no-store');
        expect(JSON.parse(r.body.toString())).toEqual({
          error: { code: 'UNAUTHORIZED', message: expect.any(String), hint: expect.any(String) },
        });
        expect(r.body.toString()).not.toContain('tezgah test page');
      }
    }
    // another host's cookie (same machine, other port) is not this host's
    expect((await get('/', { Cookie: `tezgah_1=${host.token}` })).status).toBe(401);
  });

  it('refuses the API socket without a token, with a wrong one, or from another origin', async () => {
    expect(await upgrade('/api')).toBe(401);
    expect(await upgrade('/api', { Cookie: `tezgah_${host.port}=wrong` })).toBe(401);
    expect(await upgrade(`/api?token=${host.token}`, { Origin: 'http://evil.example' })).toBe(403);
    expect(await upgrade('/api', { Cookie: cookieOf(host) })).toBe(101);
    expect(await upgrade(`/api?token=${host.token}`)).toBe(101);
    expect(await upgrade('/api', { Authorization: `Bearer ${host.token}` })).toBe(101);
  });

  it('first load with ?token sets an HttpOnly, SameSite=Strict cookie and serves the page with a strict CSP', async () => {
    const r = await get(`/?token=${host.token}`);
    expect(r.status).toBe(200);
    expect(r.body.toString()).toContain('tezgah test page');
    expect(r.headers['set-cookie']).toEqual([`tezgah_${host.port}=${host.token}; HttpOnly; SameSite=Strict; Path=/`]);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'self';/);

    const again = await get('/', { Cookie: cookieOf(host) });
    expect(again.status).toBe(200);
    expect(again.headers['set-cookie']).toBeUndefined();

    const asset = await get(ASSET, { Cookie: cookieOf(host) });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['cache-control']).toContain('immutable');

    expect((await get('/jobs/42', { Cookie: cookieOf(host) })).body.toString()).toContain('tezgah test page');
    for (const path of [
      '/..%2fpackage.json',
      '/assets/..%2f..%2fpackage.json',
      '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/assets/.hidden',
      '/missing.js',
      '/x%00.js',
    ]) {
      expect((await get(path, { Cookie: cookieOf(host) })).status, path).toBe(404);
    }
    // a dot-dot the URL parser resolves away lands inside the app: a client route, the page
    const resolved = await get('/%2e%2e/%2e%2e/etc/passwd', { Cookie: cookieOf(host) });
    expect(resolved.body.toString()).toContain('tezgah test page');
  });

  it('answers only to loopback Host names (no DNS rebinding), even with the token', async () => {
    expect((await get('/', { Cookie: cookieOf(host), Host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await get('/', { Cookie: cookieOf(host), Host: `localhost:${host.port}` })).status).toBe(200);
  });
});

describe('the API over the socket', () => {
  let api: WebSocketApiClient;
  beforeAll(async () => {
    api = await connect();
  });
  afterAll(() => api?.close());

  it('serves app, settings (persisted, with an event) and coded errors', async () => {
    await expect(api.call('app.info', {})).resolves.toMatchObject({ host: 'browser', data_dir: wb.dataDir, lang: 'en' });
    await expect(api.call('settings.get', {})).resolves.toEqual({ lang: 'system', units: 'mm', allow_unsandboxed: false });
    const event = new Promise((resolve) => {
      const off = api.on('settings', (s) => {
        off();
        resolve(s);
      });
    });
    await expect(api.call('settings.set', { units: 'inch', lang: 'tr' })).resolves.toEqual({
      lang: 'tr',
      units: 'inch',
      allow_unsandboxed: false,
    });
    await expect(event).resolves.toEqual({ lang: 'tr', units: 'inch', allow_unsandboxed: false });
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'))).toMatchObject({ lang: 'tr', units: 'inch' });

    // errors now come in Turkish
    const err = await api.call('jobs.get', { id: 'no-such-job' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiCallError);
    expect(err).toMatchObject({ code: 'NOT_FOUND', message: 'İstenen öğe bulunamadı.' });
    const bad = await api.call('jobs.list', { limit: -1 }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'VALIDATION_ERROR', details: { field: 'limit' } });
    const unknown = await api.call('shell.exec' as never, {} as never).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: 'UNKNOWN_METHOD' });
    // the unsandboxed opt-in is a setting like the others, kept in the file, and audited
    await expect(api.call('settings.set', { allow_unsandboxed: true })).resolves.toMatchObject({ allow_unsandboxed: true });
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'))).toMatchObject({ allow_unsandboxed: true });
    expect(
      wb.audit.entries({ entity_type: 'settings' }).some((e) => e.action === 'settings.set' && e.payload.allow_unsandboxed === true),
    ).toBe(true);
    await api.call('settings.set', { lang: 'system', units: 'mm', allow_unsandboxed: false });
  });

  it('serves the library: list, upsert, delete, export and import', async () => {
    const tool = {
      id: 'test-endmill-3',
      number: 99,
      name: '3 mm test endmill',
      type: 'endmill',
      diameter_mm: 3,
      flutes: 2,
      material: 'carbide',
      flute_length_mm: 10,
      overall_length_mm: 50,
      shank_mm: 3,
    } as const;
    await expect(api.call('library.upsertTool', tool)).resolves.toMatchObject({ id: tool.id, number: 99 });
    expect((await api.call('library.tools', {})).map((t) => t.id)).toContain(tool.id);
    const exported = await api.call('library.export', {});
    expect(exported).toMatchObject({ format: 'tezgah-library', version: 1 });
    expect(exported.tools.map((t) => t.id)).toContain(tool.id);
    await expect(api.call('library.delete', { kind: 'tool', id: tool.id })).resolves.toEqual({ deleted: true });
    await expect(api.call('library.delete', { kind: 'tool', id: tool.id })).resolves.toEqual({ deleted: false });
    expect((await api.call('library.tools', {})).map((t) => t.id)).not.toContain(tool.id);
    const imported = await api.call('library.import', { data: exported });
    expect(imported.added + imported.updated).toBeGreaterThanOrEqual(1);
    expect((await api.call('library.tools', {})).map((t) => t.id)).toContain(tool.id);
    expect(Array.isArray(await api.call('library.materials', {}))).toBe(true);
    expect(Array.isArray(await api.call('library.machines', {}))).toBe(true);
  });

  it('names files only by the grants it issued: a bare path is refused alike whether or not it exists', async () => {
    const secret = join(wb.dataDir, 'not-for-the-page.step');
    writeFileSync(secret, readFileSync(join(import.meta.dirname, '../fixtures/cad/screw.step')));
    const refusals = await Promise.all(
      [
        { type: 'import', path: secret },
        { type: 'import', path: join(wb.dataDir, 'no-such-file.step') },
        { type: 'import', path: 'file-grant:0123456789abcdef0123456789abcdef' },
        { type: 'cam', part: secret, machine: 'grbl-3018' },
      ].map((spec) => api.call('jobs.submit', { spec: spec as never }).catch((e: unknown) => e)),
    );
    for (const r of refusals) {
      expect(r).toBeInstanceOf(ApiCallError);
      expect((r as ApiCallError).code).toBe('PATH_NOT_GRANTED');
    }
    // the answer for an existing file and for a missing one cannot be told apart
    expect((refusals[0] as ApiCallError).payload).toEqual((refusals[1] as ApiCallError).payload);
    expect(JSON.stringify(refusals)).not.toContain('not-for-the-page');
    expect(await api.call('jobs.list', { type: ['import', 'cam'] })).toEqual([]);

    // an upload answers with a grant (not the path of its copy), and the grant imports the file
    const body = readFileSync(join(import.meta.dirname, '../fixtures/cad/screw.step'));
    const up = await fetch(`http://127.0.0.1:${host.port}/upload`, {
      method: 'POST',
      headers: { 'X-Tezgah-Upload': '1', 'X-File-Name': 'screw.step', Cookie: cookieOf(host), 'Content-Type': 'application/octet-stream' },
      body,
    });
    expect(up.status).toBe(200);
    const file = (await up.json()) as Record<string, unknown>;
    expect(file).toEqual({ ref: expect.stringMatching(/^file-grant:[0-9a-f]{32}$/), name: 'screw.step', size: body.length });
    const job = await api.call('jobs.submit', { spec: { type: 'import', path: file.ref as string } });
    expect(job.spec).toMatchObject({ type: 'import', sha256: createHash('sha256').update(body).digest('hex') });
    expect((job.spec as { path: string }).path.startsWith(join(wb.dataDir, 'uploads'))).toBe(true);
    await api.call('jobs.cancel', { id: job.id });
  });

  it('runs a FreeCAD job: events arrive, the artefacts download with the token and only with it', async () => {
    const events: JobEventPayload[] = [];
    api.on('job', (e) => events.push(e));
    const job = await api.call('jobs.submit', { spec: PRISM, idempotencyKey: 'host-test-prism' });
    expect(job.status).toMatch(/queued|running|succeeded/);
    const deadline = Date.now() + 120_000;
    while (!events.some((e) => e.id === job.id && ['succeeded', 'failed', 'cancelled'].includes(e.status)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const last = events.filter((e) => e.id === job.id).at(-1);
    expect(last, JSON.stringify(events.at(-1))).toMatchObject({ id: job.id, status: 'succeeded', error: null });
    expect(events.filter((e) => e.id === job.id).length).toBeGreaterThan(1);

    // the same idempotency key answers with the same job
    expect((await api.call('jobs.submit', { spec: PRISM, idempotencyKey: 'host-test-prism' })).id).toBe(job.id);
    expect((await api.call('jobs.list', { status: ['succeeded'] })).map((j) => j.id)).toContain(job.id);
    expect((await api.call('jobs.log', { id: job.id })).lines.length).toBeGreaterThan(0);

    const detail = await api.call('jobs.get', { id: job.id });
    expect(detail.job.status).toBe('succeeded');
    const stl = detail.artefacts.find((a) => a.kind === 'stl');
    expect(stl, JSON.stringify(detail.artefacts)).toBeDefined();
    expect(stl!.href).toBe(`/artefacts/${stl!.id}/${encodeURIComponent(stl!.name)}`);
    await expect(api.call('artefacts.save', { id: stl!.id })).resolves.toEqual({ saved: false, href: stl!.href });

    const dl = await get(stl!.href, { Cookie: cookieOf(host) });
    expect(dl.status).toBe(200);
    expect(dl.headers['content-type']).toBe(stl!.mime);
    expect(dl.headers['content-disposition']).toBe(
      `attachment; filename="${stl!.name}"; filename*=UTF-8''${encodeURIComponent(stl!.name)}`,
    );
    expect(dl.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(createHash('sha256').update(dl.body).digest('hex')).toBe(stl!.sha256);
    expect((await get(stl!.href)).status).toBe(401);
    expect((await get(`/artefacts/${stl!.id}/other-name.stl`, { Cookie: cookieOf(host) })).status).toBe(404);
    await expect(api.call('artefacts.save', { id: 987654 })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // a hostile MIME in the database (e.g. from a colleague's manifest before it was checked) is
    // never written into a header: the download still answers, and the host keeps serving
    wb.db
      .prepare('INSERT INTO artefacts (job_id, kind, name, sha256, size, mime, meta, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(job.id, 'stl', 'evil.stl', stl!.sha256, stl!.size, 'model/stl\r\nX-Injected: 1', '{}', new Date().toISOString());
    const evil = (await api.call('jobs.get', { id: job.id })).artefacts.find((a) => a.name === 'evil.stl')!;
    const answered = await get(evil.href, { Cookie: cookieOf(host) });
    expect(answered.status).toBe(200);
    expect(answered.headers['x-injected']).toBeUndefined();
    expect(answered.headers['content-type']).toBe('application/octet-stream');
    // a malformed request line and a broken URL escape are that request's 400, not the host's end
    const raw = await new Promise<string>((resolve) => {
      const sock = connectTcp(host.port, '127.0.0.1', () => sock.write('GET /\x00\x01 HTTP/1.1\r\nHost: \r\n\r\n'));
      let text = '';
      sock.on('data', (d) => (text += d.toString()));
      sock.on('close', () => resolve(text));
      sock.on('error', () => resolve(text));
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect((await get('/artefacts/1/%E0%A4%A', { Cookie: cookieOf(host) })).status).toBe(404);
    expect((await get(stl!.href, { Cookie: cookieOf(host) })).status).toBe(200);
  });
});

describe('reconnecting', () => {
  it('rejects calls lost with the connection, then reconnects by itself to a host back on the same port', async () => {
    const wb2 = new Workbench({ dataDir: mkdtempSync(join(tmpdir(), 'tezgah-host-data2-')), lang: 'en', poolSize: 1 });
    let h = await startHost({ wb: wb2, staticDir });
    const api = await connect(h);
    const statuses: string[] = [];
    api.onStatus((s) => statuses.push(s));
    try {
      await expect(api.call('app.info', {})).resolves.toMatchObject({ host: 'browser' });
      const { port, token } = h;
      const inFlight = api.call('app.doctor', {});
      await h.close();
      await expect(inFlight).rejects.toMatchObject({ code: 'CONNECTION_LOST' });
      expect(api.status()).toBe('reconnecting');
      const queued = api.call('settings.get', {}); // waits for the socket to come back
      h = await startHost({ wb: wb2, staticDir, port, token });
      await expect(queued).resolves.toEqual({ lang: 'system', units: 'mm', allow_unsandboxed: false });
      expect(api.status()).toBe('open');
      expect(statuses).toEqual(['reconnecting', 'open']);
    } finally {
      api.close();
      await h.close();
      await wb2.dispose();
      rmSync(wb2.dataDir, { recursive: true, force: true });
    }
  });

  it('fails the first connection clearly when the host is not there', async () => {
    const cookie = cookieOf(host);
    const err = await createWebSocketClient(`ws://127.0.0.1:${host.port}/nope`, {
      createSocket: (u) => new WebSocket(u, { headers: { Cookie: cookie } }) as never,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONNECTION_LOST' });
  });
});

describe('in a real browser (Chromium)', () => {
  it('loads the page with the printed URL, keeps the cookie from scripts, blocks inline script, and the page reaches the API', async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} (install Debian's chromium or set TEZGAH_CHROMIUM)`).toBe(true);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/.test(m.text())) violations.push(m.text());
      });
      await page.goto(host.url);
      await page.waitForFunction(() => document.title.startsWith('api:') || document.title === 'ws error', undefined, { timeout: 20_000 });
      // the API answered; document.cookie cannot see the HttpOnly token; the inline script was refused
      expect(await page.title()).toBe('api:browser:cookie="":inline=blocked');
      expect(violations.some((v) => v.includes('inline script'))).toBe(true);
      const cookies = await page.context().cookies();
      expect(cookies).toEqual([
        expect.objectContaining({ name: `tezgah_${host.port}`, value: host.token, httpOnly: true, sameSite: 'Strict' }),
      ]);
      // a reload without ?token works on the cookie alone
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => document.title.startsWith('api:'));
    } finally {
      await browser.close();
    }
  });
});
