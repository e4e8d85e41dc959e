// The import report: what the file was, which units its numbers were taken in, what was converted and
// repaired, what is wrong with it — kept as an artefact (kind 'import_report') and in the job document.
import type { ErrorPayload } from '../../../shared/errors.js';
import { IMPORT_TEXT, render } from '../../../shared/i18n/index.js';
import type { ImportReport } from '../../../shared/results/import.js';
import type { WorkerImportData } from '../../../freecad-bridge/src/flows.js';
import type { SourceFacts } from './source.js';
import type { UnitsDecision } from './units.js';

export type { AssemblyNode, ImportPart, ImportReport } from '../../../shared/results/import.js';

/** What the worker reports (freecad-bridge/python/flows/import.py, data.import; checked by ctx.runWorker). */
export type { WorkerImportData } from '../../../freecad-bridge/src/flows.js';

/** FreeCAD de-duplicates labels with a numeric suffix ("nut", "nut001", "nut002"). */
function colourFor(name: string, colours: Map<string, string | null>): string | null {
  return colours.get(name) ?? colours.get(name.replace(/\d{3}$/, '')) ?? null;
}

export function buildReport(args: {
  facts: SourceFacts;
  units: UnitsDecision;
  worker: WorkerImportData;
  warnings: ErrorPayload[];
  options: ImportReport['options'];
  limits: ImportReport['limits'];
  freecadVersion: string;
}): ImportReport {
  const { facts, units, worker } = args;
  const colours = new Map<string, string | null>();
  for (const p of facts.step?.products ?? []) if (!colours.get(p.name)) colours.set(p.name, p.colour);
  const inferred = worker.inferred_unit;
  return {
    source: {
      name: facts.name,
      size_bytes: facts.size,
      sha256: facts.sha256,
      format: facts.format,
      variant: facts.detection.variant,
      protocol: facts.step?.protocol ?? null,
      schema: facts.step?.schema ?? null,
      originating_system: facts.step?.originatingSystem ?? facts.iges?.global.system ?? null,
    },
    format: facts.format,
    units_detected: units.detected,
    units_used: units.used ?? inferred ?? 'mm',
    units_source: units.source ?? (inferred ? 'inferred' : 'default'),
    conversions: worker.conversions,
    repairs: worker.repairs,
    warnings: args.warnings.map((w) => ({ code: w.code, message: w.message, ...(w.details ? { details: w.details } : {}) })),
    parts: worker.parts.map((p) => ({ ...p, colour: colourFor(p.name, colours) })),
    assembly: worker.assembly,
    mesh: worker.mesh,
    notes: [...(facts.iges?.notes ?? []), ...units.notes, ...worker.notes.map((n) => render(IMPORT_TEXT.note[n.key], n.params))],
    options: args.options,
    limits: args.limits,
    freecad_version: args.freecadVersion,
  };
}
