// The state behind a template's form, kept apart from React so it can be tested. Fields hold what
// the person typed (in display units) and, when untouched or converted, the exact millimetre
// value, so showing 100 mm as 3.937 in and submitting it does not turn it into 99.9998 mm.
// Validation is shared/templates.ts's validateTemplateParams; messages are rendered here in the
// display language and units.
import type { Lang } from '../../../shared/errors.js';
import { interpolate, valueIn } from '../../../shared/i18n/text.js';
import { RULE_MESSAGES, validateTemplateParams, type ParamIssue, type TemplateDef, type TemplateParam } from '../../../shared/templates.js';
import {
  formatNumber,
  fromDisplayLength,
  inputText,
  lengthUnit,
  normaliseNumberText,
  toDisplayLength,
  type Units,
} from '../../lib/units.js';

export interface Field {
  text: string;
  /** exact value in mm (or count/deg) when known; undefined once the text is edited and not a number */
  value?: number;
}
export type Fields = Record<string, Field>;

const digitsFor = (p: TemplateParam, units: Units) => (p.unit === 'mm' && units === 'inch' ? 4 : 3);
const show = (p: TemplateParam, v: number, units: Units) => (p.unit === 'mm' ? toDisplayLength(v, units) : v);

export function fieldFromValue(p: TemplateParam, v: number, units: Units): Field {
  return { text: inputText(show(p, v, units), digitsFor(p, units)), value: v };
}

export function initialFields(def: TemplateDef, units: Units, values: Record<string, number> = {}): Fields {
  return Object.fromEntries(def.params.map((p) => [p.name, fieldFromValue(p, values[p.name] ?? p.default, units)]));
}

/** A field after the person typed `text`: its value is parsed in display units. */
export function editField(p: TemplateParam, text: string, units: Units): Field {
  const norm = normaliseNumberText(text);
  const n = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(norm) ? Number(norm) : NaN;
  if (!Number.isFinite(n)) return { text };
  return { text, value: p.unit === 'mm' ? fromDisplayLength(n, units) : n };
}

/** Re-expresses every field in new display units (numbers convert; unparsable text stays). */
export function convertFields(def: TemplateDef, fields: Fields, units: Units): Fields {
  const out: Fields = {};
  for (const p of def.params) {
    const f = fields[p.name];
    out[p.name] = f?.value !== undefined ? fieldFromValue(p, f.value, units) : (f ?? fieldFromValue(p, p.default, units));
  }
  return out;
}

export interface FormCheck {
  params: Record<string, number> | null;
  issues: ParamIssue[];
  /** first issue per field */
  byField: Record<string, ParamIssue>;
}

/** Validates the form with the template's own rules. An empty field is an error, not "use the default". */
export function checkFields(def: TemplateDef, fields: Fields): FormCheck {
  const raw: Record<string, number | string> = {};
  const issues: ParamIssue[] = [];
  for (const p of def.params) {
    const f = fields[p.name];
    if (!f || f.text.trim() === '') {
      issues.push({
        field: p.name,
        rule: 'required',
        values: {},
        message: { en: RULE_MESSAGES.required.en, tr: RULE_MESSAGES.required.tr },
      });
      continue;
    }
    raw[p.name] = f.value ?? normaliseNumberText(f.text);
  }
  if (!issues.length) {
    const r = validateTemplateParams(def, raw);
    if (r.ok) return { params: r.params, issues: [], byField: {} };
    issues.push(...r.issues);
  }
  const byField: Record<string, ParamIssue> = {};
  for (const i of issues) byField[i.field] ??= i;
  return { params: null, issues, byField };
}

/** Values of these keys are lengths in mm, per rule. */
const LENGTH_KEYS: Partial<Record<keyof typeof RULE_MESSAGES, string[]>> = {
  wall: ['wall', 'min'],
  less_than: ['limit'],
  bolt_overlap: ['spacing', 'size', 'min'],
  range: ['min', 'max'],
};

/** An issue in the display language and units, numbers formatted for the locale. */
export function issueMessage(issue: ParamIssue, lang: Lang, units: Units): string {
  let template: string = RULE_MESSAGES[issue.rule][lang];
  const isLength = issue.rule !== 'range' || issue.values.unit === 'mm';
  const inch = units === 'inch' && isLength;
  const keys = LENGTH_KEYS[issue.rule] ?? [];
  if (inch) template = template.replace(/\bmm\b/g, lengthUnit(units));
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(issue.values)) {
    if (typeof v !== 'number') values[k] = k === 'unit' && inch ? lengthUnit(units) : valueIn(v, lang);
    else values[k] = inch && keys.includes(k) ? formatNumber(toDisplayLength(v, units), lang, 4) : formatNumber(v, lang, 3);
  }
  return interpolate(template, lang, values)
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** The range a field accepts, in display units (min 0 when 0 means "none"). */
export function displayRange(p: TemplateParam, units: Units): { min: number; max: number; unit: string; optional: boolean } {
  const unit = p.unit === 'mm' ? lengthUnit(units) : p.unit === 'deg' ? '°' : '';
  const lo = p.allowZero ? Math.min(p.min, 0) : p.min;
  return { min: show(p, lo, units), max: show(p, p.max, units), unit, optional: !!p.allowZero && p.min > 0 };
}
