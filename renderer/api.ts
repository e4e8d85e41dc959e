// The renderer's one way to the main process: window.tezgah in Electron (the preload exposes an
// ApiClient), else a WebSocket client against the host that served this page (`tezgah serve`).
import type { ApiClient } from '../shared/api.js';

let client: ApiClient | null = null;

/** The URL of the host's API socket, derived from the page's own origin. */
export function apiSocketUrl(loc: { protocol: string; host: string }): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/api`;
}

export async function connectApi(): Promise<ApiClient> {
  const injected = (globalThis as { tezgah?: ApiClient }).tezgah;
  if (injected) {
    client = injected;
    return injected;
  }
  const { createWebSocketClient } = await import('../shared/api-client.js');
  client = await createWebSocketClient(apiSocketUrl(window.location));
  dropTokenFromAddress();
  return client;
}

/** The token is only needed on first load (the host then sets a cookie): keep it out of the address bar and history. */
function dropTokenFromAddress(): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has('token')) return;
  url.searchParams.delete('token');
  window.history.replaceState(null, '', url.pathname + url.search + url.hash);
}

export function api(): ApiClient {
  if (!client) throw new Error('API not connected yet');
  return client;
}

/** For tests and for the app shell, which connects once at start. */
export function setApi(c: ApiClient | null): void {
  client = c;
}
