// `tezgah` — the command line over the same Workbench the app uses.
// Exit codes: 0 success, 1 a coded failure (job failed, validation, FreeCAD missing …), 2 usage.
import { parseArgs } from 'node:util';
import { toErrorPayload, type Lang } from '../../../shared/errors.js';
import type { JobRecord } from '../../../shared/jobs.js';
import { STEPS } from '../../../shared/steps.js';
import { TEMPLATES } from '../../../shared/templates.js';
import { APP_VERSION, Workbench, detectLang } from '../../app.js';
import { exportArtefacts, localize, printError, waitWithProgress } from './output.js';
import { pullCommand, syncCommand } from './sync.js';
import { serveCommand } from '../server/server.js';
import { camCommand, gcodeCommand } from './cam.js';
import { IMPORT_USAGE, importCommand } from './import.js';
import { promptCommand, scriptCommand } from './prompt.js';

const USAGE = `tezgah ${APP_VERSION} — CAD/CAM workbench on FreeCAD 1.1

Usage:
  tezgah make <template> --param name=value … [--material M] [--process P] [--out DIR] [--json]
  tezgah templates [--json]
  tezgah jobs [--status S] [--json]
  tezgah job <id> [--json]
  tezgah cancel <id>
  tezgah retry <id> [--json]
  tezgah logs <job-id>
  tezgah doctor [--json]
  tezgah audit verify [--json]
  tezgah sync [--once] [--json]        push finished jobs to the team's S3 store, then list what it has
  tezgah sync status|test [--json]     outbox state / check the connection step by step
  tezgah pull <job-id> [--json]        download a team job's files into the local store
  tezgah serve [--port P] [--host H]   the app in a browser (prints the URL with its token)
  tezgah cam <part-file|job-id> --machine ID [--stock-margin MM] [--ops facing,profile,pocket,drill,adaptive]
             [--tool ID …] [--post grbl|linuxcnc|fanuc] [--origin part|stock-corner|stock-centre] [--out DIR] [--json]
  tezgah gcode check FILE --machine ID [--json]   exit 0 ok, 1 an error-level finding, 2 unreadable
  ${IMPORT_USAGE}
  tezgah prompt "TEXT" [--lang tr|en|auto] [--out DIR] [--json]   a part from a sentence (TEZGAH_AI_BASE_URL, _MODEL, _API_KEY)
  tezgah script check FILE.py [--json]   script policy only: exit 0 ok, 1 findings, 2 unreadable
  tezgah script run FILE.py [--out DIR] [--json]   policy, sandboxed run, exports

Global: --data-dir DIR (or TEZGAH_DATA_DIR), --lang tr|en, --idempotency-key K, --timeout S`;

class UsageError extends Error {}

interface Out {
  json: boolean;
  lang: Lang;
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        'data-dir': { type: 'string' },
        lang: { type: 'string' },
        param: { type: 'string', short: 'p', multiple: true },
        material: { type: 'string' },
        process: { type: 'string' },
        out: { type: 'string' },
        status: { type: 'string' },
        'idempotency-key': { type: 'string' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', default: false },
        once: { type: 'boolean', default: false },
        port: { type: 'string' },
        host: { type: 'string' },
        machine: { type: 'string' },
        ops: { type: 'string' },
        tool: { type: 'string', multiple: true },
        post: { type: 'string' },
        origin: { type: 'string' },
        'stock-margin': { type: 'string' },
        units: { type: 'string' },
        'z-up': { type: 'boolean' },
        center: { type: 'boolean' },
        refine: { type: 'boolean' },
        repair: { type: 'boolean' },
        'require-solid': { type: 'boolean' },
        'max-size': { type: 'string' },
        memory: { type: 'string' },
      },
    });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values: opts, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (opts.version) {
    process.stdout.write(`${APP_VERSION}\n`);
    return 0;
  }
  if (opts.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return opts.help ? 0 : 2;
  }
  const lang: Lang = opts.lang === 'tr' || opts.lang === 'en' ? opts.lang : detectLang();
  const out: Out = { json: opts.json ?? false, lang };

  if (command === 'templates') return templatesCommand(out);

  let wb: Workbench | undefined;
  try {
    const timeout = opts.timeout ? Number(opts.timeout) : undefined;
    if (timeout !== undefined && !(timeout > 0)) throw new UsageError('--timeout must be a positive number of seconds');
    wb = new Workbench({ ...(opts['data-dir'] ? { dataDir: opts['data-dir'] } : {}), lang, ...(timeout ? { jobTimeoutMs: timeout * 1000 } : {}) });
    switch (command) {
      case 'make':
        return await makeCommand(wb, out, rest, opts);
      case 'jobs':
        return jobsCommand(wb, out, opts.status);
      case 'job':
        return jobCommand(wb, out, need(rest[0], 'job id'));
      case 'cancel': {
        const job = wb.jobs.cancel(need(rest[0], 'job id'));
        print(out, { job: { id: job.id, status: job.status } }, `cancel requested: ${job.id} (${job.status})`);
        return 0;
      }
      case 'retry': {
        wb.jobs.recover();
        const job = await wb.jobs.retry(need(rest[0], 'job id'));
        return await finishJob(wb, out, job, undefined);
      }
      case 'logs': {
        const id = need(rest[0], 'job id');
        wb.jobs.get(id);
        for (const line of wb.logger.jobLog(id)) process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);
        return 0;
      }
      case 'doctor': {
        const report = await wb.doctor();
        if (out.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
        else {
          const fc = report.freecad;
          process.stdout.write(
            [
              `Tezgah ${report.app_version} on ${report.platform}, Node ${report.node}`,
              `data dir:  ${report.data_dir} (writable)`,
              `FreeCAD:   ${fc.found ? `${fc.version} (${fc.kind}: ${fc.path})` : `NOT FOUND — ${fc.error?.message} ${fc.error?.hint}`}`,
              `sandbox:   ${report.sandbox.ok ? 'bubblewrap works (no network, read-only runtime, job dir only)' : `UNAVAILABLE — ${report.sandbox.problem ?? 'FreeCAD missing'}`}`,
              report.ok ? 'All good.' : 'Problems found (see above).',
            ].join('\n') + '\n',
          );
        }
        return report.ok ? 0 : 1;
      }
      case 'audit': {
        if (rest[0] !== 'verify') throw new UsageError('usage: tezgah audit verify');
        const r = wb.audit.verify();
        print(out, r, r.ok ? `audit chain ok (${r.count} entries)` : `audit chain BROKEN at entry ${r.broken_at}: ${r.reason ?? ''}`);
        return r.ok ? 0 : 1;
      }
      case 'sync':
        return await syncCommand(syncHost(wb), [...rest, ...(out.json ? ['--json'] : []), ...(opts.once ? ['--once'] : [])], APP_VERSION);
      case 'pull':
        return await pullCommand(syncHost(wb), [...rest, ...(out.json ? ['--json'] : [])], APP_VERSION);
      case 'serve':
        return await serveCommand(wb, { ...(opts.port !== undefined ? { port: opts.port } : {}), ...(opts.host ? { host: opts.host } : {}) });
      case 'cam':
        return await camCommand(wb, out, rest, opts);
      case 'gcode':
        return await gcodeCommand(wb, out, rest, opts);
      case 'import':
        return await importCommand(wb, out, rest, opts);
      case 'prompt':
        return await promptCommand(wb, out, rest, opts);
      case 'script':
        return await scriptCommand(wb, out, rest, opts);
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    const error = toErrorPayload(e, lang);
    if (out.json) process.stdout.write(JSON.stringify({ error }, null, 2) + '\n');
    else printError(error);
    return 1;
  } finally {
    await wb?.dispose();
  }
}

const syncHost = (wb: Workbench) => ({ artefacts: wb.artefacts, lang: wb.lang, sync: wb.sync.service() });

function need(v: string | undefined, what: string): string {
  if (!v) throw new UsageError(`missing ${what}`);
  return v;
}

function print(out: Out, json: unknown, text: string) {
  process.stdout.write(out.json ? JSON.stringify(json, null, 2) + '\n' : text + '\n');
}

function templatesCommand(out: Out): number {
  const list = TEMPLATES.map((t) => ({
    id: t.id,
    label: t.label[out.lang],
    description: t.description[out.lang],
    params: t.params.map((p) => ({ name: p.name, label: p.label[out.lang], unit: p.unit, min: p.allowZero ? 0 : p.min, max: p.max, default: p.default })),
  }));
  const text = list
    .map((t) => `${t.id} — ${t.label}\n${t.params.map((p) => `  ${p.name.padEnd(22)} ${String(p.default).padStart(6)} ${p.unit.padEnd(5)} [${p.min}…${p.max}]  ${p.label}`).join('\n')}`)
    .join('\n\n');
  print(out, { templates: list }, text);
  return 0;
}

function parseParams(list: string[] | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  for (const item of list ?? []) {
    const m = /^([A-Za-z_][\w-]*)=(.*)$/.exec(item);
    if (!m) throw new UsageError(`--param expects name=value, got '${item}'`);
    params[m[1]!.replace(/-/g, '_')] = m[2]!;
  }
  return params;
}

async function makeCommand(wb: Workbench, out: Out, rest: string[], opts: Record<string, unknown>): Promise<number> {
  const template = need(rest[0], 'template name');
  const spec = {
    type: 'template' as const,
    template,
    params: parseParams(opts.param as string[] | undefined),
    ...(opts.material ? { material: opts.material as string } : {}),
    ...(opts.process ? { process: opts.process as string } : {}),
  };
  wb.jobs.recover();
  const job = await wb.jobs.submit(spec, opts['idempotency-key'] ? { idempotencyKey: opts['idempotency-key'] as string } : {});
  return finishJob(wb, out, job, opts.out as string | undefined);
}

/** Waits for a job with live progress on stderr; Ctrl-C cancels it. Prints the result. */
async function finishJob(wb: Workbench, out: Out, job: JobRecord, outDir: string | undefined): Promise<number> {
  const done = await waitWithProgress(wb, out, job.id);
  const listed = await exportArtefacts(wb, done.id, outDir);
  const error = done.error ? localize(done.error, out.lang) : null;
  const result = {
    job: { id: done.id, status: done.status, cached: done.cached },
    artefacts: listed,
    metrics: done.metrics,
    error,
  };
  if (out.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else {
    process.stdout.write(`job ${done.id}: ${done.status}${done.cached ? ' (cached)' : ''}\n`);
    if (done.metrics) {
      const m = done.metrics;
      const b = m.bbox_mm;
      process.stdout.write(
        `  solids ${m.solids}, faces ${m.faces}, edges ${m.edges}, volume ${m.volume_mm3?.toFixed(2) ?? '—'} mm³, area ${m.area_mm2.toFixed(2)} mm²\n` +
          `  bbox ${fmt(b.xmax - b.xmin)} × ${fmt(b.ymax - b.ymin)} × ${fmt(b.zmax - b.zmin)} mm${m.mass_g != null ? `, mass ${m.mass_g} g (${m.material})` : ''}, ${m.triangles} triangles\n`,
      );
    }
    for (const a of listed) process.stdout.write(`  ${a.kind.padEnd(6)} ${a.path}  (${a.bytes} B, sha256 ${a.sha256.slice(0, 12)}…)\n`);
    if (error) printError(error);
  }
  return done.status === 'succeeded' ? 0 : 1;
}

const fmt = (v: number) => (Math.round(v * 1000) / 1000).toString();

function jobsCommand(wb: Workbench, out: Out, status: string | undefined): number {
  const statuses = status ? (status.split(',') as JobRecord['status'][]) : undefined;
  const jobs = wb.jobsRepo.list(statuses ? { status: statuses, limit: 200 } : { limit: 200 });
  const rows = jobs.map((j) => ({ id: j.id, type: j.type, status: j.status, cached: j.cached, created_at: j.created_at }));
  const text = rows.length
    ? rows.map((r) => `${r.id}  ${r.type.padEnd(9)} ${r.status.padEnd(10)} ${r.cached ? 'cached ' : '       '}${r.created_at}`).join('\n')
    : 'no jobs yet';
  print(out, { jobs: rows }, text);
  return 0;
}

function jobCommand(wb: Workbench, out: Out, id: string): number {
  const job = wb.jobs.get(id);
  const artefacts = wb.jobs.artefactsOf(id).map((a) => ({ kind: a.kind, name: a.name, path: wb.artefacts.pathFor(a.sha256), sha256: a.sha256, bytes: a.size }));
  const error = job.error ? localize(job.error, out.lang) : null;
  const json = { job: { ...job, error }, artefacts, metrics: job.metrics, error };
  const steps = job.document.steps.map((s) => `  ${s.status.padEnd(8)} ${STEPS[s.name]?.[out.lang] ?? s.name}${s.duration_ms !== undefined ? ` (${s.duration_ms} ms)` : ''}`);
  print(out, json, [`job ${job.id}: ${job.type} ${job.status}${job.cached ? ' (cached)' : ''}`, ...steps, ...artefacts.map((a) => `  ${a.kind.padEnd(6)} ${a.path}`), ...(error ? [`  error ${error.code}: ${error.message}`] : [])].join('\n'));
  return 0;
}

// Run when executed directly (bin/tezgah.mjs imports this module and calls main).
if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
