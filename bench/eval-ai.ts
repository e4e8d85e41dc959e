// `npm run eval:ai [-- --only id,id] [--limit N] [--max-repairs N] [--suite FILE]`: sends the prompt
// suite (bench/ai-prompts.json) to the configured endpoint (TEZGAH_AI_BASE_URL, TEZGAH_AI_MODEL,
// TEZGAH_AI_API_KEY), builds every answer in the real sandboxed FreeCAD, checks the geometry against
// the expectations and prints one JSON report: pass rate and invalidity ratio without and with the
// repair loop. Not part of npm test (it talks to a model).
//
// Each case runs once, with the repair loop on; "without repair" is that run's first attempt, which
// is exactly what a run with no repairs would have sent and built (same messages, temperature 0).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { TezgahError } from '../shared/errors.js';
import type { JobRecord, Metrics } from '../shared/jobs.js';
import { FreeCadBridge } from '../freecad-bridge/src/bridge.js';
import { locateFreeCad } from '../freecad-bridge/src/locate.js';
import { AiAdapter, aiConfigFromEnv } from '../electron/domains/prompt/adapter.js';
import { DEFAULT_MAX_REPAIRS, isScriptFailure, promptFlow, type AiJobResult } from '../electron/domains/prompt/flow.js';
import { flowContext } from '../electron/jobs/flow.js';

const Case = z.object({
  id: z.string().min(1),
  lang: z.enum(['tr', 'en']),
  text: z.string().min(1),
  expect: z.union([
    z.object({ clarification: z.literal(true) }),
    z.object({
      volume_mm3: z.number().positive(),
      bbox_mm: z.tuple([z.number(), z.number(), z.number()]),
      solids: z.number().int().positive().optional(),
    }),
  ]),
});
export const Suite = z.object({
  tolerance: z.object({ volume_rel: z.number().positive(), bbox_abs_mm: z.number().nonnegative(), bbox_rel: z.number().nonnegative() }),
  cases: z.array(Case).min(1),
});
export type Suite = z.infer<typeof Suite>;
type Case = z.infer<typeof Case>;

/** What became of a request: built (with metrics), a clarifying question, or a failure code. */
interface Outcome {
  code: 'ok' | string;
  metrics: Metrics | null;
}

export interface CaseReport {
  id: string;
  lang: 'tr' | 'en';
  attempts: number;
  first: string;
  final: string;
  passed_without_repair: boolean;
  passed_with_repair: boolean;
  /** why the final result does not match (empty when it does) */
  problems: string[];
  volume_mm3: number | null;
  bbox_mm: number[] | null;
  ms: number;
}

interface ModeSummary {
  passed: number;
  pass_rate: number;
  /** the model's script was refused, raised, timed out or built no valid solid */
  invalid: number;
  invalidity_ratio: number;
  /** a valid solid, but not the part asked for */
  wrong_geometry: number;
  clarifications: number;
  /** endpoint down, rate limited … (not the model's script) */
  other_errors: number;
}

export interface EvalReport {
  endpoint: { provider: string; model: string; baseURL: string };
  suite: { cases: number; tr: number; en: number };
  max_repairs: number;
  without_repair: ModeSummary;
  with_repair: ModeSummary & { mean_attempts: number };
  cases: CaseReport[];
  duration_ms: number;
}

/** Problems of a built part against the case's expectations ([] when it matches). */
export function geometryProblems(c: Case, m: Metrics | null, tol: Suite['tolerance']): string[] {
  if ('clarification' in c.expect) return ['expected a clarifying question, got a part'];
  if (!m || m.volume_mm3 === null) return ['no volume'];
  const out: string[] = [];
  const e = c.expect;
  if (Math.abs(m.volume_mm3 - e.volume_mm3) > tol.volume_rel * e.volume_mm3)
    out.push(`volume ${m.volume_mm3.toFixed(1)} ≠ ${e.volume_mm3} mm³`);
  const b = m.bbox_mm;
  const got = [b.xmax - b.xmin, b.ymax - b.ymin, b.zmax - b.zmin].sort((x, y) => x - y);
  const want = [...e.bbox_mm].sort((x, y) => x - y);
  if (got.some((g, i) => Math.abs(g - want[i]!) > Math.max(tol.bbox_abs_mm, tol.bbox_rel * want[i]!))) {
    out.push(`bbox ${got.map((v) => v.toFixed(2)).join('×')} ≠ ${want.join('×')} mm`);
  }
  if (e.solids !== undefined && m.solids !== e.solids) out.push(`${m.solids} solids ≠ ${e.solids}`);
  return out;
}

const isClarification = (code: string) => code === 'ERR-AI-425' || code === 'ERR-AI-422';

function judge(c: Case, o: Outcome, tol: Suite['tolerance']): { passed: boolean; problems: string[] } {
  if ('clarification' in c.expect) {
    return isClarification(o.code)
      ? { passed: true, problems: [] }
      : { passed: false, problems: [`expected a clarifying question, got ${o.code}`] };
  }
  if (o.code !== 'ok') return { passed: false, problems: [o.code] };
  const problems = geometryProblems(c, o.metrics, tol);
  return { passed: problems.length === 0, problems };
}

function summarise(cases: Case[], outcomes: Outcome[], passed: boolean[]): ModeSummary {
  const n = cases.length;
  const count = (f: (o: Outcome, i: number) => boolean) => outcomes.filter(f).length;
  const invalid = count((o) => isScriptFailure(o.code));
  return {
    passed: passed.filter(Boolean).length,
    pass_rate: round(passed.filter(Boolean).length / n),
    invalid,
    invalidity_ratio: round(invalid / n),
    wrong_geometry: count((o, i) => o.code === 'ok' && !passed[i]),
    clarifications: count((o) => isClarification(o.code)),
    other_errors: count((o) => o.code !== 'ok' && !isScriptFailure(o.code) && !isClarification(o.code)),
  };
}

const round = (v: number) => Math.round(v * 1000) / 1000;

export interface EvaluateOptions {
  adapter: AiAdapter;
  bridge: FreeCadBridge;
  jobsRoot: string;
  maxRepairs?: number;
  log?: (line: string) => void;
}

/** Runs every case through the prompt flow (model → policy → sandbox → exports) and scores it. */
export async function evaluate(suite: Suite, opts: EvaluateOptions): Promise<EvalReport> {
  const t0 = Date.now();
  const maxRepairs = opts.maxRepairs ?? DEFAULT_MAX_REPAIRS;
  const flow = promptFlow({ adapter: () => opts.adapter, suggestions: { add: (s) => s }, maxRepairs });
  const reports: CaseReport[] = [];
  const firsts: Outcome[] = [];
  const finals: Outcome[] = [];
  for (const c of suite.cases) {
    const started = Date.now();
    const ctx = flowContext({
      job: { id: `eval-${c.id}` } as JobRecord,
      jobDir: join(opts.jobsRoot, c.id),
      signal: new AbortController().signal,
      step: async (_name, fn) => fn(),
      onBridgeProgress: () => {},
      bridge: async () => opts.bridge,
      log: () => {},
    });
    let final: Outcome;
    let ai: AiJobResult | null = null;
    try {
      const spec = await flow.normalise({ type: 'prompt', text: c.text, lang: c.lang });
      const r = await flow.run(ctx, spec);
      ai = (r.result?.ai as AiJobResult | undefined) ?? null;
      final = { code: 'ok', metrics: r.metrics ?? null };
    } catch (e) {
      const err = e instanceof TezgahError ? e : new TezgahError('INTERNAL', { reason: String(e) });
      ai = (err.details?.ai as AiJobResult | undefined) ?? null;
      final = { code: err.code, metrics: null };
    }
    const attempts = ai?.attempts ?? [];
    const firstCode = attempts[0]?.outcome ?? final.code;
    // the first attempt built the final part only when it succeeded
    const first: Outcome = firstCode === 'ok' ? final : { code: firstCode, metrics: null };
    const jf = judge(c, first, suite.tolerance);
    const jl = judge(c, final, suite.tolerance);
    firsts.push(first);
    finals.push(final);
    const m = final.metrics;
    reports.push({
      id: c.id,
      lang: c.lang,
      attempts: attempts.length,
      first: firstCode,
      final: final.code,
      passed_without_repair: jf.passed,
      passed_with_repair: jl.passed,
      problems: jl.problems,
      volume_mm3: m?.volume_mm3 ?? null,
      bbox_mm: m ? [m.bbox_mm.xmax - m.bbox_mm.xmin, m.bbox_mm.ymax - m.bbox_mm.ymin, m.bbox_mm.zmax - m.bbox_mm.zmin].map(round) : null,
      ms: Date.now() - started,
    });
    opts.log?.(
      `${c.id}: ${attempts.map((a) => a.outcome).join(' → ') || final.code} ${jl.passed ? 'PASS' : `FAIL ${jl.problems.join('; ')}`}`,
    );
    await rm(ctx.jobDir, { recursive: true, force: true });
  }
  const n = suite.cases.length;
  const withRepair = summarise(
    suite.cases,
    finals,
    reports.map((r) => r.passed_with_repair),
  );
  return {
    endpoint: opts.adapter.describe(),
    suite: { cases: n, tr: suite.cases.filter((c) => c.lang === 'tr').length, en: suite.cases.filter((c) => c.lang === 'en').length },
    max_repairs: maxRepairs,
    without_repair: summarise(
      suite.cases,
      firsts,
      reports.map((r) => r.passed_without_repair),
    ),
    with_repair: { ...withRepair, mean_attempts: round(reports.reduce((s, r) => s + Math.max(1, r.attempts), 0) / n) },
    cases: reports,
    duration_ms: Date.now() - t0,
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { suite: { type: 'string' }, only: { type: 'string' }, limit: { type: 'string' }, 'max-repairs': { type: 'string' } },
  });
  const suitePath = resolve(values.suite ?? join(import.meta.dirname, 'ai-prompts.json'));
  const suite = Suite.parse(JSON.parse(await readFile(suitePath, 'utf8')));
  const only = values.only?.split(',').map((s) => s.trim());
  let cases = only ? suite.cases.filter((c) => only.includes(c.id)) : suite.cases;
  if (values.limit) cases = cases.slice(0, Number(values.limit));
  if (!cases.length) throw new Error('no case selected');
  const adapter = new AiAdapter(aiConfigFromEnv());
  const jobsRoot = await mkdtemp(join(tmpdir(), 'tezgah-eval-ai-'));
  const bridge = new FreeCadBridge({ runtime: await locateFreeCad(), jobsRoot, poolSize: 1 });
  try {
    const report = await evaluate(
      { ...suite, cases },
      {
        adapter,
        bridge,
        jobsRoot,
        ...(values['max-repairs'] ? { maxRepairs: Number(values['max-repairs']) } : {}),
        log: (l) => process.stderr.write(`${l}\n`),
      },
    );
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  } finally {
    await bridge.dispose();
    await rm(jobsRoot, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
