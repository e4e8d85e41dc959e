// Batch runs with the real FreeCAD, through the real CLI in its own process: a 6-row sheet with 2
// bad rows (a wrong unit, out of range) runs the 4 good rows, reports the bad ones with their codes
// before any job, writes summary.csv/json and each row's files; volumes are checked against the
// closed form. The same sheet again skips every made row (same jobs, no new FreeCAD run). Cancel
// stops a running batch: the rows not finished are cancelled and no job is left queued.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { Workbench } from '../../electron/app/app.js';
import { parseCsv } from '../../electron/domains/batch/csv.js';
import { createApiHandlers } from '../../electron/hosts/api/handlers.js';

const bin = join(resolve(import.meta.dirname, '../..'), 'bin', 'tezgah.mjs');
const root = mkdtempSync(join(tmpdir(), 'tezgah-batch-'));
const dataDir = join(root, 'data');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function tezgah(...args: string[]): Promise<{ code: number; json: any; stderr: string }> {
  try {
    const r = await promisify(execFile)(process.execPath, [bin, ...args, '--json', '--lang', 'en', '--data-dir', dataDir], {
      maxBuffer: 16 << 20,
    });
    return { code: 0, json: JSON.parse(r.stdout), stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, json: err.stdout ? JSON.parse(err.stdout) : null, stderr: err.stderr };
  }
}

// prism-with-hole: L × W × H block less a through hole of diameter D
const prismVolume = (L: number, W: number, H: number, D: number) => L * W * H - Math.PI * (D / 2) ** 2 * H;

// Excel-style: BOM, CRLF, `;` separator, decimal commas, a unit in the header and in cells
const SHEET =
  '\ufeffname;length_mm;width;height;hole_diameter\r\n' +
  'A-1;40;30;12;8\r\n' +
  'A-2;"45,5";3cm;12;8\r\n' +
  'A-3;50;30;12 kg;8\r\n' + // wrong unit
  'A-4;55;30;12;"0,5 in"\r\n' +
  'A-5;60;30;5000;8\r\n' + // out of range
  'A-6;6,5 cm;30;12;8\r\n';
const GOOD = [
  { row: 1, L: 40, W: 30, H: 12, D: 8 },
  { row: 2, L: 45.5, W: 30, H: 12, D: 8 },
  { row: 4, L: 55, W: 30, H: 12, D: 12.7 },
  { row: 6, L: 65, W: 30, H: 12, D: 8 },
];

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('tezgah batch', () => {
  const csv = join(root, 'sheet.csv');
  const outDir = join(root, 'out');
  let first: Awaited<ReturnType<typeof tezgah>>;

  it('runs the good rows, rejects the bad ones with their codes, writes the summary and files', async () => {
    writeFileSync(csv, SHEET);
    first = await tezgah('batch', 'prism-with-hole', '--csv', csv, '--out', outDir, '--concurrency', '2');
    expect(first.code, first.stderr).toBe(1); // two rows failed
    const { rows, summary } = first.json;
    expect(summary).toEqual({ succeeded: 4, failed: 2, skipped: 0, cancelled: 0, invalid: 2 });
    expect(rows.map((r: any) => r.status)).toEqual(['succeeded', 'succeeded', 'failed', 'succeeded', 'failed', 'succeeded']);
    expect(rows[2]).toMatchObject({ job_id: null, error: { code: 'BATCH_BAD_UNIT', details: { field: 'height', row: 3 } } });
    expect(rows[4]).toMatchObject({ job_id: null, error: { code: 'DIMENSION_ERROR', details: { field: 'height', row: 5 } } });
    for (const g of GOOD) {
      const r = rows[g.row - 1];
      expect(r.params).toEqual({ length: g.L, width: g.W, height: g.H, hole_diameter: g.D });
      expect(r.metrics.volume_mm3).toBeCloseTo(prismVolume(g.L, g.W, g.H, g.D), 2);
      expect(r.metrics.bbox_mm.xmax - r.metrics.bbox_mm.xmin).toBeCloseTo(g.L, 4);
      expect(r.artefacts.map((a: any) => a.kind).sort()).toEqual(['fcstd', 'glb', 'step', 'stl']);
      for (const a of r.artefacts) {
        expect(a.path).toBe(join(outDir, `row-${g.row}`, a.name));
        expect(sha(readFileSync(a.path))).toBe(a.sha256);
      }
    }
    // the bad rows never became jobs: four template jobs in the store
    const jobs = await tezgah('jobs');
    expect(jobs.json.jobs.filter((j: any) => j.type === 'template')).toHaveLength(4);

    expect(JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8')).summary).toEqual(summary);
    const table = parseCsv(readFileSync(join(outDir, 'summary.csv'), 'utf8'));
    const col = (n: string) => table.header.indexOf(n);
    expect(table.rows.map((r) => r.cells[col('status')])).toEqual(rows.map((r: any) => r.status));
    expect(table.rows.map((r) => r.cells[col('name')])).toEqual(['A-1', 'A-2', 'A-3', 'A-4', 'A-5', 'A-6']);
    expect(table.rows[1]!.cells[col('length_mm')]).toBe('45,5');
    expect(table.rows[2]!.cells[col('error_code')]).toBe('BATCH_BAD_UNIT');
    expect(Number(table.rows[5]!.cells[col('volume_mm3')])).toBeCloseTo(prismVolume(65, 30, 12, 8), 2);
    expect(existsSync(table.rows[5]!.cells[col('step_path')]!)).toBe(true);
  });

  it('the same sheet again skips every made row: the same jobs, nothing new', async () => {
    const again = await tezgah('batch', 'prism-with-hole', '--csv', csv);
    expect(again.json.summary).toEqual({ succeeded: 0, failed: 2, skipped: 4, cancelled: 0, invalid: 2 });
    for (const g of GOOD) {
      expect(again.json.rows[g.row - 1].status).toBe('skipped');
      expect(again.json.rows[g.row - 1].job_id).toBe(first.json.rows[g.row - 1].job_id);
      expect(again.json.rows[g.row - 1].metrics.volume_mm3).toBe(first.json.rows[g.row - 1].metrics.volume_mm3);
    }
    const jobs = await tezgah('jobs');
    expect(jobs.json.jobs.filter((j: any) => j.type === 'template')).toHaveLength(4);
  });

  it('a sheet that cannot be read is one coded error and starts nothing', async () => {
    writeFileSync(join(root, 'broken.csv'), 'length,width\n"10,20\n');
    const r = await tezgah('batch', 'block', '--csv', join(root, 'broken.csv'));
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('BATCH_CSV_INVALID');
  });
});

describe('batch cancel', () => {
  it('cancels the rows not finished; the finished ones stay, nothing stays queued', async () => {
    const wb = new Workbench({ dataDir: join(root, 'cancel'), lang: 'en', poolSize: 1 });
    try {
      wb.start();
      const api = createApiHandlers(wb, { kind: 'cli', hrefFor: (a) => wb.artefacts.pathFor(a.sha256) });
      const sheet = `length,width,height\n${[20, 21, 22, 23, 24, 25].map((l) => `${l},10,10`).join('\n')}\n`;
      const started = await api['batch.start']({ template: 'block', csv: sheet, concurrency: 1 });
      const events: number[] = [];
      const onBatch = (s: { id: string; progress: number }) => {
        if (s.id === started.id) events.push(s.progress);
      };
      wb.batches.on('batch', onBatch);
      // cancel the moment the first row's job has succeeded (the job event is not throttled)
      await new Promise<void>((done) => {
        const onJob = (e: { status: string }) => {
          if (e.status !== 'succeeded') return;
          wb.jobs.off('job', onJob);
          void api['batch.cancel']({ id: started.id });
          done();
        };
        wb.jobs.on('job', onJob);
      });
      const end = await api['batch.wait']({ id: started.id });
      expect(end.state).toBe('cancelled');
      wb.batches.off('batch', onBatch);
      expect(end.summary).toMatchObject({ succeeded: 1, cancelled: 5, failed: 0 });
      expect(end.rows.map((r) => r.status)).toEqual(['succeeded', 'cancelled', 'cancelled', 'cancelled', 'cancelled', 'cancelled']);
      expect(end.progress).toBe(1);
      // progress only grows
      expect(events).toEqual([...events].sort((a, b) => a - b));
      expect(wb.jobsRepo.list({}).filter((j) => j.status === 'queued' || j.status === 'running')).toEqual([]);
      for (const r of end.rows.filter((x) => x.status === 'succeeded'))
        expect(r.metrics!.volume_mm3).toBeCloseTo(Number(r.cells.length) * 100, 3);
      for (const r of end.rows.filter((x) => x.status === 'cancelled')) expect(r.error?.code).toBe('CANCELLED');
    } finally {
      await wb.dispose();
    }
  });
});
