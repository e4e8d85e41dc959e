// `tezgah` — the command line over the same App and the same API handlers the UI uses.
// Exit codes: 0 success, 1 a coded failure (job failed, validation, FreeCAD missing …), 2 usage.
import type { ApiEventPayload } from '../../../shared/api/index.js';
import type { Lang } from '../../../shared/errors.js';
import type { JobRecord } from '../../../shared/jobs.js';
import { STEPS } from '../../../shared/steps.js';
import { App, APP_VERSION, defaultDataDir, detectLang } from '../../app/app.js';
import { applyPendingRestore, recordRestore } from '../../domains/backup/pending.js';
import { partApi } from '../../domains/part/api.js';
import { createApiHandlers, subscribeApiEvents } from '../api/handlers.js';
import { serveCommand } from '../server/server.js';
import { need, parseCommandLine, UsageError } from './args.js';
import { BACKUP_USAGE, backupCommand, restoreCommand } from './backup.js';
import { BATCH_USAGE, batchCommand } from './batch.js';
import { ASSEMBLE_USAGE, assembleCommand } from './assembly.js';
import { camCommand, gcodeCommand } from './cam.js';
import { checkCommand } from './check.js';
import { drawingCommand } from './drawing.js';
import { EXPORT_USAGE, exportCommand } from './export.js';
import { femCommand } from './fem.js';
import { IMPORT_USAGE, importCommand } from './import.js';
import { Out } from './output.js';
import { promptCommand, scriptCommand } from './prompt.js';
import { exportArtefacts, fmt, jobOutcome, submit, waitWithProgress, type Cli } from './run.js';
import { pullCommand, syncCommand } from './sync.js';

const USAGE = `tezgah ${APP_VERSION} — CAD/CAM workbench on FreeCAD 1.1

Usage:
  tezgah make <template> --param name=value … [--material M] [--process P] [--out DIR] [--json]
  tezgah templates [--json]
  ${BATCH_USAGE.replace('usage: ', '')}   one job per CSV row (header: parameter names, e.g. length_mm)
  tezgah jobs [--status S] [--json]
  tezgah job <id> [--json]
  tezgah cancel <id>
  tezgah retry <id> [--json]
  tezgah logs <job-id>
  tezgah doctor [--json]
  tezgah audit verify [--json]
  ${BACKUP_USAGE}
  tezgah sync [--once] [--json]        push finished jobs to the team's S3 store, then list what it has
  tezgah sync status|test [--json]     outbox state / check the connection step by step
  tezgah pull <job-id> [--json]        download a team job's files into the local store
  tezgah serve [--port P] [--host H]   the app in a browser (prints the URL with its token)
  tezgah cam <part-file|job-id> --machine ID [--stock-margin MM] [--ops facing,profile,pocket,drill,adaptive]
             [--tool ID …] [--post grbl|linuxcnc|fanuc] [--origin part|stock-corner|stock-centre] [--out DIR] [--json]
  tezgah gcode check FILE --machine ID [--json]   exit 0 ok, 1 an error-level finding, 2 unreadable
  tezgah drawing <job-id|part-file|template> [--sheet A4|A3|auto] [--projection first|third]
             [--views front,top,right,iso] [--scale 1:2] [--param name=value …] [--out DIR] [--json]
  tezgah fem <part-file|job-id> [--spec FILE.json] [--analysis static|modal] [--material ID] [--fix FACES …]
             [--load FACES:X,Y,Z[N] …] [--pressure FACES:P[MPa] …] [--mesh SIZE[mm]] [--first-order] [--modes N] [--out DIR] [--json]
  tezgah check <job-id|part-file> --process milling|fdm [--machine ID] [--setups +z,-z] [--tool ID …] [--min-wall MM] [--json]
             manufacturability: exit 0 ok, 1 an error-level finding, 2 unreadable input
  ${IMPORT_USAGE}
  ${EXPORT_USAGE.replace('usage: ', '')}
  tezgah prompt "TEXT" [--lang tr|en|auto] [--out DIR] [--json]   a part from a sentence (TEZGAH_AI_BASE_URL, _MODEL, _API_KEY)
  tezgah script check FILE.py [--json]   script policy only: exit 0 ok, 1 findings, 2 unreadable
  tezgah script run FILE.py [--out DIR] [--json]   policy, sandboxed run, exports
  ${ASSEMBLE_USAGE.replace('usage: ', '')}   parts placed by joints, solved, clash-checked, with a BOM

Global: --data-dir DIR (or TEZGAH_DATA_DIR), --lang tr|en, --idempotency-key K, --timeout S`;

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandLine(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { opts, positionals } = parsed;
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
  const out = new Out(opts.json ?? false, lang);

  let app: App | undefined;
  try {
    // the template list needs no data dir: its API group alone answers
    if (command === 'templates') return await templatesCommand(out, partApi()['templates.list']({}));
    // a restore replaces the data dir: no App may have it open
    if (command === 'backup' && rest[0] === 'restore') return await restoreCommand(out, rest, opts['data-dir'], opts.force ?? false);
    const timeout = opts.timeout ? Number(opts.timeout) : undefined;
    if (timeout !== undefined && !(timeout > 0)) throw new UsageError('--timeout must be a positive number of seconds');
    // `tezgah serve` is a UI host: a restore asked for in Settings → Backups is applied before it opens the data dir
    const restored = command === 'serve' ? await applyPendingRestore(opts['data-dir'] ?? defaultDataDir(process.env)) : null;
    app = new App({
      ...(opts['data-dir'] ? { dataDir: opts['data-dir'] } : {}),
      lang,
      ...(timeout ? { jobTimeoutMs: timeout * 1000 } : {}),
    });
    recordRestore(app.audit, restored, 'cli');
    if (command === 'serve')
      return await serveCommand(app, {
        ...(opts.port !== undefined ? { port: opts.port } : {}),
        ...(opts.host ? { host: opts.host } : {}),
      });
    const shown = app;
    // the user runs the CLI on this machine: an artefact's address is its file in the store
    const api = createApiHandlers(app, {
      kind: 'cli',
      hrefFor: (a) => shown.artefacts.pathFor(a.sha256),
      lang: () => lang,
      maxLogLines: Number.POSITIVE_INFINITY,
    });
    const cli: Cli = {
      api,
      start: () => shown.start(),
      onJob: (listener) =>
        subscribeApiEvents(
          shown,
          (event, payload) => {
            if (event === 'job') listener(payload as ApiEventPayload<'job'>);
          },
          () => lang,
        ),
      out,
      opts,
    };
    return await run(cli, command, rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(
        e.usage === undefined ? `${e.message}\n\n${USAGE}\n` : e.usage ? `${e.message}\n${e.usage}\n` : `${e.message}\n`,
      );
      return 2;
    }
    const error = out.payload(e);
    if (out.json) out.data({ error });
    else out.error(error);
    return 1;
  } finally {
    await app?.dispose();
  }
}

async function run(cli: Cli, command: string, rest: string[]): Promise<number> {
  const { api, out } = cli;
  switch (command) {
    case 'make':
      return await makeCommand(cli, rest);
    case 'jobs':
      return await jobsCommand(cli);
    case 'job':
      return await jobCommand(cli, need(rest[0], 'job id'));
    case 'cancel': {
      const job = await api['jobs.cancel']({ id: need(rest[0], 'job id') });
      out.print({ job: { id: job.id, status: job.status } }, `cancel requested: ${job.id} (${job.status})`);
      return 0;
    }
    case 'retry': {
      cli.start();
      const job = await api['jobs.retry']({ id: need(rest[0], 'job id') });
      return await finishJob(cli, job);
    }
    case 'logs': {
      const { lines } = await api['jobs.log']({ id: need(rest[0], 'job id') });
      for (const line of lines) out.line(line);
      return 0;
    }
    case 'doctor': {
      const report = await api['app.doctor']({});
      if (out.json) out.data(report);
      else {
        const fc = report.freecad;
        out.lines([
          `Tezgah ${report.app_version} on ${report.platform}, Node ${report.node}`,
          `data dir:  ${report.data_dir} (writable)`,
          `FreeCAD:   ${fc.found ? `${fc.version} (${fc.kind}: ${fc.path})` : `NOT FOUND — ${fc.error?.message} ${fc.error?.hint}`}`,
          `sandbox:   ${report.sandbox.ok ? 'bubblewrap works (no network, read-only runtime, job dir only)' : `UNAVAILABLE — ${report.sandbox.problem ?? 'FreeCAD missing'}`}`,
          report.ok ? 'All good.' : 'Problems found (see above).',
        ]);
      }
      return report.ok ? 0 : 1;
    }
    case 'audit': {
      if (rest[0] !== 'verify') throw new UsageError('usage: tezgah audit verify');
      const r = await api['audit.verify']({});
      out.print(r, r.ok ? `audit chain ok (${r.count} entries)` : `audit chain BROKEN at entry ${r.broken_at}: ${r.reason ?? ''}`);
      return r.ok ? 0 : 1;
    }
    case 'backup':
      return await backupCommand(cli, rest);
    case 'sync':
      return await syncCommand(cli, rest);
    case 'pull':
      return await pullCommand(cli, rest);
    case 'cam':
      return await camCommand(cli, rest);
    case 'assemble':
      return await assembleCommand(cli, rest);
    case 'gcode':
      return await gcodeCommand(cli, rest);
    case 'drawing':
      return await drawingCommand(cli, rest, parseParams);
    case 'fem':
      return await femCommand(cli, rest);
    case 'export':
      return await exportCommand(cli, rest);
    case 'batch':
      return await batchCommand(cli, rest);
    case 'check':
      return await checkCommand(cli, rest);
    case 'import':
      return await importCommand(cli, rest);
    case 'prompt':
      return await promptCommand(cli, rest);
    case 'script':
      return await scriptCommand(cli, rest);
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}

async function templatesCommand(out: Out, templates: ReturnType<ReturnType<typeof partApi>['templates.list']>): Promise<number> {
  const list = (await templates).map((t) => ({
    id: t.id,
    label: t.label[out.lang],
    description: t.description[out.lang],
    params: t.params.map((p) => ({ name: p.name, label: p.label[out.lang], unit: p.unit, min: p.min, max: p.max, default: p.default })),
  }));
  const text = list
    .map(
      (t) =>
        `${t.id} — ${t.label}\n${t.params.map((p) => `  ${p.name.padEnd(22)} ${String(p.default).padStart(6)} ${p.unit.padEnd(5)} [${p.min}…${p.max}]  ${p.label}`).join('\n')}`,
    )
    .join('\n\n');
  out.print({ templates: list }, text);
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

async function makeCommand(cli: Cli, rest: string[]): Promise<number> {
  const { opts } = cli;
  const template = need(rest[0], 'template name');
  const job = await submit(cli, {
    type: 'template',
    template,
    params: parseParams(opts.param),
    ...(opts.material ? { material: opts.material } : {}),
    ...(opts.process ? { process: opts.process } : {}),
  });
  return finishJob(cli, job);
}

/** Waits for a job with live progress on stderr; Ctrl-C cancels it. Prints the result. */
async function finishJob(cli: Cli, job: JobRecord): Promise<number> {
  const { out } = cli;
  const done = await waitWithProgress(cli, job.id);
  const result = await jobOutcome(cli, done);
  if (out.json) out.data(result);
  else {
    out.line(`job ${done.id}: ${done.status}${done.cached ? ' (cached)' : ''}`);
    if (done.metrics) {
      const m = done.metrics;
      const b = m.bbox_mm;
      out.lines([
        `  solids ${m.solids}, faces ${m.faces}, edges ${m.edges}, volume ${m.volume_mm3?.toFixed(2) ?? '—'} mm³, area ${m.area_mm2.toFixed(2)} mm²`,
        `  bbox ${fmt(b.xmax - b.xmin)} × ${fmt(b.ymax - b.ymin)} × ${fmt(b.zmax - b.zmin)} mm${m.mass_g != null ? `, mass ${m.mass_g} g (${m.material})` : ''}, ${m.triangles} triangles`,
      ]);
    }
    for (const a of result.artefacts) out.line(`  ${a.kind.padEnd(6)} ${a.path}  (${a.bytes} B, sha256 ${a.sha256.slice(0, 12)}…)`);
    if (result.error) out.error(result.error);
  }
  return done.status === 'succeeded' ? 0 : 1;
}

async function jobsCommand(cli: Cli): Promise<number> {
  const { api, out, opts } = cli;
  const statuses = opts.status ? (opts.status.split(',') as JobRecord['status'][]) : undefined;
  const jobs = await api['jobs.list'](statuses ? { status: statuses, limit: 200 } : { limit: 200 });
  const rows = jobs.map((j) => ({ id: j.id, type: j.type, status: j.status, cached: j.cached, created_at: j.created_at }));
  const text = rows.length
    ? rows.map((r) => `${r.id}  ${r.type.padEnd(9)} ${r.status.padEnd(10)} ${r.cached ? 'cached ' : '       '}${r.created_at}`).join('\n')
    : 'no jobs yet';
  out.print({ jobs: rows }, text);
  return 0;
}

async function jobCommand(cli: Cli, id: string): Promise<number> {
  const { api, out } = cli;
  const { job } = await api['jobs.get']({ id });
  const artefacts = await exportArtefacts(cli, id, undefined);
  const error = job.error ? out.localize(job.error) : null;
  const json = { job: { ...job, error }, artefacts, metrics: job.metrics, error };
  const steps = job.document.steps.map(
    (s) => `  ${s.status.padEnd(8)} ${STEPS[s.name]?.[out.lang] ?? s.name}${s.duration_ms !== undefined ? ` (${s.duration_ms} ms)` : ''}`,
  );
  out.print(
    json,
    [
      `job ${job.id}: ${job.type} ${job.status}${job.cached ? ' (cached)' : ''}`,
      ...steps,
      ...artefacts.map((a) => `  ${a.kind.padEnd(6)} ${a.path}`),
      ...(error ? [`  error ${error.code}: ${error.message}`] : []),
    ].join('\n'),
  );
  return 0;
}

// Run when executed directly (bin/tezgah.mjs imports this module and calls main).
if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
