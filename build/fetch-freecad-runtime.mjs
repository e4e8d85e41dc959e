#!/usr/bin/env node
// Fills the bundled-FreeCAD slot of electron-builder.yml: downloads the FreeCAD 1.1 runtime pinned
// in build/freecad-runtime.json for one target, checks its SHA-256 BEFORE unpacking anything, and
// unpacks it into build/freecad-runtime/<os>-<arch>/ with a .tezgah-bundle.json marker that the app
// reads (electron/shell/paths.ts). Idempotent: a slot whose marker has the pinned hash is kept.
//
// It needs internet (or a local mirror: file:// URLs work), so it does not run on the offline build
// machines of this project; run it on the packaging machine before `electron-builder`.
//
//   node build/fetch-freecad-runtime.mjs [--target linux-x64|linux-arm64|win-x64|mac-x64|mac-arm64]
//                                        [--url URL --sha256 HEX] [--dest DIR] [--manifest FILE]
// Exit codes: 0 ok, 1 download/verify/unpack failed, 2 usage or manifest problem.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const say = (m) => console.log(`[freecad-runtime] ${m}`);
const fail = (m, code = 1) => {
  console.error(`[freecad-runtime] ${m}`);
  process.exit(code);
};

const builderOs = { linux: 'linux', win32: 'win', darwin: 'mac' }[process.platform] ?? process.platform;
const { values: opts } = parseArgs({
  options: {
    target: { type: 'string', default: `${builderOs}-${process.arch}` },
    url: { type: 'string' },
    sha256: { type: 'string' },
    dest: { type: 'string' },
    manifest: { type: 'string', default: join(repo, 'build', 'freecad-runtime.json') },
  },
});

const manifest = JSON.parse(readFileSync(opts.manifest, 'utf8'));
const entry = { ...manifest.targets?.[opts.target] };
if (!manifest.targets?.[opts.target])
  fail(`no target '${opts.target}' in ${opts.manifest} (have: ${Object.keys(manifest.targets ?? {}).join(', ')})`, 2);
if (opts.url) entry.url = opts.url;
if (opts.sha256) entry.sha256 = opts.sha256;
const want = String(entry.sha256 ?? '').toLowerCase();
if (!/^[0-9a-f]{64}$/.test(want))
  fail(`no pinned SHA-256 for ${opts.target}: fill in 'sha256' in ${opts.manifest} from the release's checksum list (or pass --sha256)`, 2);
if (entry.kind !== 'rootfs' && entry.kind !== 'binary') fail(`target ${opts.target}: kind must be 'rootfs' or 'binary'`, 2);
if (entry.kind === 'binary' && typeof entry.freecadcmd !== 'string')
  fail(`target ${opts.target}: a 'binary' runtime needs 'freecadcmd'`, 2);

const dest = resolve(opts.dest ?? join(repo, 'build', 'freecad-runtime', opts.target));
const markerPath = join(dest, '.tezgah-bundle.json');
if (existsSync(markerPath)) {
  try {
    if (JSON.parse(readFileSync(markerPath, 'utf8')).sha256 === want) {
      say(`${opts.target}: already in place (${dest})`);
      process.exit(0);
    }
  } catch {
    // a damaged marker: fetch again
  }
}

const cacheDir = join(dirname(dest), '.cache');
mkdirSync(cacheDir, { recursive: true });
const name = new URL(entry.url).pathname.split('/').pop() || 'runtime';
const archive = join(cacheDir, `${want}-${name}`);

async function sha256Of(file) {
  const h = createHash('sha256');
  await pipeline(createReadStream(file), h);
  return h.digest('hex');
}

async function download(url, to) {
  const part = `${to}.part`;
  if (url.startsWith('file:')) {
    await pipeline(createReadStream(fileURLToPath(url)), createWriteStream(part));
  } else {
    const res = await fetch(url, { redirect: 'follow' });
    if (!res.ok || !res.body) throw new Error(`GET ${url}: HTTP ${res.status}`);
    await pipeline(Readable.fromWeb(res.body), createWriteStream(part));
  }
  renameSync(part, to);
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  return r.status === 0;
}

/** Unpacks into `into` (which must be empty); tar keeps symlinks, which a rootfs needs. */
function unpack(file, into, strip, kind) {
  if (/\.dmg$/i.test(file)) {
    if (process.platform !== 'darwin') throw new Error('a .dmg can only be unpacked on macOS');
    const mnt = `${into}.mnt`;
    mkdirSync(mnt, { recursive: true });
    if (!run('hdiutil', ['attach', '-nobrowse', '-readonly', '-mountpoint', mnt, file])) throw new Error('hdiutil attach failed');
    try {
      const app = readdirSync(mnt).find((n) => n.endsWith('.app'));
      if (!app || !run('ditto', [join(mnt, app), join(into, 'FreeCAD.app')])) throw new Error('no .app in the disk image');
    } finally {
      run('hdiutil', ['detach', mnt]);
      rmSync(mnt, { recursive: true, force: true });
    }
    return;
  }
  const stripArgs = strip ? [`--strip-components=${strip}`] : [];
  // device nodes cannot be made without root and are not needed: bubblewrap mounts its own /dev
  const excludeArgs = kind === 'rootfs' ? ['--exclude=./dev/*', '--exclude=dev/*'] : [];
  // GNU tar and bsdtar read .tar.{gz,xz,zst}; bsdtar (Windows' tar.exe, macOS) also reads .7z and .zip
  if (run('tar', ['-xf', file, '-C', into, ...stripArgs, ...excludeArgs])) return;
  if (/\.(7z|zip)$/i.test(file)) {
    const tmp = `${into}.7z`;
    rmSync(tmp, { recursive: true, force: true });
    if (!run('7z', ['x', '-y', `-o${tmp}`, file])) throw new Error('neither tar nor 7z could unpack the archive');
    let top = tmp;
    for (let i = 0; i < (strip ?? 0); i++) {
      const entries = readdirSync(top);
      if (entries.length !== 1) throw new Error(`--strip ${strip}: the archive has no single top-level folder`);
      top = join(top, entries[0]);
    }
    for (const n of readdirSync(top)) renameSync(join(top, n), join(into, n));
    rmSync(tmp, { recursive: true, force: true });
    return;
  }
  throw new Error('tar could not unpack the archive');
}

function keepEmptyDirs(dir) {
  const entries = readdirSync(dir, { withFileTypes: true });
  if (entries.length === 0) writeFileSync(join(dir, '.tezgah-keep'), '');
  for (const e of entries) if (e.isDirectory()) keepEmptyDirs(join(dir, e.name));
}

try {
  if (!existsSync(archive)) {
    say(`${opts.target}: downloading ${entry.url}`);
    await download(entry.url, archive);
  }
  const got = await sha256Of(archive);
  if (got !== want) {
    rmSync(archive, { force: true });
    fail(`${opts.target}: SHA-256 mismatch for ${name}: expected ${want}, got ${got}. The file was deleted; nothing was unpacked.`);
  }
  say(`${opts.target}: SHA-256 verified (${want})`);

  const staging = `${dest}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  unpack(archive, staging, entry.strip, entry.kind);
  // electron-builder drops empty folders, but a rootfs needs them (/proc, /dev, /tmp are mount points)
  if (entry.kind === 'rootfs') keepEmptyDirs(staging);

  const cmd = entry.kind === 'rootfs' ? 'usr/bin/freecadcmd' : entry.freecadcmd;
  // lstat: in a rootfs freecadcmd is a symlink into its own /etc/alternatives (dangling from outside)
  try {
    lstatSync(join(staging, cmd));
  } catch {
    throw new Error(`the unpacked runtime has no ${cmd}`);
  }
  const marker = {
    kind: entry.kind,
    version: entry.version,
    ...(entry.kind === 'binary' ? { freecadcmd: entry.freecadcmd } : {}),
    sha256: want,
    source: entry.url,
    fetched_at: new Date().toISOString(),
  };
  writeFileSync(join(staging, '.tezgah-bundle.json'), JSON.stringify(marker, null, 2) + '\n');
  rmSync(dest, { recursive: true, force: true });
  renameSync(staging, dest);
  say(`${opts.target}: FreeCAD ${entry.version} (${entry.kind}) ready in ${dest}`);
} catch (e) {
  fail(`${opts.target}: ${e.message}`);
}
