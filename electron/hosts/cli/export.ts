// `tezgah export`: a part job or a STEP/FCStd file written in other formats, through the API
// ('jobs.submit', 'jobs.wait'); --out copies the files out. Exit codes: 0 success, 1 a coded
// failure, 2 arguments.
import { resolve } from 'node:path';
import { ExportFormat, resultOf, type ExportJobSpec } from '../../../shared/jobs.js';
import { isJobId } from '../../domains/cam/source.js';
import { need, UsageError } from './args.js';
import { jobOutcome, submit, waitWithProgress, type Cli } from './run.js';

export const EXPORT_USAGE = `usage: tezgah export <job-id|part-file> --format ${ExportFormat.options.join('|')}[,…] [--out DIR] [--json]`;

/** "--format 3mf,step-ap242 --format obj" → the formats; "step" is AP242, "stp" too; "gltf" is GLB. */
export function parseFormats(list: string[] | undefined): ExportJobSpec['formats'] {
  const alias: Record<string, ExportFormat> = {
    step: 'step-ap242',
    stp: 'step-ap242',
    igs: 'iges',
    gltf: 'glb',
    ap242: 'step-ap242',
    ap214: 'step-ap214',
  };
  const names = (list ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (!names.length) throw new UsageError('--format: name at least one format', EXPORT_USAGE);
  const formats: ExportFormat[] = [];
  for (const n of names) {
    const f = ExportFormat.safeParse(alias[n] ?? n);
    if (!f.success) throw new UsageError(`--format: '${n}' is not one of ${ExportFormat.options.join(', ')}`, EXPORT_USAGE);
    if (!formats.includes(f.data)) formats.push(f.data);
  }
  return formats;
}

export async function exportCommand(cli: Cli, rest: string[]): Promise<number> {
  const { out } = cli;
  const ref = need(rest[0], 'a part job id or a STEP/FCStd file', EXPORT_USAGE);
  const formats = parseFormats(cli.opts.format);
  const part = isJobId(ref) ? ref.toLowerCase() : resolve(ref);
  const done = await waitWithProgress(cli, (await submit(cli, { type: 'export', part, formats })).id);
  const { job, artefacts, error } = await jobOutcome(cli, done);
  const r = resultOf(done, 'export');
  if (out.json) out.data({ job, artefacts, export: r ? { volume_mm3: r.volume_mm3, files: r.files } : null, error });
  else {
    out.line(`job ${done.id}: ${done.status}${done.cached ? ' (cached)' : ''}`);
    for (const a of artefacts) out.line(`  ${a.kind.padEnd(5)} ${a.path}  (${a.bytes} B)`);
    if (error) out.error(error);
  }
  return done.status === 'succeeded' ? 0 : 1;
}
