#!/usr/bin/env node
// `npm run setup`: installs everything Tezgah needs, idempotently, using only Node's standard library
// (it runs before node_modules exists). `npm start` and `npm test` run it first with --quiet.
//   1. npm packages (npm ci when node_modules is missing or older than package-lock.json)
//   2. the FreeCAD 1.1 runtime (Linux: private Debian rootfs + bubblewrap, build/setup-freecad-runtime.sh),
//      unless TEZGAH_FREECAD points at a freecadcmd binary
//   3. Chromium for the end-to-end tests and the browser host (Debian's package)
//   4. LinuxCNC's standalone G-code interpreter rs274, the CAM tests' second reader (build/setup-rs274.mjs)
// In CI (CI=true) anything missing is a failure. Elsewhere, a step that cannot run (no root, another
// OS) prints what to do and setup goes on, so unit tests still run.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { homedir, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupRs274 } from './setup-rs274.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');
const ci = process.env.CI === 'true' || process.env.CI === '1';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const say = (msg) => console.log(`[setup] ${msg}`);
const problems = [];

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: repo, ...opts, env: { ...process.env, ...opts.env } });
  return r.status === 0;
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

// 1. npm packages ------------------------------------------------------------------------------
function npmPackages() {
  const lock = join(repo, 'package-lock.json');
  const stampFile = join(repo, 'node_modules', '.tezgah-setup-stamp');
  const want = existsSync(lock)
    ? createHash('sha256')
        .update(readFileSync(lock))
        .update(readFileSync(join(repo, 'package.json')))
        .digest('hex')
    : null;
  const have = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : null;
  if (want && have === want && existsSync(join(repo, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))) {
    if (!quiet) say('npm packages: up to date');
    return;
  }
  say('npm packages: installing (npm ci)');
  // Electron's own binary comes from GitHub, which this kind of machine cannot reach; the shell
  // fetches it on first run where it can. Everything below the shell runs under plain Node.
  const env = { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
  const ok = want ? run('npm', ['ci', '--no-audit', '--no-fund'], { env }) : run('npm', ['install', '--no-audit', '--no-fund'], { env });
  if (!ok) {
    problems.push('npm packages could not be installed');
    return;
  }
  const now = createHash('sha256')
    .update(readFileSync(lock))
    .update(readFileSync(join(repo, 'package.json')))
    .digest('hex');
  writeFileSync(stampFile, now + '\n');
}

// 2. FreeCAD 1.1 runtime --------------------------------------------------------------------------
// The runtime root is a pointer (symlink) to a versioned folder; see build/setup-freecad-runtime.sh.
// Its freecadcmd is an absolute link into the rootfs's own /etc/alternatives, dangling on the host:
// links are resolved inside the rootfs, never followed on the host.
export function runtimeRoots(env = process.env) {
  if (env.TEZGAH_FREECAD_ROOT) return [env.TEZGAH_FREECAD_ROOT];
  const user = join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'tezgah', 'freecad-runtime');
  return [user, machineRoot(env)];
}

function machineRoot(env = process.env) {
  return env.TEZGAH_MACHINE_RUNTIME || '/opt/tezgah/freecad-runtime';
}

function hasFreecadcmd(root) {
  let p = '/usr/bin/freecadcmd';
  for (let i = 0; i < 8; i++) {
    let st;
    try {
      st = lstatSync(join(root, p));
    } catch {
      return false;
    }
    if (!st.isSymbolicLink()) return st.isFile();
    const t = readlinkSync(join(root, p));
    p = t.startsWith('/') ? t : join(dirname(p), t);
  }
  return false;
}

function requiredPackages() {
  return readFileSync(join(repo, 'build', 'runtime-packages.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/** 'ok' | 'upgrade' (a package is missing) | 'missing' */
export function runtimeState(root) {
  let marker;
  try {
    marker = JSON.parse(readFileSync(join(root, '.tezgah-runtime.json'), 'utf8'));
  } catch {
    return 'missing';
  }
  if (!hasFreecadcmd(root)) return 'missing';
  const have = new Set(Array.isArray(marker.packages) ? marker.packages : ['freecad-python3']);
  return requiredPackages().every((p) => have.has(p)) ? 'ok' : 'upgrade';
}

function freecadRuntime() {
  if (process.env.TEZGAH_FREECAD) {
    if (existsSync(process.env.TEZGAH_FREECAD)) {
      if (!quiet) say(`FreeCAD: using TEZGAH_FREECAD=${process.env.TEZGAH_FREECAD}`);
    } else problems.push(`TEZGAH_FREECAD=${process.env.TEZGAH_FREECAD} does not exist`);
    return;
  }
  if (platform() !== 'linux') {
    problems.push('FreeCAD runtime: on this OS install FreeCAD 1.1 and set TEZGAH_FREECAD to its freecadcmd');
    return;
  }
  const roots = runtimeRoots();
  const states = roots.map((r) => [r, runtimeState(r)]);
  const ready = states.find(([, st]) => st === 'ok');
  if (ready) {
    if (!which('bwrap') && isRoot) installDebian(['bubblewrap']);
    if (!quiet) say(`FreeCAD: runtime present at ${ready[0]}`);
    return;
  }
  const old = states.find(([, st]) => st === 'upgrade');
  if (!isRoot) {
    problems.push(
      old
        ? `FreeCAD runtime at ${old[0]} lacks packages Tezgah now needs (build/runtime-packages.txt); upgrading it needs root: run 'sudo npm run setup'`
        : `FreeCAD runtime missing (looked in ${roots.join(', ')}); building it needs root: run 'sudo npm run setup' (it builds ${machineRoot()} for every user), or set TEZGAH_FREECAD_ROOT`,
    );
    return;
  }
  // root upgrades the runtime it found, or builds the machine-wide one
  const target = old ? old[0] : (process.env.TEZGAH_FREECAD_ROOT ?? machineRoot());
  say(
    old
      ? `FreeCAD: upgrading the runtime at ${target} (adds the missing packages)`
      : 'FreeCAD: building the FreeCAD 1.1 runtime (a few minutes, once per machine)',
  );
  if (!run('bash', [join(repo, 'build', 'setup-freecad-runtime.sh')], { env: { TEZGAH_FREECAD_ROOT: target } }))
    problems.push('FreeCAD runtime build failed (see output above)');
}

// 3. Chromium ----------------------------------------------------------------------------------------
let aptUpdated = false;
function installDebian(pkgs) {
  if (!which('apt-get')) return false;
  if (!aptUpdated) {
    run('apt-get', ['update', '-qq']);
    aptUpdated = true;
  }
  return run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
}

function chromium() {
  const path = process.env.TEZGAH_CHROMIUM || '/usr/bin/chromium';
  if (existsSync(path)) {
    if (!quiet) say(`Chromium: ${path}`);
    return;
  }
  if (!isRoot || !which('apt-get')) {
    problems.push("Chromium missing: install Debian's 'chromium' package, or set TEZGAH_CHROMIUM to a Chromium binary");
    return;
  }
  say('Chromium: installing Debian chromium');
  if (!installDebian(['chromium', 'fonts-dejavu-core'])) problems.push('Chromium install failed');
}

function main() {
  const started = Date.now();
  npmPackages();
  freecadRuntime();
  chromium();
  const rs274 = setupRs274({ quiet });
  if (rs274) problems.push(rs274);
  if (problems.length) {
    for (const p of problems) console.error(`[setup] ${ci ? 'ERROR' : 'warning'}: ${p}`);
    if (ci) process.exit(1);
  } else if (!quiet) {
    say(`all set (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}

// a script when run, a module when a test imports runtimeState
if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) main();
