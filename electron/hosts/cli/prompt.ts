// `tezgah prompt` and `tezgah script check|run`: the AI and script flows on the command line.
//   tezgah prompt "TEXT" [--lang tr|en|auto] [--out DIR] [--json]
//   tezgah script check FILE.py [--json]     exit 0 ok, 1 findings, 2 unreadable
//   tezgah script run FILE.py [--out DIR] [--json]
// The model endpoint is the app's: Settings → AI, else TEZGAH_AI_BASE_URL, TEZGAH_AI_MODEL, TEZGAH_AI_API_KEY.
// --json prints the foundation's shape ({job, artefacts, metrics, error}) plus `ai` or `script`.
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { TezgahError } from '../../../shared/errors.js';
import { z } from 'zod';
import { aiRecordOf, resultOf, type JobRecord } from '../../../shared/jobs.js';
import { findingMessage, PolicyFindingRecord, type AiAttempt } from '../../../shared/results/index.js';
import { slug } from '../../domains/script/flow.js';
import { UsageError } from './args.js';
import { jobOutcome, submit, waitWithProgress, type Cli } from './run.js';

const USAGE = '  tezgah prompt "TEXT" [--lang tr|en|auto] [--out DIR] [--json]\n  tezgah script check|run FILE.py [--out DIR] [--json]';

export async function promptCommand(cli: Cli, rest: string[]): Promise<number> {
  const text = rest.join(' ').trim();
  if (!text) throw new UsageError('missing the request text', USAGE);
  const lang = cli.opts.lang === 'tr' || cli.opts.lang === 'en' || cli.opts.lang === 'auto' ? cli.opts.lang : 'auto';
  const done = await waitWithProgress(cli, (await submit(cli, { type: 'prompt', text, lang })).id);
  const ai = aiRecordOf(done);
  const extra = {
    ai: ai
      ? {
          attempts: ai.attempts,
          parameters: ai.parameters,
          warnings: ai.warnings,
          script_hash: ai.script_hash,
          model: ai.model,
          provider: ai.provider,
          question: ai.question,
        }
      : null,
  };
  return report(cli, done, extra, () => {
    if (!ai) return [];
    const lines = ai.attempts.map((a) => `  attempt ${a.n}: ${describeAttempt(a)}`);
    for (const w of ai.warnings) lines.push(`  note: ${w}`);
    if (ai.question) lines.push(`  the model asks: ${ai.question}`);
    return lines;
  });
}

export async function scriptCommand(cli: Cli, rest: string[]): Promise<number> {
  const { api, out } = cli;
  const [sub, file] = rest;
  if ((sub !== 'check' && sub !== 'run') || !file) throw new UsageError('usage: tezgah script check|run FILE.py', USAGE);
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (e) {
    const error = out.payload(
      new TezgahError('VALIDATION_ERROR', {
        field: resolve(file),
        detail: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      }),
    );
    if (out.json) out.data({ error });
    else out.error(error);
    return 2;
  }
  if (sub === 'check') {
    const r = await api['script.check']({ source });
    const findings = r.findings.map((f) => ({
      code: f.code,
      rule: f.rule,
      line: f.line,
      col: f.col,
      symbol: f.symbol,
      message: f.message[out.lang],
    }));
    if (out.json) out.data({ ok: r.ok, findings, script_hash: r.script_hash, entry: r.entry });
    else if (r.ok)
      out.line(`${file}: ok (sha256 ${r.script_hash.slice(0, 12)}…, hands over ${r.entry ? `\`${r.entry}\`` : 'shown parts'})`);
    else for (const f of findings) out.line(`${file}:${f.line}:${f.col}: ${f.code} [${f.rule}] ${f.message}`);
    return r.ok ? 0 : 1;
  }
  const name = slug(basename(file).replace(/\.py$/i, ''), 'script');
  const done = await waitWithProgress(cli, (await submit(cli, { type: 'script', source, name })).id);
  const script = resultOf(done, 'script');
  // a refused script's findings travel in its error's details, as the policy reported them
  const raw = done.error?.details?.findings;
  const findings: unknown[] = Array.isArray(raw) ? raw : [];
  const listed = z.array(PolicyFindingRecord).safeParse(findings);
  return report(cli, done, { script: { ...(script ?? {}), findings } }, () =>
    listed.success ? listed.data.map((f) => `  ${f.line}:${f.col} ${f.code} ${findingMessage(f, out.lang)}`) : [],
  );
}

function describeAttempt(a: AiAttempt): string {
  const ms = [a.ai_ms, a.policy_ms, a.sandbox_ms].filter((x): x is number => x !== null).reduce((s, x) => s + x, 0);
  if (a.outcome === 'ok') return `ok (${ms} ms)`;
  const d = a.error?.details ?? {};
  const where = d.symbol !== undefined ? ` ${String(d.symbol)}${d.line !== undefined ? ` at line ${String(d.line)}` : ''}` : '';
  return `${a.outcome}${where} (${ms} ms)`;
}

async function report(cli: Cli, done: JobRecord, extra: Record<string, unknown>, notes: () => string[]): Promise<number> {
  const { out } = cli;
  const outcome = await jobOutcome(cli, done);
  if (out.json) {
    out.data({ ...outcome, ...extra });
  } else {
    out.line(`job ${done.id}: ${done.status}${done.cached ? ' (cached)' : ''}`);
    const m = done.metrics;
    if (m) {
      const b = m.bbox_mm;
      const f = (v: number) => String(Math.round(v * 1000) / 1000);
      out.line(
        `  solids ${m.solids}, volume ${m.volume_mm3?.toFixed(2) ?? '—'} mm³, bbox ${f(b.xmax - b.xmin)} × ${f(b.ymax - b.ymin)} × ${f(b.zmax - b.zmin)} mm, ${m.triangles} triangles`,
      );
    }
    for (const a of outcome.artefacts) out.line(`  ${a.kind.padEnd(6)} ${a.path}`);
    for (const line of notes()) out.line(line);
    if (outcome.error) out.error(outcome.error);
  }
  return done.status === 'succeeded' ? 0 : 1;
}
