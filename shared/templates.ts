// Parametric part templates. Each template is a list of parameters (unit, range, default, labels in
// Turkish and English) plus cross-field rules; the zod schema is built from them so the renderer's
// forms, the CLI and the job manager validate with the same code.
import { z } from 'zod';
import type { LocalizedName } from './library.js';
import { render, type Text } from './i18n/text.js';
import { RULE_TERMS, RULE_TEXT, TEMPLATE_TEXT } from './i18n/templates.js';

/** Values of a rule's message: numbers, words, or a term in both languages. */
export type RuleValues = Record<string, number | string | Text>;

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
  values: RuleValues;
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

/** Rule texts, in the catalogue (shared/i18n/templates.ts); the old name stays for the forms. */
export const RULE_MESSAGES = RULE_TEXT;

const mm = (
  name: string,
  label: Text,
  def: number,
  min = DIM_MIN_MM,
  max = DIM_MAX_MM,
  extra: Partial<TemplateParam> = {},
): TemplateParam => ({
  name,
  label,
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
    label: TEMPLATE_TEXT['prism-with-hole'].label,
    description: TEMPLATE_TEXT['prism-with-hole'].description,
    params: [
      mm('length', TEMPLATE_TEXT['prism-with-hole'].param.length, 100),
      mm('width', TEMPLATE_TEXT['prism-with-hole'].param.width, 60),
      mm('height', TEMPLATE_TEXT['prism-with-hole'].param.height, 20),
      mm('hole_diameter', TEMPLATE_TEXT['prism-with-hole'].param.hole_diameter, 10),
    ],
    rules: (p) => {
      const wall = Math.min(p.length!, p.width!) / 2 - p.hole_diameter! / 2;
      return wall < MIN_WALL_MM ? [{ field: 'hole_diameter', rule: 'wall', values: { wall: round(wall), min: MIN_WALL_MM } }] : [];
    },
  },
  {
    id: 'block',
    label: TEMPLATE_TEXT.block.label,
    description: TEMPLATE_TEXT.block.description,
    params: [
      mm('length', TEMPLATE_TEXT.block.param.length, 100),
      mm('width', TEMPLATE_TEXT.block.param.width, 10),
      mm('height', TEMPLATE_TEXT.block.param.height, 10),
    ],
    rules: () => [],
  },
  {
    id: 'flange',
    label: TEMPLATE_TEXT['flange'].label,
    description: TEMPLATE_TEXT['flange'].description,
    params: [
      mm('outer_diameter', TEMPLATE_TEXT['flange'].param.outer_diameter, 120),
      mm('thickness', TEMPLATE_TEXT['flange'].param.thickness, 12),
      mm('bore_diameter', TEMPLATE_TEXT['flange'].param.bore_diameter, 40),
      {
        name: 'bolt_count',
        label: TEMPLATE_TEXT['flange'].param.bolt_count,
        unit: 'count',
        min: 0,
        max: 36,
        default: 6,
        integer: true,
        allowZero: true,
      },
      mm('bolt_circle_diameter', TEMPLATE_TEXT['flange'].param.bolt_circle_diameter, 85),
      mm('bolt_hole_diameter', TEMPLATE_TEXT['flange'].param.bolt_hole_diameter, 9),
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
        if (inner < MIN_WALL_MM)
          out.push({ field: 'bolt_circle_diameter', rule: 'wall', values: { wall: round(inner), min: MIN_WALL_MM } });
        else if (outer < MIN_WALL_MM)
          out.push({ field: 'bolt_circle_diameter', rule: 'wall', values: { wall: round(outer), min: MIN_WALL_MM } });
        const spacing = p.bolt_count! >= 2 ? bcd * Math.sin(Math.PI / p.bolt_count!) : Infinity;
        if (spacing < bh + MIN_WALL_MM)
          out.push({ field: 'bolt_count', rule: 'bolt_overlap', values: { spacing: round(spacing), size: bh, min: MIN_WALL_MM } });
      }
      return out;
    },
  },
  {
    id: 'shaft',
    label: TEMPLATE_TEXT['shaft'].label,
    description: TEMPLATE_TEXT['shaft'].description,
    params: [
      mm('diameter', TEMPLATE_TEXT['shaft'].param.diameter, 20),
      mm('length', TEMPLATE_TEXT['shaft'].param.length, 150),
      mm('chamfer', TEMPLATE_TEXT['shaft'].param.chamfer, 1, 0, 50, { allowZero: true }),
    ],
    rules: (p) => {
      const limit = Math.min(p.diameter! / 2, p.length! / 2) - 0.05;
      return p.chamfer! >= limit
        ? [{ field: 'chamfer', rule: 'less_than', values: { other: RULE_TERMS.halfDiameter, limit: round(limit) } }]
        : [];
    },
  },
  {
    id: 'l-bracket',
    label: TEMPLATE_TEXT['l-bracket'].label,
    description: TEMPLATE_TEXT['l-bracket'].description,
    params: [
      mm('leg_a', TEMPLATE_TEXT['l-bracket'].param.leg_a, 60),
      mm('leg_b', TEMPLATE_TEXT['l-bracket'].param.leg_b, 50),
      mm('thickness', TEMPLATE_TEXT['l-bracket'].param.thickness, 5),
      mm('width', TEMPLATE_TEXT['l-bracket'].param.width, 30),
      mm('fillet', TEMPLATE_TEXT['l-bracket'].param.fillet, 4, 0, 100, { allowZero: true }),
      mm('hole_diameter', TEMPLATE_TEXT['l-bracket'].param.hole_diameter, 6.5, 0, 200, { allowZero: true }),
    ],
    rules: (p) => {
      const out: RuleIssue[] = [];
      const t = p.thickness!;
      if (t >= Math.min(p.leg_a!, p.leg_b!) - MIN_WALL_MM)
        out.push({
          field: 'thickness',
          rule: 'less_than',
          values: { other: RULE_TERMS.leg, limit: round(Math.min(p.leg_a!, p.leg_b!) - MIN_WALL_MM) },
        });
      const freeA = p.leg_a! - t - p.fillet!;
      const freeB = p.leg_b! - t - p.fillet!;
      if (p.fillet! > 0 && Math.min(freeA, freeB) < MIN_WALL_MM)
        out.push({
          field: 'fillet',
          rule: 'less_than',
          values: { other: RULE_TERMS.legMinusThickness, limit: round(Math.min(p.leg_a!, p.leg_b!) - t - MIN_WALL_MM) },
        });
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
    label: TEMPLATE_TEXT['plate-with-hole-pattern'].label,
    description: TEMPLATE_TEXT['plate-with-hole-pattern'].description,
    params: [
      mm('thickness', TEMPLATE_TEXT['plate-with-hole-pattern'].param.thickness, 8),
      {
        name: 'rows',
        label: TEMPLATE_TEXT['plate-with-hole-pattern'].param.rows,
        unit: 'count',
        min: 1,
        max: 50,
        default: 3,
        integer: true,
      },
      {
        name: 'columns',
        label: TEMPLATE_TEXT['plate-with-hole-pattern'].param.columns,
        unit: 'count',
        min: 1,
        max: 50,
        default: 4,
        integer: true,
      },
      mm('pitch_x', TEMPLATE_TEXT['plate-with-hole-pattern'].param.pitch_x, 25),
      mm('pitch_y', TEMPLATE_TEXT['plate-with-hole-pattern'].param.pitch_y, 25),
      mm('margin', TEMPLATE_TEXT['plate-with-hole-pattern'].param.margin, 15),
      mm('hole_diameter', TEMPLATE_TEXT['plate-with-hole-pattern'].param.hole_diameter, 8),
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
        out.push({
          field: plate.length > DIM_MAX_MM ? 'columns' : 'rows',
          rule: 'range',
          values: { min: DIM_MIN_MM, max: DIM_MAX_MM, unit: 'mm' },
        });
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
  values: RuleValues;
  message: { en: string; tr: string };
}

function renderRule(rule: keyof typeof RULE_MESSAGES, values: RuleValues): { en: string; tr: string } {
  return render(RULE_MESSAGES[rule], values);
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
  const push = (field: string, rule: keyof typeof RULE_MESSAGES, values: RuleValues = {}) =>
    issues.push({ field, rule, values, message: renderRule(rule, values) });
  const params: Record<string, number> = {};
  for (const key of Object.keys(raw)) if (!def.params.some((p) => p.name === key)) push(key, 'unknown');
  for (const p of def.params) {
    const v = raw[p.name];
    if (v === undefined || v === null || v === '') {
      params[p.name] = p.default;
      continue;
    }
    const n =
      typeof v === 'number' ? v : typeof v === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v) ? Number(v) : NaN;
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
      for (const i of r.issues)
        ctx.addIssue({
          code: 'custom',
          path: [i.field],
          message: i.message.en,
          params: { rule: i.rule, values: i.values, tr: i.message.tr },
        });
      return z.NEVER;
    }
    return r.params;
  });
}
