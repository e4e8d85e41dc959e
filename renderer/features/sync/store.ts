// Team sync as the sidebar and the Jobs list show it: the service's status ('sync' events) and
// each job's sync state ('syncJob' events, fetched in batches for the jobs on screen).
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { ApiClient, JobSyncInfo, SyncStatus } from '../../../shared/api/index.js';

export interface SyncStoreState {
  status: SyncStatus | null;
  jobs: Record<string, JobSyncInfo>;
  setStatus(s: SyncStatus): void;
  setJobs(j: Record<string, JobSyncInfo>): void;
}

export function createSyncStore(): StoreApi<SyncStoreState> {
  return createStore<SyncStoreState>((set, get) => ({
    status: null,
    jobs: {},
    setStatus: (status) => set({ status }),
    setJobs: (j) => set({ jobs: { ...get().jobs, ...j } }),
  }));
}

export const syncStore = createSyncStore();
export function useSync<T>(selector: (s: SyncStoreState) => T): T {
  return useStore(syncStore, selector);
}

export function connectSync(api: ApiClient, store: StoreApi<SyncStoreState> = syncStore): () => void {
  const offStatus = api.on('sync', (s) => store.getState().setStatus(s));
  const offJob = api.on('syncJob', (j) => store.getState().setJobs({ [j.job_id]: j }));
  void refreshSyncStatus(api, store);
  return () => {
    offStatus();
    offJob();
  };
}

export async function refreshSyncStatus(api: ApiClient, store: StoreApi<SyncStoreState> = syncStore): Promise<void> {
  try {
    store.getState().setStatus(await api.call('sync.status', {}));
  } catch {
    // the indicator stays as it was; the Settings page shows the error
  }
}

/** Fetches the sync state of jobs not known yet (the Jobs list calls this for its rows). */
export async function loadJobSyncStates(api: ApiClient, ids: string[], store: StoreApi<SyncStoreState> = syncStore): Promise<void> {
  const known = store.getState().jobs;
  const missing = ids.filter((id) => !known[id]);
  for (let i = 0; i < missing.length; i += 500) {
    try {
      store.getState().setJobs(await api.call('sync.jobs', { ids: missing.slice(i, i + 500) }));
    } catch {
      return;
    }
  }
}

export type IndicatorState = 'off' | 'offline' | 'syncing' | 'up_to_date' | 'error';

/** What the sidebar says: off, offline, syncing n of m, up to date, or error (with the reason). */
export function indicatorOf(s: SyncStatus | null): { state: IndicatorState; done: number; total: number } {
  if (!s || s.state === 'not_configured') return { state: 'off', done: 0, total: 0 };
  if (s.state === 'syncing') return { state: 'syncing', done: s.done, total: Math.max(s.total, s.done) };
  return { state: s.state, done: s.done, total: s.total };
}
