// Library entries as forms: a field list per kind (materials, machines, tools), reading and
// writing by path, and validation with the shared zod schemas, messages in the UI language.
import type { z } from 'zod';
import { en as zodEn, tr as zodTr } from 'zod/locales';
import type { Lang } from '../../../shared/errors.js';
import { Controller, Machine, Material, Process, Tool, ToolMaterial, ToolType } from '../../../shared/library.js';

export type LibraryKind = 'material' | 'machine' | 'tool';

export type FieldKind = 'text' | 'number' | 'enum' | 'bool' | 'multi' | 'list' | 'json';
export interface LibraryField {
  path: string;
  /** key under library.f.* */
  label: string;
  kind: FieldKind;
  options?: readonly string[];
  optional?: boolean;
}

export const LIBRARY_FIELDS: Record<LibraryKind, LibraryField[]> = {
  material: [
    { path: 'id', label: 'id', kind: 'text' },
    { path: 'name.en', label: 'name_en', kind: 'text' },
    { path: 'name.tr', label: 'name_tr', kind: 'text' },
    { path: 'category', label: 'category', kind: 'enum', options: Material.shape.category.options },
    { path: 'density_g_cm3', label: 'density', kind: 'number' },
    { path: 'processes', label: 'processes', kind: 'multi', options: Process.options },
  ],
  machine: [
    { path: 'id', label: 'id', kind: 'text' },
    { path: 'name', label: 'name', kind: 'text' },
    { path: 'controller', label: 'controller', kind: 'enum', options: Controller.options },
    { path: 'envelope_mm.x', label: 'envelope_x', kind: 'number' },
    { path: 'envelope_mm.y', label: 'envelope_y', kind: 'number' },
    { path: 'envelope_mm.z', label: 'envelope_z', kind: 'number' },
    { path: 'zero', label: 'zero', kind: 'enum', options: ['min', 'max-z'] },
    { path: 'max_spindle_rpm', label: 'max_spindle_rpm', kind: 'number' },
    { path: 'min_spindle_rpm', label: 'min_spindle_rpm', kind: 'number' },
    { path: 'max_feed_mm_min', label: 'max_feed_mm_min', kind: 'number' },
    { path: 'rapid_mm_min', label: 'rapid_mm_min', kind: 'number' },
    { path: 'tool_changer', label: 'tool_changer', kind: 'bool' },
    { path: 'tool_change_s', label: 'tool_change_s', kind: 'number' },
    { path: 'coolant', label: 'coolant', kind: 'bool' },
    { path: 'supported_codes', label: 'supported_codes', kind: 'list' },
    { path: 'units', label: 'units', kind: 'enum', options: ['mm', 'inch'] },
  ],
  tool: [
    { path: 'id', label: 'id', kind: 'text' },
    { path: 'number', label: 'number', kind: 'number' },
    { path: 'name', label: 'name', kind: 'text' },
    { path: 'type', label: 'type', kind: 'enum', options: ToolType.options },
    { path: 'diameter_mm', label: 'diameter_mm', kind: 'number' },
    { path: 'flutes', label: 'flutes', kind: 'number' },
    { path: 'material', label: 'material', kind: 'enum', options: ToolMaterial.options },
    { path: 'flute_length_mm', label: 'flute_length_mm', kind: 'number' },
    { path: 'overall_length_mm', label: 'overall_length_mm', kind: 'number' },
    { path: 'shank_mm', label: 'shank_mm', kind: 'number' },
    { path: 'tip_angle_deg', label: 'tip_angle_deg', kind: 'number', optional: true },
    { path: 'stick_out_mm', label: 'stick_out_mm', kind: 'number', optional: true },
  ],
};

export const SCHEMAS = { material: Material, machine: Machine, tool: Tool } as const;

/** A fresh entry for the "new" form, valid except for the id and name the person must give. */
export function blankEntry(kind: LibraryKind): Record<string, unknown> {
  switch (kind) {
    case 'material':
      return { id: '', name: { en: '', tr: '' }, category: 'aluminium', density_g_cm3: 2.7, processes: ['cnc_milling'] };
    case 'machine':
      return {
        id: '',
        name: '',
        controller: 'grbl',
        envelope_mm: { x: 300, y: 300, z: 80 },
        zero: 'min',
        max_spindle_rpm: 24000,
        min_spindle_rpm: 0,
        max_feed_mm_min: 3000,
        rapid_mm_min: 5000,
        tool_changer: false,
        tool_change_s: 60,
        coolant: false,
        supported_codes: ['G0', 'G1', 'G2', 'G3', 'G17', 'G21', 'G90', 'G94', 'M3', 'M5', 'M30'],
        units: 'mm',
      };
    case 'tool':
      return {
        id: '',
        number: 1,
        name: '',
        type: 'endmill',
        diameter_mm: 6,
        flutes: 2,
        material: 'carbide',
        flute_length_mm: 20,
        overall_length_mm: 60,
        shank_mm: 6,
      };
  }
}

export function getPath(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

/** A copy of obj with the value at path replaced (undefined removes it). */
export function setPath<T extends Record<string, unknown>>(obj: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.');
  const copy: Record<string, unknown> = { ...obj };
  if (!rest.length) {
    if (value === undefined) delete copy[head!];
    else copy[head!] = value;
  } else copy[head!] = setPath((obj[head!] as Record<string, unknown>) ?? {}, rest.join('.'), value);
  return copy as T;
}

/** Parses what a field shows back into the entry's value. */
export function parseFieldText(f: LibraryField, text: string): unknown {
  switch (f.kind) {
    case 'number': {
      const t = text.trim().replace(',', '.');
      if (t === '') return f.optional ? undefined : NaN;
      return Number(t);
    }
    case 'list':
      return text
        .split(/[\s,;]+/)
        .map((s) => s.trim().toUpperCase())
        .filter(Boolean);
    default:
      return text;
  }
}

export function fieldText(f: LibraryField, v: unknown): string {
  if (v === undefined || v === null) return '';
  if (f.kind === 'list' && Array.isArray(v)) return v.join(', ');
  if (f.kind === 'number' && typeof v === 'number' && Number.isNaN(v)) return '';
  return String(v);
}

export interface EntryIssue {
  path: string;
  message: string;
}

/** Plainer words than the schema's for the two mistakes people make most. */
export interface EntryMessages {
  required: string;
  idRule: string;
}

export function validateEntry(
  kind: LibraryKind,
  entry: unknown,
  lang: Lang,
  words?: EntryMessages,
): { ok: true; value: unknown } | { ok: false; issues: EntryIssue[] } {
  const schema = SCHEMAS[kind] as z.ZodType;
  const r = schema.safeParse(entry, { error: (lang === 'tr' ? zodTr() : zodEn()).localeError });
  if (r.success) return { ok: true, value: r.data };
  return {
    ok: false,
    issues: r.error.issues.map((i) => {
      const path = i.path.join('.');
      const empty = i.code === 'too_small' && i.origin === 'string' && Number(i.minimum) === 1;
      const message = words && empty ? words.required : words && path === 'id' && i.code === 'invalid_format' ? words.idRule : i.message;
      return { path, message };
    }),
  };
}
