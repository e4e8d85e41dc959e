import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArtefactStore } from '../../electron/platform/artefact-store.js';

let dir: string;
let store: ArtefactStore;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tezgah-cas-'));
  store = new ArtefactStore(path.join(dir, 'artefacts'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
/** every stored file (not temp files), relative to the store root */
function storedFiles(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !path.relative(root, e.parentPath).startsWith('.tmp'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('ArtefactStore', () => {
  it('stores bytes under root/ab/cdef… named by their SHA-256', async () => {
    const bytes = Buffer.from('solid part\n  facet normal 0 0 1\nendsolid part\n');
    const got = await store.putBytes(bytes);
    expect(got.sha256).toBe(sha(bytes));
    expect(got.size).toBe(bytes.length);
    expect(got.path).toBe(path.join(dir, 'artefacts', got.sha256.slice(0, 2), got.sha256.slice(2)));
    expect(fs.readFileSync(got.path)).toEqual(bytes);
    expect(store.pathFor(got.sha256)).toBe(got.path);
    expect(store.has(got.sha256)).toBe(true);
    expect(store.has(sha('something else'))).toBe(false);
    // stored files are read-only so nothing edits them in place
    expect(fs.statSync(got.path).mode & 0o222).toBe(0);
  });

  it('keeps the same content once, whether it comes as bytes or as files', async () => {
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 17, 0);
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = i % 251;
    const a = path.join(dir, 'a.step');
    const b = path.join(dir, 'b.step');
    fs.writeFileSync(a, bytes);
    fs.writeFileSync(b, bytes);
    const r1 = await store.put(a);
    const r2 = await store.put(b);
    const r3 = await store.putBytes(bytes);
    expect(new Set([r1.path, r2.path, r3.path]).size).toBe(1);
    expect(r1.sha256).toBe(sha(bytes));
    expect(r1.size).toBe(bytes.length);
    await store.putBytes(Buffer.from('another file'));
    expect(storedFiles(store.root)).toHaveLength(2);
    expect(fs.readdirSync(path.join(store.root, '.tmp'))).toEqual([]);
  });

  it('stores an empty file', async () => {
    const r = await store.putBytes(Buffer.alloc(0));
    expect(r.sha256).toBe(sha(''));
    expect(await store.verify(r.sha256)).toBe(true);
  });

  it('notices a stored file that was damaged, and heals it on the next put', async () => {
    const bytes = Buffer.from('G21\nG90\nG0 X0 Y0\nM30\n');
    const r = await store.putBytes(bytes);
    expect(await store.verify(r.sha256)).toBe(true);
    fs.chmodSync(r.path, 0o644);
    fs.writeFileSync(r.path, 'G21\nG90\n'); // truncated by something outside Tezgah
    expect(await store.verify(r.sha256)).toBe(false);
    await store.putBytes(bytes);
    expect(await store.verify(r.sha256)).toBe(true);
    expect(await store.verify(sha('never stored'))).toBe(false);
  });

  it('accepts only real hashes as names, so no path leaves the store', () => {
    for (const bad of ['../../etc/passwd', 'A'.repeat(64), 'a'.repeat(63), `${'a'.repeat(62)}/x`]) {
      expect(() => store.pathFor(bad)).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
    }
  });

  it('says NOT_FOUND for a missing source and STORAGE_IO for a store it cannot write', async () => {
    expect(await codeOf(store.put(path.join(dir, 'missing.stl')))).toBe('NOT_FOUND');
    // sysfs refuses new folders even for root
    expect(await codeOf(new ArtefactStore('/sys/tezgah-test-store').putBytes(Buffer.from('x')))).toBe('STORAGE_IO');
    fs.writeFileSync(path.join(dir, 'plainfile'), '');
    expect(await codeOf(new ArtefactStore(path.join(dir, 'plainfile', 'store')).putBytes(Buffer.from('x')))).toBe('STORAGE_IO');
  });

  it('sweeps temp files left by a crashed writer, but only old ones', async () => {
    const tmp = path.join(store.root, '.tmp');
    fs.mkdirSync(tmp, { recursive: true });
    fs.writeFileSync(path.join(tmp, 'old.tmp'), 'half');
    fs.writeFileSync(path.join(tmp, 'fresh.tmp'), 'being written');
    const hourAgo = new Date(Date.now() - 2 * 3600_000);
    fs.utimesSync(path.join(tmp, 'old.tmp'), hourAgo, hourAgo);
    expect(await store.sweepTemp()).toBe(1);
    expect(fs.readdirSync(tmp)).toEqual(['fresh.tmp']);
  });

  it('removes a fresh temp file at once when its writer, a process of this machine, is gone', async () => {
    const tmp = path.join(store.root, '.tmp');
    fs.mkdirSync(tmp, { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const tag = createHash('sha256').update(os.hostname()).digest('hex').slice(0, 8);
    const uuid = '0b3a3c6e-8f4e-4c2a-9a51-3f3c2b1d0e9f';
    fs.writeFileSync(path.join(tmp, `${dead}.${tag}.${uuid}.tmp`), 'half of a crashed write');
    fs.writeFileSync(path.join(tmp, `1.${tag}.${uuid}.tmp`), 'a live writer');
    fs.writeFileSync(path.join(tmp, `${dead}.ffffffff.${uuid}.tmp`), 'another machine');
    expect(await store.sweepTemp()).toBe(1);
    expect(fs.readdirSync(tmp).sort()).toEqual([`${dead}.ffffffff.${uuid}.tmp`, `1.${tag}.${uuid}.tmp`].sort());
  });
});

// A real full disk and a real read-only disk: a tmpfs mounted in a private mount namespace (as
// root, or rootless through a user namespace). Where neither works the tests are skipped on a
// developer's machine, but never in CI: there a machine that cannot run them fails them.
const ci = process.env.CI === 'true' || process.env.CI === '1';
const unsharePrefix = ((): string[] | null => {
  if (process.platform !== 'linux') return null;
  for (const prefix of [['-m'], ['-U', '-r', '-m']]) {
    const r = spawnSync('unshare', [...prefix, '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /mnt'], {
      stdio: 'ignore',
      timeout: 10_000,
    });
    if (r.status === 0) return prefix;
  }
  return null;
})();

describe.skipIf(!unsharePrefix && !ci)('ArtefactStore on a full or read-only disk', () => {
  const writer = fileURLToPath(new URL('./fixtures/store-disk-writer.ts', import.meta.url));
  const run = (mountOpts: string) => {
    if (!unsharePrefix)
      throw new Error('cannot mount a tmpfs in a private mount namespace here (unshare -m, unshare -Urm): the disk tests need it');
    const mnt = fs.mkdtempSync(path.join(os.tmpdir(), 'tezgah-mnt-'));
    try {
      const out = execFileSync(
        'unshare',
        [
          ...unsharePrefix,
          '--propagation',
          'private',
          'sh',
          '-c',
          `mount -t tmpfs -o ${mountOpts} tmpfs "$1" && exec "$2" --import tsx "$3" "$1"`,
          'sh',
          mnt,
          process.execPath,
          writer,
        ],
        { encoding: 'utf8', timeout: 30_000 },
      );
      return JSON.parse(out.trim().split('\n').at(-1)!) as { big: string; leftovers: number; log: string };
    } finally {
      fs.rmSync(mnt, { recursive: true, force: true });
    }
  };

  it('reports STORAGE_FULL and leaves no partial file behind', () => {
    expect(run('size=1m')).toEqual({ big: 'STORAGE_FULL', leftovers: 0, log: 'STORAGE_FULL' });
  });

  it('reports STORAGE_IO on a read-only disk', () => {
    expect(run('ro,size=1m')).toEqual({ big: 'STORAGE_IO', leftovers: 0, log: 'STORAGE_IO' });
  });
});
