// Finding FreeCAD: which runtime wins, and the configuration errors a user sees when it is missing
// or the wrong version. Uses small fake runtimes (a marker file, a dpkg database, a fake binary).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TezgahError } from '../../shared/errors.js';
import {
  defaultRuntimeRoot,
  isSupportedVersion,
  locateFreeCad,
  parseFreeCadVersion,
  probeSandbox,
} from '../../freecad-bridge/src/locate.js';

let tmp: string;

async function fakeRootfs(name: string, files: Record<string, string>): Promise<string> {
  const root = path.join(tmp, name);
  await fs.mkdir(path.join(root, 'usr/bin'), { recursive: true });
  // like Debian's: an absolute symlink that dangles when seen from the host
  await fs.symlink('/etc/alternatives/freecadcmd', path.join(root, 'usr/bin/freecadcmd'));
  // …resolved inside the rootfs, where the chain ends in a real file
  await fs.mkdir(path.join(root, 'etc/alternatives'), { recursive: true });
  await fs.mkdir(path.join(root, 'usr/lib/freecad/bin'), { recursive: true });
  await fs.writeFile(path.join(root, 'usr/lib/freecad/bin/freecadcmd'), '', { mode: 0o755 });
  await fs.symlink('/usr/lib/freecad/bin/freecadcmd', path.join(root, 'etc/alternatives/freecadcmd'));
  for (const [rel, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fs.writeFile(path.join(root, rel), text);
  }
  return root;
}

async function fakeBinary(name: string, versionLine: string): Promise<string> {
  const p = path.join(tmp, name);
  await fs.writeFile(p, `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "${versionLine}"; fi\n`, { mode: 0o755 });
  return p;
}

async function locateError(env: NodeJS.ProcessEnv): Promise<TezgahError> {
  try {
    await locateFreeCad(env);
  } catch (e) {
    expect(e).toBeInstanceOf(TezgahError);
    return e as TezgahError;
  }
  throw new Error('expected locateFreeCad to fail');
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'tezgah-locate-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('versions', () => {
  it.each([
    ['1.1.3+dfsg-3+b2', '1.1.3'],
    ['1:1.1.0-1', '1.1.0'],
    ['FreeCAD 1.1.3 Revision: 20260725 (Git shallow)', '1.1.3'],
    ['0.20.2+dfsg1-10', '0.20.2'],
  ])('%s → %s', (text, v) => expect(parseFreeCadVersion(text)).toBe(v));

  it('accepts only the 1.1 series', () => {
    expect(isSupportedVersion('1.1.3')).toBe(true);
    expect(isSupportedVersion('1.1')).toBe(true);
    expect(isSupportedVersion('1.10.0')).toBe(false);
    expect(isSupportedVersion('1.0.2')).toBe(false);
    expect(isSupportedVersion('0.21.2')).toBe(false);
  });
});

describe('defaultRuntimeRoot', () => {
  it('lives in the user cache', () => {
    expect(defaultRuntimeRoot({ XDG_CACHE_HOME: '/c', HOME: '/h' })).toBe('/c/tezgah/freecad-runtime');
    expect(defaultRuntimeRoot({ HOME: '/h' })).toBe('/h/.cache/tezgah/freecad-runtime');
  });
});

describe('locateFreeCad', () => {
  it('reads the version from the runtime marker', async () => {
    const root = await fakeRootfs('rt-marker', { '.tezgah-runtime.json': '{"package":"freecad-python3","version":"1.1.3+dfsg-3+b2"}' });
    const rt = await locateFreeCad({ TEZGAH_FREECAD_ROOT: root });
    expect(rt).toMatchObject({ kind: 'rootfs', root, freecadcmd: '/usr/bin/freecadcmd', version: '1.1.3' });
    // this fake root has no /bin/true, so the sandbox cannot start in it, and says so
    expect(rt.sandboxed).toBe(false);
    expect(rt.sandboxProblem).toBeTruthy();
  });

  it('falls back to the dpkg database when there is no marker', async () => {
    const status = 'Package: libc6\nVersion: 2.41-1\n\nPackage: freecad-python3\nStatus: install ok installed\nVersion: 1.1.1+dfsg-1\n';
    const root = await fakeRootfs('rt-dpkg', { 'var/lib/dpkg/status': status });
    expect((await locateFreeCad({ TEZGAH_FREECAD_ROOT: root })).version).toBe('1.1.1');
  });

  it('says CONFIG_FREECAD_MISSING when there is no runtime', async () => {
    expect((await locateError({ TEZGAH_FREECAD_ROOT: path.join(tmp, 'nothing') })).code).toBe('CONFIG_FREECAD_MISSING');
    expect(
      (await locateError({ XDG_CACHE_HOME: path.join(tmp, 'empty-cache'), TEZGAH_MACHINE_RUNTIME: path.join(tmp, 'no-machine-runtime') }))
        .code,
    ).toBe('CONFIG_FREECAD_MISSING');
    expect((await locateError({ TEZGAH_FREECAD: path.join(tmp, 'no-such-binary') })).code).toBe('CONFIG_FREECAD_MISSING');
  });

  it('says CONFIG_FREECAD_VERSION_MISMATCH with what it found', async () => {
    const root = await fakeRootfs('rt-old', { '.tezgah-runtime.json': '{"version":"0.20.2+dfsg1-10"}' });
    const e = await locateError({ TEZGAH_FREECAD_ROOT: root });
    expect(e.code).toBe('CONFIG_FREECAD_VERSION_MISMATCH');
    expect(e.details!.found).toBe('0.20.2+dfsg1-10');
    const bin = await fakeBinary('fc-old', 'FreeCAD 0.21.2 Revision: 33771');
    const e2 = await locateError({ TEZGAH_FREECAD: bin });
    expect(e2.code).toBe('CONFIG_FREECAD_VERSION_MISMATCH');
    expect(e2.details!.found).toBe('0.21.2');
  });

  it('prefers TEZGAH_FREECAD (kind binary), which runs without the OS sandbox', async () => {
    const root = await fakeRootfs('rt-ignored', { '.tezgah-runtime.json': '{"version":"1.1.3"}' });
    const bin = await fakeBinary('fc-ok', 'FreeCAD 1.1.3 Revision: 20260725 (Git shallow)');
    const rt = await locateFreeCad({ TEZGAH_FREECAD: bin, TEZGAH_FREECAD_ROOT: root });
    expect(rt).toMatchObject({ kind: 'binary', freecadcmd: bin, version: '1.1.3', sandboxed: false });
    expect(rt.sandboxProblem).toMatch(/without the OS sandbox/);
    expect(await probeSandbox(rt)).toMatchObject({ ok: false });
  });
});
