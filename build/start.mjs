#!/usr/bin/env node
// `npm start` (after setup): the desktop app where Electron can run (its binary is present and
// there is a display), otherwise the same app in a browser through the local host
// (`tezgah serve`), whose URL is printed. TEZGAH_BROWSER=1 forces browser mode.
// Extra arguments go to `tezgah serve` (e.g. `npm start -- --port 8080`).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const say = (msg) => console.log(`[start] ${msg}`);

/** The Electron binary, or why there is none. */
function electronBinary() {
  try {
    const bin = require('electron'); // the npm package resolves to its binary's path (it throws when the download was skipped)
    return typeof bin === 'string' && existsSync(bin)
      ? { bin }
      : { why: 'the Electron binary is not installed (it downloads on a machine with internet)' };
  } catch {
    return { why: 'the Electron binary is not installed (it downloads on a machine with internet)' };
  }
}

function electronUsable() {
  if (process.env.TEZGAH_BROWSER === '1') return { why: 'TEZGAH_BROWSER=1' };
  const e = electronBinary();
  if (!e.bin) return e;
  if (process.platform === 'linux') {
    if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { why: 'there is no display (DISPLAY / WAYLAND_DISPLAY unset)' };
    // Chromium refuses root unless its sandbox is turned off, and Tezgah never turns it off.
    if (process.getuid?.() === 0) return { why: 'Electron does not run as root with its sandbox on' };
  }
  return e;
}

function newestMtime(paths) {
  let newest = 0;
  const visit = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) {
      for (const name of readdirSync(p)) if (name !== 'node_modules' && !name.startsWith('.')) visit(join(p, name));
    } else newest = Math.max(newest, s.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

/** Builds the renderer with vite when its output is missing or older than its sources. */
function ensureRenderer() {
  const index = join(repo, 'dist-renderer', 'index.html');
  const sources = ['renderer', 'shared', 'index.html', 'vite.config.ts'].map((p) => join(repo, p));
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(sources)) return;
  say('building the renderer (vite build)');
  const r = spawnSync('npx', ['vite', 'build'], { cwd: repo, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('[start] the renderer build failed (see above)');
    process.exit(1);
  }
}

function run(cmd, args) {
  const child = spawn(cmd, args, { cwd: repo, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 0 : 1)));
}

const electron = electronUsable();
say(electron.bin ? 'starting the desktop app (Electron)' : `browser mode: ${electron.why}`);
ensureRenderer();
if (electron.bin) {
  const r = spawnSync(process.execPath, [join(repo, 'build', 'build-electron.mjs')], { cwd: repo, stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
  run(electron.bin, [repo]);
} else {
  run(process.execPath, [join(repo, 'bin', 'tezgah.mjs'), 'serve', ...process.argv.slice(2)]);
}
