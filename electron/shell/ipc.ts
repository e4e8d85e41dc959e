// The API over Electron IPC: one handler for every method (the generic dispatcher parses each
// input with the contract's zod schema), events pushed to the app's windows, and the host hooks
// that need the main process: save dialogs and app:// artefact links.
import { copyFile, stat } from 'node:fs/promises';
import { basename, extname, isAbsolute, join } from 'node:path';
import { BrowserWindow, app, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { HostFile, WireEvent, WireResponse } from '../../shared/api/index.js';
import { toErrorPayload, TezgahError } from '../../shared/errors.js';
import type { ArtefactInfo } from '../../shared/jobs.js';
import { artefactPath } from '../hosts/server/assets.js';
import { dispatchWire } from '../hosts/api/dispatch.js';
import { createApiHandlers, currentLang, subscribeApiEvents } from '../hosts/api/handlers.js';
import type { Workbench } from '../app/app.js';
import { APP_ORIGIN, CALL_CHANNEL, DROP_CHANNEL, EVENT_CHANNEL } from './channels.js';
import { isAppUrl } from './hardening.js';

/** Only the app's own top-level page may call the API (not a subframe, not another origin). */
function trustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return !!frame && frame.parent === null && isAppUrl(frame.url);
}

/** A save dialog opened by the main process; the file goes only where the user chose. */
async function saveArtefact(a: ArtefactInfo, srcPath: string): Promise<{ saved: boolean; path?: string }> {
  const parent = BrowserWindow.getFocusedWindow();
  const ext = extname(a.name).slice(1);
  const options = {
    defaultPath: join(app.getPath('downloads'), a.name),
    ...(ext ? { filters: [{ name: ext.toUpperCase(), extensions: [ext] }] } : {}),
  };
  const r = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  if (r.canceled || !r.filePath) return { saved: false };
  try {
    await copyFile(srcPath, r.filePath);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new TezgahError(code === 'ENOSPC' ? 'STORAGE_FULL' : 'STORAGE_IO', { path: r.filePath, reason: (e as Error).message });
  }
  return { saved: true, path: r.filePath };
}

/** An open dialog for CAD files to import; only files the user picked come back. */
async function pickImportFiles(wb: Workbench): Promise<HostFile[]> {
  const parent = BrowserWindow.getFocusedWindow();
  const options = {
    properties: ['openFile', 'multiSelections'] as ('openFile' | 'multiSelections')[],
    filters: [
      { name: 'CAD', extensions: ['step', 'stp', 'p21', 'iges', 'igs', 'brep', 'brp', 'stl', 'obj', 'FCStd', 'fcstd'] },
      { name: '*', extensions: ['*'] },
    ],
  };
  const r = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  if (r.canceled) return [];
  return Promise.all(r.filePaths.map(async (path) => wb.fileGrants.grant(path, (await stat(path)).size, basename(path))));
}

/** Serves the API to the app's windows; returns the function that stops it. */
export function serveIpcApi(wb: Workbench): () => void {
  const handlers = createApiHandlers(wb, {
    kind: 'electron',
    saveArtefact,
    pickImportFiles: () => pickImportFiles(wb),
    hrefFor: (a) => `${APP_ORIGIN}${artefactPath(a)}`,
  });

  ipcMain.handle(CALL_CHANNEL, async (event, raw: unknown): Promise<WireResponse> => {
    const lang = currentLang(wb);
    if (!trustedSender(event)) {
      const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : 0;
      return { id, ok: false, error: toErrorPayload(new TezgahError('UNAUTHORIZED'), lang) };
    }
    return dispatchWire(handlers, raw, lang);
  });

  const unsubscribe = subscribeApiEvents(wb, (event, payload) => {
    const msg: WireEvent = { event, payload };
    for (const win of BrowserWindow.getAllWindows()) {
      const wc = win.webContents;
      if (!wc.isDestroyed() && isAppUrl(wc.getURL())) wc.send(EVENT_CHANNEL, msg);
    }
  });

  // A file dropped on the window: the preload asks Electron for its path (webUtils.getPathForFile,
  // which knows only files the user really dropped or chose) and hands it here for a grant.
  ipcMain.handle(DROP_CHANNEL, async (event, path: unknown): Promise<HostFile | { error: ReturnType<typeof toErrorPayload> }> => {
    const lang = currentLang(wb);
    if (!trustedSender(event)) return { error: toErrorPayload(new TezgahError('UNAUTHORIZED'), lang) };
    try {
      if (typeof path !== 'string' || !isAbsolute(path) || path.length > 4096) throw new TezgahError('PATH_NOT_GRANTED', { field: 'file' });
      const st = await stat(path).catch(() => null);
      if (!st?.isFile()) throw new TezgahError('PATH_NOT_GRANTED', { field: 'file' });
      return wb.fileGrants.grant(path, st.size, basename(path));
    } catch (e) {
      return { error: toErrorPayload(e, lang) };
    }
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(DROP_CHANNEL);
    ipcMain.removeHandler(CALL_CHANNEL);
  };
}
