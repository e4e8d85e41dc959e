// The one place that links a file to a job, in the order that keeps the two consistent: the file
// goes into the store first (complete, fsynced, renamed), the row second. A crash in between leaves
// an unreferenced file, never a row that points at nothing.
import type { ArtefactRepo, NewArtefact, StoredArtefact } from './artefacts-repo.js';
import type { ArtefactStore } from './artefact-store.js';

export interface ArtefactSource extends Omit<NewArtefact, 'sha256' | 'size'> {
  /** a file path to copy in, or the bytes themselves */
  source: string | Uint8Array;
}

export async function recordArtefact(store: ArtefactStore, repo: ArtefactRepo, a: ArtefactSource): Promise<StoredArtefact> {
  const { source, ...row } = a;
  const file = typeof source === 'string' ? await store.put(source) : await store.putBytes(source);
  return repo.add({ ...row, sha256: file.sha256, size: file.size });
}
