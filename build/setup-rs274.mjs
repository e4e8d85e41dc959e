#!/usr/bin/env node
// LinuxCNC's standalone G-code interpreter `rs274`, the second reader of our programs in the CAM tests
// (tests/support/rs274.ts). It comes from Debian's linuxcnc-uspace package, unpacked (apt-get download +
// dpkg -x, no install, no root needed) with the shared libraries it links against into a tools folder:
//   $TEZGAH_RS274_ROOT, else /opt/tezgah/rs274 when run as root, else ~/.cache/tezgah/rs274.
// `<root>/rs274` is a wrapper that sets LD_LIBRARY_PATH. Idempotent: a marker names the packages, and a
// present, working tool is left alone (a few ms). Run by build/setup.mjs; on its own:
// `node build/setup-rs274.mjs`.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** the packages unpacked: the interpreter and the libraries a bare Debian may lack */
export const RS274_PACKAGES = ['linuxcnc-uspace', 'libboost-python1.74.0', 'libpython3.11', 'libedit2', 'libtirpc3'];
const MARKER = '.tezgah-rs274.json';

export function rs274Roots(env = process.env) {
  if (env.TEZGAH_RS274_ROOT) return [env.TEZGAH_RS274_ROOT];
  const user = join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'tezgah', 'rs274');
  return [user, '/opt/tezgah/rs274'];
}

/** the wrapper of a working installation, or null */
export function findRs274(env = process.env) {
  if (env.TEZGAH_RS274 && existsSync(env.TEZGAH_RS274)) return env.TEZGAH_RS274;
  for (const root of rs274Roots(env)) {
    const bin = join(root, 'rs274');
    let marker;
    try {
      marker = JSON.parse(readFileSync(join(root, MARKER), 'utf8'));
    } catch {
      continue;
    }
    if (existsSync(bin) && RS274_PACKAGES.every((p) => marker.packages?.includes(p))) return bin;
  }
  return null;
}

/** runs a one-line program through the tool: it must print its canonical commands */
function works(bin) {
  const dir = mkdtempSync(join(tmpdir(), 'rs274-check-'));
  try {
    writeFileSync(join(dir, 'p.ngc'), 'G21 G90\nG0 X1\nM2\n');
    writeFileSync(join(dir, 't.tbl'), 'T1 P1 D0.25 Z0 ;\n');
    const r = spawnSync(bin, ['-t', join(dir, 't.tbl'), '-g', join(dir, 'p.ngc')], { encoding: 'utf8', input: '', timeout: 10_000 });
    return r.status === 0 && r.stdout.includes('STRAIGHT_TRAVERSE(1.0000');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** installs rs274 if missing; returns null when ready, else why not */
export function setupRs274({ quiet = false, env = process.env } = {}) {
  const say = (m) => quiet || console.log(`[setup] ${m}`);
  const have = findRs274(env);
  if (have && works(have)) {
    say(`rs274: ${have}`);
    return null;
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const root = env.TEZGAH_RS274_ROOT || (isRoot ? '/opt/tezgah/rs274' : rs274Roots(env)[0]);
  if (spawnSync('sh', ['-c', 'command -v apt-get && command -v dpkg-deb'], { encoding: 'utf8' }).status !== 0)
    return "rs274 missing and no apt-get/dpkg-deb here: install LinuxCNC's rs274 and set TEZGAH_RS274 to it";
  say(`rs274: unpacking ${RS274_PACKAGES.join(', ')} into ${root}`);
  const work = mkdtempSync(join(tmpdir(), 'rs274-debs-'));
  try {
    const dl = spawnSync('apt-get', ['download', '-q', ...RS274_PACKAGES], { cwd: work, encoding: 'utf8' });
    if (dl.status !== 0) return `rs274: apt-get download failed: ${(dl.stderr || '').trim().split('\n').slice(-3).join(' ')}`;
    const tree = join(work, 'tree');
    for (const deb of readdirSync(work).filter((f) => f.endsWith('.deb'))) {
      const x = spawnSync('dpkg-deb', ['-x', join(work, deb), tree], { encoding: 'utf8' });
      if (x.status !== 0) return `rs274: dpkg-deb -x ${deb} failed: ${x.stderr.trim()}`;
    }
    // keep the interpreter and the shared libraries, nothing else (docs, HAL modules, Python, Tcl)
    const stage = `${root}.new`;
    rmSync(stage, { recursive: true, force: true });
    mkdirSync(join(stage, 'lib'), { recursive: true });
    mkdirSync(join(stage, 'bin'), { recursive: true });
    cpSync(join(tree, 'usr', 'bin', 'rs274'), join(stage, 'bin', 'rs274'));
    for (const dir of ['usr/lib', 'usr/lib/x86_64-linux-gnu', 'lib/x86_64-linux-gnu']) {
      const from = join(tree, dir);
      if (!existsSync(from)) continue;
      for (const f of readdirSync(from).filter((n) => /\.so(\.|$)/.test(n)))
        cpSync(join(from, f), join(stage, 'lib', f), { verbatimSymlinks: true });
    }
    // the host's own libraries first where it has them (the packaged ones fill the gaps)
    writeFileSync(
      join(stage, 'rs274'),
      '#!/bin/sh\nd=$(dirname "$(readlink -f "$0")")\nLD_LIBRARY_PATH="${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$d/lib" exec "$d/bin/rs274" "$@"\n',
    );
    chmodSync(join(stage, 'rs274'), 0o755);
    if (!works(join(stage, 'rs274'))) {
      const ldd = spawnSync(
        'sh',
        ['-c', `LD_LIBRARY_PATH="${join(stage, 'lib')}" ldd "${join(stage, 'bin', 'rs274')}" | grep 'not found'`],
        {
          encoding: 'utf8',
        },
      );
      return `rs274 unpacked but does not run${ldd.stdout ? `: ${ldd.stdout.trim().replace(/\s+/g, ' ')}` : ''}`;
    }
    writeFileSync(join(stage, MARKER), `${JSON.stringify({ packages: RS274_PACKAGES, installed: new Date().toISOString() })}\n`);
    rmSync(root, { recursive: true, force: true });
    mkdirSync(resolve(root, '..'), { recursive: true });
    renameSync(stage, root);
    say(`rs274: ready at ${join(root, 'rs274')}`);
    return null;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  const problem = setupRs274({ quiet: process.argv.includes('--quiet') });
  if (problem) {
    console.error(`[setup] ${ci ? 'ERROR' : 'warning'}: ${problem}`);
    if (ci) process.exit(1);
  }
}
