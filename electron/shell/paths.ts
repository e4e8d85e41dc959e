// Where the packaged or development app finds its parts. Packaged (electron-builder.yml):
//   <resources>/app.asar/dist-electron/main.js, preload.cjs     this code
//   <resources>/app.asar/dist-renderer/                           the UI (served as app://tezgah)
//   <resources>/freecad-bridge/python/                            the worker (a real folder: bubblewrap binds it)
//   <resources>/resources/                                        seed data, icons
//   <resources>/freecad-runtime/.tezgah-bundle.json               the bundled FreeCAD (build/fetch-freecad-runtime.mjs)
// In development the same layout is relative to the repository.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface AppPaths {
  staticDir: string;
  preload: string;
  pythonDir: string;
  resourcesDir: string;
  /** the bundled FreeCAD runtime folder, when the package has one */
  runtimeDir: string | null;
}

export function appPaths(opts: { mainDir: string; packaged: boolean; resourcesPath: string }): AppPaths {
  const appRoot = resolve(opts.mainDir, '..');
  const extra = opts.packaged ? opts.resourcesPath : appRoot;
  const runtimeDir = join(opts.resourcesPath, 'freecad-runtime');
  return {
    staticDir: join(appRoot, 'dist-renderer'),
    preload: join(opts.mainDir, 'preload.cjs'),
    pythonDir: join(extra, 'freecad-bridge', 'python'),
    resourcesDir: join(extra, 'resources'),
    runtimeDir: opts.packaged && existsSync(join(runtimeDir, '.tezgah-bundle.json')) ? runtimeDir : null,
  };
}

/**
 * The environment that points the FreeCAD locator at the bundled runtime, unless the user already
 * chose one (TEZGAH_FREECAD / TEZGAH_FREECAD_ROOT always win).
 */
export function bundledRuntimeEnv(runtimeDir: string | null, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (!runtimeDir || env.TEZGAH_FREECAD || env.TEZGAH_FREECAD_ROOT) return env;
  try {
    const bundle = JSON.parse(readFileSync(join(runtimeDir, '.tezgah-bundle.json'), 'utf8')) as { kind?: string; freecadcmd?: string };
    if (bundle.kind === 'rootfs') return { ...env, TEZGAH_FREECAD_ROOT: runtimeDir };
    if (bundle.kind === 'binary' && typeof bundle.freecadcmd === 'string') {
      const bin = resolve(runtimeDir, bundle.freecadcmd);
      if (bin.startsWith(runtimeDir)) return { ...env, TEZGAH_FREECAD: bin };
    }
  } catch {
    // a damaged bundle marker: the locator reports FreeCAD missing, with its hint
  }
  return env;
}
