// The drawing flow: a part (a finished part job's STEP/FCStd, or such a file) becomes a technical
// drawing. Steps: drawing_setup (copy the part, fill the title block), then FreeCAD
// (flows/drawing.py): drawing_views (TechDraw page, template and views), drawing_dimensions
// (FreeCAD's DrawViewDimension values, our ISO 129 geometry), drawing_export (SVG, PDF by
// rsvg-convert, DXF by TechDraw.writeDXFPage, the FCStd with the page).
//
// Same spec, same bytes: the issue date is the part job's (filled in by normalise), the drawing
// number is the part's hash, and the worker writes fixed decimals and a normalised FCStd.
import { constants as fsConstants } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TezgahError } from '../../../shared/errors.js';
import { DRAWING_TEXT, TITLE_BLOCK_LABELS } from '../../../shared/i18n/drawing.js';
import { render } from '../../../shared/i18n/text.js';
import { PART_JOB_TYPES, type DrawingJobSpec } from '../../../shared/jobs.js';
import type { DrawingResult } from '../../../shared/results/drawing.js';
import type { DrawingInput } from '../../../freecad-bridge/src/flows.js';
import type { Library } from '../library/library.js';
import { flowOutput, type Flow } from '../../jobs/flow.js';
import { partFileBase, resolvePart, type PartLookup, type PartSource } from '../cam/source.js';

export const DRAWING_VIEWS = ['front', 'top', 'right', 'iso'] as const;
/** what the template's "general tolerances" field says when nothing else is known */
export const GENERAL_TOLERANCES = 'ISO 2768-m';

export interface DrawingFlowDeps {
  parts: PartLookup;
  /** for the material's name in the title block */
  library?: Pick<Library, 'getMaterial'>;
}

type Z = import('zod').input<typeof DrawingInput>;

export function drawingFlow(deps: DrawingFlowDeps): Flow<DrawingJobSpec> {
  const part = async (ref: string): Promise<PartSource> => {
    const p = await resolvePart(ref, deps.parts);
    if (p.job && !PART_JOB_TYPES.has(p.job.type))
      throw new TezgahError('VALIDATION_ERROR', {
        field: 'part',
        detail: render(DRAWING_TEXT.notAPart, { id: p.job.id, type: p.job.type }),
      });
    return p;
  };

  return {
    type: 'drawing',
    steps: ['drawing_setup', 'drawing_views', 'drawing_dimensions', 'drawing_export', 'store_artefacts'],

    async normalise(spec) {
      const p = await part(spec.part);
      const views = spec.views ? DRAWING_VIEWS.filter((v) => spec.views!.includes(v)) : [...DRAWING_VIEWS];
      return {
        type: 'drawing',
        part: p.job ? p.job.id : p.path,
        part_sha256: p.sha256,
        sheet: spec.sheet ?? 'auto',
        projection: spec.projection ?? 'first',
        views,
        ...(spec.scale !== undefined ? { scale: spec.scale } : {}),
        language: spec.language ?? 'en',
        // the part job's day: the same part gives the same sheet; a file is drawn today
        date: spec.date ?? (p.job ? p.job.created_at : new Date().toISOString()).slice(0, 10),
        ...(spec.author ? { author: spec.author } : {}),
      };
    },

    async run(ctx, spec) {
      await ctx.bridge();
      const lang = spec.language ?? 'en';
      const { src, input } = await ctx.step('drawing_setup', async () => {
        const src = await part(spec.part);
        if (spec.part_sha256 && src.sha256 !== spec.part_sha256)
          throw new TezgahError('VALIDATION_ERROR', { field: 'part', detail: DRAWING_TEXT.partChanged });
        const partFile = src.format === 'step' ? 'part.step' : 'part.FCStd';
        await copyFile(src.path, join(ctx.jobDir, partFile), fsConstants.COPYFILE_EXCL);
        const material = src.material ? deps.library?.getMaterial(src.material) : undefined;
        const input: Z = {
          part: partFile,
          label: src.name,
          sheet: spec.sheet ?? 'auto',
          scale: spec.scale ?? null,
          projection: spec.projection ?? 'first',
          views: spec.views ?? [...DRAWING_VIEWS],
          fields: titleFields(spec, src, lang, material ? material.name[lang] : (src.material ?? '')),
          labels: lang === 'tr' ? Object.fromEntries(Object.entries(TITLE_BLOCK_LABELS).map(([id, t]) => [id, t.tr])) : {},
          files: { svg: 'drawing.svg', pdf: 'drawing.pdf', dxf: 'drawing.dxf', fcstd: 'drawing.FCStd' },
        };
        return { src, input };
      });
      const base = partFileBase(src.name);
      const w = await ctx.runWorker({ flow: 'drawing', input });
      const d = w.data.drawing;
      const result: DrawingResult = {
        ...d,
        part: { ref: spec.part, name: src.name, sha256: src.sha256 },
        date: spec.date ?? '',
      };
      const meta = { sheet: d.sheet, scale: d.scale_text, projection: d.projection, freecad: w.run.freecad_version };
      return {
        outputs: [
          flowOutput('pdf', `${base}-drawing.pdf`, join(ctx.jobDir, input.files.pdf), meta),
          flowOutput('svg', `${base}-drawing.svg`, join(ctx.jobDir, input.files.svg), meta),
          flowOutput('dxf', `${base}-drawing.dxf`, join(ctx.jobDir, input.files.dxf), meta),
          flowOutput('fcstd', `${base}-drawing.FCStd`, join(ctx.jobDir, input.files.fcstd), { ...meta, page: 'Page' }),
        ],
        metrics: null,
        warnings: w.warnings,
        result: { drawing: result },
      };
    },
  };
}

/** The template's editable texts (the FreeCAD ISO 5457 templates' names); the scale is the worker's. */
export function titleFields(spec: DrawingJobSpec, src: PartSource, lang: 'en' | 'tr', material: string): Record<string, string> {
  return {
    title: src.name,
    document_type: DRAWING_TEXT.documentType[lang],
    drawing_number: src.sha256.slice(0, 12).toUpperCase(),
    date_of_issue: spec.date ?? '',
    creator: spec.author ?? '',
    part_material: material,
    general_tolerances: GENERAL_TOLERANCES,
    language_code: lang.toUpperCase(),
    revision_index: 'A',
    sheet_number: '1 / 1',
  };
}
