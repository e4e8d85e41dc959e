// The backup API group. A path (`to`, `file`) is the local CLI user's to name; the UI hosts work in
// backups/ by name only.
import type { ApiGroup } from '../../../shared/api/index.js';
import { TezgahError } from '../../../shared/errors.js';
import { clearPending, readOutcome, readPending, writePending } from './pending.js';
import type { BackupScheduler } from './schedule.js';
import type { BackupService } from './service.js';

export function backupApi(d: {
  backups: BackupService;
  scheduler: BackupScheduler;
  dataDir: string;
  allowPaths: boolean;
  now?: () => Date;
}): ApiGroup<'backup'> {
  const path = (field: string, v: string | undefined) => {
    if (v !== undefined && !d.allowPaths) throw new TezgahError('PATH_NOT_GRANTED', { field });
    return v;
  };
  return {
    'backup.create': ({ to }) => {
      const target = path('to', to);
      return d.backups.create(target ? { to: target } : {});
    },
    'backup.list': () => d.backups.list(),
    'backup.verify': ({ name, file }) => {
      const f = path('file', file);
      return d.backups.verify({ ...(name ? { name } : {}), ...(f ? { file: f } : {}) });
    },
    'backup.schedule': () => d.scheduler.info(),
    'backup.setSchedule': (patch) => d.scheduler.set(patch),
    'backup.restore': async ({ name }) => {
      d.backups.fileOf(name);
      const report = await d.backups.verify({ name });
      if (!report.ok) {
        const p = report.problems[0];
        throw new TezgahError('BACKUP_CORRUPT', { path: name, reason: p ? `${p.path}: ${p.problem}` : 'unreadable' });
      }
      const info = (await d.backups.list()).find((b) => b.name === name);
      if (!info) throw new TezgahError('NOT_FOUND', { id: name });
      const pending = {
        name,
        sha256: info.sha256,
        created_at: report.created_at ?? info.created_at,
        requested_at: (d.now?.() ?? new Date()).toISOString(),
      };
      await writePending(d.dataDir, pending);
      return { pending, restart_required: true as const };
    },
    'backup.restoreStatus': () => ({ pending: readPending(d.dataDir), last: readOutcome(d.dataDir) }),
    'backup.cancelRestore': async () => {
      await clearPending(d.dataDir);
      return { pending: null };
    },
  };
}
