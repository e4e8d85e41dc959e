// Files a browser sends to the host for import (POST /upload): the bytes go into a fresh folder
// under <data dir>/uploads/, under the file's own name (the import report shows it), never beyond
// the import size limit. The path that comes back is only ever one of these folders; the import
// job reads the file when it runs, so uploads are kept for a day and then swept.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TezgahError } from '../../../shared/errors.js';
import { DEFAULT_MAX_SIZE_MB } from '../../domains/import/source.js';

export const UPLOAD_LIMIT_BYTES = DEFAULT_MAX_SIZE_MB * 1024 * 1024;
const KEEP_MS = 24 * 3600 * 1000;

export function uploadsDir(dataDir: string): string {
  return join(dataDir, 'uploads');
}

/** A file name safe on every OS: no folders, no control characters, at most 120 characters. */
export function safeUploadName(raw: string | undefined): string {
  let name = raw ?? '';
  try {
    name = decodeURIComponent(name);
  } catch {
    // keep the raw text
  }
  name = name
    .replace(/^.*[\\/]/, '')
    .replace(/[\u0000-\u001f\u007f<>:"|?*]+/g, '_')
    .trim();
  if (name.length > 120) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = name.slice(0, 120 - ext.length) + ext;
  }
  return !name || /^\.+$/.test(name) ? 'upload' : name;
}

/** An upload stored on the host (the API sees only its grant). */
export interface UploadedFile {
  path: string;
  name: string;
  size: number;
}

/**
 * Streams one upload into its own folder. `declared` is the Content-Length (required, so an
 * over-limit file is refused before a byte is written); the stream is also cut off if it sends more.
 */
export async function receiveUpload(
  dataDir: string,
  body: Readable,
  opts: { name: string | undefined; declared: number; limit?: number },
): Promise<UploadedFile> {
  const limit = opts.limit ?? UPLOAD_LIMIT_BYTES;
  const limitMb = Math.round(limit / 1024 / 1024);
  if (!Number.isSafeInteger(opts.declared) || opts.declared < 0)
    throw new TezgahError('VALIDATION_ERROR', { field: 'Content-Length', detail: 'the upload must say its size' });
  if (opts.declared === 0) throw new TezgahError('UPLOAD_EMPTY');
  if (opts.declared > limit) throw new TezgahError('UPLOAD_TOO_LARGE', { limit_mb: limitMb, size: opts.declared });
  const name = safeUploadName(opts.name);
  const dir = join(uploadsDir(dataDir), randomUUID());
  const path = join(dir, name);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let size = 0;
  try {
    await pipeline(
      body,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          size += chunk.byteLength;
          if (size > opts.declared || size > limit) throw new TezgahError('UPLOAD_TOO_LARGE', { limit_mb: limitMb, size });
          yield chunk;
        }
      },
      createWriteStream(path, { mode: 0o600, flags: 'wx' }),
    );
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    if (e instanceof TezgahError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC') throw new TezgahError('STORAGE_FULL', { path: dir }, e);
    throw new TezgahError(
      'VALIDATION_ERROR',
      { field: 'body', detail: `the upload stopped after ${size} bytes (${(e as Error).message})` },
      e,
    );
  }
  if (size !== opts.declared) {
    await rm(dir, { recursive: true, force: true });
    throw new TezgahError('VALIDATION_ERROR', { field: 'body', detail: `the upload ended after ${size} of ${opts.declared} bytes` });
  }
  return { path, name, size };
}

/** Removes uploads older than a day (their import jobs have long read them). */
export async function sweepUploads(dataDir: string, now = Date.now()): Promise<number> {
  const root = uploadsDir(dataDir);
  let removed = 0;
  let entries: string[];
  try {
    entries = await readdir(root);
  } catch {
    return 0;
  }
  for (const e of entries) {
    const dir = join(root, e);
    try {
      if (now - (await stat(dir)).mtimeMs > KEEP_MS) {
        await rm(dir, { recursive: true, force: true });
        removed++;
      }
    } catch {
      // gone already
    }
  }
  return removed;
}
