// Maps what the OS and SQLite say about the data folder onto the storage codes a user can act on
// (disk full, folder not writable, damaged database). Anything else is passed through unchanged.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { TezgahError } from '../../shared/errors.js';

const FULL = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);
const IO = new Set(['EACCES', 'EROFS', 'EPERM', 'EIO', 'ENOTDIR', 'EISDIR', 'SQLITE_CANTOPEN', 'SQLITE_READONLY', 'SQLITE_PERM']);
const CORRUPT = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

/** SQLite extended codes (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED …) share their primary's meaning. */
function primaryCode(code: string): string {
  if (code.startsWith('SQLITE_IOERR')) return 'EIO';
  const m = /^(SQLITE_[A-Z]+?)(_[A-Z_]+)?$/.exec(code);
  if (m && (FULL.has(m[1]!) || IO.has(m[1]!) || CORRUPT.has(m[1]!))) return m[1]!;
  return code;
}

/** The coded error for `err` at `where` (a file or folder), or `err` itself when it is not about storage. */
export function storageError(err: unknown, where: string): unknown {
  if (err instanceof TezgahError) return err;
  const raw = (err as { code?: unknown } | null)?.code;
  if (typeof raw !== 'string') return err;
  const code = primaryCode(raw);
  const reason = err instanceof Error ? err.message : String(err);
  if (FULL.has(code)) return new TezgahError('STORAGE_FULL', { path: where, reason }, err);
  if (IO.has(code)) return new TezgahError('STORAGE_IO', { path: where, reason }, err);
  if (CORRUPT.has(code)) return new TezgahError('STORAGE_CORRUPT', { path: where, reason }, err);
  return err;
}

/**
 * mkdir -p that reports the real reason it failed. Node's recursive mkdir says ENOENT on a
 * read-only disk and EEXIST when a path component is a file; walking the path one level at a
 * time surfaces EROFS / ENOTDIR instead, which storageError() maps for the user.
 */
export async function makeDir(dir: string): Promise<string | undefined> {
  try {
    return await fsp.mkdir(dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EEXIST') throw err;
    let first: string | undefined;
    for (const p of ancestors(dir)) {
      const st = await fsp.stat(p).catch(() => undefined);
      if (st?.isDirectory()) continue;
      if (st) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${p}'`), { code: 'ENOTDIR', path: p });
      await fsp.mkdir(p);
      first ??= p;
    }
    return first;
  }
}

export function makeDirSync(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EEXIST') throw err;
    for (const p of ancestors(dir)) {
      const st = fs.statSync(p, { throwIfNoEntry: false });
      if (st?.isDirectory()) continue;
      if (st) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${p}'`), { code: 'ENOTDIR', path: p });
      fs.mkdirSync(p);
    }
  }
}

/** '/a/b/c' → ['/a', '/a/b', '/a/b/c'] */
function ancestors(dir: string): string[] {
  const abs = path.resolve(dir);
  const out: string[] = [];
  for (let p = abs; ; p = path.dirname(p)) {
    out.unshift(p);
    if (path.dirname(p) === p) break;
  }
  return out;
}
