// Saving an artefact where the user wants it: Electron opens a save dialog in the main process;
// the browser host answers with the file's address and the browser downloads it.
import { useState } from 'react';
import { api } from '../lib/api.js';
import { useAction } from '../lib/useQuery.js';

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

/** A save button's state: save(a) clears the last result, then keeps the saved path or the error. */
export function useArtefactSave() {
  const [saved, setSaved] = useState<string | null>(null);
  const { run: save, error } = useAction(async (a: { id: number; name: string }) => {
    setSaved(null);
    const path = await saveArtefact(a);
    if (path) setSaved(path);
  });
  return { save, error, saved };
}
