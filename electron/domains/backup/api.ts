// The backup API group. A path (`to`, `file`) is the local CLI user's to name; the UI hosts work in
// backups/ by name only.
import type { ApiGroup } from '../../../shared/api/index.js';
import { TezgahError } from '../../../shared/errors.js';
import type { BackupService } from './service.js';

export function backupApi(d: { backups: BackupService; allowPaths: boolean }): ApiGroup<'backup'> {
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
  };
}
