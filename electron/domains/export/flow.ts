// The export flow: a part (a finished part job's STEP/FCStd, or such a file) written in the formats
// a colleague's tool reads. Steps: export_setup (copy the part, read it), export_write (FreeCAD,
// flows/export.py: STEP AP242/AP214, IGES, BREP, 3MF, OBJ and the GLB's tessellation), then the GLB
// is written here (freecad-bridge/src/glb.ts, the same writer as every preview).
//
// Same spec, same bytes: formats are sorted by normalisation, the worker fixes STEP's and IGES's
// dates and 3MF's ZIP times, and the GLB writer is deterministic.
import { constants as fsConstants } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TezgahError } from '../../../shared/errors.js';
import { EXPORT_TEXT } from '../../../shared/i18n/export.js';
import { render } from '../../../shared/i18n/text.js';
import { ExportFormat, PART_JOB_TYPES, type ArtefactKind, type ExportJobSpec } from '../../../shared/jobs.js';
import type { ExportResult } from '../../../shared/results/export.js';
import { writeGlb } from '../../../freecad-bridge/src/glb.js';
import { writeNodeFile } from '../../../freecad-bridge/src/jobdir.js';
import { flowOutput, type Flow, type FlowOutput } from '../../jobs/flow.js';
import { partFileBase, resolvePart, type PartLookup, type PartSource } from '../cam/source.js';

/** per format: the artefact kind, the worker's file and the file name's ending */
export const EXPORT_FILES: Record<ExportFormat, { kind: ArtefactKind; worker: string; suffix: string }> = {
  'step-ap242': { kind: 'step', worker: 'export-ap242.step', suffix: '-ap242.step' },
  'step-ap214': { kind: 'step', worker: 'export-ap214.step', suffix: '-ap214.step' },
  iges: { kind: 'iges', worker: 'export.igs', suffix: '.igs' },
  brep: { kind: 'brep', worker: 'export.brep', suffix: '.brep' },
  '3mf': { kind: '3mf', worker: 'export.3mf', suffix: '.3mf' },
  obj: { kind: 'obj', worker: 'export.obj', suffix: '.obj' },
  glb: { kind: 'glb', worker: 'export.mesh', suffix: '.glb' },
};

export interface ExportFlowDeps {
  parts: PartLookup;
}

/** The formats in the catalogue's order, without repeats: the same request is the same job. */
export function normaliseFormats(formats: readonly ExportFormat[]): ExportFormat[] {
  return ExportFormat.options.filter((f) => formats.includes(f));
}

export function exportFlow(deps: ExportFlowDeps): Flow<ExportJobSpec> {
  const part = async (ref: string): Promise<PartSource> => {
    const p = await resolvePart(ref, deps.parts);
    if (p.job && !PART_JOB_TYPES.has(p.job.type))
      throw new TezgahError('VALIDATION_ERROR', {
        field: 'part',
        detail: render(EXPORT_TEXT.notAPart, { id: p.job.id, type: p.job.type }),
      });
    return p;
  };

  return {
    type: 'export',
    steps: ['export_setup', 'export_write', 'write_glb', 'store_artefacts'],

    async normalise(spec) {
      const p = await part(spec.part);
      return { type: 'export', part: p.job ? p.job.id : p.path, part_sha256: p.sha256, formats: normaliseFormats(spec.formats) };
    },

    async run(ctx, spec) {
      await ctx.bridge();
      const formats = normaliseFormats(spec.formats);
      const { src, partFile } = await ctx.step('export_setup', async () => {
        const src = await part(spec.part);
        if (spec.part_sha256 && src.sha256 !== spec.part_sha256)
          throw new TezgahError('VALIDATION_ERROR', { field: 'part', detail: EXPORT_TEXT.partChanged });
        const partFile = src.format === 'step' ? 'part.step' : 'part.FCStd';
        await copyFile(src.path, join(ctx.jobDir, partFile), fsConstants.COPYFILE_EXCL);
        return { src, partFile };
      });
      const files = Object.fromEntries(formats.map((f) => [f, EXPORT_FILES[f].worker]));
      const w = await ctx.runWorker({ flow: 'export', input: { part: partFile, label: src.name, formats, files } });
      const base = partFileBase(src.name);
      const meta = { freecad: w.run.freecad_version };
      const outputs: FlowOutput[] = [];
      const written: ExportResult['files'] = [];
      for (const f of w.data.export.files) {
        const { kind, suffix } = EXPORT_FILES[f.format];
        const name = `${base}${suffix}`;
        let path = join(ctx.jobDir, f.file);
        let bytes = f.bytes;
        if (f.format === 'glb') {
          bytes = await ctx.step('write_glb', async () => {
            const glb = await writeGlb(path, { name: base });
            await writeNodeFile(ctx.jobDir, `${base}.glb`, glb); // never through a link the worker planted
            return glb.byteLength;
          });
          path = join(ctx.jobDir, `${base}.glb`);
        }
        const info = {
          ...(f.solids !== undefined ? { solids: f.solids } : {}),
          ...(f.triangles !== undefined ? { triangles: f.triangles } : {}),
          ...(f.schema !== undefined ? { schema: f.schema } : {}),
        };
        outputs.push(flowOutput(kind, name, path, { ...meta, format: f.format, ...info }));
        written.push({ format: f.format, name, bytes, ...info });
      }
      const result: ExportResult = {
        part: { ref: spec.part, name: src.name, sha256: src.sha256 },
        volume_mm3: w.data.export.volume_mm3,
        files: written,
      };
      return { outputs, metrics: null, warnings: w.warnings, result: { export: result } };
    },
  };
}
