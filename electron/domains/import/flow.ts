// The import flow: a user's STEP, IGES, BREP, STL, OBJ or FCStd file becomes a normalised part
// (FCStd, STEP, STL, GLB, metrics) and an import report.
//
// Before FreeCAD: the file is read once at submit (size limit, format by content, SHA-256, text-level
// checks), so a PNG renamed .step or a truncated STEP never reaches a job. When the job runs, the file
// is copied read-only into the job dir on a second checked pass, and FreeCAD opens the copy in a
// one-shot worker with its own memory limit (a hostile file cannot touch a warm worker or another
// job's folder) and the import's wall-clock limit.

import { join, resolve } from 'node:path';
import { TezgahError, toErrorPayload, type ErrorPayload } from '../../../shared/errors.js';
import { IMPORT_TEXT } from '../../../shared/i18n/import.js';
import type { ImportJobSpec } from '../../../shared/jobs.js';
import { writeNodeFile } from '../../../freecad-bridge/src/jobdir.js';
import { flowOutput, type Flow } from '../../jobs/flow.js';
import { jobMetrics, modelOutputs } from '../../jobs/model-outputs.js';
import { SOURCE_EXTENSION, stemOf } from './formats.js';
import { buildReport } from './report.js';
import { DEFAULT_MAX_SIZE_MB, readSource, type SourceFacts } from './source.js';
import { decideUnits, type FileUnits } from './units.js';

export const IMPORT_DEFAULTS = {
  units: 'auto',
  max_size_mb: DEFAULT_MAX_SIZE_MB,
  timeout_s: 120,
  /** address space of the import's FreeCAD process (prlimit --as); FreeCAD itself needs ~1 GB */
  memory_mb: 3072,
  /** preview triangles at most; the deflection is relative to the part's diagonal */
  preview_triangles: 2_000_000,
} as const;

const MB = 1024 ** 2;

/** The file's own units as the readers see them (STEP contexts; the IGES global section). */
export function fileUnits(facts: SourceFacts): FileUnits {
  if (facts.step)
    return {
      declared: facts.step.units,
      fallback: { unit: 'mm', mm: 1 },
      fallbackReason: 'the STEP file declares no length unit; it is read as mm',
    };
  if (facts.iges) {
    const flag = facts.iges.global.unitFlag;
    return {
      declared: facts.iges.unit ? [facts.iges.unit] : [],
      fallback: { unit: 'in', mm: 25.4 },
      fallbackReason: `the IGES global section has no valid unit (flag ${flag ?? 'missing'}); IGES's default, inch, applies`,
    };
  }
  return { declared: [] };
}

/** A worker that runs out of memory, or dies while reading the file, says something about the file. */
function importError(err: unknown, spec: ImportJobSpec, reading: boolean): unknown {
  if (!(err instanceof TezgahError) || err.code !== 'FC_CRASHED') return err;
  const tail = ((err.details?.stderr_tail as string[] | undefined) ?? []).join('\n');
  if (/bad_alloc|MemoryError|Cannot allocate|out of memory/i.test(tail))
    return new TezgahError(
      'UPLOAD_TOO_LARGE',
      { limit: 'memory', limit_mb: spec.memory_mb ?? IMPORT_DEFAULTS.memory_mb, reason: 'FreeCAD ran out of memory on the file' },
      err,
    );
  // SIGKILL comes from outside (a person, the system's OOM killer): the file is not to blame, so
  // FC_CRASHED stands (retry); a parser that crashes (SIGSEGV, SIGABRT, an exit) says the file is bad
  if (err.details?.signal === 'SIGKILL') return err;
  if (reading) return new TezgahError('UPLOAD_CORRUPT', { reason: 'FreeCAD stopped while reading the file', worker: err.details }, err);
  return err;
}

export function importFlow(): Flow<ImportJobSpec> {
  return {
    type: 'import',
    steps: [
      'detect_format',
      'import',
      'repair',
      'normalise',
      'export_fcstd',
      'export_step',
      'export_stl',
      'tessellate',
      'metrics',
      'write_glb',
      'store_artefacts',
    ],

    async normalise(spec) {
      const n: ImportJobSpec = {
        type: 'import',
        path: resolve(spec.path),
        units: spec.units ?? IMPORT_DEFAULTS.units,
        z_up: spec.z_up ?? false,
        center: spec.center ?? false,
        refine: spec.refine ?? false,
        repair: spec.repair ?? false,
        require_solid: spec.require_solid ?? false,
        max_size_mb: spec.max_size_mb ?? IMPORT_DEFAULTS.max_size_mb,
        timeout_s: spec.timeout_s ?? IMPORT_DEFAULTS.timeout_s,
        memory_mb: spec.memory_mb ?? IMPORT_DEFAULTS.memory_mb,
      };
      const facts = await readSource(n.path, { maxBytes: n.max_size_mb! * MB });
      return { ...n, format: facts.format, sha256: facts.sha256, size: facts.size };
    },

    async run(ctx, spec) {
      const format = spec.format!;
      const source = `source.${SOURCE_EXTENSION[format]}`;
      const facts = await ctx.step('detect_format', async () => {
        const f = await readSource(spec.path, {
          maxBytes: (spec.max_size_mb ?? IMPORT_DEFAULTS.max_size_mb) * MB,
          copyTo: join(ctx.jobDir, source),
        });
        if (spec.sha256 && f.sha256 !== spec.sha256)
          throw new TezgahError('VALIDATION_ERROR', { field: 'path', detail: IMPORT_TEXT.fileChanged });
        return f;
      });
      const base = stemOf(facts.name);
      const units = decideUnits(facts.format, fileUnits(facts), spec.units ?? 'auto');
      const warnings: ErrorPayload[] = units.assumed ? [toErrorPayload(new TezgahError('UNITS_ASSUMED', { ...units.assumed }))] : [];
      const timeout = spec.timeout_s ?? IMPORT_DEFAULTS.timeout_s;
      const memory = spec.memory_mb ?? IMPORT_DEFAULTS.memory_mb;

      let reading = false;
      const w = await ctx
        .runWorker({
          flow: 'import',
          input: {
            source,
            format: facts.format,
            name: base,
            reader_unit_mm: units.readerUnitMm,
            user_unit_mm: units.userUnitMm,
            z_up: !!spec.z_up,
            center: !!spec.center,
            refine: !!spec.refine,
            repair: !!spec.repair,
            require_solid: !!spec.require_solid,
            preview_triangles: IMPORT_DEFAULTS.preview_triangles,
            expected_triangles: facts.mesh?.triangles ?? null,
          },
          // its own memory limit also gives the import a fresh one-shot worker (see the bridge README)
          limits: { wallMs: timeout * 1000, cpuSeconds: Math.ceil(timeout * 2), addressSpaceMb: memory },
          onProgress: (e) => {
            if (e.step === 'import') reading = e.status === 'running';
          },
        })
        .catch((e: unknown) => {
          throw importError(e, spec, reading);
        });
      const res = w.run;
      warnings.push(...w.warnings);

      const outputs = await modelOutputs(ctx, res, { dir: ctx.jobDir, base, required: ['fcstd', 'stl'] });

      const report = buildReport({
        facts,
        units,
        worker: w.data.import,
        warnings,
        options: {
          units: spec.units ?? 'auto',
          z_up: !!spec.z_up,
          center: !!spec.center,
          refine: !!spec.refine,
          repair: !!spec.repair,
          require_solid: !!spec.require_solid,
        },
        limits: { max_size_mb: spec.max_size_mb ?? IMPORT_DEFAULTS.max_size_mb, timeout_s: timeout, memory_mb: memory },
        freecadVersion: res.freecad_version,
      });
      const reportPath = join(ctx.jobDir, `${base}.import.json`);
      await writeNodeFile(ctx.jobDir, `${base}.import.json`, JSON.stringify(report, null, 2) + '\n');
      outputs.push(flowOutput('import_report', `${base}.import.json`, reportPath, { format: facts.format, units_used: report.units_used }));

      const metrics = jobMetrics(res);
      return { outputs, metrics, warnings, result: { import: report } };
    },
  };
}
