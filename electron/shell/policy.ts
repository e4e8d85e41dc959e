// What no window may do, whatever its content: navigate away, open windows, attach webviews, get
// a permission (camera, notifications, …), or load anything that is not the app's own origin.
// Only types come from Electron here, so tests call these with recording fakes and check what the
// handlers really answer (electron/shell/hardening.ts attaches them to the running app).
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { APP_ORIGIN, APP_SCHEME } from './channels.js';

/** True for a URL of the app itself (app://tezgah/…). */
export function isAppUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/**
 * The main window: sandboxed, isolated, no Node, loading only the app's own origin. Electron's
 * BrowserWindow class is passed in (a recording fake in tests); the options stay a literal in the
 * `new BrowserWindow({…})` call so electronegativity reads them too.
 */
export function openMainWindow<W extends MainWindow>(
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => W,
  opts: { preload: string; title: string; devTools: boolean },
): W {
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

/** What openMainWindow uses of a BrowserWindow. */
export interface MainWindow {
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  loadURL(url: string): Promise<void>;
}

/** Permissions, devices and requests for one session. */
export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.setDisplayMediaRequestHandler((_req, callback) => callback({}));
  // No remote content: only the app's own scheme, devtools and the in-memory blob:/data: URLs the
  // 3D viewer makes. Anything else (http, https, ws, file, ftp …) is cancelled.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const scheme = details.url.slice(0, details.url.indexOf(':'));
    const allowed = scheme === APP_SCHEME || scheme === 'devtools' || scheme === 'blob' || scheme === 'data';
    callback({ cancel: !allowed });
  });
  ses.on('will-download', (event) => event.preventDefault());
}

/** One WebContents: no navigation or redirect away from the app, no webviews, no new windows. */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
