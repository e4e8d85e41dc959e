// The AI model adapter: one OpenAI-compatible chat.completions endpoint (OpenAI, Azure OpenAI by
// base URL, Ollama, llama.cpp, vLLM …) behind our own retries, circuit breaker and rate limit,
// answering with a checked AiAnswer or a coded TezgahError. The prompt is PII-masked before it
// leaves the machine; logs carry codes, ids and masked text, never the key.
import { randomUUID } from 'node:crypto';
import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { TezgahError } from '../../../shared/errors.js';
import { CONFIG_TEXT } from '../../../shared/i18n/errors.js';
import { render } from '../../../shared/i18n/text.js';
import { maskPii } from './pii.js';
import { buildMessages, detectLanguage, glossaryHits, type PromptLang, type RepairTurn } from './prompt.js';
import { CircuitBreaker, TokenBucket, backoffDelay, sleep, systemClock, type BackoffOptions, type Clock } from './resilience.js';
import { interpretAnswer, type AiAnswer } from './response.js';

export interface AiAdapterConfig {
  /** OpenAI-compatible base URL, e.g. https://api.openai.com/v1, http://127.0.0.1:11434/v1 */
  baseURL: string;
  model: string;
  apiKey?: string;
  /** 'openai' | 'azure' | 'ollama' | 'openai-compatible' …; inferred from baseURL when absent */
  provider?: string;
  /** per HTTP request (default 20000) */
  timeoutMs?: number;
  /** default 2000 */
  maxOutputTokens?: number;
  /** retries after the first attempt, on timeouts / 429 / 5xx only (default 3) */
  retries?: number;
  /** token-bucket limit for this provider (default 30) */
  requestsPerMinute?: number;
  /** consecutive failed requests that open the breaker (default 5), and how long it stays open (default 30000 ms) */
  breaker?: { failures?: number; cooldownMs?: number };
  /** backoff between retries (default base 500 ms, max 8000 ms) */
  backoff?: Partial<BackoffOptions>;
  /** a 429 asking to wait longer than this is not retried (default 30000 ms) */
  maxRetryAfterMs?: number;
  /** default 0; null leaves it to the server (some reasoning models accept no temperature) */
  temperature?: number | null;
  /** ask for response_format json_object (default true) */
  jsonMode?: boolean;
  /** default: max_completion_tokens for OpenAI/Azure, max_tokens elsewhere */
  tokenParam?: 'max_tokens' | 'max_completion_tokens';
  /** Azure api-version query parameter, for deployments that need one */
  apiVersion?: string;
  clock?: Clock;
  random?: () => number;
  log?: (entry: AiLogEntry) => void;
}

export interface AiLogEntry {
  event: 'ai.request' | 'ai.response' | 'ai.retry' | 'ai.error' | 'ai.refused';
  request_id: string;
  provider: string;
  model: string;
  attempt?: number;
  status?: number;
  code?: string;
  reason?: string;
  delay_ms?: number;
  duration_ms?: number;
  /** PII-masked prompt, shortened */
  prompt?: string;
}

export interface AiRequest {
  prompt: string;
  lang: 'tr' | 'en' | 'auto';
  /** ask the model to fix its previous script after a policy refusal or a FreeCAD error */
  repair?: RepairTurn;
  signal?: AbortSignal;
}

export type AiResult = AiAnswer & {
  /** HTTP requests made for this answer (1 + retries used) */
  attempts: number;
  /** our id for this call, sent as X-Client-Request-Id */
  request_id: string;
  /** the provider's own request id, when it sends one */
  provider_request_id: string | null;
  duration_ms: number;
  /** the model's text, PII-masked: what may be stored for audit */
  raw: string;
  /** the prompt as sent to the model (PII-masked) */
  prompt_masked: string;
  provider: string;
  model: string;
};

const DEFAULTS = {
  timeoutMs: 20_000,
  maxOutputTokens: 2000,
  retries: 3,
  requestsPerMinute: 30,
  breakerFailures: 5,
  breakerCooldownMs: 30_000,
  backoff: { baseMs: 500, maxMs: 8000 },
  maxRetryAfterMs: 30_000,
};

/** Guesses the provider from the endpoint (only used for defaults and logs). */
export function inferProvider(baseURL: string): string {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return 'openai-compatible';
  }
  const host = url.hostname;
  if (host === 'api.openai.com') return 'openai';
  if (/\.(openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com)$/.test(host)) return 'azure';
  if (url.port === '11434') return 'ollama';
  return 'openai-compatible';
}

function intEnv(env: NodeJS.ProcessEnv, name: string, min: number): number | undefined {
  const v = env[name];
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min)
    throw new TezgahError('CONFIG_INVALID', { setting: name, detail: `expected an integer ≥ ${min}, got "${v}"` });
  return n;
}

/**
 * Adapter settings from the environment (CLI, browser host): TEZGAH_AI_BASE_URL, TEZGAH_AI_MODEL,
 * TEZGAH_AI_API_KEY, and optionally TEZGAH_AI_PROVIDER, TEZGAH_AI_TIMEOUT_MS, TEZGAH_AI_MAX_TOKENS,
 * TEZGAH_AI_RETRIES, TEZGAH_AI_RPM, TEZGAH_AI_JSON_MODE (0/1), TEZGAH_AI_API_VERSION.
 */
export function aiConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AiAdapterConfig {
  const baseURL = env.TEZGAH_AI_BASE_URL?.trim();
  const model = env.TEZGAH_AI_MODEL?.trim();
  if (!baseURL)
    throw new TezgahError('CONFIG_INVALID', {
      setting: 'TEZGAH_AI_BASE_URL',
      detail: render(CONFIG_TEXT.endpointNotSet, { example: 'http://127.0.0.1:11434/v1' }),
    });
  try {
    const u = new URL(baseURL);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new TezgahError('CONFIG_INVALID', { setting: 'TEZGAH_AI_BASE_URL', detail: render(CONFIG_TEXT.notHttpUrl, { value: baseURL }) });
  }
  if (!model) throw new TezgahError('CONFIG_INVALID', { setting: 'TEZGAH_AI_MODEL', detail: CONFIG_TEXT.notSet });
  const cfg: AiAdapterConfig = { baseURL, model };
  const key = env.TEZGAH_AI_API_KEY?.trim();
  if (key) cfg.apiKey = key;
  const provider = env.TEZGAH_AI_PROVIDER?.trim();
  if (provider) cfg.provider = provider;
  const timeoutMs = intEnv(env, 'TEZGAH_AI_TIMEOUT_MS', 1);
  if (timeoutMs !== undefined) cfg.timeoutMs = timeoutMs;
  const maxTokens = intEnv(env, 'TEZGAH_AI_MAX_TOKENS', 1);
  if (maxTokens !== undefined) cfg.maxOutputTokens = maxTokens;
  const retries = intEnv(env, 'TEZGAH_AI_RETRIES', 0);
  if (retries !== undefined) cfg.retries = retries;
  const rpm = intEnv(env, 'TEZGAH_AI_RPM', 1);
  if (rpm !== undefined) cfg.requestsPerMinute = rpm;
  const jsonMode = env.TEZGAH_AI_JSON_MODE?.trim();
  if (jsonMode) cfg.jsonMode = !/^(0|false|no|off)$/i.test(jsonMode);
  const apiVersion = env.TEZGAH_AI_API_VERSION?.trim();
  if (apiVersion) cfg.apiVersion = apiVersion;
  return cfg;
}

type Failure =
  | { kind: 'aborted' }
  | { kind: 'timeout' | 'connection'; message: string }
  | { kind: 'rate'; status: 429; retryAfterMs: number | null; message: string }
  | { kind: 'server' | 'client'; status: number; message: string };

function retryAfterMs(headers: Headers | undefined, now: number): number | null {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const ra = headers?.get('retry-after');
  if (!ra) return null;
  if (/^\d+(\.\d+)?$/.test(ra.trim())) return Math.max(0, Number(ra) * 1000);
  const date = Date.parse(ra);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

export class AiAdapter {
  readonly provider: string;
  readonly model: string;
  private readonly client: OpenAI;
  private readonly timeoutMs: number;
  private readonly maxOutputTokens: number;
  private readonly retries: number;
  private readonly backoff: BackoffOptions;
  private readonly maxRetryAfterMs: number;
  private readonly temperature: number | null;
  private readonly jsonMode: boolean;
  private readonly tokenParam: 'max_tokens' | 'max_completion_tokens';
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly limiter: TokenBucket;
  private readonly breaker: CircuitBreaker;
  private readonly log: (entry: AiLogEntry) => void;
  private readonly secret: string | undefined;

  constructor(cfg: AiAdapterConfig) {
    if (!cfg.baseURL) throw new TezgahError('CONFIG_INVALID', { setting: 'baseURL', detail: 'missing' });
    if (!cfg.model) throw new TezgahError('CONFIG_INVALID', { setting: 'model', detail: 'missing' });
    this.provider = cfg.provider ?? inferProvider(cfg.baseURL);
    this.model = cfg.model;
    this.timeoutMs = cfg.timeoutMs ?? DEFAULTS.timeoutMs;
    this.maxOutputTokens = cfg.maxOutputTokens ?? DEFAULTS.maxOutputTokens;
    this.retries = Math.max(0, Math.floor(cfg.retries ?? DEFAULTS.retries));
    this.backoff = { ...DEFAULTS.backoff, ...cfg.backoff };
    this.maxRetryAfterMs = cfg.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs;
    this.temperature = cfg.temperature === undefined ? 0 : cfg.temperature;
    this.jsonMode = cfg.jsonMode ?? true;
    this.tokenParam = cfg.tokenParam ?? (this.provider === 'openai' || this.provider === 'azure' ? 'max_completion_tokens' : 'max_tokens');
    this.clock = cfg.clock ?? systemClock;
    this.random = cfg.random ?? Math.random;
    this.limiter = new TokenBucket(cfg.requestsPerMinute ?? DEFAULTS.requestsPerMinute, this.clock);
    this.breaker = new CircuitBreaker(
      { failures: cfg.breaker?.failures ?? DEFAULTS.breakerFailures, cooldownMs: cfg.breaker?.cooldownMs ?? DEFAULTS.breakerCooldownMs },
      this.clock,
    );
    this.log = cfg.log ?? (() => {});
    this.secret = cfg.apiKey || undefined;
    this.client = new OpenAI({
      baseURL: cfg.baseURL,
      // local servers need no key, but the client insists on one (and must not read OPENAI_API_KEY)
      apiKey: cfg.apiKey || 'no-key',
      maxRetries: 0, // retries are ours: counted, logged, limited and tested
      timeout: this.timeoutMs,
      ...(this.provider === 'azure' && cfg.apiKey ? { defaultHeaders: { 'api-key': cfg.apiKey } } : {}),
      ...(cfg.apiVersion ? { defaultQuery: { 'api-version': cfg.apiVersion } } : {}),
    });
  }

  /** Circuit breaker state, for the UI and `tezgah doctor`. */
  get breakerState() {
    return this.breaker.state;
  }

  /** Provider and model, never the key. */
  describe(): { provider: string; model: string; baseURL: string } {
    return { provider: this.provider, model: this.model, baseURL: this.client.baseURL };
  }

  /** Asks the model for a FreeCAD script; throws TezgahError with an AI_* / ERR-AI-* code. */
  async generate(req: AiRequest): Promise<AiResult> {
    const started = this.clock.now();
    const request_id = randomUUID();
    const lang: PromptLang = req.lang === 'auto' ? detectLanguage(req.prompt) : req.lang;
    const prompt_masked = maskPii(req.prompt);
    const repair = req.repair
      ? { previousScript: req.repair.previousScript, errorCode: req.repair.errorCode, trace: maskPii(req.repair.trace) }
      : undefined;
    const messages = buildMessages({ prompt: prompt_masked, lang, ...(repair ? { repair } : {}) });
    const body: ChatCompletionCreateParamsNonStreaming = {
      model: this.model,
      messages,
      [this.tokenParam]: this.maxOutputTokens,
      ...(this.temperature === null ? {} : { temperature: this.temperature }),
      ...(this.jsonMode ? { response_format: { type: 'json_object' as const } } : {}),
    };
    const base = { request_id, provider: this.provider, model: this.model };
    const fail = (code: 'AI_PROVIDER_UNAVAILABLE' | 'AI_RATE_LIMITED', attempts: number, details: Record<string, unknown>): TezgahError => {
      this.log({ event: 'ai.error', ...base, attempt: attempts, code, reason: String(details.reason ?? '') });
      return new TezgahError(code, { ...details, request_id, attempts, provider: this.provider });
    };
    this.log({ event: 'ai.request', ...base, prompt: prompt_masked.slice(0, 500) });

    let attempts = 0;
    for (;;) {
      const gate = this.breaker.admit();
      if (!gate.ok) {
        throw fail('AI_PROVIDER_UNAVAILABLE', attempts, {
          reason: 'circuit breaker open after repeated failures',
          retry_after_s: Math.max(1, Math.ceil(gate.retryAfterMs / 1000)),
        });
      }
      const token = this.limiter.take();
      if (!token.ok) {
        this.breaker.release();
        throw fail('AI_RATE_LIMITED', attempts, {
          reason: 'local request limit reached',
          retry_after_s: Math.max(1, Math.ceil(token.retryAfterMs / 1000)),
        });
      }
      attempts++;
      const t0 = this.clock.now();
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      let providerRequestId: string | null;
      try {
        const { data, request_id: rid } = await this.client.chat.completions
          .create(body, { signal: req.signal ?? null, headers: { 'X-Client-Request-Id': request_id } })
          .withResponse();
        completion = data;
        providerRequestId = rid;
      } catch (err) {
        const f = this.classify(err);
        if (f.kind === 'aborted') {
          this.breaker.release();
          throw new TezgahError('CANCELLED', { request_id, attempts });
        }
        if (f.kind === 'timeout' || f.kind === 'connection' || f.kind === 'server') this.breaker.failure();
        else this.breaker.release();
        const status = 'status' in f ? f.status : undefined;
        const retriable = f.kind === 'timeout' || f.kind === 'rate' || f.kind === 'server';
        const wait = f.kind === 'rate' && f.retryAfterMs !== null ? f.retryAfterMs : backoffDelay(attempts, this.backoff, this.random);
        const reason = f.kind === 'timeout' ? `no answer within ${this.timeoutMs} ms` : this.redact(f.message);
        if (f.kind === 'rate' && f.retryAfterMs !== null && f.retryAfterMs > this.maxRetryAfterMs) {
          throw fail('AI_RATE_LIMITED', attempts, {
            reason: `provider asks to wait ${Math.ceil(f.retryAfterMs / 1000)} s`,
            retry_after_s: Math.ceil(f.retryAfterMs / 1000),
            status,
          });
        }
        if (retriable && attempts <= this.retries && this.breaker.state === 'closed') {
          this.log({ event: 'ai.retry', ...base, attempt: attempts, ...(status ? { status } : {}), reason, delay_ms: wait });
          try {
            await sleep(wait, req.signal);
          } catch {
            throw new TezgahError('CANCELLED', { request_id, attempts });
          }
          continue;
        }
        if (f.kind === 'rate') {
          throw fail('AI_RATE_LIMITED', attempts, { reason, status, retry_after_s: Math.max(1, Math.ceil(wait / 1000)) });
        }
        throw fail('AI_PROVIDER_UNAVAILABLE', attempts, {
          reason: f.kind === 'timeout' ? reason : status ? `HTTP ${status}: ${reason}` : reason,
          ...(status ? { status } : {}),
          ...(this.breaker.state !== 'closed' ? { breaker: 'open' } : {}),
        });
      }
      this.breaker.success();
      return this.finish(completion, { request_id, providerRequestId, attempts, started, t0, lang, prompt_masked, base });
    }
  }

  private finish(
    completion: OpenAI.Chat.Completions.ChatCompletion,
    ctx: {
      request_id: string;
      providerRequestId: string | null;
      attempts: number;
      started: number;
      t0: number;
      lang: PromptLang;
      prompt_masked: string;
      base: { request_id: string; provider: string; model: string };
    },
  ): AiResult {
    const choice = completion.choices?.[0];
    const content = choice?.message?.content ?? '';
    const raw = maskPii(content);
    const duration_ms = this.clock.now() - ctx.started;
    this.log({ event: 'ai.response', ...ctx.base, attempt: ctx.attempts, duration_ms });
    let answer: AiAnswer;
    try {
      if (!content.trim()) {
        const refusal = choice?.message?.refusal;
        throw new TezgahError('AI_BAD_RESPONSE', {
          reason: refusal ? `the model refused: ${maskPii(refusal).slice(0, 200)}` : 'empty answer',
        });
      }
      answer = interpretAnswer(content, ctx.lang);
    } catch (err) {
      if (!(err instanceof TezgahError)) throw err;
      const truncated = choice?.finish_reason === 'length' && err.code === 'AI_BAD_RESPONSE';
      const details = {
        ...err.details,
        ...(truncated ? { reason: `answer cut off at ${this.maxOutputTokens} tokens` } : {}),
        request_id: ctx.request_id,
        attempts: ctx.attempts,
        raw,
      };
      this.log({ event: 'ai.refused', ...ctx.base, attempt: ctx.attempts, code: err.code, reason: String(details.reason ?? '') });
      throw new TezgahError(err.code, details, err);
    }
    return {
      ...answer,
      glossary_used: answer.glossary_used || glossaryHits(ctx.prompt_masked).length > 0,
      attempts: ctx.attempts,
      request_id: ctx.request_id,
      provider_request_id: ctx.providerRequestId,
      duration_ms,
      raw,
      prompt_masked: ctx.prompt_masked,
      provider: this.provider,
      model: this.model,
    };
  }

  private classify(err: unknown): Failure {
    if (err instanceof OpenAI.APIUserAbortError) return { kind: 'aborted' };
    if (err instanceof OpenAI.APIConnectionTimeoutError) return { kind: 'timeout', message: 'timeout' };
    if (err instanceof OpenAI.APIConnectionError) return { kind: 'connection', message: err.message };
    if (err instanceof OpenAI.APIError && typeof err.status === 'number') {
      const message = err.message || `HTTP ${err.status}`;
      if (err.status === 429) return { kind: 'rate', status: 429, retryAfterMs: retryAfterMs(err.headers, Date.now()), message };
      if (err.status >= 500) return { kind: 'server', status: err.status, message };
      return { kind: 'client', status: err.status, message };
    }
    return { kind: 'connection', message: err instanceof Error ? err.message : String(err) };
  }

  /** Provider messages may echo the key (even partly); they are masked before they go anywhere. */
  private redact(text: string): string {
    let s = text.slice(0, 300);
    if (this.secret) s = s.split(this.secret).join('[KEY]');
    return maskPii(s.replace(/\b(sk|sess|key)-[A-Za-z0-9_*-]{6,}/g, '[KEY]'));
  }
}
