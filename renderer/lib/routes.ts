// Hash routes: the app is one page served from file:// (Electron) or the host, so the location
// hash is the only URL state. parseRoute/routeHref are pure; useRoute follows hashchange.
import { useSyncExternalStore } from 'react';

export const LIBRARY_TABS = ['materials', 'machines', 'tools'] as const;
export type LibraryTab = (typeof LIBRARY_TABS)[number];
/** A part's page: the model (3D view, metrics, files), its technical drawing, its FEM analysis. */
export const PART_TABS = ['model', 'drawing', 'simulation'] as const;
export type PartTab = (typeof PART_TABS)[number];

export type Route =
  | { name: 'new'; template?: string }
  | { name: 'jobs' }
  | { name: 'part'; id: string; tab?: PartTab }
  | { name: 'library'; tab: LibraryTab }
  | { name: 'settings' }
  /** CAM: a new setup (for a part job), or a CAM job's program */
  | { name: 'cam'; id?: string; part?: string }
  /** the shop-floor screen: parts → machine → generate → verify → export */
  | { name: 'shop'; id?: string }
  | { name: 'prompt'; id?: string }
  | { name: 'team' }
  /** batch runs: one part per row of a sheet */
  | { name: 'batch'; template?: string };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent);
  const [head, arg] = parts;
  switch (head) {
    case 'jobs':
      return { name: 'jobs' };
    case 'part':
      if (!arg) return { name: 'jobs' };
      return (PART_TABS as readonly string[]).includes(parts[2] ?? '') && parts[2] !== 'model'
        ? { name: 'part', id: arg, tab: parts[2] as PartTab }
        : { name: 'part', id: arg };
    case 'library':
      return { name: 'library', tab: (LIBRARY_TABS as readonly string[]).includes(arg ?? '') ? (arg as LibraryTab) : 'materials' };
    case 'settings':
      return { name: 'settings' };
    case 'new':
      return arg ? { name: 'new', template: arg } : { name: 'new' };
    case 'cam':
      if (arg === 'part') return parts[2] ? { name: 'cam', part: parts[2] } : { name: 'cam' };
      return arg ? { name: 'cam', id: arg } : { name: 'cam' };
    case 'shop':
      return arg ? { name: 'shop', id: arg } : { name: 'shop' };
    case 'prompt':
      return arg ? { name: 'prompt', id: arg } : { name: 'prompt' };
    case 'team':
      return { name: 'team' };
    case 'batch':
      return arg ? { name: 'batch', template: arg } : { name: 'batch' };
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
      return `#/part/${encodeURIComponent(r.id)}${r.tab && r.tab !== 'model' ? `/${r.tab}` : ''}`;
    case 'library':
      return `#/library/${r.tab}`;
    case 'settings':
      return '#/settings';
    case 'cam':
      return r.id ? `#/cam/${encodeURIComponent(r.id)}` : r.part ? `#/cam/part/${encodeURIComponent(r.part)}` : '#/cam';
    case 'shop':
      return r.id ? `#/shop/${encodeURIComponent(r.id)}` : '#/shop';
    case 'prompt':
      return r.id ? `#/prompt/${encodeURIComponent(r.id)}` : '#/prompt';
    case 'team':
      return '#/team';
    case 'batch':
      return r.template ? `#/batch/${encodeURIComponent(r.template)}` : '#/batch';
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
