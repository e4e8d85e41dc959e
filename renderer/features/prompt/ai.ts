// The AI record of a prompt job as the Prompt page reads it: result.ai of a succeeded job,
// error.details.ai of a failed one (electron/domains/prompt/flow.ts), checked field by field. Also a
// quick guess at the prompt's language while it is typed (the job's own detection is the record).
import { z } from 'zod';
import type { JobRecord } from '../../../shared/jobs.js';
import { AiAttempt, AiJobResult, PolicyFindingRecord } from '../../../shared/results/prompt.js';
import { listOf, type ViewShape } from '../../lib/records.js';

const A = AiAttempt.shape;
const R = AiJobResult.shape;

const AttemptView = z.object({
  n: A.n.catch(0),
  // an outcome this version does not know is still shown as the code it is
  outcome: A.outcome.or(z.string()).catch(''),
  error: z
    .object({ code: z.string().catch(''), message: z.string().catch(''), details: z.record(z.string(), z.unknown()).catch({}) })
    .nullable()
    .catch(null),
  script: A.script.catch(null),
  // a runtime error's line is shown as a finding too, under its own code
  findings: listOf(PolicyFindingRecord.extend({ code: z.string() })),
  parameters: A.parameters.catch({}),
  warnings: listOf(z.string()),
} satisfies ViewShape<AiAttempt>);
export type AttemptView = z.infer<typeof AttemptView>;

const AiRecordView = z.object({
  model: R.model.catch(''),
  provider: R.provider.catch(''),
  language: R.language.catch(null),
  attempts: listOf(AttemptView),
  parameters: R.parameters.catch({}),
  warnings: listOf(z.string()),
  question: R.question.catch(null),
} satisfies ViewShape<AiJobResult>);
export type AiView = z.infer<typeof AiRecordView>;

const view = (v: unknown): AiView | null => {
  const r = AiRecordView.safeParse(v);
  return r.success ? r.data : null;
};

export function aiOf(job: Pick<JobRecord, 'document' | 'error'>): AiView | null {
  const ai = view(job.document.result?.ai) ?? view(job.error?.details?.ai);
  if (!ai) return null;
  // ERR-AI-425/422: the model's question, in the record or (older records) beside it
  const asked = job.error?.details?.question;
  return { ...ai, question: ai.question || (typeof asked === 'string' ? asked : null) };
}

/** The attempt whose script to show: the one that succeeded, else the last one that had a script. */
export function shownAttempt(ai: AiView): AttemptView | null {
  return (
    ai.attempts.find((a) => a.outcome === 'ok') ?? [...ai.attempts].reverse().find((a) => a.script !== null) ?? ai.attempts.at(-1) ?? null
  );
}

export { guessLanguage } from '../../../shared/language.js';

/** A prompt followed by the user's answer to the model's question, for the next attempt. */
export function withAnswer(text: string, answer: string): string {
  return `${text.trim()}\n${answer.trim()}`;
}
