// The AI record of a prompt job as the Prompt page reads it: result.ai of a succeeded job,
// error.details.ai of a failed one (electron/domains/prompt/flow.ts), checked field by field. Also a
// quick guess at the prompt's language while it is typed (the job's own detection is the record).
import type { JobRecord } from '../../../shared/jobs.js';

export interface PolicyFindingView {
  code: string;
  rule: string;
  line: number;
  col: number;
  symbol: string;
  message_en: string;
  message_tr: string;
}

export interface AttemptView {
  n: number;
  outcome: string;
  error: { code: string; message: string; details: Record<string, unknown> } | null;
  script: string | null;
  findings: PolicyFindingView[];
  parameters: Record<string, unknown>;
  warnings: string[];
}

export interface AiView {
  model: string;
  provider: string;
  language: 'tr' | 'en' | null;
  attempts: AttemptView[];
  parameters: Record<string, unknown>;
  warnings: string[];
  question: string | null;
}

const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function aiOf(job: Pick<JobRecord, 'document' | 'error'>): AiView | null {
  const ai = obj(job.document.result?.ai) ?? obj(job.error?.details?.ai);
  if (!ai) return null;
  const attempts: AttemptView[] = (Array.isArray(ai.attempts) ? ai.attempts : []).flatMap((a) => {
    const o = obj(a);
    if (!o) return [];
    const err = obj(o.error);
    return [
      {
        n: typeof o.n === 'number' ? o.n : 0,
        outcome: typeof o.outcome === 'string' ? o.outcome : '',
        error: err ? { code: String(err.code ?? ''), message: String(err.message ?? ''), details: obj(err.details) ?? {} } : null,
        script: typeof o.script === 'string' ? o.script : null,
        findings: (Array.isArray(o.findings) ? o.findings : []).filter((f): f is PolicyFindingView => !!obj(f) && typeof (f as PolicyFindingView).line === 'number'),
        parameters: obj(o.parameters) ?? {},
        warnings: strs(o.warnings),
      },
    ];
  });
  const question = typeof ai.question === 'string' && ai.question ? ai.question : typeof job.error?.details?.question === 'string' ? job.error.details.question : null;
  return {
    model: String(ai.model ?? ''),
    provider: String(ai.provider ?? ''),
    language: ai.language === 'tr' || ai.language === 'en' ? ai.language : null,
    attempts,
    parameters: obj(ai.parameters) ?? {},
    warnings: strs(ai.warnings),
    question,
  };
}

/** The attempt whose script to show: the one that succeeded, else the last one that had a script. */
export function shownAttempt(ai: AiView): AttemptView | null {
  return ai.attempts.find((a) => a.outcome === 'ok') ?? [...ai.attempts].reverse().find((a) => a.script !== null) ?? ai.attempts.at(-1) ?? null;
}

export { guessLanguage } from '../../../shared/language.js';

/** A prompt followed by the user's answer to the model's question, for the next attempt. */
export function withAnswer(text: string, answer: string): string {
  return `${text.trim()}\n${answer.trim()}`;
}
