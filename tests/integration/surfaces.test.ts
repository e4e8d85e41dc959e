// One capability, two surfaces: the command line a user types (bin/tezgah.mjs, its own process)
// and the browser host's WebSocket API (what the UI calls) answer from the same API handlers, so
// on one data dir they report the same jobs, fields and files.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createWebSocketClient, type WebSocketApiClient } from '../../shared/api/client.js';
import { App } from '../../electron/app/app.js';
import { startHost, type RunningHost } from '../../electron/hosts/server/server.js';

const bin = join(resolve(import.meta.dirname, '../..'), 'bin', 'tezgah.mjs');
const PRISM = ['--param', 'length=40', '--param', 'width=30', '--param', 'height=12', '--param', 'hole_diameter=8'];

let dataDir: string;
let staticDir: string;
let app: App;
let host: RunningHost;
let api: WebSocketApiClient;

async function tezgah(...args: string[]): Promise<{ code: number; json: any }> {
  try {
    const r = await promisify(execFile)(process.execPath, [bin, ...args, '--json', '--lang', 'en', '--data-dir', dataDir], {
      maxBuffer: 16 << 20,
    });
    return { code: 0, json: JSON.parse(r.stdout) };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return { code: err.code, json: JSON.parse(err.stdout) };
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tezgah-surfaces-'));
  staticDir = mkdtempSync(join(tmpdir(), 'tezgah-surfaces-static-'));
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  // a part made on the command line
  expect((await tezgah('make', 'prism-with-hole', ...PRISM)).code).toBe(0);
  app = new App({ dataDir, lang: 'en', poolSize: 1 });
  host = await startHost({ wb: app, staticDir });
  api = await createWebSocketClient(`ws://127.0.0.1:${host.port}/api`, {
    createSocket: (u) => new WebSocket(u, { headers: { Authorization: `Bearer ${host.token}` } }) as never,
  });
}, 180_000);

afterAll(async () => {
  api?.close();
  await host?.close();
  await app?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(staticDir, { recursive: true, force: true });
});

describe('the CLI and the UI see the same data through the same API', () => {
  it('`tezgah jobs` lists what jobs.list lists; `tezgah job <id>` shows what jobs.get shows: the record, its metrics, the same files', async () => {
    const list = await tezgah('jobs');
    expect(list.code).toBe(0);
    const listed = await api.call('jobs.list', { limit: 200 });
    expect(list.json.jobs.length).toBeGreaterThan(0);
    expect(list.json.jobs).toEqual(
      listed.map((j) => ({ id: j.id, type: j.type, status: j.status, cached: j.cached, created_at: j.created_at })),
    );

    const cli = await tezgah('job', list.json.jobs[0].id);
    expect(cli.code).toBe(0);
    const ui = await api.call('jobs.get', { id: list.json.jobs[0].id });
    expect(cli.json.job).toEqual(ui.job);
    expect(cli.json.metrics).toEqual(ui.job.metrics);
    const files = (l: { kind: string; name: string; sha256: string }[]) => l.map((a) => `${a.kind} ${a.name} ${a.sha256}`).sort();
    expect(files(cli.json.artefacts)).toEqual(files(ui.artefacts));
    expect(cli.json.artefacts.map((a: { bytes: number }) => a.bytes).sort()).toEqual(ui.artefacts.map((a) => a.size).sort());
    // each surface names the file its own way: the CLI the file in the store, the browser a download path
    for (const a of cli.json.artefacts) expect(a.path.startsWith(join(dataDir, 'artefacts'))).toBe(true);
    for (const a of ui.artefacts) expect(a.href).toBe(`/artefacts/${a.id}/${encodeURIComponent(a.name)}`);
  });

  it('an unknown job is the same coded error on both', async () => {
    const cli = await tezgah('job', 'no-such-job');
    expect(cli.code).toBe(1);
    const ui = await api.call('jobs.get', { id: 'no-such-job' }).catch((e: unknown) => e);
    expect(ui).toMatchObject({ code: cli.json.error.code, message: cli.json.error.message, details: cli.json.error.details });
  });

  it('`tezgah audit verify` answers what audit.verify answers', async () => {
    expect((await tezgah('audit', 'verify')).json).toEqual(await api.call('audit.verify', {}));
  });

  it('a settings change through the API is an audit entry that says a key changed, never what it is', async () => {
    const key = 'sk-audit-never-in-the-log-0123456789';
    await api.call('ai.configure', { base_url: 'http://127.0.0.1:9/v1', model: 'm', api_key: key });
    const entry = app.audit.entries({ entity_type: 'settings' }).find((e) => e.action === 'ai.configure');
    expect(entry).toMatchObject({ actor: 'browser', payload: { base_url: 'http://127.0.0.1:9/v1', model: 'm', api_key: 'changed' } });
    const all = app.db.prepare('SELECT payload FROM audit_log').all() as { payload: string }[];
    expect(all.some((r) => r.payload.includes(key))).toBe(false);
    expect((await api.call('audit.verify', {})).ok).toBe(true);
  });
});
