// "Parts from a sentence": the prompt job. The model writes a FreeCAD script; the static policy checks
// it; a fresh sandboxed FreeCAD runs it (flow-script.ts); the worker exports the part. When the script
// is refused, raises, times out or yields an invalid shape, the model gets the coded error and the
// relevant trace and is asked again, up to maxRepairs times. Every attempt is recorded: in the job
// (result.ai on success, error.details.ai on failure — see aiResultOf) and in ai_suggestions.
//
// Cache: a model's answer is not deterministic, so the spec hash includes the model and provider
// (filled in by normalise): the same text in the same language to the same model is served from
// the cache — the part the user already got; "Retry" on a finished job asks the model anew (the
// job manager skips the cache for retries of succeeded jobs), and so does another model.
import { join } from 'node:path';
import { errorText, TezgahError, type ErrorCode } from '../../../shared/errors.js';
import { aiRecordOf, type PromptJobSpec } from '../../../shared/jobs.js';
import { AiJobResult, type AiAttempt } from '../../../shared/results/prompt.js';
import { checkScript, type PolicyFinding, type PolicyReport } from '../../../freecad-bridge/src/policy/index.js';
import type { ResourceLimits } from '../../../freecad-bridge/src/types.js';
import type { Flow, FlowResult } from '../../jobs/flow.js';
import type { AiAdapter, AiResult } from './adapter.js';
import { formatFindings, policyError, runScript, slug, type ScriptRun } from '../script/flow.js';
import { maskPii } from './pii.js';
import type { RepairTurn } from './prompt.js';
import type { NewAiSuggestion } from './store.js';

export const DEFAULT_MAX_REPAIRS = 2;

/** Failures the model can fix by writing another script; anything else ends the job at once. */
const REPAIRABLE = new Set<ErrorCode>([
  'INVALID_SYNTAX',
  'SECURITY_VIOLATION',
  'API_NOT_FOUND',
  'DIMENSION_ERROR',
  'FC_GEOM_INVALID_SHAPE',
  'FC_BOOLEAN_FAILED',
  'FC_FILLET_CHAMFER_FAILED',
  'FC_RECOMPUTE_FAILED',
  'FC_RUNTIME',
  'FC_CRASHED',
  'TIMEOUT_ERROR',
  'MEMORY_LIMIT',
  'AI_BAD_RESPONSE',
]);

/** The detail keys worth keeping per attempt (the full details stay in the job's error). */
const KEPT_DETAILS = [
  'line',
  'col',
  'symbol',
  'rule',
  'layer',
  'reason',
  'first',
  'question',
  'missing',
  'limit',
  'limit_s',
  'status',
] as const;

export type { AiAttempt, AiJobResult } from '../../../shared/results/prompt.js';

/** The AI record of a prompt job, whether it succeeded or failed; null for other jobs. */
export const aiResultOf = aiRecordOf;

export interface PromptFlowDeps {
  /** the model endpoint, built on first use from env/settings (CONFIG_INVALID when not configured) */
  adapter: () => AiAdapter;
  /** where each model request is recorded (the ai_suggestions table) */
  suggestions: { add(s: NewAiSuggestion): unknown };
  /** repair requests after the first answer (default 2) */
  maxRepairs?: number;
  limits?: Partial<ResourceLimits>;
}

const asTezgah = (e: unknown): TezgahError =>
  e instanceof TezgahError ? e : new TezgahError('INTERNAL', { reason: e instanceof Error ? e.message : String(e) }, e);

function compactError(e: TezgahError): AiAttempt['error'] {
  const details: Record<string, unknown> = {};
  for (const k of KEPT_DETAILS) if (e.details?.[k] !== undefined) details[k] = e.details[k];
  return { code: e.code, message: errorText(e.code, 'en', e.details).message, details };
}

/** What the model is told went wrong: findings, or the worker's message and the script's frames. */
export function repairTrace(e: TezgahError): string {
  const d = e.details ?? {};
  if (Array.isArray(d.findings) && d.findings.length) return formatFindings(d.findings as PolicyFinding[]);
  const lines: string[] = [];
  if (d.symbol !== undefined) lines.push(`not allowed: ${String(d.symbol)}${d.line ? ` (line ${String(d.line)})` : ''}`);
  else if (d.line !== undefined) lines.push(`line ${String(d.line)}`);
  if (typeof d.message === 'string' && d.message !== d.symbol) lines.push(d.message);
  else if (typeof d.reason === 'string') lines.push(d.reason);
  if (Array.isArray(d.script_trace) && d.script_trace.length) lines.push('script frames (innermost last):', ...d.script_trace.map(String));
  if (e.code === 'TIMEOUT_ERROR')
    lines.push(`the script ran past the ${String(d.limit ?? 'time')} limit (${String(d.limit_s ?? '?')} s): no endless loops`);
  if (e.code === 'MEMORY_LIMIT') lines.push('the script used too much memory');
  return lines.join('\n') || errorText(e.code, 'en', d).message;
}

export function promptFlow(deps: PromptFlowDeps): Flow<PromptJobSpec> {
  const maxRepairs = deps.maxRepairs ?? DEFAULT_MAX_REPAIRS;
  return {
    type: 'prompt',
    // after a crash, running it again would ask the model (and pay for it) once more: the user decides
    resumable: false,
    steps: [
      'ai_request',
      'policy_check',
      'sandbox_run',
      'export_fcstd',
      'export_step',
      'export_stl',
      'tessellate',
      'metrics',
      'write_glb',
      'store_artefacts',
    ],

    normalise(spec) {
      const adapter = deps.adapter();
      const text = spec.text.normalize('NFC').replace(/\s+/g, ' ').trim();
      return { type: 'prompt', text, lang: spec.lang ?? 'auto', model: adapter.model, provider: adapter.provider };
    },

    async run(ctx, spec): Promise<FlowResult> {
      const adapter = deps.adapter();
      const ai: AiJobResult = {
        model: adapter.model,
        provider: adapter.provider,
        language: null,
        attempts: [],
        parameters: {},
        warnings: [],
        script_hash: null,
        question: null,
      };
      const name = slug(spec.text);
      let repair: RepairTurn | undefined;
      let last: TezgahError | undefined;

      for (let n = 1; n <= 1 + maxRepairs; n++) {
        if (n > 1) {
          // the document shows the steps of the attempt under way
          ctx.onBridgeProgress({ step: 'policy_check', status: 'skipped' });
          ctx.onBridgeProgress({ step: 'sandbox_run', status: 'skipped' });
        }
        const attempt: AiAttempt = {
          n,
          outcome: 'ok',
          error: null,
          repair_of: (repair?.errorCode as ErrorCode | undefined) ?? null,
          request_id: null,
          provider_request_id: null,
          http_requests: null,
          ai_ms: null,
          policy_ms: null,
          sandbox_ms: null,
          script_hash: null,
          script: null,
          findings: [],
          parameters: {},
          warnings: [],
        };
        ai.attempts.push(attempt);
        let answer: AiResult | undefined;
        let raw: string | null = null;
        let ran: string | null = null;
        try {
          const t0 = Date.now();
          try {
            answer = await ctx.step('ai_request', () =>
              adapter.generate({ prompt: spec.text, lang: spec.lang, signal: ctx.signal, ...(repair ? { repair } : {}) }),
            );
          } finally {
            attempt.ai_ms = Date.now() - t0;
          }
          raw = answer.raw;
          Object.assign(attempt, {
            request_id: answer.request_id,
            provider_request_id: answer.provider_request_id,
            http_requests: answer.attempts,
            ai_ms: answer.duration_ms,
            parameters: answer.parameters,
            warnings: answer.warnings,
            script: maskPii(answer.script_py),
          });
          Object.assign(ai, { language: answer.language, parameters: answer.parameters, warnings: answer.warnings });

          const t1 = Date.now();
          let report: PolicyReport;
          try {
            report = await ctx.step('policy_check', async () => {
              const r = await checkScript(answer!.script_py);
              attempt.script_hash = ai.script_hash = r.script_hash;
              if (!r.ok) {
                attempt.findings = r.findings.slice(0, 10);
                throw policyError(r);
              }
              return r;
            });
          } finally {
            attempt.policy_ms = Date.now() - t1;
          }

          const t2 = Date.now();
          ran = report.canonical; // runtime errors name lines of this text
          let run: ScriptRun;
          try {
            run = await runScript(ctx, answer.script_py, {
              name,
              runDir: join(ctx.jobDir, `attempt-${n}`),
              checked: report,
              ...(deps.limits ? { limits: deps.limits } : {}),
            });
          } finally {
            attempt.sandbox_ms = Date.now() - t2;
          }
          return { outputs: run.outputs, metrics: run.metrics, warnings: run.warnings, result: { ai } };
        } catch (e) {
          const err = asTezgah(e);
          attempt.outcome = err.code;
          attempt.error = compactError(err);
          if (!answer) {
            Object.assign(attempt, {
              request_id: (err.details?.request_id as string | undefined) ?? null,
              http_requests: (err.details?.attempts as number | undefined) ?? null,
            });
            raw = typeof err.details?.raw === 'string' ? err.details.raw : null;
          }
          last = err;
          if (err.code === 'ERR-AI-425' || err.code === 'ERR-AI-422') ai.question = String(err.details?.question ?? '');
          if (!REPAIRABLE.has(err.code) || n === 1 + maxRepairs || ctx.signal.aborted) {
            // the record a failed job keeps is held to the same schema as a succeeded one's
            AiJobResult.parse(ai);
            throw new TezgahError(err.code, { ...err.details, ai }, err);
          }
          repair = { errorCode: err.code, previousScript: ran ?? answer?.script_py ?? '', trace: repairTrace(err) };
          ctx.log('info', 'asking the model to repair its script', { attempt: n, code: err.code });
        } finally {
          deps.suggestions.add({
            job_id: ctx.job.id,
            prompt_masked: answer?.prompt_masked ?? maskPii(spec.text),
            response_masked:
              raw === null && !answer
                ? null
                : {
                    raw,
                    language: answer?.language ?? null,
                    intent: answer?.intent ?? null,
                    parameters: attempt.parameters,
                    warnings: attempt.warnings,
                    repair_of: attempt.repair_of,
                  },
            model: answer?.model ?? adapter.model,
            provider: answer?.provider ?? adapter.provider,
            request_id: attempt.request_id,
            provider_request_id: attempt.provider_request_id,
            duration_ms: attempt.ai_ms,
            attempt: n,
            outcome: attempt.outcome,
            script_hash: attempt.script_hash,
          });
        }
      }
      // not reached: the last attempt returns or throws
      throw last ?? new TezgahError('INTERNAL', { reason: 'no attempt was made' });
    },
  };
}

/** Whether a code is a failure of the model's script (the repair loop hands those back to it). */
export function isScriptFailure(code: string): boolean {
  return REPAIRABLE.has(code as ErrorCode);
}
