// `tezgah fem`: an analysis of a part, called from electron/hosts/cli/main.ts, through the API
// ('jobs.submit', 'jobs.wait', 'fem.summary'). The model comes from flags or from a spec file
// (`--spec FILE.json`, the full FemJobSpec; flags given beside it replace its values).
// Exit codes: 0 success, 1 a coded failure, 2 arguments or a spec file that cannot be read.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FemAnalysis, FemFaceSelector, FemJobSpec, type FemLoad } from '../../../shared/jobs.js';
import type { FemSummary } from '../../../shared/api/index.js';
import { isJobId } from '../../domains/cam/source.js';
import { UsageError } from './args.js';
import { fmt, jobOutcome, submit, waitWithProgress, type Cli } from './run.js';

/** The parseArgs values the fem command reads. */
export interface FemCliOptions {
  spec?: string;
  analysis?: string;
  material?: string;
  fix?: string[];
  load?: string[];
  pressure?: string[];
  mesh?: string;
  modes?: string;
  'first-order'?: boolean;
  'max-nodes'?: string;
}

export const USAGE_FEM =
  'usage: tezgah fem <part-file|job-id> [--spec FILE.json] [--analysis static|modal] [--material ID] [--fix FACES …] [--load FACES:X,Y,Z[N] …] [--pressure FACES:P[MPa] …] [--mesh SIZE[mm]] [--first-order] [--modes N] [--max-nodes N] [--out DIR] [--json]\n' +
  "  FACES: Face3, x-min, x-max, y-min, y-max, z-min, z-max, top, bottom; several joined with '+' (Face1+Face2)";

const usage = (message: string) => new UsageError(message, USAGE_FEM);

function faces(text: string, flag: string): string[] {
  const list = text
    .split('+')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = list.find((f) => !FemFaceSelector.safeParse(f).success);
  if (bad !== undefined || !list.length) throw usage(`${flag}: '${bad ?? text}' is not a face (Face3) or a side (x-min, …, top, bottom)`);
  return list;
}

function number(text: string, flag: string, unit: RegExp): number {
  const v = Number(text.trim().replace(unit, ''));
  if (!Number.isFinite(v) || text.trim() === '') throw usage(`${flag}: '${text}' is not a number`);
  return v;
}

function split(text: string, flag: string): [string, string] {
  const i = text.lastIndexOf(':');
  if (i <= 0) throw usage(`${flag}: '${text}' needs FACES:VALUE`);
  return [text.slice(0, i), text.slice(i + 1)];
}

/** A load flag (a force): the vector's length is the force (N), its direction the load's. */
export function forceLoad(text: string): FemLoad {
  const [f, v] = split(text, '--load');
  const parts = v.replace(/\s*N$/i, '').split(',');
  if (parts.length !== 3) throw usage(`--load: '${v}' is not a vector X,Y,Z in N`);
  const vec = parts.map((p) => number(p, '--load', /$^/)) as [number, number, number];
  const size = Math.hypot(...vec);
  if (!(size > 0)) throw usage('--load: a force of 0 N');
  return { type: 'force', faces: faces(f, '--load'), force_n: Math.round(size * 1e9) / 1e9, direction: vec };
}

export function femSpecFromArgs(rest: string[], opts: FemCliOptions, fromFile: Record<string, unknown> = {}): FemJobSpec {
  const ref = rest[0] ?? (typeof fromFile.part === 'string' ? fromFile.part : undefined);
  if (!ref) throw usage('missing the part: a STEP/FCStd file or a job id');
  if (rest.length > 1) throw usage(`unexpected argument '${rest[1]}'`);
  const spec: Record<string, unknown> = { ...fromFile, type: 'fem', part: isJobId(ref) ? ref.toLowerCase() : resolve(ref) };
  if (opts.analysis !== undefined) {
    if (!FemAnalysis.safeParse(opts.analysis).success)
      throw usage(`--analysis: '${opts.analysis}' is not one of ${FemAnalysis.options.join(', ')}`);
    spec.analysis = opts.analysis;
  }
  if (opts.material !== undefined) spec.material = opts.material;
  if (opts.fix?.length) spec.constraints = opts.fix.map((f) => ({ type: 'fixed', faces: faces(f, '--fix') }));
  const loads: FemLoad[] = [
    ...(opts.load ?? []).map(forceLoad),
    ...(opts.pressure ?? []).map((p): FemLoad => {
      const [f, v] = split(p, '--pressure');
      return { type: 'pressure', faces: faces(f, '--pressure'), pressure_mpa: number(v, '--pressure', /\s*MPa$/i) };
    }),
  ];
  if (loads.length) spec.loads = loads;
  const mesh = { ...((fromFile.mesh as object | undefined) ?? {}) } as Record<string, unknown>;
  if (opts.mesh !== undefined) {
    const size = number(opts.mesh, '--mesh', /\s*mm$/i);
    if (!(size > 0)) throw usage(`--mesh: '${opts.mesh}' is not a positive size in mm`);
    mesh.size_mm = size;
  }
  if (opts['first-order']) mesh.second_order = false;
  if (Object.keys(mesh).length) spec.mesh = mesh;
  if (opts.modes !== undefined) spec.modes = number(opts.modes, '--modes', /$^/);
  if (opts['max-nodes'] !== undefined) spec.max_nodes = number(opts['max-nodes'], '--max-nodes', /$^/);
  const parsed = FemJobSpec.safeParse(spec);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw usage(`${first.path.join('.') || 'spec'}: ${first.message}`);
  }
  return parsed.data;
}

export async function femCommand(cli: Cli, rest: string[]): Promise<number> {
  const { out, api } = cli;
  let fromFile: Record<string, unknown> = {};
  if (cli.opts.spec) {
    try {
      const v = JSON.parse(await readFile(resolve(cli.opts.spec), 'utf8')) as unknown;
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not a JSON object');
      fromFile = v as Record<string, unknown>;
    } catch (e) {
      throw usage(`--spec: cannot read ${cli.opts.spec}: ${(e as Error).message}`);
    }
  }
  const spec = femSpecFromArgs(rest, cli.opts, fromFile);
  const done = await waitWithProgress(cli, (await submit(cli, spec)).id);
  const { job, artefacts, error } = await jobOutcome(cli, done);
  const fem = done.status === 'succeeded' ? await api['fem.summary']({ id: done.id }) : null;
  const warnings = (done.document.warnings ?? []).map((w) => out.localize(w));
  if (out.json) out.data({ job, artefacts, fem, warnings, error });
  else {
    out.line(`job ${done.id}: ${done.status}${done.cached ? ' (cached)' : ''}`);
    if (fem) out.lines(femLines(fem));
    for (const w of warnings) out.line(`  warning ${w.code}: ${w.hint}`);
    for (const a of artefacts) out.line(`  ${a.kind.padEnd(10)} ${a.path}  (${a.bytes} B)`);
    if (error) out.error(error);
  }
  return done.status === 'succeeded' ? 0 : 1;
}

function femLines(f: FemSummary): string[] {
  const v = (x: [number, number, number] | null) => (x ? x.map(fmt).join(', ') : '–');
  return [
    `  ${f.analysis} analysis, ${f.material}, ${f.nodes} nodes / ${f.elements} elements (mesh ${fmt(f.mesh_size_mm)} mm)`,
    ...(f.analysis === 'static'
      ? [
          `  max von Mises ${fmt(f.max_von_mises_mpa ?? 0)} MPa at (${v(f.max_von_mises_at_mm)}) mm`,
          `  max displacement ${fmt(f.max_displacement_mm ?? 0)} mm at (${v(f.displacement_at_max_mm)}) mm`,
          `  reactions (${v(f.reaction_n)}) N, applied (${v(f.applied_n)}) N`,
          `  factor of safety ${f.factor_of_safety === null ? '– (no yield strength)' : fmt(f.factor_of_safety)}`,
        ]
      : [`  frequencies ${(f.frequencies_hz ?? []).map((x) => `${fmt(x)} Hz`).join(', ')}`]),
    `  mass ${fmt(f.mass_kg)} kg`,
  ];
}
