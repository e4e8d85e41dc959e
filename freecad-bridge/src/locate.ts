// Finds the FreeCAD 1.1 runtime and checks its version, fast enough to run at every start.
//   TEZGAH_FREECAD       a plain freecadcmd binary (kind 'binary': runs without the OS sandbox)
//   TEZGAH_FREECAD_ROOT  a runtime folder built by build/setup-freecad-runtime.sh (kind 'rootfs')
//   default              ${XDG_CACHE_HOME:-~/.cache}/tezgah/freecad-runtime, else the machine-wide
//                        /opt/tezgah/freecad-runtime that setup builds as root (usable by every user)
// A runtime root may be a pointer (symlink) to a versioned folder: it is resolved once here, so a
// runtime upgraded while the app runs never changes under a running job.
import { constants as fsc } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { TezgahError } from '../../shared/errors.js';
import type { FreeCadRuntime } from './types.js';

/** The FreeCAD series Tezgah is pinned to. */
export const SUPPORTED_SERIES = '1.1';
/** freecadcmd inside a rootfs runtime. */
export const ROOTFS_FREECADCMD = '/usr/bin/freecadcmd';
const MARKER = '.tezgah-runtime.json';

export function defaultRuntimeRoot(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache');
  return path.join(cache, 'tezgah', 'freecad-runtime');
}

/** The runtime setup builds as root, for every user of the machine (TEZGAH_MACHINE_RUNTIME moves it). */
export function machineRuntimeRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.TEZGAH_MACHINE_RUNTIME || '/opt/tezgah/freecad-runtime';
}

/** Does `root` hold freecadcmd? Links are resolved inside the rootfs, never followed on the host. */
export async function rootfsHasFreecadcmd(root: string): Promise<boolean> {
  let p = ROOTFS_FREECADCMD;
  for (let i = 0; i < 8; i++) {
    const st = await fs.lstat(path.join(root, p)).catch(() => null);
    if (!st) return false;
    if (!st.isSymbolicLink()) return st.isFile();
    const target = await fs.readlink(path.join(root, p));
    p = path.isAbsolute(target) ? target : path.join(path.dirname(p), target);
  }
  return false;
}

/** "1.1.3+dfsg-3+b2" (Debian), "FreeCAD 1.1.3 Revision: …" (--version), "1.1.3" → "1.1.3". */
export function parseFreeCadVersion(text: string): string | null {
  const m = /(?:^|[^\d.])(\d+\.\d+(?:\.\d+)?)/.exec(text.replace(/^\d+:/, ''));
  return m ? m[1]! : null;
}

export function isSupportedVersion(version: string): boolean {
  return version === SUPPORTED_SERIES || version.startsWith(`${SUPPORTED_SERIES}.`);
}

async function exists(p: string, mode = fsc.F_OK): Promise<boolean> {
  try {
    await fs.access(p, mode);
    return true;
  } catch {
    return false;
  }
}

/** Finds a tool on the host: the usual Debian path first, then PATH. */
export async function findHostTool(name: string, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  const dirs = ['/usr/bin', '/bin', ...(env.PATH ?? '').split(path.delimiter).filter(Boolean)];
  for (const dir of dirs) {
    const p = path.join(dir, name);
    if (await exists(p, fsc.X_OK)) return p;
  }
  return null;
}

async function rootfsVersion(root: string): Promise<string | null> {
  try {
    const marker = JSON.parse(await fs.readFile(path.join(root, MARKER), 'utf8')) as { version?: unknown };
    if (typeof marker.version === 'string') return marker.version;
  } catch {
    // no marker (runtime built by hand): fall back to dpkg's database
  }
  try {
    const status = await fs.readFile(path.join(root, 'var/lib/dpkg/status'), 'utf8');
    for (const para of status.split(/\n\n+/)) {
      if (!/^Package: freecad-python3$/m.test(para)) continue;
      return /^Version: (.+)$/m.exec(para)?.[1] ?? null;
    }
  } catch {
    // no dpkg database either
  }
  return null;
}

async function binaryVersion(bin: string): Promise<string | null> {
  // A writable HOME is required even for --version; use a throwaway one.
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'tezgah-fc-version-'));
  try {
    const r = await execa(bin, ['--version'], {
      reject: false,
      timeout: 30_000,
      extendEnv: false,
      env: { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' },
      stdin: 'ignore',
    });
    return /FreeCAD\s+(\d+\.\d+(?:\.\d+)?)/.exec(`${String(r.stdout)}\n${String(r.stderr)}`)?.[1] ?? null;
  } finally {
    await fs.rm(home, { recursive: true, force: true });
  }
}

export async function locateFreeCad(env: NodeJS.ProcessEnv = process.env): Promise<FreeCadRuntime> {
  const bin = env.TEZGAH_FREECAD;
  if (bin) {
    if (!(await exists(bin, fsc.X_OK)))
      throw new TezgahError('CONFIG_FREECAD_MISSING', { path: bin, reason: 'TEZGAH_FREECAD is not an executable file' });
    const found = await binaryVersion(bin);
    if (!found) throw new TezgahError('CONFIG_FREECAD_VERSION_MISMATCH', { found: 'unknown', path: bin });
    if (!isSupportedVersion(found)) throw new TezgahError('CONFIG_FREECAD_VERSION_MISMATCH', { found, path: bin });
    const runtime: FreeCadRuntime = { kind: 'binary', freecadcmd: bin, version: found, sandboxed: false };
    const probe = await probeSandbox(runtime);
    runtime.sandboxProblem = probe.problem;
    return runtime;
  }
  const candidates = env.TEZGAH_FREECAD_ROOT ? [env.TEZGAH_FREECAD_ROOT] : [defaultRuntimeRoot(env), machineRuntimeRoot(env)];
  let root: string | null = null;
  for (const c of candidates) {
    const real = await fs.realpath(c).catch(() => null);
    if (real && (await rootfsHasFreecadcmd(real))) {
      root = real;
      break;
    }
  }
  if (!root) throw new TezgahError('CONFIG_FREECAD_MISSING', { path: candidates.join(', '), reason: 'no runtime at this path' });
  const pkgVersion = await rootfsVersion(root);
  const found = pkgVersion ? parseFreeCadVersion(pkgVersion) : null;
  if (!found || !isSupportedVersion(found))
    throw new TezgahError('CONFIG_FREECAD_VERSION_MISMATCH', { found: pkgVersion ?? 'unknown', path: root });
  const runtime: FreeCadRuntime = { kind: 'rootfs', root, freecadcmd: ROOTFS_FREECADCMD, version: found, sandboxed: false };
  const probe = await probeSandbox(runtime);
  runtime.sandboxed = probe.ok;
  if (!probe.ok) runtime.sandboxProblem = probe.problem;
  return runtime;
}

/** Why user namespaces are off, when the kernel says so. */
async function userNamespaceProblem(): Promise<string | null> {
  const read = (p: string) =>
    fs.readFile(p, 'utf8').then(
      (s) => s.trim(),
      () => null,
    );
  const max = await read('/proc/sys/user/max_user_namespaces');
  if (max === '0') return 'user namespaces are disabled (user.max_user_namespaces = 0)';
  const clone = await read('/proc/sys/kernel/unprivileged_userns_clone');
  if (clone === '0' && process.getuid?.() !== 0) return 'unprivileged user namespaces are disabled (kernel.unprivileged_userns_clone = 0)';
  const apparmor = await read('/proc/sys/kernel/apparmor_restrict_unprivileged_userns');
  if (apparmor === '1' && process.getuid?.() !== 0)
    return 'AppArmor restricts unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns = 1)';
  return null;
}

/**
 * Does the OS sandbox start here? Runs `bwrap … /bin/true` with the same namespaces as a real job
 * (a few ms). Kind 'binary' never gets the sandbox: it is reported, not hidden.
 */
export async function probeSandbox(runtime: FreeCadRuntime): Promise<{ ok: boolean; problem?: string }> {
  if (runtime.kind === 'binary')
    return {
      ok: false,
      problem: 'TEZGAH_FREECAD runs a plain freecadcmd without the OS sandbox (bubblewrap is used only with a runtime folder)',
    };
  const bwrap = await findHostTool('bwrap');
  if (!bwrap) return { ok: false, problem: 'bubblewrap (bwrap) is not installed' };
  if (!(await findHostTool('prlimit'))) return { ok: false, problem: 'prlimit (util-linux) is not installed' };
  const r = await execa(
    bwrap,
    [
      '--ro-bind',
      runtime.root!,
      '/',
      '--dev',
      '/dev',
      '--proc',
      '/proc',
      '--tmpfs',
      '/tmp',
      '--unshare-all',
      '--die-with-parent',
      '--new-session',
      '--clearenv',
      '/bin/true',
    ],
    { reject: false, timeout: 15_000, stdin: 'ignore' },
  );
  if (r.exitCode === 0) return { ok: true };
  const why = (await userNamespaceProblem()) ?? (String(r.stderr).trim() || `bwrap exited with ${r.exitCode ?? r.signal}`);
  return { ok: false, problem: why };
}
