// The import API group. Files to import reach the app as paths it was given: Electron's open dialog
// (this method), the browser host's upload (POST /upload) or the command line's argument.
import type { ApiGroup, HostFile } from '../../../shared/api/index.js';

export interface ImportApiDeps {
  /** an open dialog in the main process (Electron); absent where the host uploads instead */
  pick?: (() => Promise<HostFile[]>) | undefined;
}

export function importApi(d: ImportApiDeps): ApiGroup<'import'> {
  return {
    'import.pick': async () => (d.pick ? { available: true, files: await d.pick() } : { available: false, files: [] }),
  };
}
