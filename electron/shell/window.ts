// The main window: sandboxed, isolated, no Node, loads only the app's own origin.
import { BrowserWindow } from 'electron';
import { APP_ORIGIN } from './channels.js';

export function createMainWindow(opts: { preload: string; title: string; devTools: boolean }): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: opts.title,
    show: false,
    backgroundColor: '#1e1e1e',
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // middle-click would open links in new windows (they are denied anyway; this stops the event)
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: opts.devTools,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
