// The backup API's path rule: only the local CLI may name a file (`to`, `file`); the UI hosts work
// in backups/ by name, and a name is a bare file name.
import { describe, expect, it } from 'vitest';
import { api } from '../../shared/api/index.js';
import { backupApi } from '../../electron/domains/backup/api.js';
import type { BackupScheduler } from '../../electron/domains/backup/schedule.js';
import type { BackupService } from '../../electron/domains/backup/service.js';

const calls: unknown[] = [];
const service = {
  create: async (o: unknown) => (calls.push(['create', o]), {}),
  list: async () => [],
  verify: async (o: unknown) => (calls.push(['verify', o]), { ok: true, file: '', problems: [] }),
} as unknown as BackupService;
const scheduler = {} as unknown as BackupScheduler;

describe('backup API paths', () => {
  it('refuses a path from a UI host and passes it from the CLI', async () => {
    const ui = backupApi({ backups: service, scheduler, dataDir: '/nonexistent', allowPaths: false });
    expect(() => ui['backup.create']({ to: '/home/ayse/.bashrc' })).toThrow(expect.objectContaining({ code: 'PATH_NOT_GRANTED' }));
    expect(() => ui['backup.verify']({ file: '/etc/passwd' })).toThrow(expect.objectContaining({ code: 'PATH_NOT_GRANTED' }));
    await ui['backup.create']({});
    const cli = backupApi({ backups: service, scheduler, dataDir: '/nonexistent', allowPaths: true });
    await cli['backup.create']({ to: '/tmp/b.tar.gz' });
    expect(calls).toEqual([
      ['create', {}],
      ['create', { to: '/tmp/b.tar.gz' }],
    ]);
  });

  it('takes only a bare backup name', () => {
    const input = api['backup.verify'].input;
    expect(input.safeParse({ name: 'tezgah-backup-20261203-080000.tar.gz' }).success).toBe(true);
    for (const name of ['../tezgah.db.tar.gz', 'a/b.tar.gz', '.hidden.tar.gz', 'x.zip'])
      expect(input.safeParse({ name }).success, name).toBe(false);
  });
});
