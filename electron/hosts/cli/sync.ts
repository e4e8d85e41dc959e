// `tezgah sync [--once] [--json]`, `tezgah sync status [--json]`, `tezgah pull <job-id> [--json]`
// (and `tezgah sync test` for "test connection"). Thin: the SyncService does the work. Each
// command returns its exit code: 0 done, 1 a coded failure, 2 usage.
//
// The configuration is the app's: Settings → Team sync, else the environment: TEZGAH_S3_ENDPOINT,
// TEZGAH_S3_REGION, TEZGAH_S3_BUCKET, TEZGAH_S3_PREFIX, TEZGAH_S3_FORCE_PATH_STYLE,
// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (else the standard AWS credential chain).
import { parseArgs } from 'node:util';
import { errorSeverity, toErrorPayload, type ErrorPayload, type Lang } from '../../../shared/errors.js';
import type { ArtefactStore } from '../../platform/artefact-store.js';
import type { ArtefactRepo } from '../../platform/artefacts-repo.js';
import type { Database } from '../../platform/db.js';
import type { JobRepo } from '../../platform/jobs-repo.js';
import type { SyncReport, SyncService, SyncStatus } from '../../domains/sync/service.js';

/** What the sync commands need (electron/hosts/cli/main.ts passes the app's; tests a seat's). */
export interface SyncHost {
  db?: Database;
  jobsRepo?: JobRepo;
  artefactRepo?: ArtefactRepo;
  artefacts: ArtefactStore;
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
  lang: Lang;
  /** the app's service (Settings over the environment, as the UI has it) */
  sync: SyncService;
}

interface Flags {
  json: boolean;
  once: boolean;
  positionals: string[];
}

function flags(args: string[]): Flags {
  // global options (--data-dir, --lang …) are the main CLI's business; they are let through here
  const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: false, options: { json: { type: 'boolean' }, once: { type: 'boolean' } } });
  return { json: values.json === true, once: values.once === true, positionals: positionals.filter((p) => p !== 'sync' && p !== 'pull') };
}

/** `tezgah sync [--once] [--json]`, `tezgah sync status [--json]`, `tezgah sync test [--json]`. */
export async function syncCommand(wb: SyncHost, args: string[], _appVersion?: string): Promise<number> {
  quietSdkOnOldNode();
  const f = flags(args);
  const sub = f.positionals[0];
  const service = wb.sync;
  {
    if (sub === 'status') return statusCommand(service, f, wb.lang);
    if (sub === 'test') return await testCommand(service, f, wb.lang);
    if (sub !== undefined) {
      process.stderr.write(`unknown sync command '${sub}'\nusage: tezgah sync [--once] [--json] | tezgah sync status [--json] | tezgah sync test [--json]\n`);
      return 2;
    }
    const report = f.once ? await service.syncOnce() : await untilDone(service, f);
    if (f.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    else printReport(report);
    return report.errors.some((e) => errorSeverity(e.code) === 'error') ? 1 : 0;
  }
}

/**
 * Without --once: passes until nothing is left to send, waiting out an unreachable store with
 * exponential backoff (1 s … 60 s); a problem a person must fix (credentials, bucket) ends it.
 * Ctrl-C stops with what was done so far.
 */
async function untilDone(service: SyncService, f: Flags): Promise<SyncReport> {
  const total: SyncReport = { uploaded: 0, skipped: 0, failed: 0, downloaded: 0, bytes_uploaded: 0, bytes_downloaded: 0, conflicts: 0, errors: [] };
  let stop = false;
  let wake: (() => void) | null = null;
  const onSigint = () => {
    stop = true;
    wake?.();
  };
  process.on('SIGINT', onSigint);
  try {
    for (let attempt = 0; !stop; attempt++) {
      const r = await service.syncOnce();
      for (const k of ['uploaded', 'skipped', 'failed', 'downloaded', 'bytes_uploaded', 'bytes_downloaded', 'conflicts'] as const) total[k] += r[k];
      const offline = r.errors.find((e) => e.code === 'SYNC_UNREACHABLE');
      const permanent = r.errors.some((e) => errorSeverity(e.code) === 'error' && e.code !== 'SYNC_UNREACHABLE');
      if (!offline || permanent) {
        total.errors.push(...r.errors);
        break;
      }
      const wait = Math.min(60_000, 1000 * 2 ** attempt);
      if (!f.json) process.stderr.write(`offline: ${offline.hint || offline.message} — retrying in ${Math.round(wait / 1000)} s (Ctrl-C stops)\n`);
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

function printReport(r: SyncReport): void {
  const mb = (b: number) => (b / (1024 * 1024)).toFixed(2);
  process.stdout.write(
    `uploaded ${r.uploaded} (${mb(r.bytes_uploaded)} MB), skipped ${r.skipped} already in the store, failed ${r.failed}; ` +
      `read ${r.downloaded} job manifests (${mb(r.bytes_downloaded)} MB)${r.conflicts ? `; ${r.conflicts} conflicts kept side by side` : ''}\n`,
  );
  for (const e of r.errors) printError(e);
}

function printError(e: ErrorPayload): void {
  const what = errorSeverity(e.code) === 'warning' ? 'warning' : 'error';
  process.stderr.write(`${what} ${e.code}: ${e.message}\n${e.hint && e.hint !== '—' ? `hint: ${e.hint}\n` : ''}`);
}

function statusCommand(service: SyncService, f: Flags, lang: Lang): number {
  const s = service.status();
  const failed = service.outbox.failedItems();
  const conflicts = service.library.conflicts();
  if (f.json) {
    process.stdout.write(JSON.stringify({ ...s, failed_items: failed, conflict_list: conflicts }, null, 2) + '\n');
    return 0;
  }
  process.stdout.write(statusLine(s, lang) + '\n');
  for (const i of failed) process.stdout.write(`  failed ${i.kind} of job ${i.job_id}${i.sha256 ? ` (${i.sha256.slice(0, 12)}…)` : ''}: ${i.error?.code ?? ''} ${i.error?.message ?? ''}\n`);
  for (const c of conflicts) process.stdout.write(`  conflict: job ${c.job_id} (${c.direction}) — the other version is kept as ${c.kept_as}\n`);
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

async function testCommand(service: SyncService, f: Flags, lang: Lang): Promise<number> {
  const r = await service.testConnection();
  if (f.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
  else {
    process.stdout.write(`${r.store ?? (lang === 'tr' ? 'eşitleme ayarlanmamış' : 'sync is not set up')}\n`);
    for (const s of r.steps) process.stdout.write(`  ${s.ok === true ? 'ok  ' : s.ok === false ? 'FAIL' : '  – '} ${s.step.padEnd(12)}${s.detail ? ` ${s.detail}` : ''}\n`);
    if (r.error) printError(r.error);
  }
  return r.ok ? 0 : 1;
}

/** `tezgah pull <job-id> [--json]`: the job's files into the local store, verified; prints the job like `tezgah make`. */
export async function pullCommand(wb: SyncHost, args: string[], _appVersion?: string): Promise<number> {
  quietSdkOnOldNode();
  const f = flags(args);
  const id = f.positionals[0];
  if (!id) {
    process.stderr.write('usage: tezgah pull <job-id> [--json]\n');
    return 2;
  }
  const service = wb.sync;
  try {
    const r = await service.pull(id);
    const artefacts = r.artefacts.map((a) => ({ kind: a.kind, name: a.name, path: wb.artefacts.pathFor(a.sha256), sha256: a.sha256, bytes: a.size }));
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
    if (f.json) process.stdout.write(JSON.stringify(json, null, 2) + '\n');
    else {
      process.stdout.write(`job ${r.job.id}: ${r.job.status}, from ${r.origin.user} on seat ${r.origin.seat_id.slice(0, 8)} (${r.origin.key})${r.pulled ? '' : ' — already here'}\n`);
      if (r.conflict) process.stdout.write(`  another job has the id ${r.job.id.split('~')[0]} here; this one is kept beside it as ${r.job.id}\n`);
      for (const a of artefacts) process.stdout.write(`  ${a.kind.padEnd(6)} ${a.path}  (${a.bytes} B, sha256 ${a.sha256.slice(0, 12)}…)\n`);
    }
    return 0;
  } catch (e) {
    const error = toErrorPayload(e, wb.lang);
    if (f.json) process.stdout.write(JSON.stringify({ job: null, artefacts: [], metrics: null, error }, null, 2) + '\n');
    else printError(error);
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
