// Node's side of a job dir. The sandbox can write there, so anything in it may be hostile: a link
// to ~/.ssh/id_rsa planted where an output should be, a hard link, a FIFO that blocks a read, a
// 50 GB file, `script.py → ~/.bashrc` waiting for Node to write it. So every read opens the file
// with O_NOFOLLOW relative to a directory fd (openat through /proc/self/fd), requires a regular
// file with one link and a size under a cap; every write unlinks the name and creates it fresh with
// O_CREAT|O_EXCL|O_NOFOLLOW. Names are plain file names: nothing can point out of the dir.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { TezgahError } from '../../shared/errors.js';

const C = fs.constants;
// O_NOFOLLOW/O_DIRECTORY are 0 where the platform lacks them (Windows): the checks below still run.
const NOFOLLOW = C.O_NOFOLLOW ?? 0;
const DIRECTORY = C.O_DIRECTORY ?? 0;
// a FIFO planted under an output's name must not block the open
const NONBLOCK = C.O_NONBLOCK ?? 0;
const READ_FLAGS = C.O_RDONLY | NOFOLLOW | NONBLOCK;
const CREATE_FLAGS = C.O_WRONLY | C.O_CREAT | C.O_EXCL | NOFOLLOW;
/** openat() for Node: a path through the directory fd resolves to that very directory. */
const PROC_FD = process.platform === 'linux' && fs.existsSync('/proc/self/fd');

/** Default cap for one file the worker left (exports of a large import stay far below). */
export const JOB_FILE_MAX_BYTES = 2 * 1024 ** 3;

export type UnsafeReason = 'symlink' | 'hardlink' | 'not_regular' | 'too_large' | 'bad_name' | 'dir_not_plain';

export function unsafeFile(
  dir: string,
  name: string,
  reason: UnsafeReason,
  extra: Record<string, unknown> = {},
  cause?: unknown,
): TezgahError {
  return new TezgahError('JOB_FILE_UNSAFE', { file: name, dir, reason, ...extra }, cause);
}

/** A plain file name: no separators, no parent references, no NUL. */
export function checkName(dir: string, name: string): void {
  if (!name || name === '.' || name === '..' || /[/\\\0]/.test(name) || name.length > 255) throw unsafeFile(dir, name, 'bad_name');
}

/** Splits an absolute path into (dir, plain name): for callers that hold one path. */
export function splitJobPath(file: string): { dir: string; name: string } {
  return { dir: path.dirname(file), name: path.basename(file) };
}

const isLoop = (err: unknown) => {
  const code = (err as NodeJS.ErrnoException).code;
  // ELOOP on Linux; FreeBSD/macOS say EMLINK for O_NOFOLLOW on a link
  return code === 'ELOOP' || code === 'EMLINK';
};

/** The job dir itself as a directory fd (a dir swapped for a link is refused). */
async function openDir(dir: string): Promise<fsp.FileHandle> {
  try {
    return await fsp.open(dir, C.O_RDONLY | DIRECTORY | NOFOLLOW);
  } catch (err) {
    if (isLoop(err) || (err as NodeJS.ErrnoException).code === 'ENOTDIR')
      throw unsafeFile(path.dirname(dir), path.basename(dir), 'dir_not_plain', {}, err);
    throw err;
  }
}

function openDirSync(dir: string): number {
  try {
    return fs.openSync(dir, C.O_RDONLY | DIRECTORY | NOFOLLOW);
  } catch (err) {
    if (isLoop(err) || (err as NodeJS.ErrnoException).code === 'ENOTDIR')
      throw unsafeFile(path.dirname(dir), path.basename(dir), 'dir_not_plain', {}, err);
    throw err;
  }
}

const at = (dirFd: number, dir: string, name: string) => (PROC_FD ? `/proc/self/fd/${dirFd}/${name}` : path.join(dir, name));

export interface JobFileInfo {
  size: number;
}

function checkStat(dir: string, name: string, st: fs.Stats, maxBytes: number): JobFileInfo {
  if (!st.isFile()) throw unsafeFile(dir, name, 'not_regular');
  if (st.nlink > 1) throw unsafeFile(dir, name, 'hardlink', { nlink: st.nlink });
  if (st.size > maxBytes) throw unsafeFile(dir, name, 'too_large', { size: st.size, max_bytes: maxBytes });
  return { size: st.size };
}

/**
 * Opens a file the worker left in `dir` for reading: never through a link, only a regular file with
 * one link, at most maxBytes. Missing → ENOENT as usual; anything unsafe → JOB_FILE_UNSAFE.
 */
export async function openJobFile(
  dir: string,
  name: string,
  opts: { maxBytes?: number } = {},
): Promise<{ fh: fsp.FileHandle; size: number }> {
  checkName(dir, name);
  const maxBytes = opts.maxBytes ?? JOB_FILE_MAX_BYTES;
  const dfh = await openDir(dir);
  let fh: fsp.FileHandle;
  try {
    fh = await fsp.open(at(dfh.fd, dir, name), READ_FLAGS);
  } catch (err) {
    if (isLoop(err)) throw unsafeFile(dir, name, 'symlink', {}, err);
    throw err;
  } finally {
    await dfh.close();
  }
  try {
    return { fh, ...checkStat(dir, name, await fh.stat(), maxBytes) };
  } catch (err) {
    await fh.close();
    throw err;
  }
}

/** The whole file (see openJobFile), read through the checked descriptor, never past the cap. */
export async function readJobFile(dir: string, name: string, opts: { maxBytes?: number } = {}): Promise<Buffer> {
  const maxBytes = opts.maxBytes ?? JOB_FILE_MAX_BYTES;
  const { fh, size } = await openJobFile(dir, name, { maxBytes });
  try {
    // the file may still grow (a worker still running): read what fstat saw, plus a byte to notice
    const buf = Buffer.allocUnsafe(Math.min(size + 1, maxBytes + 1));
    let off = 0;
    while (off < buf.length) {
      const { bytesRead } = await fh.read(buf, off, buf.length - off, off);
      if (bytesRead === 0) break;
      off += bytesRead;
    }
    if (off > maxBytes) throw unsafeFile(dir, name, 'too_large', { max_bytes: maxBytes });
    return buf.subarray(0, off);
  } finally {
    await fh.close();
  }
}

/** Size of a file the worker left, checked as openJobFile does; null when it is missing. */
export async function statJobFile(dir: string, name: string, opts: { maxBytes?: number } = {}): Promise<JobFileInfo | null> {
  try {
    const { fh, size } = await openJobFile(dir, name, opts);
    await fh.close();
    return { size };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

async function unlinkName(target: string): Promise<void> {
  try {
    await fsp.unlink(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/**
 * Writes a file Node owns into a dir the sandbox may have written: whatever is under that name (a
 * planted link, a hard link to a host file) is unlinked, never followed, and the file is created
 * fresh (O_EXCL: if something reappears in between, the write fails instead of following it).
 * Returns the file's path.
 */
export async function writeNodeFile(dir: string, name: string, data: string | Uint8Array, mode = 0o644): Promise<string> {
  checkName(dir, name);
  const dfh = await openDir(dir);
  try {
    const target = at(dfh.fd, dir, name);
    await unlinkName(target);
    const fh = await fsp.open(target, CREATE_FLAGS, mode);
    try {
      await fh.writeFile(data);
    } finally {
      await fh.close();
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST' || isLoop(err)) throw unsafeFile(dir, name, 'symlink', { while: 'write' }, err);
    throw err;
  } finally {
    await dfh.close();
  }
  return path.join(dir, name);
}

/** writeNodeFile, synchronous (the job manager's CANCEL marker). */
export function writeNodeFileSync(dir: string, name: string, data: string | Uint8Array, mode = 0o644): string {
  checkName(dir, name);
  const dfd = openDirSync(dir);
  try {
    const target = PROC_FD ? `/proc/self/fd/${dfd}/${name}` : path.join(dir, name);
    try {
      fs.unlinkSync(target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    let fd: number;
    try {
      fd = fs.openSync(target, CREATE_FLAGS, mode);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' || isLoop(err)) throw unsafeFile(dir, name, 'symlink', { while: 'write' }, err);
      throw err;
    }
    try {
      fs.writeFileSync(fd, data);
    } finally {
      fs.closeSync(fd);
    }
  } finally {
    fs.closeSync(dfd);
  }
  return path.join(dir, name);
}

/** True when `name` exists in dir as anything (a link counts; nothing is followed). */
export function jobEntryExists(dir: string, name: string): boolean {
  try {
    fs.lstatSync(path.join(dir, name));
    return true;
  } catch {
    return false;
  }
}

/**
 * Total bytes under a job dir (lstat: links count as themselves, never followed), stopping early
 * once past `stopAt`. The larger of apparent size and allocated blocks counts.
 */
export async function jobDirBytes(dir: string, stopAt = Infinity): Promise<number> {
  let total = 0;
  const stack = [dir];
  while (stack.length && total <= stopAt) {
    const d = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = await fsp.readdir(d, { withFileTypes: true });
    } catch {
      continue; // removed while we looked
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        stack.push(p);
        continue;
      }
      const st = await fsp.lstat(p).catch(() => null);
      if (st) total += Math.max(st.size, st.blocks * 512);
      if (total > stopAt) break;
    }
  }
  return total;
}
