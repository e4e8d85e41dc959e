// `tezgah backup create|list|verify|restore`. Create, list and verify go through the API handlers
// like every command; restore replaces a data dir, so it runs before any App opens one (main.ts).
import type { BackupReport } from '../../../shared/api/index.js';
import type { Lang } from '../../../shared/errors.js';
import { say, UI } from '../../../shared/i18n/index.js';
import { App, defaultDataDir } from '../../app/app.js';
import { restoreBackup } from '../../domains/backup/archive.js';
import { need, UsageError } from './args.js';
import type { Out } from './output.js';
import type { Cli } from './run.js';

export const BACKUP_USAGE = `tezgah backup create [--to FILE] [--json]      a consistent copy while the app runs (backups/ in the data dir)
  tezgah backup list [--json]
  tezgah backup verify NAME|FILE [--json]          exit 0 whole, 1 damaged
  tezgah backup restore FILE [--data-dir DIR] [--force] [--json]   into an empty data dir (--force: the old one is moved aside)`;

const T = UI.backup;
const mb = (n: number) => (n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

function reportLines(r: BackupReport, lang: Lang): string[] {
  if (r.ok)
    return [say(T.verified, lang, { jobs: r.counts?.jobs ?? 0, artefacts: r.counts?.artefacts ?? 0, created: r.created_at ?? '?' })];
  return [
    say(T.damaged, lang, { count: r.problems.length }),
    ...r.problems.slice(0, 50).map((p) => `  ${p.path}: ${say(T.problem[p.problem], lang)}${p.detail ? ` (${p.detail})` : ''}`),
  ];
}

export async function backupCommand(cli: Cli, rest: string[]): Promise<number> {
  const { api, out, opts } = cli;
  switch (rest[0]) {
    case 'create': {
      const info = await api['backup.create'](opts.to ? { to: opts.to } : {});
      out.print(
        info,
        say(T.created, out.lang, { file: info.file, size: mb(info.size), jobs: info.counts.jobs, artefacts: info.counts.artefacts }),
      );
      return 0;
    }
    case 'list': {
      const list = await api['backup.list']({});
      if (out.json) out.data(list);
      else if (!list.length) out.line(say(T.none, out.lang));
      else out.lines(list.map((b) => `${b.name}  ${b.created_at}  ${mb(b.size)}  ${b.counts.jobs}/${b.counts.artefacts}`));
      return 0;
    }
    case 'verify': {
      const target = need(rest[1], 'backup name or file', BACKUP_USAGE);
      const byName = /^[A-Za-z0-9][A-Za-z0-9._-]*\.tar\.gz$/.test(target) && !target.includes('/');
      const r = await api['backup.verify'](byName ? { name: target } : { file: target });
      if (out.json) out.data(r);
      else out.lines(reportLines(r, out.lang));
      return r.ok ? 0 : 1;
    }
    default:
      throw new UsageError(`unknown backup command '${rest[0] ?? ''}'`, BACKUP_USAGE);
  }
}

/** `tezgah backup restore FILE`: into the data dir, then the restored app checks its audit chain. */
export async function restoreCommand(out: Out, rest: string[], dataDir: string | undefined, force: boolean): Promise<number> {
  const file = need(rest[1], 'backup file', BACKUP_USAGE);
  const target = dataDir ?? defaultDataDir(process.env);
  const r = await restoreBackup(file, target, { force });
  const app = new App({ dataDir: r.data_dir, lang: out.lang });
  try {
    app.audit.append({
      actor: 'cli',
      action: 'backup.restore',
      entity_type: 'backup',
      entity_id: null,
      payload: { created_at: r.created_at ?? null, counts: r.counts ?? null, ...(r.moved_aside ? { moved_aside: r.moved_aside } : {}) },
    });
    const audit = app.audit.verify();
    const result = { ...r, audit };
    if (out.json) out.data(result);
    else
      out.lines([
        audit.ok
          ? say(T.restored, out.lang, { dir: r.data_dir, jobs: r.counts?.jobs ?? 0, artefacts: r.counts?.artefacts ?? 0 })
          : `audit chain BROKEN at entry ${audit.broken_at}: ${audit.reason ?? ''}`,
        ...(r.moved_aside ? [say(T.movedAside, out.lang, { dir: r.moved_aside })] : []),
      ]);
    return audit.ok ? 0 : 1;
  } finally {
    await app.dispose();
  }
}
