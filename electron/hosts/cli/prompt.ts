// `tezgah prompt` and `tezgah script check|run`: the AI and script flows on the command line.
//   tezgah prompt "TEXT" [--lang tr|en|auto] [--out DIR] [--json]
//   tezgah script check FILE.py [--json]     exit 0 ok, 1 findings, 2 unreadable
//   tezgah script run FILE.py [--out DIR] [--json]
// The model endpoint comes from TEZGAH_AI_BASE_URL, TEZGAH_AI_MODEL, TEZGAH_AI_API_KEY.
// --json prints the foundation's shape ({job, artefacts, metrics, error}) plus `ai` or `script`.
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { TezgahError, toErrorPayload, type ErrorPayload } from '../../../shared/errors.js';
import type { JobRecord } from '../../../shared/jobs.js';
import { checkScript } from '../../../freecad-bridge/src/policy/index.js';
import { exportArtefacts, localize, printError, waitWithProgress, type CliOut } from './output.js';
import type { Workbench } from '../../app.js';
import { aiResultOf, type AiAttempt } from '../../domains/prompt/flow.js';
import { slug } from '../../domains/script/flow.js';

type Opts = Record<string, unknown>;

const write = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
const usage = (msg: string) => {
  process.stderr.write(`${msg}\n  tezgah prompt "TEXT" [--lang tr|en|auto] [--out DIR] [--json]\n  tezgah script check|run FILE.py [--out DIR] [--json]\n`);
  return 2;
};

export async function promptCommand(wb: Workbench, out: CliOut, rest: string[], opts: Opts): Promise<number> {
  const text = rest.join(' ').trim();
  if (!text) return usage('missing the request text');
  const lang = opts.lang === 'tr' || opts.lang === 'en' || opts.lang === 'auto' ? opts.lang : 'auto';
  wb.jobs.recover();
  const job = await wb.jobs.submit({ type: 'prompt', text, lang }, opts['idempotency-key'] ? { idempotencyKey: String(opts['idempotency-key']) } : {});
  const done = await waitWithProgress(wb, out, job.id);
  const ai = aiResultOf(done);
  const extra = {
    ai: ai
      ? { attempts: ai.attempts, parameters: ai.parameters, warnings: ai.warnings, script_hash: ai.script_hash, model: ai.model, provider: ai.provider, question: ai.question }
      : null,
  };
  return report(wb, out, done, opts.out as string | undefined, extra, () => {
    if (!ai) return [];
    const lines = ai.attempts.map((a) => `  attempt ${a.n}: ${describeAttempt(a)}`);
    for (const w of ai.warnings) lines.push(`  note: ${w}`);
    if (ai.question) lines.push(`  the model asks: ${ai.question}`);
    return lines;
  });
}

export async function scriptCommand(wb: Workbench, out: CliOut, rest: string[], opts: Opts): Promise<number> {
  const [sub, file] = rest;
  if ((sub !== 'check' && sub !== 'run') || !file) return usage(`usage: tezgah script check|run FILE.py`);
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (e) {
    const error = toErrorPayload(new TezgahError('VALIDATION_ERROR', { field: resolve(file), detail: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` }), out.lang);
    if (out.json) write(JSON.stringify({ error }, null, 2));
    else printError(error);
    return 2;
  }
  if (sub === 'check') {
    const r = await checkScript(source);
    const findings = r.findings.map((f) => ({ code: f.code, rule: f.rule, line: f.line, col: f.col, symbol: f.symbol, message: out.lang === 'tr' ? f.message_tr : f.message_en }));
    if (out.json) write(JSON.stringify({ ok: r.ok, findings, script_hash: r.script_hash, entry: r.entry }, null, 2));
    else if (r.ok) write(`${file}: ok (sha256 ${r.script_hash.slice(0, 12)}…, hands over ${r.entry ? `\`${r.entry}\`` : 'shown parts'})`);
    else for (const f of findings) write(`${file}:${f.line}:${f.col}: ${f.code} [${f.rule}] ${f.message}`);
    return r.ok ? 0 : 1;
  }
  wb.jobs.recover();
  const name = slug(basename(file).replace(/\.py$/i, ''), 'script');
  const job = await wb.jobs.submit({ type: 'script', source, name }, opts['idempotency-key'] ? { idempotencyKey: String(opts['idempotency-key']) } : {});
  const done = await waitWithProgress(wb, out, job.id);
  const script = (done.document.result?.script as Record<string, unknown> | undefined) ?? null;
  const findings = (done.error?.details?.findings as unknown[] | undefined) ?? [];
  return report(wb, out, done, opts.out as string | undefined, { script: { ...(script ?? {}), findings } }, () =>
    findings.length ? (findings as { line: number; col: number; code: string; message_en: string; message_tr: string }[]).map((f) => `  ${f.line}:${f.col} ${f.code} ${out.lang === 'tr' ? f.message_tr : f.message_en}`) : [],
  );
}

function describeAttempt(a: AiAttempt): string {
  const ms = [a.ai_ms, a.policy_ms, a.sandbox_ms].filter((x): x is number => x !== null).reduce((s, x) => s + x, 0);
  if (a.outcome === 'ok') return `ok (${ms} ms)`;
  const d = a.error?.details ?? {};
  const where = d.symbol !== undefined ? ` ${String(d.symbol)}${d.line !== undefined ? ` at line ${String(d.line)}` : ''}` : '';
  return `${a.outcome}${where} (${ms} ms)`;
}

async function report(wb: Workbench, out: CliOut, done: JobRecord, outDir: string | undefined, extra: Record<string, unknown>, notes: () => string[]): Promise<number> {
  const artefacts = await exportArtefacts(wb, done.id, outDir);
  const error: ErrorPayload | null = done.error ? localize(done.error, out.lang) : null;
  if (out.json) {
    write(JSON.stringify({ job: { id: done.id, status: done.status, cached: done.cached }, artefacts, metrics: done.metrics, error, ...extra }, null, 2));
  } else {
    write(`job ${done.id}: ${done.status}${done.cached ? ' (cached)' : ''}`);
    const m = done.metrics;
    if (m) {
      const b = m.bbox_mm;
      const f = (v: number) => String(Math.round(v * 1000) / 1000);
      write(`  solids ${m.solids}, volume ${m.volume_mm3?.toFixed(2) ?? '—'} mm³, bbox ${f(b.xmax - b.xmin)} × ${f(b.ymax - b.ymin)} × ${f(b.zmax - b.zmin)} mm, ${m.triangles} triangles`);
    }
    for (const a of artefacts) write(`  ${a.kind.padEnd(6)} ${a.path}`);
    for (const line of notes()) write(line);
    if (error) printError(error);
  }
  return done.status === 'succeeded' ? 0 : 1;
}
