// `tezgah check`: a manufacturability (DFM) check of a part, called from electron/hosts/cli/main.ts,
// through the API ('jobs.submit', 'jobs.wait', 'dfm.report').
// Exit codes: 0 no error-level finding, 1 an error-level finding (or a failed check), 2 arguments or
// a part that cannot be read (missing file, not STEP/FCStd, no solid in it).
import { DfmProcess, DfmSetup, type CheckJobSpec } from '../../../shared/jobs.js';
import type { DfmReport } from '../../../shared/api/index.js';
import { resolve } from 'node:path';
import { isJobId } from '../../domains/cam/source.js';
import { UsageError } from './args.js';
import { fmt, submit, waitWithProgress, type Cli } from './run.js';

export interface CheckCliOptions {
  process?: string;
  machine?: string;
  setups?: string;
  tool?: string[];
  'min-wall'?: string;
}

export const USAGE_CHECK_PART =
  'usage: tezgah check <job-id|part-file> --process milling|fdm [--machine ID] [--setups +z,-z] [--tool ID …] [--min-wall MM] [--json]\n' +
  '  exit 0: no error-level finding, 1: an error-level finding, 2: unreadable input';

const usage = (message: string) => new UsageError(message, USAGE_CHECK_PART);
/** Failures that mean the part could not be read, not that it cannot be made. */
const UNREADABLE = new Set([
  'NOT_FOUND',
  'UPLOAD_NO_SOLID',
  'UPLOAD_CORRUPT',
  'UPLOAD_NO_GEOMETRY',
  'UPLOAD_EMPTY',
  'UPLOAD_UNSUPPORTED_FORMAT',
]);

export function checkSpecFromArgs(rest: string[], opts: CheckCliOptions): CheckJobSpec {
  const ref = rest[0];
  if (!ref) throw usage('missing the part: a STEP/FCStd file or a job id');
  if (rest.length > 1) throw usage(`unexpected argument '${rest[1]}'`);
  if (opts.process === undefined) throw usage('missing --process milling|fdm');
  const process = DfmProcess.safeParse(opts.process);
  if (!process.success) throw usage(`--process: '${opts.process}' is not one of ${DfmProcess.options.join(', ')}`);
  const spec: CheckJobSpec = { type: 'check', part: isJobId(ref) ? ref.toLowerCase() : resolve(ref), process: process.data };
  if (opts.machine !== undefined) spec.machine = opts.machine;
  if (opts.setups !== undefined) {
    const list = opts.setups
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean)
      .map((s) => (/^[xyz]$/.test(s) ? `+${s}` : s));
    const bad = list.find((s) => !DfmSetup.safeParse(s).success);
    if (bad !== undefined || !list.length) throw usage(`--setups: '${bad ?? opts.setups}' is not one of ${DfmSetup.options.join(', ')}`);
    spec.setups = list as DfmSetup[];
  }
  const options: NonNullable<CheckJobSpec['options']> = {};
  if (opts.tool?.length)
    options.tools = opts.tool.flatMap((t) =>
      t
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
  if (opts['min-wall'] !== undefined) {
    const v = Number(opts['min-wall'].replace(/\s*mm$/i, ''));
    if (!(v > 0)) throw usage(`--min-wall: '${opts['min-wall']}' is not a positive thickness in mm`);
    options.min_wall_mm = v;
  }
  if (Object.keys(options).length) spec.options = options;
  return spec;
}

function partProblem(code: string, field: unknown): boolean {
  return UNREADABLE.has(code) || (code === 'VALIDATION_ERROR' && field === 'part');
}

export async function checkCommand(cli: Cli, rest: string[]): Promise<number> {
  const { out, api } = cli;
  const spec = checkSpecFromArgs(rest, cli.opts);
  let id: string;
  try {
    id = (await submit(cli, spec)).id;
  } catch (e) {
    const error = out.payload(e);
    if (!partProblem(error.code, error.details?.field)) throw e;
    if (out.json) out.data({ ok: false, process: spec.process, findings: [], error });
    else out.error(error);
    return 2;
  }
  const done = await waitWithProgress(cli, id);
  const report: DfmReport | null = done.status === 'succeeded' ? await api['dfm.report']({ id: done.id, lang: out.lang }) : null;
  const error = done.error ? out.localize(done.error) : null;
  if (out.json) {
    if (report) out.data({ job: { id: done.id, status: done.status, cached: done.cached }, ...report });
    else
      out.data({ job: { id: done.id, status: done.status, cached: done.cached }, ok: false, process: spec.process, findings: [], error });
  } else if (report) out.lines(reportLines(report));
  else if (error) out.error(error);
  if (!report) {
    const failedAt = done.document.steps.find((s) => s.status === 'failed')?.name;
    return error && (partProblem(error.code, error.details?.field) || failedAt === 'dfm_load') ? 2 : 1;
  }
  return report.ok ? 0 : 1;
}

function reportLines(r: DfmReport): string[] {
  const v = (x: number | null, unit: string) => (x === null ? '–' : `${fmt(x)} ${unit}`);
  return [
    `job ${r.job_id}: ${r.verdict}`,
    ...r.findings.flatMap((f) => [
      `  ${f.severity.padEnd(7)} ${f.code}${f.faces.length ? ` [${f.faces.join(', ')}]` : ''}: ${f.message}`,
      ...(f.measured !== null || f.allowed !== null
        ? [`          measured ${v(f.measured, f.unit)}, allowed ${v(f.allowed, f.unit)}`]
        : []),
      `          hint: ${f.hint}`,
    ]),
    `  ${r.summary.faces} faces, ${r.summary.rays} rays; size ${r.summary.size_mm.map(fmt).join(' × ')} mm, volume ${fmt(r.summary.volume_mm3)} mm³${r.summary.thinnest_mm === null ? '' : `, thinnest wall ${fmt(r.summary.thinnest_mm)} mm`}`,
  ];
}
