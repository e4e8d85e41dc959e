// Attaches the window policy (electron/shell/policy.ts) to every WebContents the app ever creates
// (windows, devtools, anything).
import { app, type WebContents } from 'electron';
import { hardenWebContents } from './policy.js';

export { hardenSession, isAppUrl } from './policy.js';

export function hardenAllWebContents(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => hardenWebContents(contents));
}
