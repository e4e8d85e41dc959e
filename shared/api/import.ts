// The API contract's import methods. Import: files the user chose in the shell's open dialog.
import { z } from 'zod';
import { out } from './contract.js';

/**
 * A file the user chose, dropped or uploaded, on the machine that runs the jobs. `ref` is the grant
 * the main process issued for it (electron/platform/file-grants.ts): the UI passes it where a job
 * spec wants a path (an import's `path`, a CAM job's `part`); the path itself never reaches the page.
 */
export interface HostFile {
  ref: string;
  name: string;
  size: number;
}

export const importMethods = {
  /** Electron: an open dialog in the main process (only files the user chose); the browser host uploads instead (POST /upload). */
  'import.pick': { input: z.object({}), output: out<{ available: boolean; files: HostFile[] }>() },
} as const;
