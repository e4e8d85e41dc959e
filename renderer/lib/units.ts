// Display units and number formatting. Everything inside Tezgah is millimetres; the UI converts
// only at the edge (form fields, metrics, measurements) so a value round-trips without drift.
import type { Lang } from '../../shared/errors.js';
import { say } from '../../shared/i18n/text.js';
import { UNIT_TEXT } from '../../shared/i18n/units.js';

export type Units = 'mm' | 'inch';
export const MM_PER_INCH = 25.4;

export function toDisplayLength(mm: number, units: Units): number {
  return units === 'inch' ? mm / MM_PER_INCH : mm;
}
export function fromDisplayLength(v: number, units: Units): number {
  return units === 'inch' ? v * MM_PER_INCH : v;
}

export function lengthUnit(units: Units): string {
  return units === 'inch' ? 'in' : 'mm';
}
export function areaUnit(units: Units): string {
  return units === 'inch' ? 'in²' : 'mm²';
}
export function volumeUnit(units: Units): string {
  return units === 'inch' ? 'in³' : 'mm³';
}

const formatters = new Map<string, Intl.NumberFormat>();
/** Locale-aware number: `118,429.2` in English, `118.429,2` in Turkish. */
export function formatNumber(v: number, lang: Lang, maxDigits = 3, minDigits = 0): string {
  const key = `${lang}:${maxDigits}:${minDigits}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'tr' ? 'tr-TR' : 'en-US', { maximumFractionDigits: maxDigits, minimumFractionDigits: minDigits });
    formatters.set(key, f);
  }
  return f.format(Object.is(v, -0) ? 0 : v);
}

/** Digits that keep a length readable: 0.01 mm or 0.0001 in. */
const lengthDigits = (units: Units) => (units === 'inch' ? 4 : 2);

export function formatLength(mm: number, units: Units, lang: Lang): string {
  return `${formatNumber(toDisplayLength(mm, units), lang, lengthDigits(units))} ${lengthUnit(units)}`;
}
export function formatArea(mm2: number, units: Units, lang: Lang): string {
  const v = units === 'inch' ? mm2 / MM_PER_INCH ** 2 : mm2;
  return `${formatNumber(v, lang, units === 'inch' ? 3 : 1, units === 'inch' ? 0 : 1)} ${areaUnit(units)}`;
}
export function formatVolume(mm3: number, units: Units, lang: Lang): string {
  const v = units === 'inch' ? mm3 / MM_PER_INCH ** 3 : mm3;
  return `${formatNumber(v, lang, units === 'inch' ? 3 : 1, units === 'inch' ? 0 : 1)} ${volumeUnit(units)}`;
}
export function formatMass(g: number, lang: Lang): string {
  return g >= 1000 ? `${formatNumber(g / 1000, lang, 3)} kg` : `${formatNumber(g, lang, 1)} g`;
}
export function formatBytes(n: number, lang: Lang): string {
  if (n < 1024) return `${formatNumber(n, lang, 0)} B`;
  if (n < 1024 ** 2) return `${formatNumber(n / 1024, lang, 1)} KB`;
  return `${formatNumber(n / 1024 ** 2, lang, 1)} MB`;
}
export function formatDuration(ms: number, lang: Lang): string {
  if (ms < 1000) return `${formatNumber(ms, lang, 0)} ms`;
  if (ms < 60_000) return say(UNIT_TEXT.seconds, lang, { s: formatNumber(ms / 1000, lang, 1) });
  return say(UNIT_TEXT.minutes, lang, { m: Math.floor(ms / 60_000), s: Math.round((ms % 60_000) / 1000) });
}

/**
 * Parses what a person typed in a number field: accepts a decimal comma (Turkish keyboards) and
 * surrounding spaces. Returns the text normalised for validateTemplateParams, or '' when empty.
 */
export function normaliseNumberText(text: string): string {
  const t = text.trim();
  if (/^[-+]?\d+,\d*$/.test(t) || /^[-+]?,\d+$/.test(t)) return t.replace(',', '.');
  return t;
}

/** A value as it should appear in an input: no grouping, a dot decimal, at most `digits` digits. */
export function inputText(v: number, digits: number): string {
  return String(Math.round(v * 10 ** digits) / 10 ** digits);
}
