// Lengths to millimetres. Pure and dependency-free: the renderer's input fields, the prompt
// normaliser and the job spec all use it, so "2,5 cm" means the same thing everywhere.

/** Exact factors to mm (the inch is defined as exactly 25.4 mm). */
export const MM_PER_UNIT = {
  mm: 1,
  cm: 10,
  m: 1000,
  in: 25.4,
  ft: 304.8,
} as const;

export type LengthUnit = keyof typeof MM_PER_UNIT;

// Spellings people type, in English and Turkish, mapped to a unit. Matching is case-insensitive
// except for the quote marks.
const UNIT_ALIASES: Record<string, LengthUnit> = {
  mm: 'mm',
  millimeter: 'mm',
  millimeters: 'mm',
  millimetre: 'mm',
  millimetres: 'mm',
  milimetre: 'mm',
  cm: 'cm',
  centimeter: 'cm',
  centimeters: 'cm',
  centimetre: 'cm',
  centimetres: 'cm',
  santimetre: 'cm',
  santim: 'cm',
  m: 'm',
  meter: 'm',
  meters: 'm',
  metre: 'm',
  metres: 'm',
  in: 'in',
  inch: 'in',
  inches: 'in',
  inç: 'in',
  '"': 'in',
  '″': 'in',
  '”': 'in',
  "''": 'in',
  ft: 'ft',
  foot: 'ft',
  feet: 'ft',
  "'": 'ft',
  '′': 'ft',
  '’': 'ft',
};

/** Rounds to 1e-6 mm, the resolution every spec and cache key uses (seeds: "numeric rounding 1e-6"). */
export function roundMm(mm: number): number {
  const r = Math.round(mm * 1e6) / 1e6;
  return Object.is(r, -0) ? 0 : r;
}

/** Resolves a unit spelling ("mm", "Inch", "inç", `"`, "ft" …); null when unknown. */
export function normaliseUnit(unit: string): LengthUnit | null {
  const u = unit.trim();
  return UNIT_ALIASES[u] ?? UNIT_ALIASES[u.toLocaleLowerCase('en-US')] ?? UNIT_ALIASES[u.toLocaleLowerCase('tr-TR')] ?? null;
}

/** value in `unit` → mm, rounded to 1e-6. Throws RangeError for an unknown unit or a non-finite value. */
export function toMm(value: number, unit: string): number {
  const u = normaliseUnit(unit);
  if (!u) throw new RangeError(`unknown length unit: ${JSON.stringify(unit)}`);
  if (!Number.isFinite(value)) throw new RangeError(`not a finite length: ${value}`);
  return roundMm(value * MM_PER_UNIT[u]);
}

/**
 * Reads a decimal number written either way: "2.5", "2,5" (Turkish), "1.250,5" / "1,250.5"
 * (thousands separators: when both marks appear the last one is the decimal mark).
 */
export function parseDecimal(text: string): number | null {
  const s = text.trim().replace(/\s+/g, '').replace(/^−/, '-');
  const m = /^([+-]?)(\d[\d.,]*|[.,]\d+)$/.exec(s);
  if (!m) return null;
  const [, sign, body] = m as unknown as [string, string, string];
  const lastDot = body.lastIndexOf('.');
  const lastComma = body.lastIndexOf(',');
  const count = (ch: string) => body.split(ch).length - 1;
  // thousands groups must be 1–3 digits then exactly 3 digits each: "1.250", "1,000,000"
  const grouped = (intPart: string, sep: string) => new RegExp(`^\\d{1,3}(?:[${sep}]\\d{3})+$`).test(intPart);
  let normal: string;
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ',';
    const thousands = decimal === '.' ? ',' : '.';
    const cut = Math.max(lastDot, lastComma);
    const intPart = body.slice(0, cut);
    if (count(decimal) !== 1 || !grouped(intPart, thousands)) return null;
    normal = `${intPart.split(thousands).join('')}.${body.slice(cut + 1)}`;
  } else if (lastComma >= 0 || lastDot >= 0) {
    const sep = lastComma >= 0 ? ',' : '.';
    if (count(sep) === 1)
      normal = body.replace(sep, '.'); // "2,5" (Turkish) or "2.5"
    else if (grouped(body, sep))
      normal = body.split(sep).join(''); // "1.000.000", "1,000,000"
    else return null;
  } else normal = body;
  if (!/^(\d+\.?\d*|\.\d+)$/.test(normal)) return null;
  const v = Number(sign + normal);
  return Number.isFinite(v) ? v : null;
}

const NUM = String.raw`[-+−]?(?:\d+(?:[.,]\d+)*|[.,]\d+)`;
const FRACTION = String.raw`\d+\s*\/\s*\d+`;
// "1 1/2", "1/8", "2.5" — a whole number followed by a fraction, a lone fraction, or a decimal.
const QUANTITY = String.raw`(?:\d+\s+${FRACTION}|${FRACTION}|${NUM})`;
// Each unit must end the word: "2 mil" is not "2 m", "5'li" (Turkish "five-piece") is not 5 ft.
const UNIT_WORD = String.raw`(?:millimet(?:er|re)s?|milimetre|centimet(?:er|re)s?|santim(?:etre)?|met(?:er|re)s?|inch(?:es)?|[iİ][nN][çÇ]|feet|foot|mm|cm|ft|in|m)(?![\p{L}\d])`;
const UNIT_MARK = String.raw`(?:''|["″”'′’])(?![\p{L}\d])`;

function readQuantity(q: string): number | null {
  const s = q.trim().replace(/^−/, '-');
  const mixed = /^(\d+)\s+(\d+)\s*\/\s*(\d+)$/.exec(s);
  if (mixed) {
    const den = Number(mixed[3]);
    return den === 0 ? null : Number(mixed[1]) + Number(mixed[2]) / den;
  }
  const frac = /^(\d+)\s*\/\s*(\d+)$/.exec(s);
  if (frac) {
    const den = Number(frac[2]);
    return den === 0 ? null : Number(frac[1]) / den;
  }
  return parseDecimal(s);
}

// One length, anchored: quantity, unit, then optionally a second part in a smaller unit
// ("2\" 1/8" = 2 1/8 in, "5 ft 3 in", "1 m 20 cm").
const LENGTH_RE = new RegExp(
  String.raw`^(?<q1>${QUANTITY})\s*(?<u1>${UNIT_WORD}|${UNIT_MARK})?(?:\s*(?<q2>${QUANTITY})\s*(?<u2>${UNIT_WORD}|${UNIT_MARK})?)?$`,
  'iu',
);

/**
 * Parses one length written by a person and returns it in mm (rounded to 1e-6), or null when the
 * text is not a single length. A bare number is taken in `defaultUnit` (mm).
 * Examples: "20mm" → 20, "2,5 cm" → 25, "1 1/2 inch" → 38.1, "1/8 inch" → 3.175,
 * `2" 1/8` → 53.975, "5 ft 3 in" → 1600.2.
 */
export function parseLength(text: string, defaultUnit: LengthUnit = 'mm'): number | null {
  const m = LENGTH_RE.exec(text.trim());
  if (!m?.groups) return null;
  const { q1, u1, q2, u2 } = m.groups;
  const v1 = readQuantity(q1!);
  if (v1 === null) return null;
  const unit1 = u1 ? normaliseUnit(u1) : null;
  if (u1 && !unit1) return null;
  if (q2 === undefined) return toMm(v1, unit1 ?? defaultUnit);

  // A second part only makes sense after an explicit unit, and must be a non-negative addend.
  if (!unit1) return null;
  const v2 = readQuantity(q2);
  if (v2 === null || v2 < 0) return null;
  const unit2 = u2 ? normaliseUnit(u2) : unit1; // `2" 1/8`: the fraction continues in inches
  if (!unit2 || MM_PER_UNIT[unit2] > MM_PER_UNIT[unit1]) return null;
  const sign = v1 < 0 ? -1 : 1;
  return roundMm(v1 * MM_PER_UNIT[unit1] + sign * v2 * MM_PER_UNIT[unit2]);
}

export interface LengthMention {
  /** the matched text, e.g. "1/8 inch" */
  text: string;
  /** offset of the match in the input */
  index: number;
  mm: number;
  unit: LengthUnit;
}

const MENTION_RE = new RegExp(
  String.raw`(?<![\p{L}\d.,/])(?<q>\d+\s+${FRACTION}|${FRACTION}|\d+(?:[.,]\d+)?)\s*(?<u>${UNIT_WORD}|${UNIT_MARK})`,
  'giu',
);

/**
 * Every length with an explicit unit in free text ("2 inch pipe with 1/8 inch wall" → 50.8 and
 * 3.175), in order. Numbers without a unit are not lengths here (they may be counts or angles).
 */
export function findLengths(text: string): LengthMention[] {
  const out: LengthMention[] = [];
  for (const m of text.matchAll(MENTION_RE)) {
    const v = readQuantity(m.groups!.q!);
    const unit = normaliseUnit(m.groups!.u!);
    if (v === null || !unit) continue;
    out.push({ text: m[0], index: m.index ?? 0, mm: toMm(v, unit), unit });
  }
  return out;
}
