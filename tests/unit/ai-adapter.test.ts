// The AI adapter against a real local OpenAI-compatible HTTP server, through the real `openai`
// client: parsing, retries, breaker, rate limit, clarification codes, masking, no key in logs.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AiAdapter, aiConfigFromEnv, type AiAdapterConfig, type AiLogEntry } from '../../electron/domains/prompt/adapter.js';
import { TezgahError } from '../../shared/errors.js';
import { checkScript } from '../../freecad-bridge/src/policy/index.js';
import { FakeOpenAI } from '../support/fake-openai.js';

const KEY = 'sk-test-SECRET-0123456789abcdef';
const fake = new FakeOpenAI();
let logs: AiLogEntry[] = [];

beforeAll(async () => {
  await fake.start();
});
afterAll(async () => {
  await fake.stop();
});
beforeEach(() => {
  fake.reset();
  logs = [];
});

const FLANGE = 'import FreeCAD as App\nimport Part\nbody = Part.makeCylinder(10.0, 5.0)\nresult = body.cut(Part.makeCylinder(4.25, 5.0))\n';

function answer(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    language: 'tr',
    units: 'mm',
    intent: 'freecad_script',
    glossary_used: true,
    parameters: { outer_diameter: 20, hole_diameter: 8.5 },
    script_py: FLANGE,
    warnings: ['Kalınlık 5 mm varsayıldı.'],
    requires_clarification: false,
    ...extra,
  });
}

function adapter(over: Partial<AiAdapterConfig> = {}): AiAdapter {
  return new AiAdapter({
    baseURL: fake.baseURL,
    model: 'test-model',
    apiKey: KEY,
    timeoutMs: 2000,
    retries: 3,
    backoff: { baseMs: 5, maxMs: 20 },
    breaker: { failures: 100, cooldownMs: 60_000 },
    log: (e) => logs.push(e),
    ...over,
  });
}

async function failure(p: Promise<unknown>): Promise<TezgahError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(TezgahError);
    return err as TezgahError;
  }
  throw new Error('expected the call to fail');
}

function lastUserMessage(): string {
  const body = fake.requests.at(-1)!.body as { messages: { role: string; content: string }[] };
  return body.messages.filter((m) => m.role === 'user').at(-1)!.content;
}

describe('AiAdapter answers', () => {
  it('returns a checked answer from clean JSON and sends a complete chat.completions request', async () => {
    fake.enqueue({ content: answer() });
    const r = await adapter().generate({ prompt: 'M8 vida deliği olan 20mm flanş', lang: 'auto' });
    expect(r.script_py).toBe(FLANGE);
    expect(r).toMatchObject({
      language: 'tr',
      units: 'mm',
      intent: 'freecad_script',
      attempts: 1,
      provider: 'openai-compatible',
      model: 'test-model',
    });
    expect(r.parameters).toEqual({ outer_diameter: 20, hole_diameter: 8.5 });
    expect(r.warnings).toEqual(['Kalınlık 5 mm varsayıldı.']);
    expect(r.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.provider_request_id).toBe('req_fake_1');
    expect(r.duration_ms).toBeGreaterThanOrEqual(0);

    expect(fake.count).toBe(1);
    const seen = fake.requests[0]!;
    expect(seen.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(seen.headers['x-client-request-id']).toBe(r.request_id);
    const body = seen.body as Record<string, unknown> & { messages: { role: string; content: string }[] };
    expect(body).toMatchObject({ model: 'test-model', max_tokens: 2000, temperature: 0, response_format: { type: 'json_object' } });
    expect(body.messages[0]).toMatchObject({ role: 'system' });
    expect(body.messages[0]!.content).toContain('FreeCAD 1.1');
    expect(body.messages[0]!.content).toContain('vida→screw');
    const user = lastUserMessage();
    expect(user).toContain('İstek: M8 vida deliği olan 20mm flanş');
    expect(user).toContain('vida→screw');
    expect(user).toContain('flanş→flange');
  });

  it('reads JSON inside a markdown fence', async () => {
    fake.enqueue({ content: '```json\n' + answer() + '\n```' });
    const r = await adapter().generate({ prompt: '20 mm flanş', lang: 'tr' });
    expect(r.script_py).toBe(FLANGE);
  });

  it('reads JSON with chatter before and after it', async () => {
    fake.enqueue({
      content: `Tabii! İşte istediğiniz flanş için betik:\n${answer({ language: 'Turkish' })}\nBaşka bir şey ister misiniz? {not json}`,
    });
    const r = await adapter().generate({ prompt: '20 mm flanş', lang: 'tr' });
    expect(r.script_py).toBe(FLANGE);
    expect(r.language).toBe('tr');
  });

  it('refuses broken JSON with AI_BAD_RESPONSE and does not retry it', async () => {
    fake.enqueue({ content: '{"language": "tr", "script_py": "import Part\\nresult = Part.makeBox(1,2,3)", "warnings": [' });
    const err = await failure(adapter().generate({ prompt: 'kutu', lang: 'tr' }));
    expect(err.code).toBe('AI_BAD_RESPONSE');
    expect(err.details?.attempts).toBe(1);
    expect(fake.count).toBe(1);
  });

  it('refuses a schema-invalid answer (units in inches) with AI_BAD_RESPONSE', async () => {
    fake.enqueue({ content: answer({ units: 'inch' }) });
    const err = await failure(adapter().generate({ prompt: 'kutu', lang: 'tr' }));
    expect(err.code).toBe('AI_BAD_RESPONSE');
    expect(String(err.details?.reason)).toContain('units');
  });

  it('reports an answer cut off at the token limit', async () => {
    fake.enqueue({ content: answer().slice(0, 80), finishReason: 'length' });
    const err = await failure(adapter({ maxOutputTokens: 50 }).generate({ prompt: 'kutu', lang: 'tr' }));
    expect(err.code).toBe('AI_BAD_RESPONSE');
    expect(String(err.details?.reason)).toContain('50 tokens');
  });

  it('hands a hostile script back unchanged, for the policy to refuse', async () => {
    const hostile = 'import Part\nimport os\nos.system("rm -rf ~")\nresult = ().__class__.__bases__[0].__subclasses__()\n';
    fake.enqueue({ content: answer({ script_py: hostile }) });
    const r = await adapter().generate({ prompt: 'kutu', lang: 'tr' });
    expect(r.script_py).toBe(hostile);
    const report = await checkScript(r.script_py);
    expect(report.ok).toBe(false);
    expect(report.findings.map((f) => f.code)).toContain('SECURITY_VIOLATION');
  });

  it('turns an ambiguous request into ERR-AI-425 with the model’s question', async () => {
    fake.enqueue({ content: answer({ script_py: '', requires_clarification: true, clarification_question: '10 mm çap mı, uzunluk mu?' }) });
    const err = await failure(adapter().generate({ prompt: "10'luk mil", lang: 'tr' }));
    expect(err.code).toBe('ERR-AI-425');
    expect(err.details?.question).toBe('10 mm çap mı, uzunluk mu?');
    expect(err.toPayload('tr')).toMatchObject({ code: 'ERR-AI-425', message: 'İstek belirsiz.', hint: '10 mm çap mı, uzunluk mu?' });
  });

  it('turns missing essentials into ERR-AI-422 with the question and the missing fields', async () => {
    fake.enqueue({
      content: answer({
        language: 'en',
        script_py: '',
        requires_clarification: true,
        question: 'How wide and thick?',
        missing_fields: ['width', 'thickness'],
      }),
    });
    const err = await failure(adapter().generate({ prompt: 'Make a bracket', lang: 'auto' }));
    expect(err.code).toBe('ERR-AI-422');
    expect(err.details).toMatchObject({ question: 'How wide and thick?', missing: ['width', 'thickness'], lang: 'en' });
    expect(lastUserMessage()).toMatch(/^Language: en/);
  });

  it('masks personal data before the prompt leaves the machine', async () => {
    fake.enqueue({ content: answer() });
    const r = await adapter().generate({
      prompt: 'Flanş 20 mm; teklifi ali.veli@example.com ve +90 532 123 45 67 numarasına gönderin',
      lang: 'tr',
    });
    const sent = JSON.stringify(fake.requests[0]!.body);
    expect(sent).not.toContain('ali.veli@example.com');
    expect(sent).not.toContain('532 123 45 67');
    expect(lastUserMessage()).toContain('[EMAIL]');
    expect(r.prompt_masked).toContain('[PHONE]');
    expect(JSON.stringify(logs)).not.toContain('ali.veli');
  });

  it('sends a repair turn with the error code, the trace and the previous script', async () => {
    fake.enqueue({ content: answer() });
    await adapter().generate({
      prompt: 'kutu',
      lang: 'tr',
      repair: { previousScript: 'import os\nresult = 1\n', errorCode: 'SECURITY_VIOLATION', trace: 'Line 1: remove os. Contact a@b.io' },
    });
    const last = lastUserMessage();
    expect(last).toContain('SECURITY_VIOLATION');
    expect(last).toContain('Betik izin verilmeyen bir şey kullanıyor.');
    expect(last).toContain('import os\nresult = 1');
    expect(last).toContain('[EMAIL]');
  });
});

describe('AiAdapter retries, limits and breaker', () => {
  it('retries a timeout, then reports AI_PROVIDER_UNAVAILABLE after 1 + retries requests', async () => {
    fake.enqueue(...Array.from({ length: 4 }, () => ({ delayMs: 1500, content: answer() })));
    const err = await failure(adapter({ timeoutMs: 100, retries: 3 }).generate({ prompt: 'kutu', lang: 'tr' }));
    expect(err.code).toBe('AI_PROVIDER_UNAVAILABLE');
    expect(err.details).toMatchObject({ attempts: 4 });
    expect(String(err.details?.reason)).toContain('100 ms');
    expect(fake.count).toBe(4);
    expect(logs.filter((l) => l.event === 'ai.retry')).toHaveLength(3);
  });

  it('retries 429s and succeeds when the provider recovers', async () => {
    fake.enqueue({ status: 429 }, { status: 429 }, { content: answer() });
    const r = await adapter().generate({ prompt: 'kutu', lang: 'tr' });
    expect(r.attempts).toBe(3);
    expect(fake.count).toBe(3);
  });

  it('reports AI_RATE_LIMITED with retry_after_s when 429s outlast the retries', async () => {
    fake.enqueue(...Array.from({ length: 3 }, () => ({ status: 429 })));
    const err = await failure(adapter({ retries: 2 }).generate({ prompt: 'kutu', lang: 'tr' }));
    expect(err.code).toBe('AI_RATE_LIMITED');
    expect(err.details?.retry_after_s).toBeGreaterThanOrEqual(1);
    expect(fake.count).toBe(3);
  });

  it('honours a short Retry-After and gives up at once on a long one', async () => {
    fake.enqueue({ status: 429, headers: { 'retry-after-ms': '30' } }, { content: answer() });
    const ok = await adapter().generate({ prompt: 'kutu', lang: 'tr' });
    expect(ok.attempts).toBe(2);
    expect(logs.find((l) => l.event === 'ai.retry')?.delay_ms).toBe(30);

    fake.reset();
    fake.enqueue({ status: 429, headers: { 'retry-after': '3600' } });
    const err = await failure(adapter().generate({ prompt: 'kutu', lang: 'tr' }));
    expect(err.code).toBe('AI_RATE_LIMITED');
    expect(err.details?.retry_after_s).toBe(3600);
    expect(fake.count).toBe(1);
  });

  it('retries 5xx and succeeds; all-5xx ends in AI_PROVIDER_UNAVAILABLE', async () => {
    fake.enqueue({ status: 500 }, { status: 503 }, { content: answer() });
    const r = await adapter().generate({ prompt: 'kutu', lang: 'tr' });
    expect(r.attempts).toBe(3);
    expect(fake.count).toBe(3);

    fake.reset();
    fake.fallback = { status: 502 };
    const err = await failure(adapter({ retries: 2 }).generate({ prompt: 'kutu', lang: 'tr' }));
    expect(err.code).toBe('AI_PROVIDER_UNAVAILABLE');
    expect(err.details).toMatchObject({ status: 502, attempts: 3 });
    expect(fake.count).toBe(3);
  });

  it('does not retry other 4xx answers', async () => {
    fake.enqueue({ status: 404, body: { error: { message: 'model "test-model" not found', type: 'invalid_request_error' } } });
    const err = await failure(adapter().generate({ prompt: 'kutu', lang: 'tr' }));
    expect(err.code).toBe('AI_PROVIDER_UNAVAILABLE');
    expect(err.details?.status).toBe(404);
    expect(fake.count).toBe(1);
  });

  it('reports AI_PROVIDER_UNAVAILABLE when nothing listens, without retrying', async () => {
    const other = new FakeOpenAI();
    const url = await other.start();
    await other.stop();
    const err = await failure(adapter({ baseURL: url }).generate({ prompt: 'kutu', lang: 'tr' }));
    expect(err.code).toBe('AI_PROVIDER_UNAVAILABLE');
    expect(err.details?.attempts).toBe(1);
  });

  it('opens the breaker after repeated failures and refuses without calling the server, then half-opens', async () => {
    let now = 1_000_000;
    const clock = { now: () => now };
    const a = adapter({ clock, retries: 1, breaker: { failures: 3, cooldownMs: 10_000 } });
    fake.fallback = { status: 500 };

    const first = await failure(a.generate({ prompt: 'kutu', lang: 'tr' }));
    expect(first.code).toBe('AI_PROVIDER_UNAVAILABLE');
    expect(fake.count).toBe(2); // 1 + 1 retry

    const second = await failure(a.generate({ prompt: 'kutu', lang: 'tr' }));
    expect(second.code).toBe('AI_PROVIDER_UNAVAILABLE');
    expect(second.details?.breaker).toBe('open');
    expect(fake.count).toBe(3); // the third failure opened it: no retry
    expect(a.breakerState).toBe('open');

    const refused = await failure(a.generate({ prompt: 'kutu', lang: 'tr' }));
    expect(refused.code).toBe('AI_PROVIDER_UNAVAILABLE');
    expect(String(refused.details?.reason)).toContain('circuit breaker');
    expect(refused.details?.retry_after_s).toBe(10);
    expect(fake.count).toBe(3); // not called

    now += 10_001;
    expect(a.breakerState).toBe('half-open');
    fake.fallback = undefined;
    fake.enqueue({ content: answer() });
    const r = await a.generate({ prompt: 'kutu', lang: 'tr' });
    expect(r.attempts).toBe(1);
    expect(a.breakerState).toBe('closed');
    expect(fake.count).toBe(4);
  });

  it('limits requests per minute locally with AI_RATE_LIMITED and retry_after_s', async () => {
    let now = 5_000_000;
    const a = adapter({ clock: { now: () => now }, requestsPerMinute: 2 });
    fake.fallback = { content: answer() };
    await a.generate({ prompt: 'kutu', lang: 'tr' });
    await a.generate({ prompt: 'kutu', lang: 'tr' });
    const err = await failure(a.generate({ prompt: 'kutu', lang: 'tr' }));
    expect(err.code).toBe('AI_RATE_LIMITED');
    expect(err.details?.retry_after_s).toBe(30);
    expect(fake.count).toBe(2);
    now += 30_000;
    await a.generate({ prompt: 'kutu', lang: 'tr' });
    expect(fake.count).toBe(3);
  });

  it('stops at once when the caller aborts', async () => {
    fake.enqueue({ delayMs: 1500, content: answer() });
    const ctl = new AbortController();
    const p = adapter().generate({ prompt: 'kutu', lang: 'tr', signal: ctl.signal });
    setTimeout(() => ctl.abort(), 50);
    const err = await failure(p);
    expect(err.code).toBe('CANCELLED');
    expect(fake.count).toBe(1);
  });

  it('never puts the API key in logs, errors or details, even when the provider echoes it', async () => {
    fake.enqueue({
      status: 401,
      body: { error: { message: `Incorrect API key provided: ${KEY}. You can find your key at …`, type: 'invalid_request_error' } },
    });
    const err = await failure(adapter().generate({ prompt: 'kutu', lang: 'tr' }));
    expect(err.code).toBe('AI_PROVIDER_UNAVAILABLE');
    fake.enqueue({ status: 500 }, { content: answer() });
    await adapter().generate({ prompt: 'kutu', lang: 'tr' });
    const everything = JSON.stringify({ logs, message: err.message, details: err.details, payload: err.toPayload('en') });
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain('SECRET');
    expect(String(err.details?.reason)).toContain('[KEY]');
    expect(JSON.stringify(adapter().describe())).not.toContain(KEY);
  });
});

describe('aiConfigFromEnv', () => {
  it('reads the endpoint, model and key, and optional limits', () => {
    const cfg = aiConfigFromEnv({
      TEZGAH_AI_BASE_URL: 'http://127.0.0.1:11434/v1',
      TEZGAH_AI_MODEL: 'qwen2.5-coder',
      TEZGAH_AI_API_KEY: 'k',
      TEZGAH_AI_RETRIES: '2',
      TEZGAH_AI_JSON_MODE: '0',
    });
    expect(cfg).toEqual({ baseURL: 'http://127.0.0.1:11434/v1', model: 'qwen2.5-coder', apiKey: 'k', retries: 2, jsonMode: false });
    expect(new AiAdapter(cfg).provider).toBe('ollama');
    expect(new AiAdapter({ baseURL: 'https://x.openai.azure.com/openai/v1', model: 'm' }).provider).toBe('azure');
  });

  it('refuses a missing or malformed setting with CONFIG_INVALID naming it', () => {
    const code = (env: NodeJS.ProcessEnv) => {
      try {
        aiConfigFromEnv(env);
      } catch (err) {
        return [(err as TezgahError).code, (err as TezgahError).details?.setting];
      }
      return null;
    };
    expect(code({ TEZGAH_AI_MODEL: 'm' })).toEqual(['CONFIG_INVALID', 'TEZGAH_AI_BASE_URL']);
    expect(code({ TEZGAH_AI_BASE_URL: 'ftp://x', TEZGAH_AI_MODEL: 'm' })).toEqual(['CONFIG_INVALID', 'TEZGAH_AI_BASE_URL']);
    expect(code({ TEZGAH_AI_BASE_URL: 'http://h/v1' })).toEqual(['CONFIG_INVALID', 'TEZGAH_AI_MODEL']);
    expect(code({ TEZGAH_AI_BASE_URL: 'http://h/v1', TEZGAH_AI_MODEL: 'm', TEZGAH_AI_TIMEOUT_MS: 'soon' })).toEqual([
      'CONFIG_INVALID',
      'TEZGAH_AI_TIMEOUT_MS',
    ]);
  });
});
