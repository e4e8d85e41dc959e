// Length units of imported files: naming a unit from its size in mm, and deciding which unit the
// numbers of a file are taken in (the file's own word, the user's choice, a convention or a guess).
import { IMPORT_TEXT, render, type Text } from '../../../shared/i18n/index.js';
import { MM_PER_UNIT, type LengthUnit } from '../../../shared/units.js';
import type { ImportFormat } from './formats.js';

export interface LengthUnitInfo {
  /** 'mm', 'cm', 'm', 'in', 'ft', or another name ('um', 'mil', 'km', '2.5 mm' …) */
  unit: string;
  mm: number;
}

const EXTRA: Record<string, number> = { um: 0.001, mil: 0.0254, km: 1e6, mi: 1609344, uin: 0.0000254 };

/** Names a unit by its size; near-equal factors (25.4000001) count as the named unit. */
export function lengthUnitFromMm(mm: number): LengthUnitInfo {
  const named = [...Object.entries(MM_PER_UNIT), ...Object.entries(EXTRA)] as [string, number][];
  for (const [unit, f] of named) if (Math.abs(mm - f) <= f * 1e-6) return { unit, mm: f };
  return { unit: `${Number(mm.toPrecision(6))} mm`, mm };
}

export type UnitsSource = 'file' | 'user' | 'inferred' | 'convention' | 'default';

export interface UnitsDecision {
  /** what the file says; null when it says nothing (meshes, BREP) or nothing valid */
  detected: string | null;
  /** mm per unit the reader converts by itself (STEP, IGES: OpenCASCADE does it), else null */
  readerUnitMm: number | null;
  /** the unit the numbers were taken in, when known before FreeCAD runs (meshes on 'auto': later) */
  used: string | null;
  source: UnitsSource | null;
  /** mm per unit of the user's choice, null for 'auto' */
  userUnitMm: number | null;
  /** UNITS_ASSUMED when the file should have said and did not */
  assumed: { unit: string; reason: string } | null;
  notes: Text[];
}

export interface FileUnits {
  /** units the file declares (STEP contexts, IGES global section); empty when none */
  declared: LengthUnitInfo[];
  /** the reader's fallback when the file declares nothing valid (IGES: inch; STEP: mm) */
  fallback?: LengthUnitInfo;
  /** why the fallback applies */
  fallbackReason?: string;
}

/** Decides units before FreeCAD runs; meshes on 'auto' are left to the worker's size guess. */
export function decideUnits(format: ImportFormat, file: FileUnits, user: LengthUnit | 'auto'): UnitsDecision {
  const userUnitMm = user === 'auto' ? null : MM_PER_UNIT[user];
  const d: UnitsDecision = { detected: null, readerUnitMm: null, used: null, source: null, userUnitMm, assumed: null, notes: [] };
  if (format === 'step' || format === 'iges') {
    const first = file.declared[0];
    if (first) {
      d.detected = file.declared.length > 1 ? file.declared.map((u) => u.unit).join('+') : first.unit;
      d.readerUnitMm = first.mm;
      if (file.declared.length > 1) d.notes.push(render(IMPORT_TEXT.note.mixedUnits, { units: d.detected }));
      if (user === 'auto') [d.used, d.source] = [d.detected, 'file'];
    } else {
      const fb = file.fallback ?? { unit: 'mm', mm: 1 };
      d.readerUnitMm = fb.mm;
      if (user === 'auto') {
        [d.used, d.source] = [fb.unit, 'default'];
        d.assumed = { unit: fb.unit, reason: file.fallbackReason ?? 'the file declares no length unit' };
      }
    }
  } else if (format === 'brep') {
    if (user === 'auto') [d.used, d.source] = ['mm', 'convention'];
  } else if (format === 'fcstd') {
    d.detected = 'mm';
    if (user === 'auto') [d.used, d.source] = ['mm', 'file'];
  }
  if (user !== 'auto') {
    [d.used, d.source] = [user, 'user'];
    if (d.detected && d.detected !== user) d.notes.push(render(IMPORT_TEXT.note.userUnit, { file: d.detected, used: user }));
  }
  return d;
}
