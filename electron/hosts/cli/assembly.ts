// `tezgah assemble SPEC.json`: an assembly job (shared/assembly.ts) through the API ('jobs.submit',
// 'jobs.wait'), called from electron/hosts/cli/main.ts. A component's `file` path is read relative to
// the spec's folder. Exit codes: 0 solved, 1 a coded failure (the spec, the solver, a clash), 2 usage
// or a spec file that cannot be read as JSON.
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { AssemblySpec } from '../../../shared/assembly.js';
import { TezgahError } from '../../../shared/errors.js';
import { resultOf } from '../../../shared/jobs.js';
import { UsageError } from './args.js';
import { fmt, jobOutcome, submit, waitWithProgress, type Cli } from './run.js';

export const ASSEMBLE_USAGE = 'usage: tezgah assemble SPEC.json [--out DIR] [--json]';

export async function assembleCommand(cli: Cli, rest: string[]): Promise<number> {
  const { out } = cli;
  const [file, extra] = rest;
  if (!file) throw new UsageError('missing SPEC.json', ASSEMBLE_USAGE);
  if (extra) throw new UsageError(`unexpected argument '${extra}'`, ASSEMBLE_USAGE);
  const path = resolve(file);
  let assembly: { components?: { source?: { type?: string; path?: unknown } }[] };
  try {
    assembly = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`${file}: ${(e as Error).message}`, ASSEMBLE_USAGE);
  }
  for (const c of Array.isArray(assembly?.components) ? assembly.components : [])
    if (c?.source?.type === 'file' && typeof c.source.path === 'string' && !isAbsolute(c.source.path))
      c.source.path = resolve(dirname(path), c.source.path);

  const parsed = AssemblySpec.safeParse(assembly);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new TezgahError('VALIDATION_ERROR', { field: first?.path.join('.') ?? '', detail: first?.message ?? '' });
  }
  const done = await waitWithProgress(cli, (await submit(cli, { type: 'assembly', assembly: parsed.data })).id);
  const outcome = await jobOutcome(cli, done);
  const r = resultOf(done, 'assembly');
  const summary = r
    ? {
        placements: r.placements,
        dof: r.dof,
        residuals: r.residuals,
        collisions: r.collisions,
        bom: r.bom,
        pruned_pairs: r.pruned_pairs,
        checked_pairs: r.checked_pairs,
        solver: r.solver,
        exploded: r.exploded,
      }
    : null;
  if (out.json)
    out.data({ job: outcome.job, artefacts: outcome.artefacts, metrics: outcome.metrics, assembly: summary, error: outcome.error });
  else {
    out.line(`job ${done.id}: ${done.status}${done.cached ? ' (cached)' : ''}`);
    if (summary) {
      out.lines([
        `  DOF ${summary.dof.global} (${Object.entries(summary.dof.joints)
          .map(([j, n]) => `${j}: ${n}`)
          .join(', ')})`,
        ...Object.entries(summary.placements).map(
          ([id, p]) =>
            `  ${id.padEnd(16)} at ${p.position.map(fmt).join(', ')} mm  q ${p.rotation_quat.map((v) => v.toFixed(6)).join(' ')}`,
        ),
        ...summary.collisions.map((c) => `  clash ${c.a}–${c.b}: ${fmt(c.volume_mm3)} mm³`),
        ...summary.bom.map((l) => `  ${String(l.qty).padStart(3)} × ${l.designation}${l.mass_g === null ? '' : ` (${fmt(l.mass_g)} g)`}`),
      ]);
    }
    for (const a of outcome.artefacts) out.line(`  ${a.kind.padEnd(10)} ${a.path}  (${a.bytes} B)`);
    if (outcome.error) out.error(outcome.error);
  }
  return done.status === 'succeeded' ? 0 : 1;
}
