// What a prompt job keeps (electron/domains/prompt/flow.ts): every attempt the model made — its
// script, the policy's findings, how it ended — in job.document.result.ai of a succeeded job and in
// job.error.details.ai of a failed one. Read by the Prompt page, the CLI and bench/eval-ai.ts.
import { z } from 'zod';
import { ERROR_CODES } from '../errors.js';

const ErrorCode = z.enum(ERROR_CODES);

/** A static-policy finding (freecad-bridge/src/policy/types.ts). */
export const PolicyFindingRecord = z.strictObject({
  code: z.enum(['INVALID_SYNTAX', 'SECURITY_VIOLATION', 'API_NOT_FOUND', 'DIMENSION_ERROR']),
  rule: z.string(),
  line: z.number(),
  col: z.number(),
  symbol: z.string(),
  message: z.strictObject({ en: z.string(), tr: z.string() }),
});
export type PolicyFindingRecord = z.infer<typeof PolicyFindingRecord>;

/** A finding's message in one language; records written before 0.1 kept message_en / message_tr. */
export function findingMessage(
  f: { message?: { en: string; tr: string }; message_en?: string; message_tr?: string },
  lang: 'en' | 'tr',
): string {
  return f.message?.[lang] ?? (lang === 'tr' ? f.message_tr : f.message_en) ?? '';
}

export const AiAttempt = z.strictObject({
  n: z.number(),
  /** 'ok' or the code this attempt ended with */
  outcome: z.union([z.literal('ok'), ErrorCode]),
  /** the code, English message and the detail keys worth keeping */
  error: z.strictObject({ code: ErrorCode, message: z.string(), details: z.record(z.string(), z.unknown()) }).nullable(),
  /** the code this attempt was asked to repair (null for the first) */
  repair_of: ErrorCode.nullable(),
  request_id: z.string().nullable(),
  provider_request_id: z.string().nullable(),
  /** HTTP requests the adapter made for this answer (retries on 429/5xx included) */
  http_requests: z.number().nullable(),
  ai_ms: z.number().nullable(),
  policy_ms: z.number().nullable(),
  sandbox_ms: z.number().nullable(),
  script_hash: z.string().nullable(),
  /** the model's script (PII-masked), so a failed attempt can be shown and read */
  script: z.string().nullable(),
  findings: z.array(PolicyFindingRecord),
  parameters: z.record(z.string(), z.unknown()),
  warnings: z.array(z.string()),
});
export type AiAttempt = z.infer<typeof AiAttempt>;

/** The AI record of a prompt job: result.ai when it succeeded, error.details.ai when it failed. */
export const AiJobResult = z.strictObject({
  model: z.string(),
  provider: z.string(),
  language: z.enum(['tr', 'en']).nullable(),
  attempts: z.array(AiAttempt),
  /** of the answer that was built (or the last answer) */
  parameters: z.record(z.string(), z.unknown()),
  warnings: z.array(z.string()),
  script_hash: z.string().nullable(),
  /** ERR-AI-425/422: what the model asks the user */
  question: z.string().nullable(),
});
export type AiJobResult = z.infer<typeof AiJobResult>;

/** job.document.result of a prompt job. */
export const PromptJobResult = z.strictObject({ ai: AiJobResult });
export type PromptJobResult = z.infer<typeof PromptJobResult>;
