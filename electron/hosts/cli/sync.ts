// `tezgah sync [--once] [--json]`, `tezgah sync status [--json]`, `tezgah pull <job-id> [--json]`
// (and `tezgah sync test` for "test connection"), through the sync API group. Each
// command returns its exit code: 0 done, 1 a coded failure, 2 usage.
//
// The configuration is the app's: Settings → Team sync, else the environment: TEZGAH_S3_ENDPOINT,
// TEZGAH_S3_REGION, TEZGAH_S3_BUCKET, TEZGAH_S3_PREFIX, TEZGAH_S3_FORCE_PATH_STYLE,
// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (else the standard AWS credential chain).
import type { ApiHandlers, SyncIssues, SyncReport, SyncStatus } from '../../../shared/api/index.js';
import { errorSeverity, type Lang } from '../../../shared/errors.js';
import type { ArtefactStore } from '../../platform/artefact-store.js';
import { syncServiceApi } from '../../domains/sync/api.js';
import type { SyncService } from '../../domains/sync/service.js';
import { parseCommandLine, UsageError, type Opts } from './args.js';
import { Out } from './output.js';
import type { Cli } from './run.js';

/** What the sync commands use: the sync API's methods, the output writer and --once. */
export interface SyncCli {
  api: Pick<ApiHandlers, 'sync.now' | 'sync.status' | 'sync.issues' | 'sync.test' | 'sync.pull'>;
  out: Out;
  opts: Pick<Opts, 'once'>;
}

/** One seat's SyncService without an app around it (tests): the commands over its API methods. */
export interface SyncHost {
  artefacts: ArtefactStore;
  lang: Lang;
  sync: SyncService;
  [other: string]: unknown;
}

/** The command and its arguments: from the CLI (already parsed), or a seat and a command line of its own. */
function target(on: Cli | SyncHost, args: string[]): { cli: SyncCli; rest: string[] } {
  if ('api' in on) return { cli: on as Cli, rest: args };
  const host = on as SyncHost;
  const { opts, positionals } = parseCommandLine(args);
  const api = syncServiceApi({ service: () => host.sync, lang: () => host.lang, hrefFor: (a) => host.artefacts.pathFor(a.sha256) });
  return { cli: { api, out: new Out(opts.json ?? false, host.lang), opts }, rest: positionals };
}

const SYNC_USAGE = 'usage: tezgah sync [--once] [--json] | tezgah sync status [--json] | tezgah sync test [--json]';

/** `tezgah sync [--once] [--json]`, `tezgah sync status [--json]`, `tezgah sync test [--json]`. */
export async function syncCommand(on: Cli | SyncHost, args: string[], _appVersion?: string): Promise<number> {
  quietSdkOnOldNode();
  const { cli, rest } = target(on, args);
  const { api, out } = cli;
  const sub = rest[0];
  if (sub === 'status') return statusCommand(cli);
  if (sub === 'test') return await testCommand(cli);
  if (sub !== undefined) throw new UsageError(`unknown sync command '${sub}'`, SYNC_USAGE);
  const passed = cli.opts.once ? await api['sync.now']({}) : await untilDone(cli);
  const report = { ...passed, errors: passed.errors.map((e) => out.localize(e)) };
  if (out.json) out.data(report);
  else printReport(out, report);
  return report.errors.some((e) => errorSeverity(e.code) === 'error') ? 1 : 0;
}

/**
 * Without --once: passes until nothing is left to send, waiting out an unreachable store with
 * exponential backoff (1 s … 60 s); a problem a person must fix (credentials, bucket) ends it.
 * Ctrl-C stops with what was done so far.
 */
async function untilDone(cli: SyncCli): Promise<SyncReport> {
  const total: SyncReport = {
    uploaded: 0,
    skipped: 0,
    failed: 0,
    downloaded: 0,
    bytes_uploaded: 0,
    bytes_downloaded: 0,
    conflicts: 0,
    errors: [],
  };
  let stop = false;
  let wake: (() => void) | null = null;
  const onSigint = () => {
    stop = true;
    wake?.();
  };
  process.on('SIGINT', onSigint);
  try {
    for (let attempt = 0; !stop; attempt++) {
      const r = await cli.api['sync.now']({});
      for (const k of ['uploaded', 'skipped', 'failed', 'downloaded', 'bytes_uploaded', 'bytes_downloaded', 'conflicts'] as const)
        total[k] += r[k];
      const offline = r.errors.find((e) => e.code === 'SYNC_UNREACHABLE');
      const permanent = r.errors.some((e) => errorSeverity(e.code) === 'error' && e.code !== 'SYNC_UNREACHABLE');
      if (!offline || permanent) {
        total.errors.push(...r.errors);
        break;
      }
      const wait = Math.min(60_000, 1000 * 2 ** attempt);
      if (!cli.out.json)
        cli.out.note(`offline: ${offline.hint || offline.message} — retrying in ${Math.round(wait / 1000)} s (Ctrl-C stops)\n`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, wait);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      if (stop) total.errors.push(...r.errors);
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  return total;
}

function printReport(out: Out, r: SyncReport): void {
  const mb = (b: number) => (b / (1024 * 1024)).toFixed(2);
  out.line(
    `uploaded ${r.uploaded} (${mb(r.bytes_uploaded)} MB), skipped ${r.skipped} already in the store, failed ${r.failed}; ` +
      `read ${r.downloaded} job manifests (${mb(r.bytes_downloaded)} MB)${r.conflicts ? `; ${r.conflicts} conflicts kept side by side` : ''}`,
  );
  for (const e of r.errors) out.problem(e);
}

async function statusCommand(cli: SyncCli): Promise<number> {
  const { api, out } = cli;
  const status = await api['sync.status']({});
  const s = status.error ? { ...status, error: out.localize(status.error) } : status;
  const { failed_items: failed, conflict_list: conflicts }: SyncIssues = await api['sync.issues']({});
  if (out.json) {
    out.data({ ...s, failed_items: failed, conflict_list: conflicts });
    return 0;
  }
  out.line(statusLine(s, out.lang));
  for (const i of failed)
    out.line(
      `  failed ${i.kind} of job ${i.job_id}${i.sha256 ? ` (${i.sha256.slice(0, 12)}…)` : ''}: ${i.error?.code ?? ''} ${i.error?.message ?? ''}`,
    );
  for (const c of conflicts) out.line(`  conflict: job ${c.job_id} (${c.direction}) — the other version is kept as ${c.kept_as}`);
  return 0;
}

export function statusLine(s: SyncStatus, lang: Lang): string {
  const tr = lang === 'tr';
  const head =
    s.state === 'not_configured'
      ? tr
        ? 'eşitleme ayarlanmamış'
        : 'sync is not set up'
      : s.state === 'offline'
        ? tr
          ? 'çevrimdışı'
          : 'offline'
        : s.state === 'syncing'
          ? tr
            ? `eşitleniyor: ${s.done} / ${s.total}`
            : `syncing ${s.done} of ${s.total}`
          : s.state === 'up_to_date'
            ? tr
              ? 'güncel'
              : 'up to date'
            : tr
              ? 'hata'
              : 'error';
  const parts = [
    `${s.store ?? '—'}: ${head}${s.error ? ` — ${s.error.message} ${s.error.hint}`.trimEnd() : ''}`,
    `  ${s.pending} pending (${(s.bytes_pending / (1024 * 1024)).toFixed(2)} MB), ${s.failed} failed, ${s.conflicts} conflicts, ${s.remote_jobs} jobs in the team library`,
    `  last sync: ${s.last_sync_at ?? 'never'}${s.next_attempt_at ? `, next try: ${s.next_attempt_at}` : ''}; seat ${s.seat_id}`,
  ];
  return parts.join('\n');
}

async function testCommand(cli: SyncCli): Promise<number> {
  const { api, out } = cli;
  const tested = await api['sync.test']({});
  const r = tested.error ? { ...tested, error: out.localize(tested.error) } : tested;
  if (out.json) out.data(r);
  else {
    out.line(`${r.store ?? (out.lang === 'tr' ? 'eşitleme ayarlanmamış' : 'sync is not set up')}`);
    for (const s of r.steps)
      out.line(`  ${s.ok === true ? 'ok  ' : s.ok === false ? 'FAIL' : '  – '} ${s.step.padEnd(12)}${s.detail ? ` ${s.detail}` : ''}`);
    if (r.error) out.problem(r.error);
  }
  return r.ok ? 0 : 1;
}

/** `tezgah pull <job-id> [--json]`: the job's files into the local store, verified; prints the job like `tezgah make`. */
export async function pullCommand(on: Cli | SyncHost, args: string[], _appVersion?: string): Promise<number> {
  quietSdkOnOldNode();
  const { cli, rest } = target(on, args);
  const { api, out } = cli;
  const id = rest[0];
  if (!id) throw new UsageError('usage: tezgah pull <job-id> [--json]', '');
  try {
    const r = await api['sync.pull']({ id });
    const artefacts = r.artefacts.map((a) => ({ kind: a.kind, name: a.name, path: a.href, sha256: a.sha256, bytes: a.size }));
    const json = {
      job: { id: r.job.id, status: r.job.status, cached: r.job.cached },
      artefacts,
      metrics: r.job.metrics,
      error: r.job.error,
      origin: r.origin,
      pulled: r.pulled,
      conflict: r.conflict,
      bytes_downloaded: r.bytes_downloaded,
    };
    if (out.json) out.data(json);
    else {
      out.line(
        `job ${r.job.id}: ${r.job.status}, from ${r.origin.user} on seat ${r.origin.seat_id.slice(0, 8)} (${r.origin.key})${r.pulled ? '' : ' — already here'}`,
      );
      if (r.conflict) out.line(`  another job has the id ${r.job.id.split('~')[0]} here; this one is kept beside it as ${r.job.id}`);
      for (const a of artefacts) out.line(`  ${a.kind.padEnd(6)} ${a.path}  (${a.bytes} B, sha256 ${a.sha256.slice(0, 12)}…)`);
    }
    return 0;
  } catch (e) {
    const error = out.payload(e);
    if (out.json) out.data({ job: null, artefacts: [], metrics: null, error });
    else out.problem(error);
    return 1;
  }
}

/**
 * The AWS SDK warns on every run under Node < 22 that future versions will need Node 22. The
 * Electron app runs a newer Node; on the command line the warning is noise on stderr.
 */
function quietSdkOnOldNode(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
