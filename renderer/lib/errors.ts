// Errors as the UI shows them: the coded message and hint in the current language. Whatever an
// API call rejects with (a coded payload, an Error carrying a code, or anything else) becomes one.
// Details in both languages ({ en, tr }, or an older x_tr beside x) are picked by errorText.
import { errorText, isErrorCode, type ErrorCode, type ErrorPayload, type Lang } from '../../shared/errors.js';

export interface ShownError {
  code: ErrorCode;
  message: string;
  hint: string;
  details?: Record<string, unknown>;
}

export function showError(err: unknown, lang: Lang): ShownError {
  const e = (err && typeof err === 'object' ? err : {}) as {
    code?: unknown;
    details?: Record<string, unknown>;
    error?: unknown;
    message?: unknown;
  };
  if (e.error && typeof e.error === 'object' && !isErrorCode(e.code)) return showError(e.error, lang);
  if (isErrorCode(e.code)) {
    const { message, hint } = errorText(e.code, lang, e.details);
    return { code: e.code, message, hint, ...(e.details ? { details: e.details } : {}) };
  }
  const reason = err instanceof Error ? err.message : typeof e.message === 'string' ? e.message : String(err);
  const { message, hint } = errorText('INTERNAL', lang, { reason });
  return { code: 'INTERNAL', message, hint, details: { reason } };
}

/** A job's error as shown; none for CANCELLED, which is a state the badge already says, not a failure. */
export function jobErrorShown(p: ErrorPayload | null | undefined, lang: Lang): ShownError | null {
  return p && p.code !== 'CANCELLED' ? showError(p, lang) : null;
}
