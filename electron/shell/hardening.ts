// What no window may do, whatever its content: navigate away, open windows, attach webviews, get
// a permission (camera, notifications, …), or load anything that is not the app's own origin.
import { app, type Session, type WebContents } from 'electron';
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

/** Applies to every WebContents the app ever creates (windows, devtools, anything). */
export function hardenAllWebContents(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
