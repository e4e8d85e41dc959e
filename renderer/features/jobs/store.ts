// Jobs keyed by id, newest first, kept current by 'job' events. Updates replace only the fields
// an event carries, so rows re-render in place (no list reshuffle, no layout jump).
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { ApiClient, JobEventPayload } from '../../../shared/api/index.js';
import { FINISHED, type JobRecord, type JobStatus, type JobType } from '../../../shared/jobs.js';
import { findTemplate } from '../../../shared/templates.js';

export interface JobsState {
  byId: Record<string, JobRecord>;
  /** ids, newest first */
  order: string[];
  loading: boolean;
  loaded: boolean;
  error: unknown;
  setList(jobs: JobRecord[]): void;
  upsert(job: JobRecord): void;
  /** false when the job is not known yet (the caller fetches it) */
  applyEvent(e: JobEventPayload): boolean;
  setLoading(): void;
  setError(err: unknown): void;
}

/** How far along a job is; a record never moves backwards when a stale copy arrives. */
function advance(j: Pick<JobRecord, 'status' | 'progress'>): number {
  const rank = FINISHED.includes(j.status) ? 2 : j.status === 'running' ? 1 : 0;
  return rank * 10 + Math.min(1, Math.max(0, j.progress));
}

function sortOrder(byId: Record<string, JobRecord>): string[] {
  return Object.keys(byId).sort((a, b) => {
    const ja = byId[a]!;
    const jb = byId[b]!;
    return jb.created_at.localeCompare(ja.created_at) || b.localeCompare(a);
  });
}

export function createJobsStore(): StoreApi<JobsState> {
  return createStore<JobsState>((set, get) => ({
    byId: {},
    order: [],
    loading: false,
    loaded: false,
    error: null,
    setLoading: () => set({ loading: true, error: null }),
    setError: (error) => set({ loading: false, error }),
    setList(jobs) {
      const byId: Record<string, JobRecord> = { ...get().byId };
      for (const j of jobs) {
        const cur = byId[j.id];
        byId[j.id] = cur && advance(cur) > advance(j) ? cur : j;
      }
      set({ byId, order: sortOrder(byId), loading: false, loaded: true, error: null });
    },
    upsert(job) {
      const { byId, order } = get();
      const cur = byId[job.id];
      if (cur && advance(cur) > advance(job)) return;
      const next = { ...byId, [job.id]: job };
      set({ byId: next, order: cur ? order : sortOrder(next) });
    },
    applyEvent(e) {
      const cur = get().byId[e.id];
      if (!cur) return false;
      if (advance(cur) > advance(e)) return true;
      // the same job, of the same type: only its progress and steps change
      const job = {
        ...cur,
        status: e.status,
        progress: e.progress,
        current_step: e.current_step,
        cached: e.cached,
        error: e.error,
        document: { ...cur.document, steps: e.steps },
      } as JobRecord;
      set({ byId: { ...get().byId, [e.id]: job } });
      return true;
    },
  }));
}

export const jobsStore = createJobsStore();
export function useJobs<T>(selector: (s: JobsState) => T): T {
  return useStore(jobsStore, selector);
}

/**
 * Loads the list and follows 'job' events. A job first seen in an event (submitted elsewhere, or
 * before the list arrived) is fetched whole; when one finishes it is fetched again for its
 * metrics and timings, which events do not carry.
 */
export function connectJobs(api: ApiClient, store: StoreApi<JobsState> = jobsStore): () => void {
  const pending = new Set<string>();
  const refetch = (id: string) => {
    if (pending.has(id)) return;
    pending.add(id);
    api
      .call('jobs.get', { id })
      .then((d) => store.getState().upsert(d.job))
      .catch(() => undefined)
      .finally(() => pending.delete(id));
  };
  const off = api.on('job', (e) => {
    const known = store.getState().applyEvent(e);
    if (!known || FINISHED.includes(e.status)) refetch(e.id);
  });
  void reloadJobs(api, store);
  return off;
}

export async function reloadJobs(api: ApiClient, store: StoreApi<JobsState> = jobsStore): Promise<void> {
  store.getState().setLoading();
  try {
    store.getState().setList(await api.call('jobs.list', { limit: 500 }));
  } catch (err) {
    store.getState().setError(err);
  }
}

export interface JobFilter {
  status: JobStatus | 'all' | 'active';
  type: JobType | 'all';
  search: string;
}

/** Case folding that matches "PRISM", "prism", "İŞ" and "iş" alike, whatever the UI language. */
export function fold(s: string): string {
  return s
    .toLocaleLowerCase('en-US')
    .replace(/\u0307/g, '')
    .replace(/ı/g, 'i');
}

/** Words a job can be found by: id, type, status, template id and both labels, material, params. */
function haystack(j: JobRecord): string {
  const words: string[] = [j.id, j.type, j.status];
  if (j.spec.type === 'template') {
    const def = findTemplate(j.spec.template);
    words.push(j.spec.template, def?.label.en ?? '', def?.label.tr ?? '', j.spec.material ?? '');
    for (const [k, v] of Object.entries(j.spec.params)) words.push(`${k}=${v}`);
  } else if (j.spec.type === 'import') words.push(j.spec.path.replace(/^.*[\\/]/, ''), j.spec.format ?? '');
  else if (j.spec.type === 'cam') words.push(j.spec.machine, j.spec.part, j.spec.post ?? '', j.spec.material ?? '');
  else if (j.spec.type === 'prompt') words.push(j.spec.text);
  else if (j.spec.type === 'script') words.push(j.spec.name ?? '');
  return fold(words.join(' '));
}

export function filterJobs(jobs: JobRecord[], f: JobFilter): JobRecord[] {
  const terms = fold(f.search).split(/\s+/).filter(Boolean);
  return jobs.filter((j) => {
    if (f.status === 'active' ? FINISHED.includes(j.status) : f.status !== 'all' && j.status !== f.status) return false;
    if (f.type !== 'all' && j.type !== f.type) return false;
    if (!terms.length) return true;
    const h = haystack(j);
    return terms.every((t) => h.includes(t));
  });
}

export const canCancel = (j: Pick<JobRecord, 'status'>) => j.status === 'queued' || j.status === 'running';
export const canRetry = (j: Pick<JobRecord, 'status'>) => j.status === 'failed' || j.status === 'cancelled';
