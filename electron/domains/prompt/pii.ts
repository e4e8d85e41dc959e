// Masks personal data in free text before anything is stored or logged (prompts, model answers,
// FreeCAD traces sent back for repair). Conservative on purpose: a part description is full of
// numbers ("M8", "20 mm", "1000 x 200"), so digit runs are only masked when their shape or
// checksum says they are a phone number, an ID or an IBAN.

export const PII_MASKS = {
  email: '[EMAIL]',
  phone: '[PHONE]',
  tckn: '[TC_KIMLIK]',
  iban: '[IBAN]',
  address: '[ADDRESS]',
} as const;

/** TC Kimlik No: 11 digits, no leading zero, two check digits. */
export function isValidTckn(digits: string): boolean {
  if (!/^[1-9]\d{10}$/.test(digits)) return false;
  const d = [...digits].map(Number);
  const odd = d[0]! + d[2]! + d[4]! + d[6]! + d[8]!;
  const even = d[1]! + d[3]! + d[5]! + d[7]!;
  const c10 = (((odd * 7 - even) % 10) + 10) % 10;
  if (c10 !== d[9]) return false;
  const c11 = d.slice(0, 10).reduce((a, b) => a + b, 0) % 10;
  return c11 === d[10];
}

/** ISO 13616 mod-97 check on an IBAN without spaces. */
export function isValidIban(iban: string): boolean {
  const s = iban.toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return false;
  const rearranged = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of v) rem = (rem * 10 + Number(digit)) % 97;
  }
  return rem === 1;
}

const EMAIL_RE = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

// IBAN candidates: country code, check digits, then 11–30 alphanumerics, optionally in groups of
// four. The candidate may run into a following upper-case word, so the longest valid prefix wins.
const IBAN_RE = /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}/g;

function maskIban(candidate: string): string {
  // positions in `candidate` after each alphanumeric, so a compact length maps back to the text
  const ends: number[] = [];
  for (let i = 0; i < candidate.length; i++) if (candidate[i] !== ' ') ends.push(i + 1);
  for (let n = ends.length; n >= 15; n--) {
    const end = ends[n - 1]!;
    const next = candidate[end];
    if (next !== undefined && next !== ' ') continue; // stop only at a word boundary
    const compact = candidate.slice(0, end).replace(/ /g, '');
    if (isValidIban(compact) || (compact.startsWith('TR') && compact.length === 26)) {
      return PII_MASKS.iban + candidate.slice(end);
    }
  }
  return candidate;
}

const TCKN_RE = /(?<![\d])[1-9]\d{10}(?![\d])/g;
// An 11-digit number right after a label is masked even when the checksum fails (typos are still PII).
const TCKN_LABELLED_RE = /\b(?:T\.?\s?C\.?(?:\s*Kimlik)?(?:\s*No)?|TCKN|Kimlik\s*No|Identity\s*No)\s*[:.]?\s*\d{11}\b/giu;

const SEP = String.raw`[\s.\-]?`;
const PHONE_PATTERNS: RegExp[] = [
  // International: +CC then 7–14 more digits in groups.
  /(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){2,6}(?!\d)/g,
  // North American: (555) 123-4567 / 555-123-4567.
  /(?<![\w])\(\d{3}\)\s?\d{3}[\s.-]\d{4}(?!\d)|(?<![\w.,])\d{3}-\d{3}-\d{4}(?!\d)/g,
  // Turkish: optional 0090 / 0 prefix, area or mobile code (2xx-5xx, 8xx), then 3-2-2 digits.
  new RegExp(String.raw`(?<![\w+])(?:(?:0090|0)${SEP})?\(?[2-58]\d{2}\)?${SEP}\d{3}${SEP}\d{2}${SEP}\d{2}(?!\d)`, 'g'),
];

function phoneDigitsOk(match: string): boolean {
  const n = match.replace(/\D/g, '').length;
  return n >= 10 && n <= 15;
}

// Turkish addresses: "<Name> Mah(allesi)/Mh.", "<Name> Cad(desi)/Cd.", "<Name> Sok(ak)/Sk.",
// "Bulvarı/Blv.", then "No: 12/3", "D: 4", "Kat 2", "Daire 5", "Apt.", "Kadıköy/İstanbul".
const TR_WORD = String.raw`[\p{Lu}\d][\p{L}\d'’.-]*`;
const TR_STREET_KIND = String.raw`(?:Mahallesi|Mahalle|Mah\.?|Mh\.|Caddesi|Cadde|Cad\.?|Cd\.|Sokağı|Sokak|Sok\.?|Sk\.|Bulvarı|Bulvar|Blv\.?|Bul\.|Meydanı|Küme\s+Evler|Sitesi|Apartmanı|Apt\.?)`;
const TR_PART = String.raw`(?:${TR_WORD}\s+){1,4}${TR_STREET_KIND}(?![\p{L}])`;
const TR_UNIT = String.raw`(?:No|Numara|D|Daire|Kat|Blok|Apt)\s*[:.]?\s*\d+[\p{L}]?(?:\s*\/\s*\d+[\p{L}]?)?`;
const TR_CITY = String.raw`${TR_WORD}\s*\/\s*${TR_WORD}`;
const TR_ADDRESS_RE = new RegExp(String.raw`${TR_PART}(?:[\s,]+(?:${TR_PART}|${TR_UNIT}))*(?:[\s,]+${TR_CITY})?(?:[\s,]+\d{5})?`, 'gu');
// A bare "No: 12" or "No:12/3" after a street name that was not capitalised.
const TR_NO_RE = /\bNo\s*:\s*\d+[\p{L}]?(?:\s*\/\s*\d+)?/gu;

// English street forms: "221B Baker Street", "1600 Pennsylvania Avenue NW, Washington, DC 20500",
// "12 High St., Apt 4".
const EN_STREET_KIND = String.raw`(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Lane|Ln\.?|Drive|Dr\.?|Court|Ct\.?|Place|Pl\.?|Square|Sq\.?|Terrace|Parkway|Pkwy\.?|Highway|Hwy\.?|Way|Close|Crescent)`;
const EN_ADDRESS_RE = new RegExp(
  String.raw`\b\d{1,5}[A-Za-z]?\s+(?:\p{Lu}[\p{L}'’.-]*\s+){1,4}${EN_STREET_KIND}(?![\p{L}])` +
    String.raw`(?:\s+(?:N|S|E|W|NE|NW|SE|SW)\b)?` +
    String.raw`(?:,?\s*(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|#)\s*[\w-]+)?` +
    String.raw`(?:,\s*\p{Lu}[\p{L}]+(?:\s\p{Lu}[\p{L}]+)*(?:,?\s*[A-Z]{2})?(?:\s+\d{5}(?:-\d{4})?)?)?`,
  'gu',
);
const PO_BOX_RE = /\b(?:P\.?\s?O\.?\s+Box|Posta\s+Kutusu|PK\.)\s*\d+/giu;

/** Returns `text` with e-mails, phone numbers, TC Kimlik numbers, IBANs and street addresses masked. */
export function maskPii(text: string): string {
  let s = text;
  s = s.replace(EMAIL_RE, PII_MASKS.email);
  s = s.replace(IBAN_RE, maskIban);
  s = s.replace(TCKN_LABELLED_RE, PII_MASKS.tckn);
  s = s.replace(TCKN_RE, (m) => (isValidTckn(m) ? PII_MASKS.tckn : m));
  for (const re of PHONE_PATTERNS) s = s.replace(re, (m) => (phoneDigitsOk(m) ? PII_MASKS.phone : m));
  s = s.replace(TR_ADDRESS_RE, PII_MASKS.address);
  s = s.replace(TR_NO_RE, PII_MASKS.address);
  s = s.replace(EN_ADDRESS_RE, PII_MASKS.address);
  s = s.replace(PO_BOX_RE, PII_MASKS.address);
  return s;
}

/** Masks every string inside a JSON-like value (for structured log records). */
export function maskPiiDeep<T>(value: T): T {
  if (typeof value === 'string') return maskPii(value) as T;
  if (Array.isArray(value)) return value.map((v) => maskPiiDeep(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = maskPiiDeep(v);
    return out as T;
  }
  return value;
}
