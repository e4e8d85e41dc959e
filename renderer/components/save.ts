// Saving an artefact where the user wants it: Electron opens a save dialog in the main process;
// the browser host answers with the file's address and the browser downloads it.
import { api } from '../api.js';

/** Saves one artefact; the path it was saved to (Electron), or null (a browser download, or cancelled). */
export async function saveArtefact(a: { id: number; name: string }): Promise<string | null> {
  const r = await api().call('artefacts.save', { id: a.id });
  if (r.href) {
    // same origin, cookie-authenticated: the browser's own download
    const link = document.createElement('a');
    link.href = r.href;
    link.download = a.name;
    link.rel = 'noopener';
    document.body.appendChild(link);
    link.click();
    link.remove();
    return null;
  }
  return r.saved && r.path ? r.path : null;
}
