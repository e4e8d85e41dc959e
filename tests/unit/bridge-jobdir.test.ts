// Node's reads and writes in a job dir the sandbox could write: planted links and hard links are
// refused with JOB_FILE_UNSAFE, nothing outside the dir is read or written.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { TezgahError } from '../../shared/errors.js';
import { checkName, jobDirBytes, readJobFile, statJobFile, writeNodeFile, writeNodeFileSync } from '../../freecad-bridge/src/jobdir.js';
import { readPreviewMesh } from '../../freecad-bridge/src/mesh.js';
import { ArtefactStore } from '../../electron/platform/artefact-store.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tezgah-jobdir-'));
const host = path.join(tmp, 'host');
const secret = path.join(host, 'id_rsa');
const bashrc = path.join(host, '.bashrc');
let job: string;
let n = 0;

beforeEach(() => {
  fs.mkdirSync(host, { recursive: true });
  fs.writeFileSync(secret, 'PRIVATE KEY');
  fs.writeFileSync(bashrc, 'original');
  job = path.join(tmp, `job-${++n}`);
  fs.mkdirSync(job);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function code(p: Promise<unknown> | (() => unknown)): Promise<{ code: string; details: Record<string, unknown> }> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(TezgahError);
    return { code: (e as TezgahError).code, details: (e as TezgahError).details ?? {} };
  }
  throw new Error('expected a refusal');
}

describe('reading what the worker left', () => {
  it('reads a plain file', async () => {
    fs.writeFileSync(path.join(job, 'result.json'), '{"ok":true}');
    expect((await readJobFile(job, 'result.json')).toString()).toBe('{"ok":true}');
    expect(await statJobFile(job, 'result.json')).toEqual({ size: 11 });
    expect(await statJobFile(job, 'missing.step')).toBeNull();
  });

  it('refuses a planted symlink (x.step → host file), also a dangling one', async () => {
    fs.symlinkSync(secret, path.join(job, 'x.step'));
    fs.symlinkSync('/nonexistent/file', path.join(job, 'y.step'));
    expect(await code(readJobFile(job, 'x.step'))).toMatchObject({ code: 'JOB_FILE_UNSAFE', details: { reason: 'symlink' } });
    expect(await code(statJobFile(job, 'x.step'))).toMatchObject({ code: 'JOB_FILE_UNSAFE' });
    expect(await code(statJobFile(job, 'y.step'))).toMatchObject({ code: 'JOB_FILE_UNSAFE', details: { reason: 'symlink' } });
  });

  it('refuses a hard link, a FIFO (without blocking), a folder and a file over the cap', async () => {
    fs.writeFileSync(path.join(job, 'a.stl'), 'solid');
    fs.linkSync(path.join(job, 'a.stl'), path.join(job, 'b.stl'));
    expect(await code(readJobFile(job, 'b.stl'))).toMatchObject({ code: 'JOB_FILE_UNSAFE', details: { reason: 'hardlink' } });
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [path.join(job, 'fifo.step')]);
    expect(await code(readJobFile(job, 'fifo.step'))).toMatchObject({ code: 'JOB_FILE_UNSAFE', details: { reason: 'not_regular' } });
    fs.mkdirSync(path.join(job, 'dir.step'));
    expect(await code(readJobFile(job, 'dir.step'))).toMatchObject({ code: 'JOB_FILE_UNSAFE', details: { reason: 'not_regular' } });
    fs.writeFileSync(path.join(job, 'big.json'), Buffer.alloc(2000));
    expect(await code(readJobFile(job, 'big.json', { maxBytes: 1000 }))).toMatchObject({
      code: 'JOB_FILE_UNSAFE',
      details: { reason: 'too_large' },
    });
  });

  it('refuses names that leave the dir, and a job dir swapped for a link', async () => {
    for (const bad of ['../host/id_rsa', '/etc/passwd', '..', 'a/b', '']) expect(() => checkName(job, bad)).toThrow(TezgahError);
    expect(await code(readJobFile(job, '../host/id_rsa'))).toMatchObject({ code: 'JOB_FILE_UNSAFE', details: { reason: 'bad_name' } });
    const swapped = path.join(tmp, `swapped-${n}`);
    fs.symlinkSync(host, swapped);
    expect(await code(readJobFile(swapped, 'id_rsa'))).toMatchObject({ code: 'JOB_FILE_UNSAFE', details: { reason: 'dir_not_plain' } });
  });

  it('the preview mesh reader goes through the same checks', async () => {
    fs.symlinkSync(secret, path.join(job, 'preview.mesh'));
    expect(await code(readPreviewMesh(path.join(job, 'preview.mesh')))).toMatchObject({ code: 'JOB_FILE_UNSAFE' });
  });
});

describe('writing Node-side files', () => {
  it('replaces a planted script.py → ~/.bashrc instead of writing through it', async () => {
    fs.symlinkSync(bashrc, path.join(job, 'script.py'));
    await writeNodeFile(job, 'script.py', 'print(1)');
    expect(fs.readFileSync(bashrc, 'utf8')).toBe('original');
    expect(fs.lstatSync(path.join(job, 'script.py')).isSymbolicLink()).toBe(false);
    expect(fs.readFileSync(path.join(job, 'script.py'), 'utf8')).toBe('print(1)');
  });

  it('replaces a hard link to a host file (the host file keeps its bytes), sync and async', async () => {
    fs.linkSync(bashrc, path.join(job, 'part.nc'));
    await writeNodeFile(job, 'part.nc', 'G21');
    expect(fs.readFileSync(bashrc, 'utf8')).toBe('original');
    fs.symlinkSync(bashrc, path.join(job, 'CANCEL'));
    writeNodeFileSync(job, 'CANCEL', 'now');
    expect(fs.readFileSync(bashrc, 'utf8')).toBe('original');
    expect(fs.readFileSync(path.join(job, 'CANCEL'), 'utf8')).toBe('now');
    expect(fs.statSync(path.join(job, 'CANCEL')).nlink).toBe(1);
  });

  it('refuses to write a name that leaves the dir', async () => {
    expect(await code(writeNodeFile(job, '../host/.bashrc', 'x'))).toMatchObject({ code: 'JOB_FILE_UNSAFE' });
    expect(fs.readFileSync(bashrc, 'utf8')).toBe('original');
  });
});

describe('the artefact store never copies a link', () => {
  const store = new ArtefactStore(path.join(tmp, 'store'));

  it('refuses a symlinked source, a hard-linked one and one behind a linked folder', async () => {
    fs.symlinkSync(secret, path.join(job, 'x.step'));
    expect(await code(store.put(path.join(job, 'x.step')))).toMatchObject({ code: 'JOB_FILE_UNSAFE' });
    fs.linkSync(secret, path.join(job, 'h.step'));
    expect(await code(store.put(path.join(job, 'h.step')))).toMatchObject({ code: 'JOB_FILE_UNSAFE', details: { reason: 'hardlink' } });
    const linkedDir = path.join(tmp, `ld-${n}`);
    fs.symlinkSync(host, linkedDir);
    expect(await code(store.put(path.join(linkedDir, 'id_rsa')))).toMatchObject({ code: 'JOB_FILE_UNSAFE' });
    // the key's content never entered the store
    const stored = fs.existsSync(store.root) ? (fs.readdirSync(store.root, { recursive: true }) as string[]) : [];
    expect(
      stored.filter((f) => fs.statSync(path.join(store.root, f)).isFile()).map((f) => fs.readFileSync(path.join(store.root, f), 'utf8')),
    ).not.toContain('PRIVATE KEY');
  });

  it('still stores a plain file', async () => {
    fs.writeFileSync(path.join(job, 'ok.step'), 'ISO-10303-21;');
    expect((await store.put(path.join(job, 'ok.step'))).size).toBe(13);
  });
});

describe('job dir size', () => {
  it('sums files under the dir without following links, and counts sparse files by their size', async () => {
    fs.writeFileSync(path.join(job, 'a'), Buffer.alloc(1000));
    fs.mkdirSync(path.join(job, 'sub'));
    fs.writeFileSync(path.join(job, 'sub', 'b'), Buffer.alloc(3000));
    fs.symlinkSync(secret, path.join(job, 'link'));
    const fd = fs.openSync(path.join(job, 'sparse'), 'w');
    fs.ftruncateSync(fd, 10_000_000);
    fs.closeSync(fd);
    const total = await jobDirBytes(job);
    expect(total).toBeGreaterThanOrEqual(10_004_000);
    expect(total).toBeLessThan(10_100_000);
  });
});
