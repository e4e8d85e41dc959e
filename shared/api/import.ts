// The API contract's import methods. Import: files the user chose in the shell's open dialog.
import { z } from 'zod';
import { out } from './contract.js';

/** A file the user chose or uploaded, on the machine that runs the jobs. */
export interface HostFile {
  path: string;
  name: string;
  size: number;
}

export const importMethods = {
  /** Electron: an open dialog in the main process (only files the user chose); the browser host uploads instead (POST /upload). */
  'import.pick': { input: z.object({}), output: out<{ available: boolean; files: HostFile[] }>() },
} as const;
