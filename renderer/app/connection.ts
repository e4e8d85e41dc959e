// Whether the API is reachable. The browser host's socket reconnects by itself; while it does, the
// shell shows a banner, and once back the job list is reloaded (events may have been missed).
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { ApiClient } from '../../shared/api/index.js';
import { reloadJobs } from '../features/jobs/store.js';

export type ConnectionStatus = 'open' | 'reconnecting' | 'closed';
export const connectionStore = createStore<{ status: ConnectionStatus }>(() => ({ status: 'open' }));
export const useConnection = () => useStore(connectionStore, (s) => s.status);

interface WithStatus {
  onStatus?: (listener: (s: ConnectionStatus) => void) => () => void;
}

export function followConnection(api: ApiClient): () => void {
  const onStatus = (api as ApiClient & WithStatus).onStatus;
  if (!onStatus) return () => undefined;
  return onStatus.call(api, (status) => {
    const was = connectionStore.getState().status;
    connectionStore.setState({ status });
    if (status === 'open' && was !== 'open') void reloadJobs(api);
  });
}
