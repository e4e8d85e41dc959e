// The user's file, read once from start to end: size limit, format by content, SHA-256, and the
// text-level checks of its format (STEP references, IGES sections, ASCII STL/OBJ consistency) —
// optionally writing a read-only copy into the job dir on the same pass, so FreeCAD opens exactly the
// bytes that were checked.
import { createHash } from 'node:crypto';
import { readSync } from 'node:fs';
import { chmod, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { TezgahError } from '../../../shared/errors.js';
import { detectFormat, PROBE_BYTES, type Detection, type FileProbe } from './detect.js';
import type { ImportFormat } from './formats.js';
import { IgesScanner, type IgesFacts } from './iges.js';
import { AsciiStlScanner, ObjScanner, type TextMeshFacts } from './meshtext.js';
import { StepScanner, type StepFacts } from './step.js';

export const DEFAULT_MAX_SIZE_MB = 512;
const CHUNK = 1 << 20;

export interface SourceFacts {
  name: string;
  size: number;
  sha256: string;
  format: ImportFormat;
  detection: Detection;
  step?: StepFacts;
  iges?: IgesFacts;
  mesh?: TextMeshFacts;
}

interface Scanner {
  push(chunk: Uint8Array): void;
  finish(): { problems: string[] };
}

function scannerFor(d: Detection): { scanner: Scanner | null; store: (facts: SourceFacts, r: unknown) => void } {
  switch (d.format) {
    case 'step':
      return { scanner: new StepScanner(), store: (f, r) => (f.step = r as StepFacts) };
    case 'iges':
      return { scanner: new IgesScanner(), store: (f, r) => (f.iges = r as IgesFacts) };
    case 'stl':
      return d.variant === 'ascii'
        ? { scanner: new AsciiStlScanner(), store: (f, r) => (f.mesh = r as TextMeshFacts) }
        : { scanner: null, store: () => {} };
    case 'obj':
      return { scanner: new ObjScanner(), store: (f, r) => (f.mesh = r as TextMeshFacts) };
    default:
      return { scanner: null, store: () => {} };
  }
}

async function readAt(fh: FileHandle, offset: number, length: number): Promise<Uint8Array> {
  const buf = Buffer.alloc(Math.max(0, length));
  let got = 0;
  while (got < buf.length) {
    const { bytesRead } = await fh.read(buf, got, buf.length - got, offset + got);
    if (!bytesRead) break;
    got += bytesRead;
  }
  return buf.subarray(0, got);
}

async function probeOf(fh: FileHandle, name: string, size: number): Promise<FileProbe> {
  const head = await readAt(fh, 0, Math.min(size, PROBE_BYTES));
  const tailStart = Math.max(0, size - PROBE_BYTES);
  const tail = await readAt(fh, tailStart, size - tailStart);
  return {
    name,
    size,
    head,
    tail,
    // zip directories may lie outside head and tail; detection is synchronous, so is this read
    read: (offset, length) => {
      const buf = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      let got = 0;
      while (got < buf.length) {
        const n = readSync(fh.fd, buf, got, buf.length - got, offset + got);
        if (!n) break;
        got += n;
      }
      return buf.subarray(0, got);
    },
  };
}

export interface ReadSourceOptions {
  maxBytes: number;
  /** write a copy here (made read-only once complete) */
  copyTo?: string;
  /** display name (default: the path's base name) */
  name?: string;
}

/** Reads, checks and hashes the file (and copies it); throws coded errors for what is not importable. */
export async function readSource(path: string, opts: ReadSourceOptions): Promise<SourceFacts> {
  const name = opts.name ?? basename(path);
  let st;
  try {
    st = await stat(path);
  } catch (e) {
    throw new TezgahError('VALIDATION_ERROR', {
      field: 'path',
      detail: `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    });
  }
  if (!st.isFile()) throw new TezgahError('VALIDATION_ERROR', { field: 'path', detail: `${path} is not a regular file` });
  if (st.size === 0) throw new TezgahError('UPLOAD_EMPTY', { file: name });
  if (st.size > opts.maxBytes)
    throw new TezgahError('UPLOAD_TOO_LARGE', {
      file: name,
      size_mb: Math.round((st.size / 1024 ** 2) * 10) / 10,
      limit_mb: Math.round((opts.maxBytes / 1024 ** 2) * 10) / 10,
    });

  const fh = await open(path, 'r');
  const partial = opts.copyTo ? `${opts.copyTo}.partial` : null;
  let out: FileHandle | null = null;
  try {
    const size = (await fh.stat()).size;
    if (size !== st.size) throw new TezgahError('VALIDATION_ERROR', { field: 'path', detail: 'the file changed while it was being read' });
    const probe = await probeOf(fh, name, size);
    const detection = detectFormat(probe);
    const { scanner, store } = scannerFor(detection);
    const hash = createHash('sha256');
    if (partial) out = await open(partial, 'wx', 0o600);
    let offset = 0;
    const buf = Buffer.alloc(CHUNK);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, CHUNK, offset);
      if (!bytesRead) break;
      const chunk = buf.subarray(0, bytesRead);
      hash.update(chunk);
      scanner?.push(chunk);
      if (out) await out.write(chunk);
      offset += bytesRead;
      if (offset > size) break;
    }
    if (offset !== size) throw new TezgahError('VALIDATION_ERROR', { field: 'path', detail: 'the file changed while it was being read' });
    const facts: SourceFacts = { name, size, sha256: hash.digest('hex'), format: detection.format, detection };
    if (scanner) {
      const r = scanner.finish();
      store(facts, r);
      if (r.problems.length)
        throw new TezgahError('UPLOAD_CORRUPT', { reason: r.problems[0], problems: r.problems, format: detection.format });
    }
    if (out && partial && opts.copyTo) {
      await out.sync();
      await out.close();
      out = null;
      await chmod(partial, 0o444);
      await rename(partial, opts.copyTo);
    }
    return facts;
  } finally {
    await fh.close();
    if (out) await out.close();
    if (partial) await rm(partial, { force: true });
  }
}
