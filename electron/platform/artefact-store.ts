// Content-addressed file store: every file lives once, at root/ab/cdef… named by its SHA-256.
//
// A file becomes visible under its hash only when complete: bytes go to a temp file in
// root/.tmp (same filesystem), are fsynced, renamed into place (atomic), and the directory is
// fsynced so the rename itself survives a power cut. A crash at any point leaves either nothing
// under the hash or the whole file; stray temp files are removed by sweepTemp().
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TezgahError } from '../../shared/errors.js';
import { makeDir, storageError } from './storage-errors.js';

export interface StoredFile {
  sha256: string;
  size: number;
  /** absolute path of the file in the store */
  path: string;
}

const SHA256 = /^[0-9a-f]{64}$/;
const CHUNK = 1 << 20;

export class ArtefactStore {
  readonly root: string;
  private readonly tmpDir: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.tmpDir = path.join(this.root, '.tmp');
  }

  /**
   * Copies the file at srcPath into the store (once per content) and returns where it lives.
   * Sources are job-dir files a sandbox could have written, so the file is opened without following
   * a link (neither the file nor its folder), and must be a regular file with one link: a planted
   * `x.step → ~/.ssh/id_rsa` or a hard link never becomes an artefact.
   */
  async put(srcPath: string): Promise<StoredFile> {
    const src = await openSource(srcPath);
    try {
      return await this.write(async (out, hash) => {
        const buf = Buffer.allocUnsafe(CHUNK);
        let size = 0;
        for (;;) {
          const { bytesRead } = await src.read(buf, 0, CHUNK, null);
          if (bytesRead === 0) return size;
          const chunk = buf.subarray(0, bytesRead);
          hash.update(chunk);
          await writeAll(out, chunk);
          size += bytesRead;
        }
      });
    } finally {
      await src.close();
    }
  }

  async putBytes(buf: Uint8Array): Promise<StoredFile> {
    return this.write(async (out, hash) => {
      hash.update(buf);
      await writeAll(out, buf);
      return buf.byteLength;
    });
  }

  /** root/ab/cdef…; throws VALIDATION_ERROR for anything but a lowercase hex SHA-256 (no path tricks). */
  pathFor(sha256: string): string {
    if (!SHA256.test(sha256)) throw new TezgahError('VALIDATION_ERROR', { field: 'sha256', detail: 'must be 64 lowercase hex digits' });
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2));
  }

  has(sha256: string): boolean {
    return fs.existsSync(this.pathFor(sha256));
  }

  /** True when the file exists and its bytes still hash to its name. */
  async verify(sha256: string): Promise<boolean> {
    const file = this.pathFor(sha256);
    let fh: fsp.FileHandle;
    try {
      fh = await fsp.open(file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw storageError(err, file);
    }
    try {
      const hash = createHash('sha256');
      const buf = Buffer.allocUnsafe(CHUNK);
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, CHUNK, null);
        if (bytesRead === 0) break;
        hash.update(buf.subarray(0, bytesRead));
      }
      return hash.digest('hex') === sha256;
    } finally {
      await fh.close();
    }
  }

  /**
   * Removes temp files a crashed writer left behind: at once when the file names a writer of this
   * machine that is gone; otherwise only old ones, since another process (another machine, on a
   * shared data dir) may be writing.
   */
  async sweepTemp(olderThanMs = 60 * 60 * 1000): Promise<number> {
    let names: string[];
    try {
      names = await fsp.readdir(this.tmpDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw storageError(err, this.tmpDir);
    }
    const cutoff = Date.now() - olderThanMs;
    let removed = 0;
    for (const name of names) {
      const file = path.join(this.tmpDir, name);
      const st = await fsp.lstat(file).catch(() => undefined);
      if (st && (st.mtimeMs <= cutoff || writerGone(name))) {
        await fsp.rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }

  /** Streams content into a temp file via `fill`, then moves it under its hash. */
  private async write(fill: (out: fsp.FileHandle, hash: ReturnType<typeof createHash>) => Promise<number>): Promise<StoredFile> {
    const tmp = path.join(this.tmpDir, `${process.pid}.${HOST_TAG}.${randomUUID()}.tmp`);
    let where = this.tmpDir;
    try {
      await makeDir(this.tmpDir);
      where = tmp;
      const out = await fsp.open(tmp, 'wx', 0o644);
      const hash = createHash('sha256');
      let size: number;
      try {
        size = await fill(out, hash);
        await out.sync();
      } finally {
        await out.close();
      }
      const sha256 = hash.digest('hex');
      const final = this.pathFor(sha256);
      where = final;
      const existing = await fsp.stat(final).catch(() => undefined);
      if (existing?.size === size) {
        // Same content is already stored (the hash names it); keep the one copy.
        await fsp.rm(tmp, { force: true });
        return { sha256, size, path: final };
      }
      const dir = path.dirname(final);
      const created = await makeDir(dir);
      if (created) await syncDir(this.root);
      // Stored files never change; read-only guards against an editor saving over one.
      await fsp.chmod(tmp, 0o444);
      await fsp.rename(tmp, final);
      await syncDir(dir);
      return { sha256, size, path: final };
    } catch (err) {
      await fsp.rm(tmp, { force: true }).catch(() => undefined);
      throw storageError(err, where);
    }
  }
}

const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const PROC_FD = process.platform === 'linux' && fs.existsSync('/proc/self/fd');

function unsafeSource(srcPath: string, reason: string, cause?: unknown): TezgahError {
  return new TezgahError('JOB_FILE_UNSAFE', { file: path.basename(srcPath), dir: path.dirname(srcPath), reason }, cause);
}

/** open(O_NOFOLLOW) of the file, relative to its folder opened O_NOFOLLOW too (openat via /proc/self/fd). */
async function openSource(srcPath: string): Promise<fsp.FileHandle> {
  const dir = path.dirname(path.resolve(srcPath));
  const name = path.basename(srcPath);
  const fail = (err: unknown): never => {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new TezgahError('NOT_FOUND', { entity: 'file', path: srcPath }, err);
    if (code === 'ELOOP' || code === 'EMLINK' || code === 'ENOTDIR') throw unsafeSource(srcPath, 'symlink', err);
    throw storageError(err, srcPath);
  };
  let fh: fsp.FileHandle;
  if (PROC_FD) {
    const d = await fsp.open(dir, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY | NOFOLLOW).catch(fail);
    try {
      fh = await fsp.open(`/proc/self/fd/${d.fd}/${name}`, fs.constants.O_RDONLY | NOFOLLOW | fs.constants.O_NONBLOCK).catch(fail);
    } finally {
      await d.close();
    }
  } else {
    fh = await fsp.open(srcPath, fs.constants.O_RDONLY | NOFOLLOW | (fs.constants.O_NONBLOCK ?? 0)).catch(fail);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw unsafeSource(srcPath, 'not_regular');
    if (st.nlink > 1) throw unsafeSource(srcPath, 'hardlink');
    return fh;
  } catch (err) {
    await fh.close();
    throw err;
  }
}

async function writeAll(out: fsp.FileHandle, buf: Uint8Array): Promise<void> {
  let off = 0;
  while (off < buf.byteLength) {
    const { bytesWritten } = await out.write(buf, off, buf.byteLength - off, null);
    off += bytesWritten;
  }
}

/** fsync a directory so a rename or new entry in it is durable (not possible, nor needed, on Windows). */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fh = await fsp.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** This machine, in temp file names: `<pid>.<host tag>.<uuid>.tmp`. */
const HOST_TAG = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 8);

/** Whether a temp file's writer was a process of this machine that no longer runs. */
function writerGone(name: string): boolean {
  const m = /^(\d+)\.([0-9a-f]{8})\.[0-9a-f-]{36}\.tmp$/.exec(name);
  if (!m || m[2] !== HOST_TAG) return false;
  const pid = Number(m[1]);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
