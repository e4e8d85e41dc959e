// The import report: what the file was, which units its numbers were taken in, what was converted and
// repaired, what is wrong with it — kept as an artefact (kind 'import_report') and in the job document.
import type { ErrorPayload } from '../../../shared/errors.js';
import type { ImportFormat } from './formats.js';
import type { SourceFacts } from './source.js';
import type { UnitsDecision, UnitsSource } from './units.js';

export interface ImportPart {
  name: string;
  /** place in the assembly: container names and the part's, joined by '/' */
  path: string;
  kind: 'solid' | 'shell' | 'mesh';
  solids: number;
  faces: number;
  valid: boolean;
  volume_mm3: number | null;
  area_mm2: number;
  /** '#rrggbb' the file gives the part (STEP styling), else null */
  colour: string | null;
}

export interface AssemblyNode {
  name: string;
  part?: boolean;
  children?: AssemblyNode[];
}

export interface ImportReport {
  source: {
    name: string;
    size_bytes: number;
    sha256: string;
    format: ImportFormat;
    variant: string;
    /** STEP application protocol (AP203/AP214/AP242) or null */
    protocol: string | null;
    schema: string | null;
    originating_system: string | null;
  };
  format: ImportFormat;
  /** the length unit the file declares; null when it declares none */
  units_detected: string | null;
  /** the unit its numbers were taken in; everything stored is in mm */
  units_used: string;
  units_source: UnitsSource;
  conversions: Record<string, unknown>[];
  repairs: Record<string, unknown>[];
  warnings: { code: string; message: string; details?: Record<string, unknown> }[];
  parts: ImportPart[];
  assembly: AssemblyNode[];
  /** mesh checks (STL, OBJ, tessellated STEP): counts after any repair, `before` when repairs changed them */
  mesh: Record<string, unknown> | null;
  notes: string[];
  options: { units: string; z_up: boolean; center: boolean; refine: boolean; repair: boolean; require_solid: boolean };
  limits: { max_size_mb: number; timeout_s: number; memory_mb: number };
  freecad_version: string;
}

/** What the worker reports (freecad-bridge/python/flows/import.py, data.import). */
export interface WorkerImportData {
  scale: number;
  inferred_unit: string | null;
  conversions: Record<string, unknown>[];
  repairs: Record<string, unknown>[];
  parts: Omit<ImportPart, 'colour'>[];
  assembly: AssemblyNode[];
  mesh: Record<string, unknown> | null;
  notes: string[];
}

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
    notes: [...(facts.iges?.notes ?? []), ...units.notes, ...worker.notes],
    options: args.options,
    limits: args.limits,
    freecad_version: args.freecadVersion,
  };
}
