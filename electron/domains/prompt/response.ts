// The model's answer: a JSON object (seeds §2: language, units, intent, glossary_used, parameters,
// script_py, warnings, requires_clarification) found in whatever the model actually sent
// (markdown fences, chatter around it), checked with zod, and turned into either a usable answer
// or a coded error (ERR-AI-425 ambiguous, ERR-AI-422 missing essentials, AI_BAD_RESPONSE).
// script_py is passed on untouched: judging it is the script policy's job.
import { z } from 'zod';
import { TezgahError } from '../../../shared/errors.js';

const lowerTrim = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : v);
const boolish = (v: unknown) => (v === 'true' ? true : v === 'false' ? false : v);

const Language = z.preprocess(
  (v) => {
    const s = lowerTrim(v);
    if (typeof s !== 'string') return s;
    if (s.startsWith('tr') || s.startsWith('turk') || s === 'türkçe') return 'tr';
    if (s.startsWith('en')) return 'en';
    return s;
  },
  z.enum(['tr', 'en']),
);

const Units = z.preprocess((v) => {
  const s = lowerTrim(v);
  return s === 'millimeter' || s === 'millimetre' || s === 'milimetre' || s === 'millimeters' ? 'mm' : s;
}, z.literal('mm'));

const Warning = z.union([
  z.string(),
  z.looseObject({ message: z.string() }).transform((w) => w.message),
  z.looseObject({ text: z.string() }).transform((w) => w.text),
]);

const Script = z.union([z.string(), z.array(z.string()).transform((lines) => lines.join('\n'))]);

/** The model's JSON answer as the system prompt asks for it; optional fields have defaults (minimal v1.1 schema). */
export const AiAnswerSchema = z.object({
  language: Language.optional(),
  units: Units.default('mm'),
  intent: z.string().trim().min(1).default('freecad_script'),
  glossary_used: z.preprocess(boolish, z.boolean()).default(false),
  parameters: z.record(z.string(), z.unknown()).default({}),
  script_py: Script.default(''),
  warnings: z.array(Warning).default([]),
  requires_clarification: z.preprocess(boolish, z.boolean()).default(false),
  clarification_question: z.string().trim().optional(),
  missing: z.array(z.string().trim().min(1)).default([]),
});

export type AiAnswerJson = z.infer<typeof AiAnswerSchema>;

/** A usable answer: a script to check and run, and what the model understood. */
export interface AiAnswer {
  language: 'tr' | 'en';
  units: 'mm';
  intent: string;
  glossary_used: boolean;
  parameters: Record<string, unknown>;
  script_py: string;
  warnings: string[];
}

const KNOWN_KEYS = ['script_py', 'requires_clarification'];
// Other spellings models use for the same fields.
const ALIASES: Record<string, string> = {
  question: 'clarification_question',
  clarification: 'clarification_question',
  clarifying_question: 'clarification_question',
  missing_fields: 'missing',
  missing_parameters: 'missing',
  script: 'script_py',
  python: 'script_py',
  params: 'parameters',
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function tryParse(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return isPlainObject(v) ? v : null;
  } catch {
    return null;
  }
}

const looksLikeAnswer = (o: Record<string, unknown>) =>
  Object.keys(o).some((k) => KNOWN_KEYS.includes(k) || KNOWN_KEYS.includes(ALIASES[k] ?? ''));

/** Balanced {...} spans, string-aware, in order of their opening brace (outermost first). */
function* objectSpans(text: string, maxStarts = 200): Generator<string> {
  let starts = 0;
  for (let i = text.indexOf('{'); i >= 0 && starts < maxStarts; i = text.indexOf('{', i + 1), starts++) {
    let depth = 0;
    let inString = false;
    for (let j = i; j < text.length; j++) {
      const ch = text[j];
      if (inString) {
        if (ch === '\\') j++;
        else if (ch === '"') inString = false;
      } else if (ch === '"') inString = true;
      else if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) {
        yield text.slice(i, j + 1);
        break;
      }
    }
  }
}

/**
 * Finds the answer object in a model's text: the whole text, a ```json fence, or the first
 * balanced JSON object in prose that carries script_py or requires_clarification. Null if none.
 */
export function extractAnswerObject(text: string): Record<string, unknown> | null {
  const t = text.replace(/^\uFEFF/, '').trim();
  const whole = tryParse(t);
  if (whole && looksLikeAnswer(whole)) return whole;
  for (const m of t.matchAll(/```[\w-]*[ \t]*\r?\n?([\s\S]*?)```/g)) {
    const o = tryParse(m[1]!.trim());
    if (o && looksLikeAnswer(o)) return o;
  }
  for (const span of objectSpans(t)) {
    const o = tryParse(span);
    if (o && looksLikeAnswer(o)) return o;
  }
  return null;
}

function applyAliases(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    const key = ALIASES[k] ?? k;
    if (!(key in out) || k === key) out[key] = v;
  }
  return out;
}

const DEFAULT_QUESTION = {
  tr: 'İsteği biraz daha ayrıntılandırır mısınız? Hangi ölçüleri kullanmalıyım?',
  en: 'Could you give more detail? Which dimensions should I use?',
};

/**
 * Turns the model's raw text into an AiAnswer, or throws TezgahError:
 * AI_BAD_RESPONSE (no JSON object, schema mismatch, empty script without a question),
 * ERR-AI-425 (ambiguous → details.question), ERR-AI-422 (missing essentials → details.question, details.missing).
 */
export function interpretAnswer(raw: string, lang: 'tr' | 'en'): AiAnswer {
  const obj = extractAnswerObject(raw);
  if (!obj) throw new TezgahError('AI_BAD_RESPONSE', { reason: 'no JSON answer object in the response' });
  const parsed = AiAnswerSchema.safeParse(applyAliases(obj));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new TezgahError('AI_BAD_RESPONSE', { reason: `answer does not match the schema (${issues.join('; ')})`, issues });
  }
  const a = parsed.data;
  const language = a.language ?? lang;
  const question = a.clarification_question || DEFAULT_QUESTION[language];
  if (a.requires_clarification || (a.script_py.trim() === '' && a.missing.length > 0)) {
    if (a.missing.length > 0) throw new TezgahError('ERR-AI-422', { question, missing: a.missing, lang: language });
    throw new TezgahError('ERR-AI-425', { question, lang: language });
  }
  if (a.script_py.trim() === '') throw new TezgahError('AI_BAD_RESPONSE', { reason: 'the answer has no script and asks no question' });
  return {
    language,
    units: a.units,
    intent: a.intent,
    glossary_used: a.glossary_used,
    parameters: a.parameters,
    script_py: a.script_py,
    warnings: a.warnings,
  };
}
