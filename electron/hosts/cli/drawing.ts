// `tezgah drawing`: a technical drawing of a part job, a STEP/FCStd file or a template (made first
// with its defaults and --param values), through the API ('jobs.submit', 'jobs.wait').
// Exit codes: 0 success, 1 a coded failure, 2 arguments.
import { resolve } from 'node:path';
import { DrawingProjectionChoice, DrawingSheetChoice, DrawingViewChoice, resultOf, type DrawingJobSpec } from '../../../shared/jobs.js';
import { findTemplate, templateDefaults } from '../../../shared/templates.js';
import { isJobId } from '../../domains/cam/source.js';
import { need, UsageError } from './args.js';
import { jobOutcome, submit, waitWithProgress, type Cli } from './run.js';

export interface DrawingCliOptions {
  sheet?: string;
  projection?: string;
  views?: string;
  scale?: string;
  param?: string[];
  material?: string;
}

export const DRAWING_USAGE =
  'usage: tezgah drawing <job-id|part-file|template> [--sheet A4|A3|auto] [--projection first|third] [--views front,top,right,iso] [--scale 1:2] [--param name=value …] [--out DIR] [--json]';

/** "1:2" → 0.5, "2:1" → 2, "0.5" → 0.5 */
export function parseScale(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?::\s*(\d+(?:\.\d+)?))?\s*$/.exec(text);
  const v = m ? (m[2] !== undefined ? Number(m[1]) / Number(m[2]) : Number(m[1])) : Number.NaN;
  if (!Number.isFinite(v) || v <= 0 || v > 10) throw new UsageError(`--scale: '${text}' is not a scale such as 1:2 or 2:1`, DRAWING_USAGE);
  return v;
}

export function drawingOptionsToSpec(part: string, opts: DrawingCliOptions): DrawingJobSpec {
  const spec: DrawingJobSpec = { type: 'drawing', part };
  if (opts.sheet !== undefined) {
    const s = DrawingSheetChoice.safeParse(opts.sheet === 'auto' ? 'auto' : opts.sheet.toUpperCase());
    if (!s.success) throw new UsageError(`--sheet: '${opts.sheet}' is not A4, A3 or auto`, DRAWING_USAGE);
    spec.sheet = s.data;
  }
  if (opts.projection !== undefined) {
    const p = DrawingProjectionChoice.safeParse(opts.projection);
    if (!p.success) throw new UsageError(`--projection: '${opts.projection}' is not first or third`, DRAWING_USAGE);
    spec.projection = p.data;
  }
  if (opts.views !== undefined) {
    const views = opts.views.split(',').map((v) => v.trim());
    const bad = views.find((v) => !DrawingViewChoice.safeParse(v).success);
    if (bad !== undefined || !views.length) throw new UsageError(`--views: '${bad ?? ''}' is not front, top, right or iso`, DRAWING_USAGE);
    spec.views = views as DrawingJobSpec['views'];
  }
  if (opts.scale !== undefined) spec.scale = parseScale(opts.scale);
  return spec;
}

export async function drawingCommand(
  cli: Cli,
  rest: string[],
  params: (list: string[] | undefined) => Record<string, string>,
): Promise<number> {
  const { out } = cli;
  const opts = cli.opts as DrawingCliOptions;
  const ref = need(rest[0], 'a part job id, a part file or a template', DRAWING_USAGE);
  const spec0 = drawingOptionsToSpec('-', opts);
  let part: string;
  const template = isJobId(ref) ? undefined : findTemplate(ref);
  if (isJobId(ref)) part = ref.toLowerCase();
  else if (template) {
    // the part first: the template with its defaults and the given --param values
    const made = await waitWithProgress(
      cli,
      (
        await submit(cli, {
          type: 'template',
          template: template.id,
          params: { ...templateDefaults(template), ...params(opts.param) },
          ...(opts.material ? { material: opts.material } : {}),
        })
      ).id,
    );
    if (made.status !== 'succeeded') {
      const error = made.error ? out.localize(made.error) : null;
      if (out.json) out.data({ job: null, part_job: made.id, artefacts: [], drawing: null, error });
      else if (error) out.error(error);
      return 1;
    }
    part = made.id;
  } else part = resolve(ref);
  const done = await waitWithProgress(cli, (await submit(cli, { ...spec0, part })).id);
  const { job, artefacts, error } = await jobOutcome(cli, done);
  const d = resultOf(done, 'drawing');
  const drawing = d
    ? {
        sheet: d.sheet,
        scale: d.scale_text,
        projection: d.projection,
        views: d.views.map((v) => ({ name: v.name, direction: v.direction, scale: v.scale })),
        dimensions: d.dimensions.map((x) => ({ view: x.view, type: x.type, text: x.text, value_mm: x.value_mm })),
        omitted_views: d.omitted_views,
      }
    : null;
  const warnings = (done.document.warnings ?? []).map((w) => out.localize(w));
  if (out.json) out.data({ job, part_job: isJobId(part) ? part : null, artefacts, drawing, warnings, error });
  else {
    out.line(`job ${done.id}: ${done.status}${done.cached ? ' (cached)' : ''}`);
    if (drawing) {
      out.line(`  ${drawing.sheet}, ${drawing.scale}, ${drawing.projection} angle, views ${drawing.views.map((v) => v.name).join(', ')}`);
      out.line(`  dimensions ${drawing.dimensions.map((x) => x.text).join('  ')}`);
    }
    for (const w of warnings) out.line(`  warning ${w.code}: ${w.hint}`);
    for (const a of artefacts) out.line(`  ${a.kind.padEnd(6)} ${a.path}  (${a.bytes} B)`);
    if (error) out.error(error);
  }
  return done.status === 'succeeded' ? 0 : 1;
}
