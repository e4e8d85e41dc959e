// One taxonomy of error codes for the whole app (../shared/guide/errors.md).
// Codes never change meaning once shipped; add new ones in shared/i18n/errors.ts, with both
// languages and a hint (a code without either is a compile error).
import { ERRORS, SETTING_NAMES, type ErrorTexts } from './i18n/errors.js';
import { interpolate, isText, valueIn, type Lang, type Text } from './i18n/text.js';

export type { Lang } from './i18n/text.js';

/** Where a message is read: the app (names Settings fields and controls) or the command line (flags, variables). */
export type Surface = 'ui' | 'cli';

interface ErrorText {
  message: string;
  hint: string;
}

/** Warnings are reported beside a result; every other code fails the operation. */
const WARNINGS = new Set<keyof typeof ERRORS>([
  'MESH_NOT_CLOSED',
  'MESH_NON_MANIFOLD',
  'NOT_A_SOLID',
  'UNITS_ASSUMED',
  'UNITS_SUSPECT',
  'CAM_FEATURE_SKIPPED',
  'DRAWING_VIEW_OMITTED',
  'GCODE_NOT_SIMULATED',
  'SYNC_CONFLICT',
  'FEM_OUTPUT_SKIPPED',
]);

function hintOf(e: ErrorTexts, surface: Surface): Text {
  return isText(e.hint) ? e.hint : e.hint[surface];
}

/** The catalogue by code and language (the app's hints), as older callers read it. */
export const ERROR_CATALOG = Object.fromEntries(
  Object.entries(ERRORS as Record<string, ErrorTexts>).map(([code, e]) => [
    code,
    {
      en: { message: e.message.en, hint: hintOf(e, 'ui').en },
      tr: { message: e.message.tr, hint: hintOf(e, 'ui').tr },
      ...(WARNINGS.has(code as keyof typeof ERRORS) ? { severity: 'warning' as const } : {}),
    },
  ]),
) as { readonly [K in keyof typeof ERRORS]: { en: ErrorText; tr: ErrorText; severity?: 'error' | 'warning' } };

export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  hint: string;
  details?: Record<string, unknown>;
}

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERRORS, code);
}

/**
 * A detail as this language reads it: a `{ en, tr }` value picks its language; an older `x_tr`
 * beside `x` (stored job documents) is taken for Turkish; on the app, a setting is named by its field.
 */
function detailsIn(details: Record<string, unknown> | undefined, lang: Lang, surface: Surface): Record<string, unknown> | undefined {
  if (!details) return details;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(details)) {
    const tr = details[`${k}_tr`];
    out[k] = lang === 'tr' && typeof tr === 'string' ? tr : valueIn(v, lang);
  }
  const setting = details.setting;
  if (surface === 'ui' && typeof setting === 'string' && Object.hasOwn(SETTING_NAMES, setting))
    out.setting = SETTING_NAMES[setting as keyof typeof SETTING_NAMES][lang];
  return out;
}

/** Fills {{name}} placeholders from details; unknown placeholders collapse to nothing. */
function fill(template: string, lang: Lang, details: Record<string, unknown> | undefined): string {
  return interpolate(template, lang, details)
    .replace(/\s{2,}/g, ' ')
    .replace(/:\s*$/, '')
    .trim();
}

/** The message and hint of a code in one language, for one surface (the app unless told). */
export function errorText(code: ErrorCode, lang: Lang, details?: Record<string, unknown>, surface: Surface = 'ui'): ErrorText {
  const entry: ErrorTexts = ERRORS[code];
  const d = detailsIn(details, lang, surface);
  return { message: fill(entry.message[lang], lang, d), hint: fill(hintOf(entry, surface)[lang], lang, d) };
}

export function errorSeverity(code: ErrorCode): 'error' | 'warning' {
  return WARNINGS.has(code) ? 'warning' : 'error';
}

/** The one error type thrown inside Tezgah; converted to an ErrorPayload at every boundary. */
export class TezgahError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  constructor(code: ErrorCode, details?: Record<string, unknown>, cause?: unknown) {
    super(`${code}: ${errorText(code, 'en', details).message}${details?.reason ? ` (${String(details.reason)})` : ''}`, { cause });
    this.name = 'TezgahError';
    this.code = code;
    if (details) this.details = details;
  }
  toPayload(lang: Lang = 'en', surface: Surface = 'ui'): ErrorPayload {
    return toErrorPayload(this, lang, surface);
  }
}

export function toErrorPayload(err: unknown, lang: Lang = 'en', surface: Surface = 'ui'): ErrorPayload {
  if (err instanceof TezgahError) {
    const { message, hint } = errorText(err.code, lang, err.details, surface);
    return { code: err.code, message, hint, ...(err.details ? { details: err.details } : {}) };
  }
  if (err && typeof err === 'object' && 'code' in err && isErrorCode((err as { code: unknown }).code)) {
    const e = err as { code: ErrorCode; details?: Record<string, unknown> };
    const { message, hint } = errorText(e.code, lang, e.details, surface);
    return { code: e.code, message, hint, ...(e.details ? { details: e.details } : {}) };
  }
  const code: ErrorCode = isStorageFull(err) ? 'STORAGE_FULL' : isStorageIo(err) ? 'STORAGE_IO' : 'INTERNAL';
  const reason = err instanceof Error ? err.message : String(err);
  const details = { reason, path: (err as { path?: string })?.path };
  const { message, hint } = errorText(code, lang, details, surface);
  return { code, message, hint, details: { reason } };
}

/** Re-translates a stored payload into another language (and surface: the CLI prints with 'cli'). */
export function localizePayload(p: ErrorPayload, lang: Lang, surface: Surface = 'ui'): ErrorPayload {
  if (!isErrorCode(p.code)) return p;
  const { message, hint } = errorText(p.code, lang, p.details, surface);
  return { ...p, message, hint };
}

function isStorageFull(err: unknown): boolean {
  const c = (err as { code?: string })?.code;
  return c === 'ENOSPC' || c === 'EDQUOT';
}
function isStorageIo(err: unknown): boolean {
  const c = (err as { code?: string })?.code;
  return c === 'EACCES' || c === 'EROFS' || c === 'EPERM' || c === 'EIO' || c === 'ENOTDIR';
}
