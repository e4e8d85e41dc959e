// The layer rules of ../shared/guide/architecture.md, checked on every source file's real import
// list (TypeScript's own pre-processor: static imports, re-exports, dynamic import(), require()):
//   - only electron/main.ts, electron/preload.ts and electron/shell/ import 'electron'
//   - renderer/ imports only shared/ (and npm packages), never Node
//   - shared/ imports nothing from electron/, freecad-bridge/, renderer/ or Node
//   - freecad-bridge/ never imports electron/ or renderer/; electron/ never imports renderer/
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs|jsx)$/;

function sourceFiles(dir: string): string[] {
  const abs = join(repo, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && SOURCE.test(d.name) && !d.name.endsWith('.d.ts'))
    .map((d) => relative(repo, join(d.parentPath, d.name)).split(sep).join('/'))
    .filter((f) => !f.includes('node_modules/'));
}

interface Import {
  file: string;
  spec: string;
  /** repo-relative target of a relative import */
  target: string | null;
}

function importsOf(file: string): Import[] {
  const info = ts.preProcessFile(readFileSync(join(repo, file), 'utf8'), true, true);
  return info.importedFiles.map(({ fileName: spec }) => ({
    file,
    spec,
    target: spec.startsWith('.') ? relative(repo, resolve(repo, dirname(file), spec)).split(sep).join('/') : null,
  }));
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const isNode = (spec: string) => spec.startsWith('node:') || NODE_BUILTINS.has(spec) || NODE_BUILTINS.has(spec.split('/')[0]!);
const isElectron = (spec: string) => spec === 'electron' || spec.startsWith('electron/');
const under = (target: string | null, dir: string) => target !== null && (target === dir || target.startsWith(`${dir}/`));
const show = (list: Import[]) => list.map((i) => `${i.file} → ${i.spec}`);

// app code only: build scripts may resolve the electron npm package (the binary's path)
const all = ['electron', 'renderer', 'shared', 'freecad-bridge/src'].flatMap(sourceFiles).flatMap(importsOf);

describe('layers', () => {
  it('reads real import lists (the rules below cannot pass on an empty scan)', () => {
    expect(all.length).toBeGreaterThan(50);
    expect(all.some((i) => i.file === 'electron/main.ts' && i.spec === 'electron')).toBe(true);
    expect(all.some((i) => i.file === 'electron/preload.ts' && i.target === 'shared/api-client.js')).toBe(true);
  });

  it("only electron/main.ts, electron/preload.ts and electron/shell/ import 'electron'", () => {
    const allowed = (f: string) => f === 'electron/main.ts' || f === 'electron/preload.ts' || f.startsWith('electron/shell/');
    expect(show(all.filter((i) => isElectron(i.spec) && !allowed(i.file)))).toEqual([]);
  });

  it('renderer/ imports only shared/ and npm packages, never Node or Electron', () => {
    const bad = all.filter(
      (i) => i.file.startsWith('renderer/') && (isNode(i.spec) || isElectron(i.spec) || (i.target !== null && !under(i.target, 'renderer') && !under(i.target, 'shared'))),
    );
    expect(show(bad)).toEqual([]);
  });

  it('shared/ imports nothing from electron/, freecad-bridge/, renderer/ or Node', () => {
    const bad = all.filter(
      (i) => i.file.startsWith('shared/') && (isNode(i.spec) || isElectron(i.spec) || (i.target !== null && !under(i.target, 'shared'))),
    );
    expect(show(bad)).toEqual([]);
  });

  it('lower layers never import higher ones', () => {
    const bad = all.filter(
      (i) =>
        (i.file.startsWith('freecad-bridge/') && (under(i.target, 'electron') || under(i.target, 'renderer'))) ||
        (i.file.startsWith('electron/') && under(i.target, 'renderer')),
    );
    expect(show(bad)).toEqual([]);
  });

  it('the preload reaches the page only through shared/ code and the IPC channel names', () => {
    const preload = all.filter((i) => i.file === 'electron/preload.ts');
    const ok = (i: Import) => i.spec === 'electron' || under(i.target, 'shared') || i.target === 'electron/shell/channels.js';
    expect(show(preload.filter((i) => !ok(i)))).toEqual([]);
  });
});
