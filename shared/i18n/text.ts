// The one shape of user-facing text: a catalogue is nested namespaces whose leaves are `{ en, tr }`.
// A leaf without one of the languages does not satisfy `Catalog`, so it is a compile error.
// Parameters are written {{name}}, the syntax i18next interpolates too: the renderer hands the same
// strings to i18next, the main process fills them with `say`/`render` below.

export type Lang = 'tr' | 'en';
export const LANGS = ['tr', 'en'] as const satisfies readonly Lang[];

/** One message in both languages. */
export interface Text {
  readonly en: string;
  readonly tr: string;
}

export interface Catalog {
  readonly [key: string]: Text | Catalog;
}

/** A message as the main process stores it beside a result: both languages, parameters filled in. */
export type Rendered = Text;

export type Values = Readonly<Record<string, unknown>>;

export function isText(v: unknown): v is Text {
  return (
    !!v && typeof v === 'object' && typeof (v as Text).en === 'string' && typeof (v as Text).tr === 'string' && Object.keys(v).length === 2
  );
}

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/** The parameter names a message uses, sorted, once each. */
export function placeholders(s: string): string[] {
  return [...new Set([...s.matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort();
}

/** A value as text in one language: Text picks its language, lists are joined, numbers localised. */
export function valueIn(v: unknown, lang: Lang): string {
  if (v === undefined || v === null) return '';
  if (isText(v)) return v[lang];
  if (Array.isArray(v)) return v.map((x) => valueIn(x, lang)).join(', ');
  if (typeof v === 'number' && lang === 'tr' && Number.isFinite(v)) return String(v).replace('.', ',');
  return String(v);
}

/** Fills {{name}} from values; a missing value leaves nothing behind. */
export function interpolate(template: string, lang: Lang, values?: Values): string {
  return template.replace(PLACEHOLDER, (_, k: string) => valueIn(values?.[k], lang));
}

/** One message in one language, parameters filled. */
export function say(text: Text, lang: Lang, values?: Values): string {
  return interpolate(text[lang], lang, values);
}

/** Both languages filled: what the main process keeps in a job document, so either language can be shown later. */
export function render(text: Text, values?: Values): Rendered {
  return { en: say(text, 'en', values), tr: say(text, 'tr', values) };
}

/** Every leaf with its dotted key. */
export function flatten(c: Catalog, prefix = ''): Map<string, Text> {
  const out = new Map<string, Text>();
  for (const [k, v] of Object.entries(c)) {
    if (isText(v)) out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

/** The catalogue in one language, nested as it is: i18next's resource shape. */
export type In<C> = { readonly [K in keyof C]: C[K] extends Text ? string : In<C[K]> };
export function textsIn<C extends Catalog>(c: C, lang: Lang): In<C> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c)) out[k] = isText(v) ? v[lang] : textsIn(v, lang);
  return out as In<C>;
}
