// Hash routes: the app is one page served from file:// (Electron) or the host, so the location
// hash is the only URL state. parseRoute/routeHref are pure; useRoute follows hashchange.
import { useSyncExternalStore } from 'react';

export const LIBRARY_TABS = ['materials', 'machines', 'tools'] as const;
export type LibraryTab = (typeof LIBRARY_TABS)[number];

export type Route =
  | { name: 'new'; template?: string }
  | { name: 'jobs' }
  | { name: 'part'; id: string }
  | { name: 'library'; tab: LibraryTab }
  | { name: 'settings' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent);
  const [head, arg] = parts;
  switch (head) {
    case 'jobs':
      return { name: 'jobs' };
    case 'part':
      return arg ? { name: 'part', id: arg } : { name: 'jobs' };
    case 'library':
      return { name: 'library', tab: (LIBRARY_TABS as readonly string[]).includes(arg ?? '') ? (arg as LibraryTab) : 'materials' };
    case 'settings':
      return { name: 'settings' };
    case 'new':
      return arg ? { name: 'new', template: arg } : { name: 'new' };
    default:
      return { name: 'new' };
  }
}

export function routeHref(r: Route): string {
  switch (r.name) {
    case 'new':
      return r.template ? `#/new/${encodeURIComponent(r.template)}` : '#/new';
    case 'jobs':
      return '#/jobs';
    case 'part':
      return `#/part/${encodeURIComponent(r.id)}`;
    case 'library':
      return `#/library/${r.tab}`;
    case 'settings':
      return '#/settings';
  }
}

export function navigate(r: Route): void {
  const href = routeHref(r);
  if (window.location.hash !== href) window.location.hash = href;
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}
const snapshot = () => window.location.hash;

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, snapshot, () => '');
  return parseRoute(hash);
}
