// The main window, with Electron's own BrowserWindow (the options: electron/shell/policy.ts).
import { BrowserWindow } from 'electron';
import { openMainWindow } from './policy.js';

export function createMainWindow(opts: { preload: string; title: string; devTools: boolean }): BrowserWindow {
  return openMainWindow(BrowserWindow, opts);
}
