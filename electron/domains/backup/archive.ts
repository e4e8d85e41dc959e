// Backups of a data dir: one gzipped tar holding a consistent copy of the database (SQLite's online
// backup, taken while the app runs), the artefact files that copy names, the settings, the audit
// chain's install key, and a manifest with every file's SHA-256 (first in the archive).
//
// A backup is untrusted on the way back in (it may come from anywhere): verify reads the whole
// archive and checks every entry against the manifest before anything is written; restore allows
// only the paths a backup can hold, regular files only, sizes as the manifest says, extracts into a
// staging folder beside the target, checks the hashes again and the database's integrity, and only
// then moves the folder into place. A non-empty target is refused unless forced, and even then it
// is moved aside, never deleted.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as tar from 'tar';
import { z } from 'zod';
import { canonicalJson } from '../../../shared/canonical.js';
import { TezgahError } from '../../../shared/errors.js';
import type { BackupInfo, BackupReport } from '../../../shared/api/index.js';
import type { Database as Db } from '../../platform/db.js';
import { makeDir, storageError } from '../../platform/storage-errors.js';

export const BACKUP_FORMAT = 'tezgah-backup';
/** Everything a backup may hold; nothing else is read from an archive or written on restore. */
const ALLOWED = /^(manifest\.json|tezgah\.db|settings\.json|audit\.key|artefacts\/[0-9a-f]{2}\/[0-9a-f]{62})$/;
/** a manifest of ten million files is about 1.5 GB; anything larger is not ours */
const MAX_MANIFEST = 2 ** 31;
/** The archive's entries all carry this time, so the same data gives the same bytes. */
const EPOCH = new Date('2000-01-01T00:00:00Z');

const Sha = z.string().regex(/^[0-9a-f]{64}$/);
export const BackupManifest = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  format_version: z.literal(1),
  app_version: z.string().max(100),
  created_at: z.string().max(40),
  files: z.array(z.strictObject({ path: z.string().regex(ALLOWED), sha256: Sha, size: z.number().int().min(0) })).max(10_000_000),
  counts: z.strictObject({ jobs: z.number().int().min(0), artefacts: z.number().int().min(0), audit_entries: z.number().int().min(0) }),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

export interface BackupSource {
  db: Db;
  dataDir: string;
  /** root of the content-addressed artefact store */
  artefactsDir: string;
  appVersion: string;
  /** the audit chain's install key file contents, when there is one */
  auditKey: () => string | null;
  now?: () => Date;
}

export interface BackupProgress {
  phase: 'database' | 'files' | 'archive' | 'verify' | 'extract';
  done: number;
  total: number;
}

const corrupt = (file: string, reason: string) => new TezgahError('BACKUP_CORRUPT', { path: file, reason });

async function sha256File(file: string): Promise<{ sha256: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(file)) {
    h.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), size };
}

/** Writes a backup of the running app's data to `to` (atomically: a temp file renamed into place). */
export async function createBackup(src: BackupSource, to: string, onProgress?: (p: BackupProgress) => void): Promise<BackupInfo> {
  const target = path.resolve(to);
  await makeDir(path.dirname(target)).catch((e: unknown) => {
    throw storageError(e, path.dirname(target));
  });
  const staging = path.join(src.dataDir, `.backup-${randomBytes(6).toString('hex')}`);
  const tmpOut = `${target}.${process.pid}.tmp`;
  try {
    await fsp.mkdir(staging, { mode: 0o700 });
    // the database, consistent while jobs keep writing
    await src.db.backup(path.join(staging, 'tezgah.db'), {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.({ phase: 'database', done: totalPages - remainingPages, total: totalPages });
        return 256;
      },
    });
    const copy = new Database(path.join(staging, 'tezgah.db'), { readonly: true, fileMustExist: true });
    let hashes: string[];
    let counts: BackupManifest['counts'];
    try {
      hashes = (copy.prepare('SELECT DISTINCT sha256 FROM artefacts ORDER BY sha256').all() as { sha256: string }[]).map((r) => r.sha256);
      const n = (sql: string) => (copy.prepare(sql).get() as { n: number }).n;
      counts = {
        jobs: n('SELECT count(*) AS n FROM jobs'),
        artefacts: n('SELECT count(*) AS n FROM artefacts'),
        audit_entries: n('SELECT count(*) AS n FROM audit_log'),
      };
    } finally {
      copy.close();
    }
    const settings = path.join(src.dataDir, 'settings.json');
    if (fs.existsSync(settings)) await fsp.copyFile(settings, path.join(staging, 'settings.json'));
    const key = src.auditKey();
    if (key) await fsp.writeFile(path.join(staging, 'audit.key'), key.endsWith('\n') ? key : `${key}\n`, { mode: 0o600 });

    // every file with its hash, read once now (a file the store lost or that rotted is an error here,
    // not a surprise on restore)
    const files: BackupManifest['files'] = [];
    for (const name of ['tezgah.db', 'settings.json', 'audit.key']) {
      const p = path.join(staging, name);
      if (fs.existsSync(p)) files.push({ path: name, ...(await sha256File(p)) });
    }
    let done = 0;
    for (const sha of hashes) {
      const rel = `artefacts/${sha.slice(0, 2)}/${sha.slice(2)}`;
      const file = path.join(src.artefactsDir, sha.slice(0, 2), sha.slice(2));
      const got = await sha256File(file).catch(() => null);
      if (!got) throw new TezgahError('ARTEFACT_DAMAGED', { path: file, sha256: sha, reason: 'missing from the store' });
      if (got.sha256 !== sha) throw new TezgahError('ARTEFACT_DAMAGED', { path: file, sha256: sha, reason: 'no longer matches its hash' });
      files.push({ path: rel, ...got });
      onProgress?.({ phase: 'files', done: ++done, total: hashes.length });
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      format_version: 1,
      app_version: src.appVersion,
      created_at: (src.now?.() ?? new Date()).toISOString(),
      files,
      counts,
    };
    await fsp.writeFile(path.join(staging, 'manifest.json'), `${canonicalJson(manifest)}\n`);

    // manifest first, then the rest in the manifest's order; artefacts come straight from the store
    const stagingRel = path.relative(src.dataDir, staging);
    const artefactsRel = path.relative(src.dataDir, src.artefactsDir);
    const entries = ['manifest.json', ...files.map((f) => f.path)].map((p) =>
      p.startsWith('artefacts/') ? path.join(artefactsRel, p.slice('artefacts/'.length)) : path.join(stagingRel, p),
    );
    const total = files.reduce((a, f) => a + f.size, 0);
    let written = 0;
    await tar.c(
      {
        file: tmpOut,
        cwd: src.dataDir,
        gzip: { level: 6 },
        portable: true,
        noDirRecurse: true,
        mtime: EPOCH,
        onWriteEntry: (entry) => {
          const rel = entry.path.split(path.sep).join('/');
          entry.path = rel.startsWith(`${stagingRel}/`)
            ? rel.slice(stagingRel.length + 1)
            : `artefacts/${rel.slice(artefactsRel.length + 1)}`;
          written += entry.stat?.size ?? 0;
          onProgress?.({ phase: 'archive', done: written, total });
        },
      },
      entries,
    );
    await fsp.rename(tmpOut, target);
    const archive = await sha256File(target);
    return {
      file: target,
      name: path.basename(target),
      size: archive.size,
      sha256: archive.sha256,
      created_at: manifest.created_at,
      app_version: manifest.app_version,
      counts,
    };
  } catch (e) {
    await fsp.rm(tmpOut, { force: true }).catch(() => undefined);
    throw storageError(e, target);
  } finally {
    await fsp.rm(staging, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * Reads the whole archive and holds every entry against its manifest: present, allowed, a regular
 * file, the size and hash the manifest says, nothing extra. Writes nothing.
 */
export async function verifyBackup(
  file: string,
  onProgress?: (p: BackupProgress) => void,
): Promise<BackupReport & { manifest?: BackupManifest }> {
  const archive = path.resolve(file);
  const st = await fsp.stat(archive).catch(() => null);
  if (!st?.isFile()) throw new TezgahError('NOT_FOUND', { what: 'backup', id: path.basename(archive) });
  let manifest: BackupManifest | null = null;
  const problems: BackupReport['problems'] = [];
  const seen = new Map<string, { sha256: string; size: number }>();
  let expectedByPath = new Map<string, BackupManifest['files'][number]>();
  const pending: Promise<void>[] = [];
  let first = true;
  let done = 0;
  try {
    await tar.t({
      file: archive,
      strict: true,
      onReadEntry: (entry) => {
        const p = entry.path;
        const isFirst = first;
        first = false;
        if (entry.type !== 'File') {
          problems.push({ path: p, problem: 'not_allowed', detail: `a ${entry.type} entry` });
          entry.resume();
          return;
        }
        if (!ALLOWED.test(p)) {
          problems.push({ path: p, problem: 'not_allowed', detail: 'not a path a backup holds' });
          entry.resume();
          return;
        }
        if (isFirst !== (p === 'manifest.json')) {
          problems.push({ path: p, problem: 'not_allowed', detail: 'the manifest must come first, once' });
          entry.resume();
          return;
        }
        if (p === 'manifest.json') {
          if ((entry.size ?? 0) > MAX_MANIFEST) {
            problems.push({ path: p, problem: 'not_allowed', detail: 'manifest too large' });
            entry.resume();
            return;
          }
          const chunks: Buffer[] = [];
          entry.on('data', (c: Buffer) => chunks.push(c));
          pending.push(
            new Promise<void>((resolve) =>
              entry.on('end', () => {
                try {
                  manifest = BackupManifest.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
                  expectedByPath = new Map(manifest.files.map((f) => [f.path, f]));
                } catch (e) {
                  problems.push({ path: p, problem: 'not_allowed', detail: `unreadable manifest: ${(e as Error).message.slice(0, 200)}` });
                }
                resolve();
              }),
            ),
          );
          return;
        }
        const expected = expectedByPath.get(p);
        if (!manifest || !expected) {
          problems.push({ path: p, problem: 'extra', detail: 'not in the manifest' });
          entry.resume();
          return;
        }
        if (seen.has(p) || entry.size !== expected.size) {
          problems.push({
            path: p,
            problem: 'size',
            detail: seen.has(p) ? 'twice in the archive' : `${entry.size} bytes, the manifest says ${expected.size}`,
          });
          entry.resume();
          return;
        }
        const h = createHash('sha256');
        let size = 0;
        entry.on('data', (c: Buffer) => {
          h.update(c);
          size += c.length;
        });
        pending.push(
          new Promise<void>((resolve) =>
            entry.on('end', () => {
              seen.set(p, { sha256: h.digest('hex'), size });
              onProgress?.({ phase: 'verify', done: ++done, total: manifest?.files.length ?? 0 });
              resolve();
            }),
          ),
        );
      },
    });
    await Promise.all(pending);
  } catch (e) {
    if (e instanceof TezgahError) throw e;
    throw corrupt(archive, `not a readable backup archive: ${(e as Error).message}`);
  }
  const m = manifest as BackupManifest | null;
  if (!m) {
    if (!problems.length) problems.push({ path: 'manifest.json', problem: 'missing', detail: 'no manifest' });
    return { ok: false, file: archive, problems };
  }
  for (const f of m.files) {
    const got = seen.get(f.path);
    if (!got) problems.push({ path: f.path, problem: 'missing' });
    else if (got.sha256 !== f.sha256)
      problems.push({
        path: f.path,
        problem: 'hash',
        detail: `sha256 ${got.sha256.slice(0, 12)}…, the manifest says ${f.sha256.slice(0, 12)}…`,
      });
  }
  if (!m.files.some((f) => f.path === 'tezgah.db')) problems.push({ path: 'tezgah.db', problem: 'missing' });
  return {
    ok: problems.length === 0,
    file: archive,
    problems,
    created_at: m.created_at,
    app_version: m.app_version,
    counts: m.counts,
    manifest: m,
  };
}

async function isEmptyDir(dir: string): Promise<boolean | null> {
  const entries = await fsp.readdir(dir).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : Promise.reject(e)));
  return entries === null ? null : entries.length === 0;
}

export interface RestoreResult extends BackupReport {
  data_dir: string;
  /** where the data dir's earlier contents were moved (--force on a non-empty one) */
  moved_aside?: string;
}

/** Restores `file` into `dataDir` (empty or missing; non-empty only with force, moved aside first). */
export async function restoreBackup(
  file: string,
  dataDir: string,
  opts: { force?: boolean; onProgress?: (p: BackupProgress) => void; expectSha256?: string } = {},
): Promise<RestoreResult> {
  const target = path.resolve(dataDir);
  const empty = await isEmptyDir(target);
  if (empty === false && !opts.force) throw new TezgahError('BACKUP_TARGET_NOT_EMPTY', { path: target });
  if (opts.expectSha256) {
    const got = await sha256File(file).catch(() => null);
    if (got?.sha256 !== opts.expectSha256)
      throw corrupt(file, got ? 'the archive changed after the restore was asked for' : 'the archive is gone');
  }
  const report = await verifyBackup(file, opts.onProgress);
  if (!report.ok || !report.manifest) {
    const p = report.problems[0];
    throw corrupt(report.file, p ? `${p.path}: ${p.problem}${p.detail ? ` (${p.detail})` : ''}` : 'unreadable');
  }
  const manifest = report.manifest;
  const wanted = new Map(manifest.files.map((f) => [f.path, f]));
  await makeDir(path.dirname(target)).catch((e: unknown) => {
    throw storageError(e, path.dirname(target));
  });
  const staging = `${target}.restore-${randomBytes(6).toString('hex')}`;
  try {
    await fsp.mkdir(staging, { mode: 0o700 });
    let done = 0;
    await tar.x({
      file: report.file,
      cwd: staging,
      strict: true,
      preservePaths: false,
      preserveOwner: false,
      noMtime: true,
      // only what the manifest names, as regular files of its size (the archive was verified a
      // moment ago, but it is read again: hold every entry again)
      filter: (p, entry) => {
        const e = entry as tar.ReadEntry;
        const ok = e.type === 'File' && (p === 'manifest.json' || wanted.get(p)?.size === e.size);
        if (ok) opts.onProgress?.({ phase: 'extract', done: ++done, total: manifest.files.length + 1 });
        return ok;
      },
    });
    for (const f of manifest.files) {
      const p = path.join(staging, ...f.path.split('/'));
      const st = await fsp.lstat(p).catch(() => null);
      if (!st?.isFile()) throw corrupt(report.file, `${f.path}: missing after extraction`);
      if ((await sha256File(p)).sha256 !== f.sha256) throw corrupt(report.file, `${f.path}: changed while restoring`);
    }
    await fsp.rm(path.join(staging, 'manifest.json'), { force: true });
    if (fs.existsSync(path.join(staging, 'audit.key'))) await fsp.chmod(path.join(staging, 'audit.key'), 0o600);
    const db = new Database(path.join(staging, 'tezgah.db'), { fileMustExist: true });
    try {
      const check = db.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw corrupt(report.file, `tezgah.db: ${String(check)}`);
    } finally {
      db.close();
    }
    let movedAside: string | undefined;
    if (empty === false) {
      movedAside = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await fsp.rename(target, movedAside);
    } else if (empty === true) {
      await fsp.rmdir(target);
    }
    await fsp.rename(staging, target);
    return { ...stripManifest(report), data_dir: target, ...(movedAside ? { moved_aside: movedAside } : {}) };
  } catch (e) {
    await fsp.rm(staging, { recursive: true, force: true }).catch(() => undefined);
    throw storageError(e, target);
  }
}

export function stripManifest(r: BackupReport & { manifest?: BackupManifest }): BackupReport {
  const { manifest: _m, ...rest } = r;
  return rest;
}
