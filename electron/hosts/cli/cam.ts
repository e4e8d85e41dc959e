// `tezgah cam` and `tezgah gcode check`: the CAM commands, called from electron/hosts/cli/main.ts,
// through the API ('jobs.submit', 'jobs.wait', 'library.machines', 'gcode.check').
// Exit codes: 0 success (no error-level finding for `gcode check`), 1 a coded failure or a finding
// of error level, 2 arguments or a file that cannot be read.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CamOperation, CamOrigin, resultOf, type CamJobSpec } from '../../../shared/jobs.js';
import { noteText } from '../../../shared/results/cam.js';
import type { CamResult } from '../../../shared/results/index.js';
import { duration } from '../../domains/cam/program.js';
import { isJobId } from '../../domains/cam/source.js';
import { UsageError } from './args.js';
import { jobOutcome, submit, waitWithProgress, type Cli } from './run.js';

/** The parseArgs values the CAM commands read. */
export interface CamCliOptions {
  machine?: string;
  ops?: string;
  tool?: string[];
  post?: string;
  origin?: string;
  'stock-margin'?: string;
  out?: string;
  'idempotency-key'?: string;
}

const USAGE_CAM =
  'usage: tezgah cam <part-file|job-id> --machine ID [--stock-margin MM] [--ops facing,profile,pocket,drill,adaptive] [--tool ID …] [--post grbl|linuxcnc|fanuc] [--origin part|stock-corner|stock-centre] [--out DIR] [--json]';
const USAGE_CHECK = 'usage: tezgah gcode check FILE --machine ID [--json]';

export function camSpecFromArgs(rest: string[], opts: CamCliOptions): CamJobSpec {
  const ref = rest[0];
  if (!ref) throw new UsageError('missing the part: a STEP/FCStd file or a job id', USAGE_CAM);
  if (rest.length > 1) throw new UsageError(`unexpected argument '${rest[1]}'`, USAGE_CAM);
  if (!opts.machine) throw new UsageError('missing --machine', USAGE_CAM);
  const spec: CamJobSpec = { type: 'cam', part: isJobId(ref) ? ref.toLowerCase() : resolve(ref), machine: opts.machine };
  if (opts.ops !== undefined) {
    const ops = opts.ops
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = ops.find((o) => !CamOperation.safeParse(o).success);
    if (bad || ops.length === 0)
      throw new UsageError(`--ops: '${bad ?? opts.ops}' is not one of ${CamOperation.options.join(', ')}`, USAGE_CAM);
    spec.ops = ops as CamJobSpec['ops'];
  }
  if (opts.tool?.length) spec.tools = opts.tool;
  if (opts.post !== undefined) {
    if (!['grbl', 'linuxcnc', 'fanuc'].includes(opts.post))
      throw new UsageError(`--post: '${opts.post}' is not one of grbl, linuxcnc, fanuc`, USAGE_CAM);
    spec.post = opts.post as CamJobSpec['post'];
  }
  if (opts.origin !== undefined) {
    if (!CamOrigin.safeParse(opts.origin).success)
      throw new UsageError(`--origin: '${opts.origin}' is not one of ${CamOrigin.options.join(', ')}`, USAGE_CAM);
    spec.origin = opts.origin as CamJobSpec['origin'];
  }
  if (opts['stock-margin'] !== undefined) {
    const m = Number(opts['stock-margin']);
    if (!Number.isFinite(m) || m < 0 || opts['stock-margin'].trim() === '')
      throw new UsageError(`--stock-margin: '${opts['stock-margin']}' is not a length in mm`, USAGE_CAM);
    spec.stock = { margin_mm: m };
  }
  return spec;
}

export async function camCommand(cli: Cli, rest: string[]): Promise<number> {
  const { out } = cli;
  const spec = camSpecFromArgs(rest, cli.opts);
  const done = await waitWithProgress(cli, (await submit(cli, spec)).id);
  const { job, artefacts, error } = await jobOutcome(cli, done);
  const cam = resultOf(done, 'cam');
  const summary = cam
    ? {
        post: cam.post,
        tools: cam.tools,
        operations: cam.operations,
        estimated_seconds: cam.estimated_seconds,
        bounds_mm: cam.bounds_mm,
        verification: cam.verification,
        skipped: cam.skipped,
        notes: cam.notes.map((n) => noteText(n, out.lang)),
      }
    : null;
  const warnings = (done.document.warnings ?? []).map((w) => out.localize(w));
  if (out.json) {
    out.data({ job, artefacts, cam: summary, warnings, error });
  } else {
    out.line(`job ${done.id}: ${done.status}${done.cached ? ' (cached)' : ''}`);
    if (summary) printCam(cli, summary);
    for (const w of warnings) out.line(`  warning ${w.code}: ${w.hint}`);
    for (const a of artefacts) out.line(`  ${a.kind.padEnd(10)} ${a.path}  (${a.bytes} B)`);
    if (error) out.error(error);
  }
  return done.status === 'succeeded' ? 0 : 1;
}

function printCam(cli: Cli, c: Pick<CamResult, 'post' | 'operations' | 'estimated_seconds' | 'bounds_mm' | 'verification'>) {
  const lines = [
    `  post ${c.post}, estimated ${duration(c.estimated_seconds)}`,
    ...c.operations.map((o) => `  ${o.label.padEnd(14)} T${o.tool_number}  S${o.rpm}  F${o.feed_mm_min}`),
    ...(c.bounds_mm
      ? [
          `  bounds X${c.bounds_mm.xmin}…${c.bounds_mm.xmax} Y${c.bounds_mm.ymin}…${c.bounds_mm.ymax} Z${c.bounds_mm.zmin}…${c.bounds_mm.zmax} mm`,
        ]
      : []),
    `  verification: ${c.verification.ok ? 'ok' : 'FAILED'} (${c.verification.findings.length} finding(s))`,
    ...c.verification.findings.map((f) => `    line ${f.line} ${f.severity} ${f.code}: ${f.message}`),
  ];
  cli.out.lines(lines);
}

export async function gcodeCommand(cli: Cli, rest: string[]): Promise<number> {
  const { api, out, opts } = cli;
  const [sub, file, extra] = rest;
  const usage = (message: string) => new UsageError(message, USAGE_CHECK);
  if (sub !== 'check') throw usage(sub ? `unknown gcode command '${sub}'` : 'missing gcode command');
  if (!file) throw usage('missing FILE');
  if (extra) throw usage(`unexpected argument '${extra}'`);
  if (!opts.machine) throw usage('missing --machine');
  const machines = await api['library.machines']({});
  if (!machines.some((m) => m.id === opts.machine))
    throw usage(`unknown machine '${opts.machine}'; known: ${machines.map((m) => m.id).join(', ')}`);
  let text: string;
  try {
    const bytes = await readFile(resolve(file));
    if (bytes.includes(0)) throw new Error('it is a binary file, not G-code');
    text = bytes.toString('utf8');
  } catch (e) {
    throw usage(`cannot read ${file}: ${(e as Error).message}`);
  }
  const result = await api['gcode.check']({ text, machine: opts.machine });
  if (out.json) out.data(result);
  else {
    out.line(
      `${file}: ${result.ok ? 'ok' : 'FAILED'} on ${result.machine}, ${result.findings.length} finding(s), estimated ${duration(result.estimated_seconds)}, ${result.path_length_mm} mm of path`,
    );
    for (const f of result.findings) out.line(`  line ${f.line} ${f.severity} ${f.code}: ${f.message}`);
  }
  return result.ok ? 0 : 1;
}
