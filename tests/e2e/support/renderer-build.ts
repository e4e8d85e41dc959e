// The e2e tests drive the built renderer (dist-renderer/, what `tezgah serve` and Electron load).
// Rebuild it when any source it is made from is newer than the build.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const OUT = join(REPO, 'dist-renderer', 'index.html');

function newest(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), s.mtimeMs);
}

export function rendererIsStale(): boolean {
  if (!existsSync(OUT)) return true;
  const sources = Math.max(
    newest(join(REPO, 'renderer')),
    newest(join(REPO, 'shared')),
    newest(join(REPO, 'vite.config.ts')),
    newest(join(REPO, 'package-lock.json')),
  );
  return sources > statSync(OUT).mtimeMs;
}

export function ensureRendererBuilt(): void {
  if (!rendererIsStale()) return;
  execFileSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['vite', 'build', '--logLevel', 'warn'], {
    cwd: REPO,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}
