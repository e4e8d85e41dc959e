// The parametric flow end to end, through the CLI a user types and the Workbench the app uses,
// against the real FreeCAD 1.1.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TezgahError } from '../../shared/errors.js';
import { Workbench } from '../../electron/app/app.js';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '../..');
const bin = join(repo, 'bin', 'tezgah.mjs');

interface CliResult {
  code: number;
  json: any;
  stderr: string;
}

async function tezgah(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  try {
    const r = await run(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, maxBuffer: 16 << 20 });
    return { code: 0, json: safeJson(r.stdout), stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, json: safeJson(err.stdout), stderr: err.stderr };
  }
}
const safeJson = (s: string) => {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
};

const prism = ['--param', 'length=100', '--param', 'width=60', '--param', 'height=20', '--param', 'hole_diameter=10'];

describe('parametric parts end to end', () => {
  let dataDir: string;
  let outDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tezgah-jobs-'));
    outDir = mkdtempSync(join(tmpdir(), 'tezgah-out-'));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  });

  it('makes prism-with-hole with the right geometry and four files', async () => {
    const r = await tezgah(['make', 'prism-with-hole', ...prism, '--out', outDir, '--json', '--data-dir', dataDir]);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const { job, artefacts, metrics, error } = r.json;
    expect(error).toBeNull();
    expect(job.status).toBe('succeeded');
    expect(job.cached).toBe(false);
    expect(metrics.solids).toBe(1);
    expect(metrics.faces).toBe(7);
    expect(metrics.edges).toBe(15);
    expect(metrics.volume_mm3).toBeCloseTo(118429.2, 1);
    expect(metrics.bbox_mm).toMatchObject({
      xmin: expect.closeTo(0, 3),
      xmax: expect.closeTo(100, 3),
      ymax: expect.closeTo(60, 3),
      zmax: expect.closeTo(20, 3),
    });
    // aluminium 6061 by default: 118.4292 cm³ × 2.70 g/cm³
    expect(metrics.mass_g).toBeCloseTo(319.76, 1);
    expect(metrics.triangles).toBeGreaterThan(20);
    expect(artefacts.map((a: { kind: string }) => a.kind).sort()).toEqual(['fcstd', 'glb', 'step', 'stl']);
    for (const a of artefacts) {
      expect(a.path.startsWith(outDir)).toBe(true);
      expect(readFileSync(a.path).length).toBe(a.bytes);
      expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    const step = readFileSync(artefacts.find((a: { kind: string }) => a.kind === 'step').path, 'utf8');
    expect(step.startsWith('ISO-10303-21;')).toBe(true);
    expect(step).toMatch(/AUTOMOTIVE_DESIGN|AP214/i);
    // the work folder of a finished job is cleaned up; the files live in the artefact store
    expect(existsSync(join(dataDir, 'jobs', job.id))).toBe(false);
    // its log: the manager's lines and the FreeCAD worker's, all tagged with the job id
    const logs = await run(process.execPath, [bin, 'logs', job.id, '--data-dir', dataDir]);
    const lines = logs.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.every((l) => l.job_id === job.id)).toBe(true);
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['job queued', 'job started', 'job succeeded']));
    expect(lines.some((l) => l.component === 'freecad')).toBe(true);
  });

  it('serves an identical second job from the cache without running FreeCAD', async () => {
    const first = await tezgah(['jobs', '--json', '--data-dir', dataDir]);
    const r = await tezgah(['make', 'prism-with-hole', ...prism, '--json', '--data-dir', dataDir]);
    expect(r.code).toBe(0);
    expect(r.json.job.cached).toBe(true);
    expect(r.json.metrics.volume_mm3).toBeCloseTo(118429.2, 1);
    const original = await tezgah(['job', first.json.jobs[0].id, '--json', '--data-dir', dataDir]);
    const hashes = (x: { artefacts: { kind: string; sha256: string }[] }) => Object.fromEntries(x.artefacts.map((a) => [a.kind, a.sha256]));
    expect(hashes(r.json)).toEqual(hashes(original.json));
    const list = await tezgah(['jobs', '--json', '--data-dir', dataDir]);
    expect(list.json.jobs).toHaveLength(2);
    expect(list.json.jobs[0]).toEqual({
      id: r.json.job.id,
      type: 'template',
      status: 'succeeded',
      cached: true,
      created_at: expect.any(String),
    });
  });

  it.each([
    [['--param', 'hole_diameter=59'], 'VALIDATION_ERROR', 'hole_diameter'],
    [['--param', 'length=-5'], 'DIMENSION_ERROR', 'length'],
    [['--param', 'length=0'], 'DIMENSION_ERROR', 'length'],
    [['--param', 'length=5000'], 'DIMENSION_ERROR', 'length'],
    [['--param', 'width=abc'], 'VALIDATION_ERROR', 'width'],
    [['--param', 'height=NaN'], 'VALIDATION_ERROR', 'height'],
    [['--param', 'colour=3'], 'VALIDATION_ERROR', 'colour'],
  ])('refuses bad parameters %j with %s and creates no job', async (params, code, field) => {
    const before = (await tezgah(['jobs', '--json', '--data-dir', dataDir])).json.jobs.length;
    const r = await tezgah(['make', 'prism-with-hole', ...params, '--json', '--data-dir', dataDir]);
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe(code);
    expect(r.json.error.details.field).toBe(field);
    expect(r.json.error.hint.length).toBeGreaterThan(0);
    const after = (await tezgah(['jobs', '--json', '--data-dir', dataDir])).json.jobs.length;
    expect(after).toBe(before);
  });

  it('answers in Turkish when asked', async () => {
    const r = await tezgah(['make', 'no-such-part', '--json', '--lang', 'tr', '--data-dir', dataDir]);
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('UNKNOWN_TEMPLATE');
    expect(r.json.error.message).toBe('Bu adla bir şablon yok.');
    expect(r.json.error.hint).toContain('prism-with-hole');
  });

  it('reports a bogus data dir and a missing FreeCAD with coded errors', async () => {
    const file = join(dataDir, 'not-a-dir');
    writeFileSync(file, 'x');
    const r = await tezgah(['jobs', '--json', '--data-dir', join(file, 'sub')]);
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('STORAGE_IO');

    const other = mkdtempSync(join(tmpdir(), 'tezgah-nofc-'));
    const m = await tezgah(['make', 'shaft', '--json', '--data-dir', other], { TEZGAH_FREECAD_ROOT: '/nonexistent/freecad' });
    expect(m.code).toBe(1);
    expect(m.json.error.code).toBe('CONFIG_FREECAD_MISSING');
    rmSync(other, { recursive: true, force: true });
  });

  it('keeps the audit chain verifiable and detects a tampered row', async () => {
    const ok = await tezgah(['audit', 'verify', '--json', '--data-dir', dataDir]);
    expect(ok.code).toBe(0);
    expect(ok.json.ok).toBe(true);
    expect(ok.json.count).toBeGreaterThan(2);
    const copy = mkdtempSync(join(tmpdir(), 'tezgah-tamper-'));
    for (const f of readdirSync(dataDir))
      if (f.startsWith('tezgah.db') || f === 'audit.key') writeFileSync(join(copy, f), readFileSync(join(dataDir, f)));
    const db = new Database(join(copy, 'tezgah.db'));
    // the app's triggers refuse edits; someone with the file in hand drops them first
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare(`UPDATE audit_log SET payload = '{"forged":true}' WHERE id = 2`).run();
    db.close();
    const bad = await tezgah(['audit', 'verify', '--json', '--data-dir', copy]);
    expect(bad.code).toBe(1);
    expect(bad.json.ok).toBe(false);
    expect(bad.json.broken_at).toBe(2);
    rmSync(copy, { recursive: true, force: true });
  });
});

describe('job manager', () => {
  let wb: Workbench;
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tezgah-wb-'));
    wb = new Workbench({ dataDir, poolSize: 1 });
  });
  afterAll(async () => {
    await wb.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const flange = { type: 'template', template: 'flange', params: { outer_diameter: 120, thickness: 12 } } as const;

  it('warms FreeCAD up when a UI host starts it: a warm worker and a spare one-shot are waiting before the first job', async () => {
    wb.start({ warmUp: true });
    await wb.warmUp();
    const { workers, jobsDone } = (await wb.bridge()).stats();
    expect(jobsDone).toBe(0);
    expect(workers.some((w) => w.kind === 'warm' && w.state === 'idle')).toBe(true);
    expect(workers.some((w) => w.kind === 'oneshot')).toBe(true);
  });

  it('returns the same job for the same idempotency key and refuses a different spec', async () => {
    const a = await wb.jobs.submit(flange, { idempotencyKey: 'order-42' });
    const b = await wb.jobs.submit(flange, { idempotencyKey: 'order-42' });
    expect(b.id).toBe(a.id);
    await expect(wb.jobs.submit({ ...flange, params: { outer_diameter: 130 } }, { idempotencyKey: 'order-42' })).rejects.toMatchObject({
      code: 'IDEMPOTENCY_CONFLICT',
    });
    const done = await wb.jobs.waitFor(a.id);
    expect(done.status).toBe('succeeded');
    expect(done.document.steps.every((s) => s.status === 'done')).toBe(true);
  });

  it('cancels a long job, kills its FreeCAD, and the next job still runs', async () => {
    const events: string[] = [];
    wb.jobs.on('job', (e) => events.push(`${e.status}:${e.current_step ?? ''}`));
    const heavy = await wb.jobs.submit({
      type: 'template',
      template: 'plate-with-hole-pattern',
      params: { rows: 45, columns: 45, pitch_x: 10, pitch_y: 10, margin: 8, hole_diameter: 4, thickness: 10 },
    });
    await waitUntil(() => wb.jobs.get(heavy.id).current_step === 'model', 60_000);
    wb.jobs.cancel(heavy.id);
    const done = await wb.jobs.waitFor(heavy.id);
    expect(done.status).toBe('cancelled');
    expect(done.error?.code).toBe('CANCELLED');
    expect(events.some((e) => e.startsWith('running:'))).toBe(true);
    expect(events.at(-1)).toBe('cancelled:');
    const next = await wb.jobs.submit({ type: 'template', template: 'shaft', params: { diameter: 25, length: 80, chamfer: 1.5 } });
    const ok = await wb.jobs.waitFor(next.id);
    expect(ok.status).toBe('succeeded');
    expect(ok.metrics?.solids).toBe(1);
  });

  it('retries a finished job as a new linked job', async () => {
    const first = await wb.jobs.submit({ type: 'template', template: 'l-bracket', params: {} });
    await wb.jobs.waitFor(first.id);
    const again = await wb.jobs.retry(first.id);
    expect(again.id).not.toBe(first.id);
    expect(again.retry_of).toBe(first.id);
    expect((await wb.jobs.waitFor(again.id)).status).toBe('succeeded');
    expect(() => wb.jobs.cancel(first.id)).toThrow(TezgahError);
  });

  it('queues jobs left running by a crashed process again, and fails them with INTERRUPTED after the third cut', async () => {
    const job = await wb.jobs.submit({ type: 'template', template: 'prism-with-hole', params: { length: 77 } });
    await wb.jobs.waitFor(job.id);
    const host = (await import('node:os')).hostname();
    // what a crash leaves behind: a running row whose owner process is gone (with `runs` earlier cuts)
    const crash = (runs: number) =>
      wb.db
        .prepare(
          `UPDATE jobs SET status = 'running', finished_at = NULL, document = json_set(document, '$.owner', json('{"pid": 999999, "host": "${host}"}'), '$.interruptions', ?) WHERE id = ?`,
        )
        .run(runs, job.id);
    crash(0);
    const first = wb.jobs.recover();
    expect(first).toEqual({ interrupted: [job.id], requeued: [job.id] });
    const again = await wb.jobs.waitFor(job.id);
    expect(again.status, JSON.stringify(again.error)).toBe('succeeded');
    expect(again.document.interruptions).toBe(1);
    crash(2);
    const third = wb.jobs.recover();
    expect(third).toEqual({ interrupted: [job.id], requeued: [] });
    const after = wb.jobs.get(job.id);
    expect(after.status).toBe('failed');
    expect(after.error?.code).toBe('INTERRUPTED');
    expect(after.document.interruptions).toBe(3);
    expect(wb.audit.entries({ entity_id: job.id }).map((e) => e.action)).toEqual(
      expect.arrayContaining(['job.requeued', 'job.interrupted']),
    );
  });
});

async function waitUntil(cond: () => boolean, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
