// Files the user dropped or chose, on their way to becoming import jobs: upload (browser) or path
// (Electron), then jobs.submit with the ImportJobSpec. Each file is one item with its own progress;
// once submitted, the job's own progress comes from the jobs store.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { ApiClient, HostFile } from '../../../shared/api/index.js';
import type { ImportJobSpec, JobRecord } from '../../../shared/jobs.js';
import { jobsStore } from '../jobs/store.js';

export interface ImportOptions {
  units: NonNullable<ImportJobSpec['units']>;
  z_up: boolean;
  center: boolean;
  repair: boolean;
  require_solid: boolean;
}

export const DEFAULT_IMPORT_OPTIONS: ImportOptions = { units: 'auto', z_up: false, center: false, repair: false, require_solid: false };
/** The host refuses bigger files (electron/hosts/server/uploads.ts): say so before sending them. */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;
export const IMPORT_EXTENSIONS = ['.step', '.stp', '.p21', '.iges', '.igs', '.brep', '.brp', '.stl', '.obj', '.fcstd'];

export interface ImportItem {
  key: string;
  name: string;
  size: number;
  phase: 'uploading' | 'submitting' | 'submitted' | 'failed';
  /** upload progress 0..1 */
  upload: number;
  jobId: string | null;
  error: unknown;
}

export interface ImportsState {
  items: ImportItem[];
  options: ImportOptions;
  setOptions(o: Partial<ImportOptions>): void;
  dismiss(key: string): void;
  clearFinished(): void;
}

let seq = 0;

export function createImportsStore(): StoreApi<ImportsState> {
  return createStore<ImportsState>((set, get) => ({
    items: [],
    options: { ...DEFAULT_IMPORT_OPTIONS },
    setOptions: (o) => set({ options: { ...get().options, ...o } }),
    dismiss: (key) => set({ items: get().items.filter((i) => i.key !== key) }),
    clearFinished: () => set({ items: get().items.filter((i) => i.phase === 'uploading' || i.phase === 'submitting') }),
  }));
}

export const importsStore = createImportsStore();
export function useImports<T>(selector: (s: ImportsState) => T): T {
  return useStore(importsStore, selector);
}

/** The import job spec for a file on the host (its grant) with these options (only what differs from the defaults). */
export function importSpec(path: string, o: ImportOptions): ImportJobSpec {
  return {
    type: 'import',
    path,
    ...(o.units !== 'auto' ? { units: o.units } : {}),
    ...(o.z_up ? { z_up: true } : {}),
    ...(o.center ? { center: true } : {}),
    ...(o.repair ? { repair: true } : {}),
    ...(o.require_solid ? { require_solid: true } : {}),
  };
}

/** A file that can be imported by its name, or the reason it cannot ('size' | 'empty'). */
export function checkImportFile(f: { name: string; size: number }): 'size' | 'empty' | null {
  if (f.size === 0) return 'empty';
  if (f.size > MAX_IMPORT_BYTES) return 'size';
  return null;
}

export interface ImportDeps {
  api: ApiClient;
  /** puts the file where jobs can read it (renderer/api.ts fileOnHost) */
  toHost: (file: File, onProgress: (f: number) => void) => Promise<HostFile>;
  store?: StoreApi<ImportsState>;
}

/** Imports each file as its own job; resolves with the jobs that were submitted. */
export async function importFiles(files: File[], deps: ImportDeps): Promise<JobRecord[]> {
  const store = deps.store ?? importsStore;
  const jobs = await Promise.all(
    files.map(async (file) => {
      const key = `imp-${++seq}`;
      const update = (patch: Partial<ImportItem>) =>
        store.setState({ items: store.getState().items.map((i) => (i.key === key ? { ...i, ...patch } : i)) });
      store.setState({
        items: [
          ...store.getState().items,
          { key, name: file.name, size: file.size, phase: 'uploading', upload: 0, jobId: null, error: null },
        ],
      });
      try {
        const problem = checkImportFile(file);
        if (problem === 'empty') throw { code: 'UPLOAD_EMPTY' };
        if (problem === 'size') throw { code: 'UPLOAD_TOO_LARGE', details: { limit_mb: MAX_IMPORT_BYTES / 1024 / 1024, size: file.size } };
        const onHost = await deps.toHost(file, (f) => update({ upload: f }));
        update({ phase: 'submitting', upload: 1 });
        return await submit(onHost, key, deps, store);
      } catch (error) {
        update({ phase: 'failed', error });
        return null;
      }
    }),
  );
  return jobs.filter((j): j is JobRecord => j !== null);
}

/** Imports files already on the host (Electron's open dialog). */
export async function importHostFiles(files: HostFile[], deps: Pick<ImportDeps, 'api' | 'store'>): Promise<JobRecord[]> {
  const store = deps.store ?? importsStore;
  const jobs = await Promise.all(
    files.map(async (f) => {
      const key = `imp-${++seq}`;
      store.setState({
        items: [...store.getState().items, { key, name: f.name, size: f.size, phase: 'submitting', upload: 1, jobId: null, error: null }],
      });
      try {
        return await submit(f, key, deps, store);
      } catch (error) {
        store.setState({ items: store.getState().items.map((i) => (i.key === key ? { ...i, phase: 'failed', error } : i)) });
        return null;
      }
    }),
  );
  return jobs.filter((j): j is JobRecord => j !== null);
}

async function submit(f: HostFile, key: string, deps: Pick<ImportDeps, 'api'>, store: StoreApi<ImportsState>): Promise<JobRecord> {
  const job = await deps.api.call('jobs.submit', { spec: importSpec(f.ref, store.getState().options) });
  jobsStore.getState().upsert(job);
  store.setState({ items: store.getState().items.map((i) => (i.key === key ? { ...i, phase: 'submitted', jobId: job.id } : i)) });
  return job;
}
