// `tezgah batch <template> --csv FILE [--out DIR] [--concurrency N] [--json]`: one template job per
// row of a sheet, through the API ('batch.start', 'batch.wait'). Bad rows are printed before the
// run; progress goes to a terminal's stderr; Ctrl-C cancels the rows not finished. With --out,
// each made row's files are copied to DIR/row-<n>/ and summary.csv + summary.json are written there.
// Exit codes: 0 every row made (or skipped as made before), 1 any row failed or was cancelled, 2 arguments.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BatchRowView, BatchStatus } from '../../../shared/api/index.js';
import { TezgahError } from '../../../shared/errors.js';
import { summaryCsv, summaryDoc, type SummaryArtefact } from '../../domains/batch/summary.js';
import { need, UsageError } from './args.js';
import type { Cli } from './run.js';

export const BATCH_USAGE = 'usage: tezgah batch <template> --csv FILE [--out DIR] [--concurrency N] [--json]';

export async function batchCommand(cli: Cli, rest: string[]): Promise<number> {
  const { api, out, opts } = cli;
  const template = need(rest[0], 'template name', BATCH_USAGE);
  const file = opts.csv;
  if (!file) throw new UsageError('missing --csv FILE', BATCH_USAGE);
  let concurrency: number | undefined;
  if (opts.concurrency !== undefined) {
    concurrency = Number(opts.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
      throw new UsageError('--concurrency must be a whole number from 1 to 64', BATCH_USAGE);
  }
  let csv: string;
  try {
    csv = await readFile(resolve(file), 'utf8');
  } catch (e) {
    throw new TezgahError('BATCH_CSV_INVALID', { reason: `cannot read ${file}: ${(e as Error).message}` });
  }

  cli.start();
  const started = await api['batch.start']({ template, csv, ...(concurrency ? { concurrency } : {}) });
  if (!out.json)
    for (const r of started.rows.filter((x) => x.invalid))
      out.note(`row ${r.row} (line ${r.line}) rejected: ${r.error?.code} ${r.error?.message} ${r.error?.hint ?? ''}\n`);

  const tty = process.stderr.isTTY && !out.json;
  const onSigint = () => void Promise.resolve(api['batch.cancel']({ id: started.id })).catch(() => undefined);
  process.on('SIGINT', onSigint);
  const off = cli.onJob(() => {
    if (!tty) return;
    void Promise.resolve(api['batch.get']({ id: started.id })).then((s) => out.note(`\r\x1b[K${progressLine(s)}`));
  });
  let done: BatchStatus;
  try {
    done = await api['batch.wait']({ id: started.id });
  } finally {
    off();
    process.off('SIGINT', onSigint);
    if (tty) out.note('\r\x1b[K');
  }

  const outDir = opts.out ? resolve(opts.out) : undefined;
  const copies = new Map<number, SummaryArtefact[]>();
  if (outDir) {
    await mkdir(outDir, { recursive: true });
    for (const r of done.rows) copies.set(r.row, await copyRow(r, outDir));
  }
  const doc = summaryDoc(done, outDir ? (r) => copies.get(r.row) ?? [] : undefined);
  const rows = doc.rows.map((r) => ({ ...r, error: r.error ? out.localize(r.error) : null }));
  const json = { ...doc, rows };
  if (outDir) {
    await writeFile(join(outDir, 'summary.json'), `${JSON.stringify(json, null, 2)}\n`);
    await writeFile(join(outDir, 'summary.csv'), summaryCsv(json));
  }
  if (out.json) out.data(json);
  else {
    for (const r of rows) {
      const m = r.metrics;
      const what = m ? `volume ${m.volume_mm3?.toFixed(2) ?? '—'} mm³${m.mass_g != null ? `, mass ${m.mass_g} g` : ''}` : '';
      out.line(
        `row ${String(r.row).padStart(3)}  ${r.status.padEnd(9)} ${r.job_id ?? '—'}  ${what}${r.error ? `${r.error.code}: ${r.error.message}` : ''}`,
      );
    }
    const s = doc.summary;
    out.line(
      `${s.succeeded} succeeded, ${s.skipped} skipped (made before), ${s.failed} failed (${s.invalid} rejected), ${s.cancelled} cancelled`,
    );
    if (outDir) out.line(`summary: ${join(outDir, 'summary.csv')}, ${join(outDir, 'summary.json')}`);
  }
  return doc.summary.failed || doc.summary.cancelled ? 1 : 0;
}

function progressLine(s: BatchStatus): string {
  const d = s.summary;
  return `${Math.round(s.progress * 100)}%  ${d.succeeded + d.skipped}/${s.rows.length} made, ${d.failed} failed, ${d.pending} to go`;
}

/** Copies a made row's artefacts (their href is the file in the store) to DIR/row-<n>/. */
async function copyRow(r: BatchRowView, outDir: string): Promise<SummaryArtefact[]> {
  if (!r.artefacts.length) return [];
  const dir = join(outDir, `row-${r.row}`);
  await mkdir(dir, { recursive: true });
  const list: SummaryArtefact[] = [];
  for (const a of r.artefacts) {
    const dest = join(dir, a.name);
    await copyFile(a.href!, dest);
    list.push({ kind: a.kind, name: a.name, path: dest, sha256: a.sha256, bytes: a.size });
  }
  return list;
}
