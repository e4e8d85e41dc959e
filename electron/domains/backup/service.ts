// Backups of this app's data dir, kept in <data dir>/backups/ (each archive with a small JSON
// record beside it, so the list needs no archive read), taken while jobs run. Every backup made
// is an audit entry. Restore is not here: it replaces a data dir, so it runs with the app closed
// (archive.ts restoreBackup, `tezgah backup restore`).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { BackupInfo, BackupReport } from '../../../shared/api/index.js';
import { TezgahError } from '../../../shared/errors.js';
import type { AuditLog } from '../../platform/audit.js';
import { type BackupProgress, type BackupSource, createBackup, stripManifest, verifyBackup } from './archive.js';

const Info = z.object({
  file: z.string(),
  name: z.string(),
  size: z.number(),
  sha256: z.string(),
  created_at: z.string(),
  app_version: z.string(),
  counts: z.object({ jobs: z.number(), artefacts: z.number(), audit_entries: z.number() }),
  auto: z.boolean().optional(),
  scheduled_at: z.string().optional(),
});

/** The names the scheduler gives its backups: the only archives retention ever deletes. */
export const AUTO_BACKUP_NAME = /^tezgah-auto-\d{8}-\d{6}\.tar\.gz$/;
const stamp = (iso: string) => iso.slice(0, 19).replace(/[-:]/g, '').replace('T', '-');

export interface BackupServiceDeps {
  source: BackupSource;
  audit: AuditLog;
  actor: string;
}

export interface CreateOptions {
  to?: string;
  onProgress?: (p: BackupProgress) => void;
  auto?: boolean;
  at?: Date;
}

export class BackupService {
  readonly dir: string;
  private running: Promise<BackupInfo> | null = null;

  constructor(private readonly d: BackupServiceDeps) {
    this.dir = path.join(d.source.dataDir, 'backups');
  }

  /**
   * A new backup in backups/ (or at `to`); one at a time: a second call while one runs gets the same.
   * `auto`: made by the schedule at the time `at` (its clock), named tezgah-auto-…, and subject to
   * retention (prune).
   */
  create(opts: CreateOptions = {}): Promise<BackupInfo> {
    this.running ??= this.make(opts).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async make(opts: CreateOptions): Promise<BackupInfo> {
    const now = (opts.at ?? this.d.source.now?.() ?? new Date()).toISOString();
    const name = opts.auto ? `tezgah-auto-${stamp(now)}.tar.gz` : `tezgah-backup-${stamp(now)}.tar.gz`;
    const to = opts.to ? path.resolve(opts.to) : path.join(this.dir, name);
    const made = await createBackup(this.d.source, to, opts.onProgress);
    const info: BackupInfo = opts.auto && !opts.to ? { ...made, auto: true, scheduled_at: now } : made;
    if (!opts.to) await fsp.writeFile(`${to}.json`, `${JSON.stringify(info, null, 2)}\n`);
    this.d.audit.append({
      actor: this.d.actor,
      action: 'backup.create',
      entity_type: 'backup',
      entity_id: info.name,
      payload: { sha256: info.sha256, size: info.size, counts: info.counts },
    });
    return info;
  }

  /** The backups in backups/, newest first. */
  async list(): Promise<BackupInfo[]> {
    const names = await fsp.readdir(this.dir).catch(() => [] as string[]);
    const out: BackupInfo[] = [];
    for (const n of names) {
      if (!n.endsWith('.tar.gz.json')) continue;
      const archive = path.join(this.dir, n.slice(0, -'.json'.length));
      if (!fs.existsSync(archive)) continue;
      try {
        const info = Info.parse(JSON.parse(await fsp.readFile(path.join(this.dir, n), 'utf8')));
        out.push({ ...info, file: archive, name: path.basename(archive) });
      } catch {
        // a record we cannot read: the archive is still there, verify tells what it holds
      }
    }
    return out.sort((a, b) => b.created_at.localeCompare(a.created_at));
  }

  /**
   * Retention: keeps the newest `keep` of the scheduler's own backups in backups/ (named
   * tezgah-auto-… and recorded as auto) and deletes the rest, archive and record. Backups made by
   * hand, or anything else in the folder, are never touched. Returns the names deleted.
   */
  async prune(keep: number): Promise<string[]> {
    const auto = (await this.list())
      .filter((b) => b.auto && AUTO_BACKUP_NAME.test(b.name) && path.dirname(b.file) === this.dir)
      .sort((a, b) => (b.scheduled_at ?? b.created_at).localeCompare(a.scheduled_at ?? a.created_at));
    const gone: string[] = [];
    for (const b of auto.slice(Math.max(1, keep))) {
      await fsp.rm(path.join(this.dir, b.name), { force: true });
      await fsp.rm(path.join(this.dir, `${b.name}.json`), { force: true });
      gone.push(b.name);
      this.d.audit.append({ actor: this.d.actor, action: 'backup.prune', entity_type: 'backup', entity_id: b.name, payload: { keep } });
    }
    return gone;
  }

  /** The archive of a backup in backups/ by name (NOT_FOUND when there is none). */
  fileOf(name: string): string {
    const file = path.join(this.dir, path.basename(name));
    if (!fs.existsSync(file)) throw new TezgahError('NOT_FOUND', { id: name });
    return file;
  }

  /** Checks a backup in backups/ by name, or any archive by path. */
  async verify(target: { name?: string; file?: string }): Promise<BackupReport> {
    const file = target.name ? path.join(this.dir, target.name) : target.file;
    if (!file) throw new TezgahError('VALIDATION_ERROR', { field: 'name', detail: 'name a backup' });
    return stripManifest(await verifyBackup(file));
  }
}
