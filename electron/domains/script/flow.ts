// Untrusted FreeCAD scripts (user files and AI answers): the static policy, then a fresh sandboxed
// FreeCAD process that runs the canonical script under the runtime guard
// (freecad-bridge/python/guard.py) and exports the result itself. The 'script' job flow is here;
// the prompt flow (flow-prompt.ts) reuses checkPolicy() and runScript() for every attempt.
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { TezgahError, type ErrorPayload } from '../../../shared/errors.js';
import type { Metrics, ScriptJobSpec } from '../../../shared/jobs.js';
import type { StepName } from '../../../shared/steps.js';
import { checkScript, type PolicyFinding, type PolicyReport } from '../../../freecad-bridge/src/policy/index.js';
import rules from '../../../freecad-bridge/src/policy/rules.json' with { type: 'json' };
import { writeNodeFile } from '../../../freecad-bridge/src/jobdir.js';
import type { ResourceLimits, RunResult } from '../../../freecad-bridge/src/types.js';
import { flowOutput, type Flow, type FlowContext, type FlowOutput, type FlowResult, type WorkerRun } from '../../jobs/flow.js';
import type { WorkerAnswer } from '../../../freecad-bridge/src/flows.js';
import { jobMetrics, modelOutputs } from '../../jobs/model-outputs.js';

/**
 * Limits for one untrusted run (a fresh process each): less CPU than a template job gets, and a
 * memory ceiling a memory bomb hits long before the machine does. The wall clock stays the
 * bridge's (it follows --timeout / the job timeout setting).
 */
export const SCRIPT_LIMITS: Partial<ResourceLimits> = { cpuSeconds: 60, addressSpaceMb: 3072 };

export const SCRIPT_STEPS: StepName[] = [
  'policy_check',
  'sandbox_run',
  'export_fcstd',
  'export_step',
  'export_stl',
  'tessellate',
  'metrics',
  'write_glb',
  'store_artefacts',
];

/** A file-name-safe label: ASCII letters, digits, '-' (Turkish letters folded: "Flanş" → "flans"). */
export function slug(text: string, fallback = 'part'): string {
  const s = text
    .replace(/ı/g, 'i')
    .replace(/İ/g, 'I')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return s || fallback;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The coded error for a policy report with findings: the first finding's code, all findings in details. */
export function policyError(report: PolicyReport): TezgahError {
  const first = report.findings[0]!;
  const range = rules.dimension_range_mm;
  return new TezgahError(first.code, {
    line: first.line,
    col: first.col,
    symbol: first.symbol,
    rule: first.rule,
    detail: first.message,
    ...(first.code === 'DIMENSION_ERROR' ? { field: first.symbol, min: range.min, max: range.max } : {}),
    findings: report.findings.slice(0, 20),
    script_hash: report.script_hash,
  });
}

/** Findings as the model and the job log read them: "line 3:5 [forbidden-name] open — …". */
export function formatFindings(findings: PolicyFinding[], max = 10): string {
  const lines = findings.slice(0, max).map((f) => `line ${f.line}:${f.col} ${f.code} [${f.rule}] ${f.symbol} — ${f.message.en}`);
  if (findings.length > max) lines.push(`… ${findings.length - max} more`);
  return lines.join('\n');
}

/** Runs the static policy; throws its first finding as a coded error. */
export async function checkPolicy(source: string): Promise<PolicyReport> {
  const report = await checkScript(source);
  if (!report.ok) throw policyError(report);
  return report;
}

export interface RunScriptOptions {
  /** label of the part: FreeCAD object label, STEP product name and file names */
  name: string;
  /** folder for this run (a fresh one per attempt); must sit under the jobs root */
  runDir: string;
  limits?: Partial<ResourceLimits>;
  /**
   * TEST ONLY: run the source without the static policy, to prove the runtime guard on its own.
   * Honoured only when TEZGAH_TEST_HOOKS=1; otherwise the run is refused.
   */
  unsafeSkipPolicy?: boolean;
  /** TEST ONLY: input.__test for the worker (it honours it only with test hooks on) */
  testInput?: Record<string, unknown>;
  /** the policy report of this source when the caller ran policy_check itself (must be ok) */
  checked?: PolicyReport;
}

export interface ScriptRun {
  report: PolicyReport | null;
  run: RunResult;
  outputs: FlowOutput[];
  metrics: Metrics | null;
  warnings: ErrorPayload[];
  /** the canonical text that ran, and its hash (confirmed by the worker) */
  canonical: string;
  script_hash: string;
}

/**
 * policy_check → sandbox_run → exports → write_glb for one script. Throws TezgahError with the
 * policy's code, the runtime guard's SECURITY_VIOLATION, FC_GEOM_INVALID_SHAPE, TIMEOUT_ERROR …
 */
export async function runScript(ctx: FlowContext, source: string, opts: RunScriptOptions): Promise<ScriptRun> {
  let report: PolicyReport | null = null;
  let canonical: string;
  if (opts.checked) {
    if (!opts.checked.ok) throw policyError(opts.checked);
    report = opts.checked;
    canonical = report.canonical;
  } else if (opts.unsafeSkipPolicy) {
    if (process.env.TEZGAH_TEST_HOOKS !== '1')
      throw new TezgahError('INTERNAL', { reason: 'the static policy can only be skipped in tests (TEZGAH_TEST_HOOKS=1)' });
    canonical = source;
  } else {
    report = await ctx.step('policy_check', () => checkPolicy(source));
    canonical = report.canonical;
  }
  const script_hash = sha256(canonical);
  // FreeCAD is located before sandbox_run shows as running
  await ctx.bridge();
  await mkdir(opts.runDir, { recursive: true });
  let reported = false;
  ctx.onBridgeProgress({ step: 'sandbox_run', status: 'running' });
  let w: WorkerRun<WorkerAnswer<'script'>>;
  try {
    w = await ctx.runWorker({
      flow: 'script',
      dir: opts.runDir,
      untrusted: true,
      input: { source: canonical, name: opts.name, rules, ...(opts.testInput ? { __test: opts.testInput } : {}) },
      limits: { ...SCRIPT_LIMITS, ...opts.limits },
      onProgress: (e) => {
        if (e.step === 'sandbox_run' && e.status !== 'running') reported = true;
      },
    });
  } catch (err) {
    if (!reported) ctx.onBridgeProgress({ step: 'sandbox_run', status: 'failed' });
    throw err;
  }
  const { run, warnings } = w;
  // What ran must be what was checked: the worker hashes the text it was given.
  if (w.data.script_hash !== script_hash) {
    throw new TezgahError('INTERNAL', {
      reason: 'the worker ran a different script than the one checked',
      expected: script_hash,
      got: w.data.script_hash,
    });
  }
  const outputs = await modelOutputs(ctx, run, { dir: opts.runDir, base: opts.name });
  const metrics = jobMetrics(run);
  // the run dir was the sandbox's: a planted `<name>.py → ~/.bashrc` is replaced, not written through
  const scriptFile = await writeNodeFile(opts.runDir, `${opts.name}.py`, canonical);
  outputs.push(flowOutput('script', `${opts.name}.py`, scriptFile, { script_hash, entry: report?.entry ?? null }));
  return { report, run, outputs, metrics, warnings, canonical, script_hash };
}

/**
 * The 'script' job: a user's FreeCAD script. The spec keeps the user's text, so policy findings
 * name the lines of their file; what runs (and is stored as the 'script' artefact, with its
 * script_hash) is the canonical form, and runtime errors name its lines. A script with findings
 * still becomes a job, which fails at policy_check with the first finding.
 */
export function scriptFlow(): Flow<ScriptJobSpec> {
  return {
    type: 'script',
    steps: SCRIPT_STEPS,
    normalise(spec) {
      return { type: 'script', source: spec.source.replace(/\r\n?/g, '\n'), ...(spec.name ? { name: slug(spec.name, 'script') } : {}) };
    },
    async run(ctx, spec): Promise<FlowResult> {
      const name = spec.name ?? 'script';
      const r = await runScript(ctx, spec.source, { name, runDir: join(ctx.jobDir, 'run') });
      return {
        outputs: r.outputs,
        metrics: r.metrics,
        warnings: r.warnings,
        result: { script: { name, script_hash: r.script_hash, entry: r.report?.entry ?? null } },
      };
    },
  };
}
