// `tezgah cam` and `tezgah gcode check`: the CAM commands, called from electron/hosts/cli/main.ts.
// Exit codes: 0 success (no error-level finding for `gcode check`), 1 a coded failure or a finding
// of error level, 2 arguments or a file that cannot be read.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { TezgahError, toErrorPayload, type Lang } from '../../../shared/errors.js';
import { CamOperation, CamOrigin, type CamJobSpec } from '../../../shared/jobs.js';
import type { Workbench } from '../../app.js';
import { exportArtefacts, printError, waitWithProgress } from './output.js';
import { verifyGcode } from '../../domains/cam/gcode/index.js';
import { duration } from '../../domains/cam/program.js';
import { isJobId } from '../../domains/cam/source.js';

export interface CamCliOut {
  json: boolean;
  lang: Lang;
}

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

class ArgError extends Error {}

const USAGE_CAM = 'usage: tezgah cam <part-file|job-id> --machine ID [--stock-margin MM] [--ops facing,profile,pocket,drill,adaptive] [--tool ID …] [--post grbl|linuxcnc|fanuc] [--origin part|stock-corner|stock-centre] [--out DIR] [--json]';
const USAGE_CHECK = 'usage: tezgah gcode check FILE --machine ID [--json]';

function usage(e: unknown, text: string): number {
  process.stderr.write(`${(e as Error).message}\n${text}\n`);
  return 2;
}

export function camSpecFromArgs(rest: string[], opts: CamCliOptions): CamJobSpec {
  const ref = rest[0];
  if (!ref) throw new ArgError('missing the part: a STEP/FCStd file or a job id');
  if (rest.length > 1) throw new ArgError(`unexpected argument '${rest[1]}'`);
  if (!opts.machine) throw new ArgError('missing --machine');
  const spec: CamJobSpec = { type: 'cam', part: isJobId(ref) ? ref.toLowerCase() : resolve(ref), machine: opts.machine };
  if (opts.ops !== undefined) {
    const ops = opts.ops.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = ops.find((o) => !CamOperation.safeParse(o).success);
    if (bad || ops.length === 0) throw new ArgError(`--ops: '${bad ?? opts.ops}' is not one of ${CamOperation.options.join(', ')}`);
    spec.ops = ops as CamJobSpec['ops'];
  }
  if (opts.tool?.length) spec.tools = opts.tool;
  if (opts.post !== undefined) {
    if (!['grbl', 'linuxcnc', 'fanuc'].includes(opts.post)) throw new ArgError(`--post: '${opts.post}' is not one of grbl, linuxcnc, fanuc`);
    spec.post = opts.post as CamJobSpec['post'];
  }
  if (opts.origin !== undefined) {
    if (!CamOrigin.safeParse(opts.origin).success) throw new ArgError(`--origin: '${opts.origin}' is not one of ${CamOrigin.options.join(', ')}`);
    spec.origin = opts.origin as CamJobSpec['origin'];
  }
  if (opts['stock-margin'] !== undefined) {
    const m = Number(opts['stock-margin']);
    if (!Number.isFinite(m) || m < 0 || opts['stock-margin'].trim() === '') throw new ArgError(`--stock-margin: '${opts['stock-margin']}' is not a length in mm`);
    spec.stock = { margin_mm: m };
  }
  return spec;
}

export async function camCommand(wb: Workbench, out: CamCliOut, rest: string[], opts: CamCliOptions): Promise<number> {
  let spec: CamJobSpec;
  try {
    spec = camSpecFromArgs(rest, opts);
  } catch (e) {
    if (e instanceof ArgError) return usage(e, USAGE_CAM);
    throw e;
  }
  wb.jobs.recover();
  const job = await wb.jobs.submit(spec, opts['idempotency-key'] ? { idempotencyKey: opts['idempotency-key'] } : {});
  const done = await waitWithProgress(wb, out, job.id);
  const artefacts = await exportArtefacts(wb, done.id, opts.out);
  const cam = done.document.result?.cam as Record<string, unknown> | undefined;
  const error = done.error ? toErrorPayload(new TezgahError(done.error.code, done.error.details), out.lang) : null;
  const summary = cam
    ? {
        post: cam.post,
        tools: cam.tools,
        operations: cam.operations,
        estimated_seconds: cam.estimated_seconds,
        bounds_mm: cam.bounds_mm,
        verification: cam.verification,
        skipped: cam.skipped,
        notes: cam.notes,
      }
    : null;
  const warnings = (done.document.warnings ?? []).map((w) => toErrorPayload(new TezgahError(w.code, w.details), out.lang));
  if (out.json) {
    process.stdout.write(JSON.stringify({ job: { id: done.id, status: done.status, cached: done.cached }, artefacts, cam: summary, warnings, error }, null, 2) + '\n');
  } else {
    process.stdout.write(`job ${done.id}: ${done.status}${done.cached ? ' (cached)' : ''}\n`);
    if (summary) printCam(summary as unknown as CamSummaryText);
    for (const w of warnings) process.stdout.write(`  warning ${w.code}: ${w.hint}\n`);
    for (const a of artefacts) process.stdout.write(`  ${a.kind.padEnd(10)} ${a.path}  (${a.bytes} B)\n`);
    if (error) printError(error);
  }
  return done.status === 'succeeded' ? 0 : 1;
}

interface CamSummaryText {
  post: string;
  operations: { label: string; tool_number: number; rpm: number; feed_mm_min: number }[];
  estimated_seconds: number;
  bounds_mm: { xmin: number; xmax: number; ymin: number; ymax: number; zmin: number; zmax: number } | null;
  verification: { ok: boolean; findings: { code: string; severity: string; line: number; message: string }[] };
}

function printCam(c: CamSummaryText) {
  const lines = [
    `  post ${c.post}, estimated ${duration(c.estimated_seconds)}`,
    ...c.operations.map((o) => `  ${o.label.padEnd(14)} T${o.tool_number}  S${o.rpm}  F${o.feed_mm_min}`),
    ...(c.bounds_mm ? [`  bounds X${c.bounds_mm.xmin}…${c.bounds_mm.xmax} Y${c.bounds_mm.ymin}…${c.bounds_mm.ymax} Z${c.bounds_mm.zmin}…${c.bounds_mm.zmax} mm`] : []),
    `  verification: ${c.verification.ok ? 'ok' : 'FAILED'} (${c.verification.findings.length} finding(s))`,
    ...c.verification.findings.map((f) => `    line ${f.line} ${f.severity} ${f.code}: ${f.message}`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

export async function gcodeCommand(wb: Workbench, out: CamCliOut, rest: string[], opts: CamCliOptions): Promise<number> {
  const [sub, file, extra] = rest;
  if (sub !== 'check') return usage(new Error(sub ? `unknown gcode command '${sub}'` : 'missing gcode command'), USAGE_CHECK);
  if (!file) return usage(new Error('missing FILE'), USAGE_CHECK);
  if (extra) return usage(new Error(`unexpected argument '${extra}'`), USAGE_CHECK);
  if (!opts.machine) return usage(new Error('missing --machine'), USAGE_CHECK);
  const machine = wb.library.getMachine(opts.machine);
  if (!machine) return usage(new Error(`unknown machine '${opts.machine}'; known: ${wb.library.machines().map((m) => m.id).join(', ')}`), USAGE_CHECK);
  let text: string;
  try {
    const bytes = await readFile(resolve(file));
    if (bytes.includes(0)) throw new Error('it is a binary file, not G-code');
    text = bytes.toString('utf8');
  } catch (e) {
    return usage(new Error(`cannot read ${file}: ${(e as Error).message}`), USAGE_CHECK);
  }
  const r = verifyGcode(text, { machine, tools: wb.library.tools() });
  const result = {
    ok: r.ok,
    machine: machine.id,
    findings: r.findings.map((f) => ({ code: f.code, severity: f.severity, line: f.line, message: f.message })),
    bounds_mm: r.bounds_mm,
    estimated_seconds: Math.round(r.estimated_seconds * 10) / 10,
    path_length_mm: Math.round(r.path_length_mm * 1000) / 1000,
  };
  if (out.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else {
    process.stdout.write(`${file}: ${r.ok ? 'ok' : 'FAILED'} on ${machine.id}, ${result.findings.length} finding(s), estimated ${duration(r.estimated_seconds)}, ${result.path_length_mm} mm of path\n`);
    for (const f of result.findings) process.stdout.write(`  line ${f.line} ${f.severity} ${f.code}: ${f.message}\n`);
  }
  return r.ok ? 0 : 1;
}

