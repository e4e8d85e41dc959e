// `tezgah import FILE …`, called from electron/hosts/cli/main.ts, through the API ('jobs.submit',
// 'jobs.wait'). Prints the usual job JSON ({job, artefacts, metrics, error}) plus `import`: the
// report's format, units, conversions, repairs and warnings.
// Exit codes: 0 imported, 1 a coded failure (the file is refused or the import failed), 2 usage.
import { resolve } from 'node:path';
import type { ErrorPayload } from '../../../shared/errors.js';
import { isJobOf, resultOf, type ImportJobSpec, type JobRecord } from '../../../shared/jobs.js';
import type { ImportReport } from '../../../shared/results/index.js';
import { normaliseUnit } from '../../../shared/units.js';
import { UsageError } from './args.js';
import type { Out } from './output.js';
import { jobOutcome, submit, waitWithProgress, type Cli } from './run.js';

/** The parseArgs values the import command reads. */
export interface ImportCliOptions {
  units?: string;
  'z-up'?: boolean;
  center?: boolean;
  refine?: boolean;
  repair?: boolean;
  'require-solid'?: boolean;
  'max-size'?: string;
  memory?: string;
  timeout?: string;
  out?: string;
  'idempotency-key'?: string;
}

export const IMPORT_USAGE =
  'tezgah import FILE [--units auto|mm|inch|m] [--z-up] [--center] [--refine] [--repair] [--require-solid] [--max-size MB] [--memory MB] [--out DIR] [--json]';

const usageError = (message: string) => new UsageError(message, `usage: ${IMPORT_USAGE}`);

const positive = (v: string | undefined, flag: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!v.trim() || !Number.isFinite(n) || n <= 0) throw usageError(`${flag}: '${v}' is not a positive number`);
  return n;
};

export function importSpecFromArgs(rest: string[], opts: ImportCliOptions): ImportJobSpec {
  const file = rest[0];
  if (!file) throw usageError('missing the file to import');
  if (rest.length > 1) throw usageError(`unexpected argument '${rest[1]}'`);
  const spec: ImportJobSpec = { type: 'import', path: resolve(file) };
  if (opts.units !== undefined && opts.units !== 'auto') {
    const u = normaliseUnit(opts.units);
    if (!u) throw usageError(`--units: '${opts.units}' is not one of auto, mm, cm, m, inch, ft`);
    spec.units = u;
  }
  if (opts['z-up']) spec.z_up = true;
  if (opts.center) spec.center = true;
  if (opts.refine) spec.refine = true;
  if (opts.repair) spec.repair = true;
  if (opts['require-solid']) spec.require_solid = true;
  const max = positive(opts['max-size'], '--max-size');
  if (max !== undefined) spec.max_size_mb = max;
  const memory = positive(opts.memory, '--memory');
  if (memory !== undefined) spec.memory_mb = Math.round(memory);
  const timeout = positive(opts.timeout, '--timeout');
  if (timeout !== undefined) spec.timeout_s = timeout;
  return spec;
}

/** The `import` part of the JSON: the report's essentials, or what is known when there is no report. */
function importSummary(report: ImportReport | undefined, format: string | null) {
  if (!report) return { format, units_detected: null, units_used: null, conversions: [], repairs: [], warnings: [], parts: [] };
  const { format: f, units_detected, units_used, units_source, conversions, repairs, warnings, parts, mesh, notes } = report;
  return { format: f, units_detected, units_used, units_source, conversions, repairs, warnings, parts, mesh, notes };
}

export async function importCommand(cli: Cli, rest: string[]): Promise<number> {
  const { out } = cli;
  const spec = importSpecFromArgs(rest, cli.opts);
  let job: JobRecord;
  try {
    job = await submit(cli, spec);
  } catch (e) {
    // refused before a job exists (empty, too large, not a CAD file, damaged text)
    emit(out, { job: null, artefacts: [], metrics: null, error: out.payload(e), import: importSummary(undefined, null) });
    return 1;
  }
  const done = await waitWithProgress(cli, job.id);
  const format = isJobOf(done, 'import') ? (done.spec.format ?? null) : null;
  emit(out, { ...(await jobOutcome(cli, done)), import: importSummary(resultOf(done, 'import') ?? undefined, format) });
  return done.status === 'succeeded' ? 0 : 1;
}

interface Result {
  job: { id: string; status: string; cached: boolean } | null;
  artefacts: { kind: string; name: string; path: string; sha256: string; bytes: number }[];
  metrics: JobRecord['metrics'];
  error: ErrorPayload | null;
  import: ReturnType<typeof importSummary>;
}

function emit(out: Out, r: Result): void {
  if (out.json) {
    out.data(r);
    return;
  }
  const lines: string[] = [];
  if (r.job) lines.push(`job ${r.job.id}: ${r.job.status}${r.job.cached ? ' (cached)' : ''}`);
  const i = r.import;
  if (i.format)
    lines.push(
      `  ${String(i.format).toUpperCase()}, units ${i.units_used ?? '—'}${i.units_detected ? ` (file: ${i.units_detected})` : ''}`,
    );
  if (r.metrics) {
    const m = r.metrics;
    const b = m.bbox_mm;
    const f = (v: number) => String(Math.round(v * 1000) / 1000);
    lines.push(
      `  solids ${m.solids}, faces ${m.faces}, volume ${m.volume_mm3?.toFixed(2) ?? '—'} mm³, area ${m.area_mm2.toFixed(2)} mm², bbox ${f(b.xmax - b.xmin)} × ${f(b.ymax - b.ymin)} × ${f(b.zmax - b.zmin)} mm`,
    );
  }
  for (const p of i.parts.slice(0, 20))
    lines.push(`  part ${p.path}: ${p.kind}${p.volume_mm3 !== null ? `, ${p.volume_mm3} mm³` : ''}${p.colour ? `, ${p.colour}` : ''}`);
  if (i.parts.length > 20) lines.push(`  … ${i.parts.length - 20} more parts`);
  for (const c of i.conversions) lines.push(`  converted: ${JSON.stringify(c)}`);
  for (const c of i.repairs) lines.push(`  repaired: ${JSON.stringify(c)}`);
  for (const w of i.warnings) lines.push(`  warning ${w.code}: ${w.message}`);
  for (const a of r.artefacts) lines.push(`  ${a.kind.padEnd(13)} ${a.path}  (${a.bytes} B)`);
  out.lines(lines);
  if (r.error) out.error(r.error);
}
