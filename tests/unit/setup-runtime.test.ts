// Setup's view of the FreeCAD runtime: a finished runtime is recognised without following the
// rootfs's absolute links on the host (they dangle there), a runtime missing a package Tezgah now
// needs asks for an upgrade (not a rebuild), and the pointer layout resolves.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without types
import { runtimeRoots, runtimeState } from '../../build/setup.mjs';

const tmp = mkdtempSync(join(tmpdir(), 'tezgah-setup-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const required = readFileSync(join(import.meta.dirname, '..', '..', 'build', 'runtime-packages.txt'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

function fakeRuntime(name: string, packages: string[] | null, { binary = true } = {}): string {
  const root = join(tmp, name);
  mkdirSync(join(root, 'usr/bin'), { recursive: true });
  mkdirSync(join(root, 'etc/alternatives'), { recursive: true });
  // Debian's chain: /usr/bin/freecadcmd → /etc/alternatives/freecadcmd → /usr/lib/freecad/bin/freecadcmd
  symlinkSync('/etc/alternatives/freecadcmd', join(root, 'usr/bin/freecadcmd'));
  symlinkSync('/usr/lib/freecad/bin/freecadcmd', join(root, 'etc/alternatives/freecadcmd'));
  if (binary) {
    mkdirSync(join(root, 'usr/lib/freecad/bin'), { recursive: true });
    writeFileSync(join(root, 'usr/lib/freecad/bin/freecadcmd'), '#!/bin/sh\n', { mode: 0o755 });
  }
  const marker: Record<string, unknown> = { package: 'freecad-python3', version: '1.1.3+dfsg-3+b2' };
  if (packages) marker.packages = packages;
  writeFileSync(join(root, '.tezgah-runtime.json'), JSON.stringify(marker));
  return root;
}

describe('setup: runtime state', () => {
  it('recognises a finished runtime whose freecadcmd is an absolute link that dangles on the host', () => {
    expect(runtimeState(fakeRuntime('ok', required))).toBe('ok');
  });

  it('asks for an upgrade in place when a package it now needs is missing', () => {
    // a runtime of the first storey: FreeCAD only, no CalculiX or Gmsh
    expect(runtimeState(fakeRuntime('old', null))).toBe('upgrade');
    expect(runtimeState(fakeRuntime('partial', ['freecad-python3', 'gmsh']))).toBe('upgrade');
  });

  it('calls a folder without marker or without the binary missing', () => {
    expect(runtimeState(join(tmp, 'nothing'))).toBe('missing');
    expect(runtimeState(fakeRuntime('no-binary', required, { binary: false }))).toBe('missing');
  });

  it('follows the pointer to the versioned folder', () => {
    const real = fakeRuntime('freecad-runtime.d/20261202T000000Z-1', required);
    const pointer = join(tmp, 'freecad-runtime');
    mkdirSync(dirname(pointer), { recursive: true });
    symlinkSync('freecad-runtime.d/20261202T000000Z-1', pointer);
    expect(real.startsWith(tmp)).toBe(true);
    expect(runtimeState(pointer)).toBe('ok');
  });

  it('looks in the user cache, then the machine-wide runtime root built for every user', () => {
    expect(runtimeRoots({ HOME: '/home/u', TEZGAH_MACHINE_RUNTIME: '/srv/rt' })).toEqual([
      '/home/u/.cache/tezgah/freecad-runtime',
      '/srv/rt',
    ]);
    expect(runtimeRoots({ HOME: '/home/u' })).toEqual(['/home/u/.cache/tezgah/freecad-runtime', '/opt/tezgah/freecad-runtime']);
    expect(runtimeRoots({ TEZGAH_FREECAD_ROOT: '/x' })).toEqual(['/x']);
  });
});
