// Packaging, offline: electron-builder.yml validates against electron-builder's schema, the
// FreeCAD runtime fetch script verifies by SHA-256 before it unpacks, and a real `--dir` build
// against a stub Electron dist (a script carrying Electron's fuse wire) produces the layout the app
// expects: app.asar with main, preload and renderer; better-sqlite3's .node unpacked; the Python
// worker, resources and the bundled FreeCAD slot beside it; fuses flipped; update feed written.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appPaths, bundledRuntimeEnv } from '../../electron/shell/paths.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const run = promisify(execFile);
const asar = require('@electron/asar') as { listPackage(p: string, o?: object): string[]; extractFile(p: string, f: string): Buffer };
const yaml = require('js-yaml') as { load(s: string): unknown };
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(dir: string, path: string | null, extra: unknown): Promise<Record<string, unknown>>;
  validateConfiguration(c: unknown, log: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const ELECTRON_VERSION = '38.8.6';
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's default fuse wire: runAsNode, cookie encryption, NODE_OPTIONS, --inspect, asar integrity, only asar, v8 snapshot, file:// privileges */
const DEFAULT_WIRE = '10110001';
const WANTED_WIRE = '01001100';

const work = mkdtempSync(join(tmpdir(), 'tezgah-packaging-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const node = (script: string, args: string[]) => run(process.execPath, [join(repo, script), ...args], { cwd: repo, timeout: 120_000 });

describe('electron-builder.yml', () => {
  it('validates offline against electron-builder’s schema (and the check can fail)', async () => {
    const config = await getConfig(repo, join(repo, 'electron-builder.yml'), null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, linux: { targets: ['AppImage'] } }, new DebugLogger(false))).rejects.toThrow(
      /configuration/i,
    );
    expect(config).toMatchObject({
      asar: true,
      publish: { provider: 'generic' },
      linux: { target: ['AppImage', 'deb'] },
      win: { target: ['nsis'] },
      mac: { target: ['dmg'] },
    });
    expect(config.asarUnpack).toContain('**/node_modules/better-sqlite3/**');
  });
});

describe('build/fetch-freecad-runtime.mjs', () => {
  let archive: string;
  let archiveSha: string;
  beforeAll(async () => {
    // a miniature FreeCAD rootfs: the marker, freecadcmd as a symlink into its own /etc, empty mount points
    const root = join(work, 'rootfs');
    mkdirSync(join(root, 'usr', 'bin'), { recursive: true });
    mkdirSync(join(root, 'proc'));
    mkdirSync(join(root, 'tmp', 'job'), { recursive: true });
    symlinkSync('/etc/alternatives/freecadcmd', join(root, 'usr', 'bin', 'freecadcmd'));
    writeFileSync(join(root, '.tezgah-runtime.json'), '{"package":"freecad-python3","version":"1.1.3+dfsg-1"}\n');
    archive = join(work, 'freecad-runtime-1.1.3-linux-x64.tar.xz');
    await run('tar', ['-C', root, '-cJf', archive, '.']);
    archiveSha = sha256(readFileSync(archive));
  });

  it('refuses an archive whose SHA-256 is not the pinned one, and unpacks nothing', async () => {
    const dest = join(work, 'bad-slot', 'linux-x64');
    const err = await node('build/fetch-freecad-runtime.mjs', [
      '--target',
      'linux-x64',
      '--url',
      `file://${archive}`,
      '--sha256',
      'a'.repeat(64),
      '--dest',
      dest,
    ]).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 1, stderr: expect.stringContaining('SHA-256 mismatch') });
    expect(existsSync(dest)).toBe(false);
    expect(readdirSync(join(work, 'bad-slot', '.cache'))).toEqual([]);
  });

  it('stops when the manifest pins no hash', async () => {
    const err = await node('build/fetch-freecad-runtime.mjs', ['--target', 'linux-x64', '--dest', join(work, 'nohash')]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(err).toMatchObject({ code: 2, stderr: expect.stringContaining('no pinned SHA-256') });
  });

  it('verifies and unpacks a good one into the slot, keeping symlinks and empty folders', async () => {
    const dest = join(work, 'slot', 'linux-x64');
    await node('build/fetch-freecad-runtime.mjs', [
      '--target',
      'linux-x64',
      '--url',
      `file://${archive}`,
      '--sha256',
      archiveSha,
      '--dest',
      dest,
    ]);
    expect(JSON.parse(readFileSync(join(dest, '.tezgah-bundle.json'), 'utf8'))).toMatchObject({
      kind: 'rootfs',
      sha256: archiveSha,
      version: '1.1.3',
    });
    expect(readlinkSync(join(dest, 'usr', 'bin', 'freecadcmd'))).toBe('/etc/alternatives/freecadcmd');
    expect(existsSync(join(dest, 'proc', '.tezgah-keep'))).toBe(true);
    const again = await node('build/fetch-freecad-runtime.mjs', [
      '--target',
      'linux-x64',
      '--url',
      `file://${archive}`,
      '--sha256',
      archiveSha,
      '--dest',
      dest,
    ]);
    expect(again.stdout).toContain('already in place');
  });
});

describe('a --dir build against a stub Electron', () => {
  let out: string;
  let resources: string;
  let files: string[];

  beforeAll(async () => {
    await node('build/build-electron.mjs', []);
    if (!existsSync(join(repo, 'dist-renderer', 'index.html')))
      await run('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: repo, timeout: 300_000 });

    const stub = join(work, 'electron-dist');
    mkdirSync(stub);
    // a shell script that carries the fuse wire exactly as the real binary does
    writeFileSync(
      join(stub, 'electron'),
      Buffer.concat([
        Buffer.from(`#!/bin/sh\n# stub Electron for packaging tests\n# ${FUSE_SENTINEL}`),
        Buffer.from([1, 8]),
        Buffer.from(`${DEFAULT_WIRE}\nexit 0\n`),
      ]),
    );
    chmodSync(join(stub, 'electron'), 0o755);
    writeFileSync(join(stub, 'version'), `v${ELECTRON_VERSION}`);
    mkdirSync(join(stub, 'resources'));

    // the real config; only the FreeCAD slot points at the runtime fetched above
    const config = yaml.load(readFileSync(join(repo, 'electron-builder.yml'), 'utf8')) as {
      extraResources: { from: string; to: string }[];
      directories: Record<string, string>;
    };
    const slot = config.extraResources.find((r) => r.to === 'freecad-runtime');
    expect(slot?.from).toBe('build/freecad-runtime/${os}-${arch}');
    slot!.from = join(work, 'slot', '${os}-${arch}');
    out = join(work, 'release');
    config.directories.output = out;
    const configFile = join(work, 'electron-builder.json');
    writeFileSync(configFile, JSON.stringify(config));
    if (!existsSync(join(work, 'slot', 'linux-x64', '.tezgah-bundle.json'))) throw new Error('the fetch test did not fill the slot');

    await run(
      'npx',
      [
        'electron-builder',
        '--linux',
        '--dir',
        '--x64',
        '--projectDir',
        repo,
        '--config',
        configFile,
        `-c.electronDist=${stub}`,
        `-c.electronVersion=${ELECTRON_VERSION}`,
        '-c.npmRebuild=false',
      ],
      { cwd: repo, timeout: 240_000, env: { ...process.env, CI: 'true' } },
    );
    resources = join(out, 'linux-unpacked', 'resources');
    files = asar.listPackage(join(resources, 'app.asar'), { isPack: false }).map((f) => f.replace(/\\/g, '/'));
  }, 400_000);

  it('puts main, preload, the renderer and the production dependencies into app.asar, nothing else', () => {
    for (const f of [
      '/package.json',
      '/dist-electron/main.js',
      '/dist-electron/preload.cjs',
      '/dist-renderer/index.html',
      '/node_modules/better-sqlite3/package.json',
      '/node_modules/electron-updater/package.json',
    ]) {
      expect(files, f).toContain(f);
    }
    const pkg = JSON.parse(asar.extractFile(join(resources, 'app.asar'), 'package.json').toString()) as { main: string };
    expect(pkg.main).toBe('dist-electron/main.js');
    const leaked = files.filter((f) =>
      /\.map$|^\/(electron|shared|renderer|tests|freecad-bridge|build|docs)\/|^\/node_modules\/(vitest|electron-builder|typescript|electron|@doyensec)\//.test(
        f,
      ),
    );
    expect(leaked).toEqual([]);
  });

  it('ships every package the bundled main process imports', () => {
    const main = asar.extractFile(join(resources, 'app.asar'), 'dist-electron/main.js').toString();
    const specs = new Set([...main.matchAll(/^import\s+(?:[^'"]+?\s+from\s+)?["']([^"']+)["']/gm)].map((m) => m[1]!));
    const packages = [...specs]
      .filter((s) => !s.startsWith('node:') && !builtinModules.includes(s) && s !== 'electron')
      .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!));
    expect(packages).toContain('better-sqlite3');
    for (const p of new Set(packages)) expect(files, p).toContain(`/node_modules/${p}/package.json`);
  });

  it('unpacks better-sqlite3’s native module next to the archive', () => {
    const native = join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    expect(readFileSync(native).subarray(0, 4)).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46])); // ELF
  });

  it('puts the Python worker, the resources and the FreeCAD slot beside app.asar, where the app looks', () => {
    const mainDir = join(resources, 'app.asar', 'dist-electron');
    const paths = appPaths({ mainDir, packaged: true, resourcesPath: resources });
    const workerFiles = readdirSync(join(repo, 'freecad-bridge', 'python'), { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile() && d.name.endsWith('.py'))
      .map((d) => relative(join(repo, 'freecad-bridge', 'python'), join(d.parentPath, d.name)));
    expect(workerFiles).toContain('worker.py');
    for (const f of workerFiles)
      expect(readFileSync(join(paths.pythonDir, f)).equals(readFileSync(join(repo, 'freecad-bridge', 'python', f))), f).toBe(true);
    if (existsSync(join(repo, 'resources'))) {
      const seeds = readdirSync(join(repo, 'resources'), { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
      for (const d of seeds)
        expect(existsSync(join(paths.resourcesDir, relative(join(repo, 'resources'), join(d.parentPath, d.name)))), d.name).toBe(true);
    }
    expect(paths.runtimeDir).toBe(join(resources, 'freecad-runtime'));
    expect(lstatSync(join(resources, 'freecad-runtime', 'usr', 'bin', 'freecadcmd')).isSymbolicLink()).toBe(true);
    expect(existsSync(join(resources, 'freecad-runtime', 'proc'))).toBe(true);
    expect(bundledRuntimeEnv(paths.runtimeDir, {})).toEqual({ TEZGAH_FREECAD_ROOT: join(resources, 'freecad-runtime') });
    expect(bundledRuntimeEnv(paths.runtimeDir, { TEZGAH_FREECAD: '/opt/fc/freecadcmd' })).toEqual({ TEZGAH_FREECAD: '/opt/fc/freecadcmd' });
  });

  it('flips the Electron fuses and writes the update feed', () => {
    const bin = readFileSync(join(out, 'linux-unpacked', 'tezgah'));
    const at = bin.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
    expect(bin.subarray(at + 2, at + 10).toString()).toBe(WANTED_WIRE);
    const feed = yaml.load(readFileSync(join(resources, 'app-update.yml'), 'utf8'));
    expect(feed).toMatchObject({ provider: 'generic', url: expect.stringMatching(/^https:\/\/.+\/linux\/x64$/) });
  });
});
