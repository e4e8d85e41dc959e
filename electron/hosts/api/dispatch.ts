// The one server-side dispatcher. Every transport (Electron IPC, the host's WebSocket, tests) hands
// it a method name and an untrusted input; it checks the method exists, parses the input with the
// contract's zod schema and turns any failure into a coded, localized ErrorPayload.
// There is no per-method plumbing anywhere: a new method in shared/api.ts only needs a handler.
import { z } from 'zod';
import { api, type ApiHandlers, type ApiMethod, type WireRequest, type WireResponse } from '../../../shared/api/index.js';
import { TezgahError, toErrorPayload, type Lang } from '../../../shared/errors.js';

const isMethod = (m: string): m is ApiMethod => Object.hasOwn(api, m);

/** One input problem, in both languages (the CLI and the UI pick theirs). */
export interface InputIssue {
  field: string;
  message: { en: string; tr: string };
}

/**
 * Parses the input of `method`; a bad input is a VALIDATION_ERROR naming the first bad field, with
 * every issue and the first one's detail in both languages (the payload picks the language).
 */
export function parseInput<M extends ApiMethod>(method: M, rawInput: unknown): z.output<(typeof api)[M]['input']> {
  const schema = api[method].input as z.ZodType;
  const en = schema.safeParse(rawInput, { error: z.locales.en().localeError });
  if (en.success) return en.data as z.output<(typeof api)[M]['input']>;
  const tr = schema.safeParse(rawInput, { error: z.locales.tr().localeError });
  const trIssues = tr.success ? [] : tr.error.issues;
  const issues: InputIssue[] = en.error.issues.map((issue, i) => ({
    field: issue.path.map(String).join('.'),
    message: { en: issue.message, tr: trIssues[i]?.message ?? issue.message },
  }));
  const first = issues[0]!;
  throw new TezgahError('VALIDATION_ERROR', { field: first.field, detail: first.message, method, issues });
}

/**
 * Runs one call. Never throws: the result is the wire response (ok + output, or ok: false + error
 * in `lang`). `id` is echoed for transports that multiplex calls over one channel.
 */
export async function dispatch(handlers: ApiHandlers, method: string, rawInput: unknown, lang: Lang, id = 0): Promise<WireResponse> {
  try {
    if (typeof method !== 'string' || !isMethod(method)) throw new TezgahError('UNKNOWN_METHOD', { method: String(method).slice(0, 100) });
    const input = parseInput(method, rawInput ?? {});
    const handler = handlers[method] as (i: unknown) => unknown;
    const output = await handler(input);
    return { id, ok: true, output };
  } catch (err) {
    return { id, ok: false, error: toErrorPayload(err, lang) };
  }
}

/** The envelope every transport receives; anything else is refused before dispatch. */
const WireRequestSchema = z.object({
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  method: z.string().min(1).max(100),
  input: z.unknown(),
});

/** Dispatches a raw envelope (a parsed JSON message or an IPC argument). */
export async function dispatchWire(handlers: ApiHandlers, raw: unknown, lang: Lang): Promise<WireResponse> {
  const envelope = WireRequestSchema.safeParse(raw);
  if (!envelope.success) {
    const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as WireRequest).id : 0;
    const issue = envelope.error.issues[0];
    const err = new TezgahError('VALIDATION_ERROR', {
      field: issue?.path.join('.') || 'request',
      detail: issue?.message ?? 'not a request',
    });
    return { id, ok: false, error: toErrorPayload(err, lang) };
  }
  const { id, method, input } = envelope.data;
  return dispatch(handlers, method, input, lang, id);
}
