// Parametric part templates. Each template is a list of parameters (unit, range, default, labels in
// Turkish and English) plus cross-field rules; the zod schema is built from them so the renderer's
// forms, the CLI and the job manager validate with the same code.
import { z } from 'zod';
import type { LocalizedName } from './library.js';

export type ParamUnit = 'mm' | 'count' | 'deg';

export interface TemplateParam {
  name: string;
  label: z.infer<typeof LocalizedName>;
  unit: ParamUnit;
  min: number;
  max: number;
  default: number;
  /** integer parameters (counts) */
  integer?: boolean;
  /** 0 means "none" (e.g. a fillet or chamfer of 0 is left out) */
  allowZero?: boolean;
}

export interface RuleIssue {
  field: string;
  /** message key in RULE_MESSAGES, filled with `values` */
  rule: keyof typeof RULE_MESSAGES;
  values: Record<string, number | string>;
}

export interface TemplateDef {
  id: string;
  label: z.infer<typeof LocalizedName>;
  description: z.infer<typeof LocalizedName>;
  params: TemplateParam[];
  /** cross-field rules; return issues for invalid combinations */
  rules: (p: Record<string, number>) => RuleIssue[];
}

/** Smallest wall the templates allow between a hole and an outside face, mm. */
export const MIN_WALL_MM = 1;
/** Global dimension range from the seeds, mm. */
export const DIM_MIN_MM = 0.1;
export const DIM_MAX_MM = 1000;

export const RULE_MESSAGES = {
  wall: {
    en: 'leaves a wall of {wall} mm; at least {min} mm is needed',
    tr: '{wall} mm duvar bırakıyor; en az {min} mm gerekli',
  },
  less_than: {
    en: 'must be smaller than {other} ({limit} mm)',
    tr: '{other} değerinden ({limit} mm) küçük olmalı',
  },
  bolt_overlap: {
    en: 'bolt holes overlap: spacing {spacing} mm is less than the hole size {size} mm plus {min} mm',
    tr: 'cıvata delikleri çakışıyor: aralık {spacing} mm, delik çapı {size} mm + {min} mm değerinden küçük',
  },
  range: {
    en: 'must be between {min} and {max} {unit}',
    tr: '{min} ile {max} {unit} arasında olmalı',
  },
  integer: { en: 'must be a whole number', tr: 'tam sayı olmalı' },
  number: { en: 'must be a number', tr: 'sayı olmalı' },
  required: { en: 'is required', tr: 'zorunlu' },
  unknown: { en: 'is not a parameter of this template', tr: 'bu şablonun bir parametresi değil' },
} satisfies Record<string, { en: string; tr: string }>;

const L = (en: string, tr: string) => ({ en, tr });
const mm = (name: string, en: string, tr: string, def: number, min = DIM_MIN_MM, max = DIM_MAX_MM, extra: Partial<TemplateParam> = {}): TemplateParam => ({
  name,
  label: L(en, tr),
  unit: 'mm',
  min,
  max,
  default: def,
  ...extra,
});
const round = (v: number) => Math.round(v * 1000) / 1000;

export const TEMPLATES: TemplateDef[] = [
  {
    id: 'prism-with-hole',
    label: L('Prism with hole', 'Delikli prizma'),
    description: L('A rectangular block with a centred through hole.', 'Ortasında boydan boya delik olan dikdörtgen blok.'),
    params: [
      mm('length', 'Length (X)', 'Uzunluk (X)', 100),
      mm('width', 'Width (Y)', 'Genişlik (Y)', 60),
      mm('height', 'Height (Z)', 'Yükseklik (Z)', 20),
      mm('hole_diameter', 'Hole diameter', 'Delik çapı', 10),
    ],
    rules: (p) => {
      const wall = Math.min(p.length!, p.width!) / 2 - p.hole_diameter! / 2;
      return wall < MIN_WALL_MM ? [{ field: 'hole_diameter', rule: 'wall', values: { wall: round(wall), min: MIN_WALL_MM } }] : [];
    },
  },
  {
    id: 'flange',
    label: L('Flange', 'Flanş'),
    description: L('A round flange with a bore and a bolt circle.', 'Göbek deliği ve cıvata dairesi olan yuvarlak flanş.'),
    params: [
      mm('outer_diameter', 'Outer diameter', 'Dış çap', 120),
      mm('thickness', 'Thickness', 'Kalınlık', 12),
      mm('bore_diameter', 'Bore diameter', 'Göbek deliği çapı', 40),
      { name: 'bolt_count', label: L('Bolt holes', 'Cıvata deliği sayısı'), unit: 'count', min: 0, max: 36, default: 6, integer: true, allowZero: true },
      mm('bolt_circle_diameter', 'Bolt circle diameter', 'Cıvata dairesi çapı', 85),
      mm('bolt_hole_diameter', 'Bolt hole diameter', 'Cıvata deliği çapı', 9),
    ],
    rules: (p) => {
      const out: RuleIssue[] = [];
      const bore = p.bore_diameter!;
      const od = p.outer_diameter!;
      const bcd = p.bolt_circle_diameter!;
      const bh = p.bolt_hole_diameter!;
      if (bore >= od - 2 * MIN_WALL_MM)
        out.push({ field: 'bore_diameter', rule: 'wall', values: { wall: round((od - bore) / 2), min: MIN_WALL_MM } });
      if (p.bolt_count! > 0) {
        const inner = (bcd - bh) / 2 - bore / 2;
        const outer = od / 2 - (bcd + bh) / 2;
        if (inner < MIN_WALL_MM) out.push({ field: 'bolt_circle_diameter', rule: 'wall', values: { wall: round(inner), min: MIN_WALL_MM } });
        else if (outer < MIN_WALL_MM) out.push({ field: 'bolt_circle_diameter', rule: 'wall', values: { wall: round(outer), min: MIN_WALL_MM } });
        const spacing = p.bolt_count! >= 2 ? bcd * Math.sin(Math.PI / p.bolt_count!) : Infinity;
        if (spacing < bh + MIN_WALL_MM)
          out.push({ field: 'bolt_count', rule: 'bolt_overlap', values: { spacing: round(spacing), size: bh, min: MIN_WALL_MM } });
      }
      return out;
    },
  },
  {
    id: 'shaft',
    label: L('Shaft', 'Mil'),
    description: L('A round shaft with chamfered ends, along Z.', 'Uçları pahlı, Z ekseni boyunca yuvarlak mil.'),
    params: [
      mm('diameter', 'Diameter', 'Çap', 20),
      mm('length', 'Length', 'Uzunluk', 150),
      mm('chamfer', 'End chamfer', 'Uç pahı', 1, 0, 50, { allowZero: true }),
    ],
    rules: (p) => {
      const limit = Math.min(p.diameter! / 2, p.length! / 2) - 0.05;
      return p.chamfer! >= limit ? [{ field: 'chamfer', rule: 'less_than', values: { other: 'diameter/2', limit: round(limit) } }] : [];
    },
  },
  {
    id: 'l-bracket',
    label: L('L-bracket', 'L köşebent'),
    description: L('Two legs at right angles with an inner fillet and a hole in each leg.', 'İç köşesi yuvarlatılmış, her kolunda bir delik olan dik açılı köşebent.'),
    params: [
      mm('leg_a', 'Horizontal leg', 'Yatay kol', 60),
      mm('leg_b', 'Vertical leg', 'Dikey kol', 50),
      mm('thickness', 'Thickness', 'Kalınlık', 5),
      mm('width', 'Width', 'Genişlik', 30),
      mm('fillet', 'Inner fillet radius', 'İç köşe yarıçapı', 4, 0, 100, { allowZero: true }),
      mm('hole_diameter', 'Hole diameter (per leg)', 'Delik çapı (her kol)', 6.5, 0, 200, { allowZero: true }),
    ],
    rules: (p) => {
      const out: RuleIssue[] = [];
      const t = p.thickness!;
      if (t >= Math.min(p.leg_a!, p.leg_b!) - MIN_WALL_MM)
        out.push({ field: 'thickness', rule: 'less_than', values: { other: 'leg', limit: round(Math.min(p.leg_a!, p.leg_b!) - MIN_WALL_MM) } });
      const freeA = p.leg_a! - t - p.fillet!;
      const freeB = p.leg_b! - t - p.fillet!;
      if (p.fillet! > 0 && Math.min(freeA, freeB) < MIN_WALL_MM)
        out.push({ field: 'fillet', rule: 'less_than', values: { other: 'leg − thickness', limit: round(Math.min(p.leg_a!, p.leg_b!) - t - MIN_WALL_MM) } });
      if (p.hole_diameter! > 0) {
        const wallW = (p.width! - p.hole_diameter!) / 2;
        const wallLeg = Math.min(freeA, freeB) / 2 - p.hole_diameter! / 2;
        const wall = Math.min(wallW, wallLeg);
        if (wall < MIN_WALL_MM) out.push({ field: 'hole_diameter', rule: 'wall', values: { wall: round(wall), min: MIN_WALL_MM } });
      }
      return out;
    },
  },
  {
    id: 'plate-with-hole-pattern',
    label: L('Plate with hole pattern', 'Delik dizili plaka'),
    description: L('A plate with a rectangular grid of through holes.', 'Dikdörtgen ızgara düzeninde boydan boya delikleri olan plaka.'),
    params: [
      mm('thickness', 'Thickness', 'Kalınlık', 8),
      { name: 'rows', label: L('Rows', 'Satır'), unit: 'count', min: 1, max: 50, default: 3, integer: true },
      { name: 'columns', label: L('Columns', 'Sütun'), unit: 'count', min: 1, max: 50, default: 4, integer: true },
      mm('pitch_x', 'Pitch X', 'Adım X', 25),
      mm('pitch_y', 'Pitch Y', 'Adım Y', 25),
      mm('margin', 'Edge margin (to hole centre)', 'Kenar payı (delik merkezine)', 15),
      mm('hole_diameter', 'Hole diameter', 'Delik çapı', 8),
    ],
    rules: (p) => {
      const out: RuleIssue[] = [];
      const edge = p.margin! - p.hole_diameter! / 2;
      if (edge < MIN_WALL_MM) out.push({ field: 'margin', rule: 'wall', values: { wall: round(edge), min: MIN_WALL_MM } });
      if (p.columns! > 1 && p.pitch_x! - p.hole_diameter! < MIN_WALL_MM)
        out.push({ field: 'pitch_x', rule: 'wall', values: { wall: round(p.pitch_x! - p.hole_diameter!), min: MIN_WALL_MM } });
      if (p.rows! > 1 && p.pitch_y! - p.hole_diameter! < MIN_WALL_MM)
        out.push({ field: 'pitch_y', rule: 'wall', values: { wall: round(p.pitch_y! - p.hole_diameter!), min: MIN_WALL_MM } });
      const plate = plateSize(p);
      if (plate.length > DIM_MAX_MM || plate.width > DIM_MAX_MM)
        out.push({ field: plate.length > DIM_MAX_MM ? 'columns' : 'rows', rule: 'range', values: { min: DIM_MIN_MM, max: DIM_MAX_MM, unit: 'mm' } });
      return out;
    },
  },
];

/** Plate size of plate-with-hole-pattern, derived from the grid (shared with the worker). */
export function plateSize(p: Record<string, number>): { length: number; width: number } {
  return {
    length: (p.columns! - 1) * p.pitch_x! + 2 * p.margin!,
    width: (p.rows! - 1) * p.pitch_y! + 2 * p.margin!,
  };
}

export const TEMPLATE_IDS = TEMPLATES.map((t) => t.id);

export function findTemplate(id: string): TemplateDef | undefined {
  return TEMPLATES.find((t) => t.id === id);
}

export function templateDefaults(def: TemplateDef): Record<string, number> {
  return Object.fromEntries(def.params.map((p) => [p.name, p.default]));
}

export interface ParamIssue {
  field: string;
  rule: keyof typeof RULE_MESSAGES;
  values: Record<string, number | string>;
  message: { en: string; tr: string };
}

function render(rule: keyof typeof RULE_MESSAGES, values: Record<string, number | string>): { en: string; tr: string } {
  const f = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
  return { en: f(RULE_MESSAGES[rule].en), tr: f(RULE_MESSAGES[rule].tr) };
}

/**
 * Validates raw parameter input (numbers or numeric strings) for a template. Missing parameters take
 * their defaults. Returns the parsed numbers, or the list of issues (field, rule, both languages).
 */
export function validateTemplateParams(
  def: TemplateDef,
  raw: Record<string, unknown>,
): { ok: true; params: Record<string, number> } | { ok: false; issues: ParamIssue[] } {
  const issues: ParamIssue[] = [];
  const push = (field: string, rule: keyof typeof RULE_MESSAGES, values: Record<string, number | string> = {}) =>
    issues.push({ field, rule, values, message: render(rule, values) });
  const params: Record<string, number> = {};
  for (const key of Object.keys(raw)) if (!def.params.some((p) => p.name === key)) push(key, 'unknown');
  for (const p of def.params) {
    const v = raw[p.name];
    if (v === undefined || v === null || v === '') {
      params[p.name] = p.default;
      continue;
    }
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isFinite(n)) {
      push(p.name, 'number');
      continue;
    }
    if (p.integer && !Number.isInteger(n)) {
      push(p.name, 'integer');
      continue;
    }
    const lo = p.allowZero ? 0 : p.min;
    if (n < lo || n > p.max || (p.allowZero && n > 0 && n < Math.min(p.min, DIM_MIN_MM) && p.unit === 'mm')) {
      push(p.name, 'range', { min: lo, max: p.max, unit: p.unit === 'count' ? '' : p.unit });
      continue;
    }
    params[p.name] = n;
  }
  if (issues.length) return { ok: false, issues };
  for (const r of def.rules(params)) push(r.field, r.rule, r.values);
  return issues.length ? { ok: false, issues } : { ok: true, params };
}

/** A zod schema for a template's parameters (used by the API layer and forms). */
export function templateParamsSchema(def: TemplateDef) {
  return z.record(z.string(), z.union([z.number(), z.string()])).transform((raw, ctx) => {
    const r = validateTemplateParams(def, raw);
    if (!r.ok) {
      for (const i of r.issues) ctx.addIssue({ code: 'custom', path: [i.field], message: i.message.en, params: { rule: i.rule, values: i.values, tr: i.message.tr } });
      return z.NEVER;
    }
    return r.params;
  });
}
