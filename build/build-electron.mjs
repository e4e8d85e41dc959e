#!/usr/bin/env node
// Bundles the Electron main process and the preload into dist-electron/ with esbuild.
//   dist-electron/main.js      ESM, Node 22 (Electron 38); npm packages stay external (electron-builder
//                              ships them in app.asar, better-sqlite3's .node unpacked beside it)
//   dist-electron/preload.cjs  CommonJS, bundled whole: a sandboxed preload may require only 'electron'
// Usage: node build/build-electron.mjs [--watch]
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(repo, 'dist-electron');
const watch = process.argv.includes('--watch');

/** A sandboxed preload gets a tiny `require`: anything but 'electron' would throw at load time. */
const preloadOnlyElectron = {
  name: 'preload-only-electron',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path === 'electron') return { path: 'electron', external: true };
      if (args.importer.includes(`${join(repo, 'node_modules')}`)) return undefined;
      return { errors: [{ text: `the preload may import only 'electron' and bundled code, not '${args.path}'` }] };
    });
  },
};

const common = {
  bundle: true,
  sourcemap: 'linked',
  logLevel: 'info',
  absWorkingDir: repo,
  define: { 'process.env.NODE_ENV': '"production"' },
};

const main = {
  ...common,
  entryPoints: { main: 'electron/main.ts' },
  outdir,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  // bundled code that calls require() (for Node built-ins) still works in an ES module
  banner: { js: "import { createRequire as __tezgahRequire } from 'node:module'; const require = __tezgahRequire(import.meta.url);" },
};

const preload = {
  ...common,
  entryPoints: { preload: 'electron/preload.ts' },
  outdir,
  outExtension: { '.js': '.cjs' },
  platform: 'browser',
  format: 'cjs',
  target: 'chrome140',
  plugins: [preloadOnlyElectron],
};

if (watch) {
  const contexts = await Promise.all([esbuild.context(main), esbuild.context(preload)]);
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all([esbuild.build(main), esbuild.build(preload)]);
  // belt and braces: the emitted preload must not require anything but electron
  const text = readFileSync(join(outdir, 'preload.cjs'), 'utf8');
  const requires = [...text.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]).filter((m) => m !== 'electron');
  if (requires.length) {
    console.error(`preload.cjs requires ${requires.join(', ')}: a sandboxed preload may require only 'electron'`);
    process.exit(1);
  }
}
