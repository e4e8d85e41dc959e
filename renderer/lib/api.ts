// The renderer's one way to the main process: window.tezgah in Electron (the preload exposes an
// ApiClient), else a WebSocket client against the host that served this page (`tezgah serve`).
import type { ApiClient, HostFile } from '../../shared/api/index.js';
import { errorText, type ErrorCode, type ErrorPayload } from '../../shared/errors.js';

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
  const { createWebSocketClient } = await import('../../shared/api/client.js');
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

function clientError(code: ErrorCode, details: Record<string, unknown>): ErrorPayload {
  return { code, ...errorText(code, 'en', details), details };
}

/** Electron's preload adds this: a grant for a file the user dropped on the window. */
interface WithDroppedFiles {
  grantForFile?: (file: File) => Promise<HostFile>;
}

/**
 * Puts a file the user dropped or chose where the jobs can read it, and returns its grant (the
 * `ref` a job spec takes where a path goes). Electron: the file is on this machine already and the
 * preload has the main process grant it. Browser: the bytes go to the host (POST /upload, same
 * origin, the token cookie), which answers with the grant of its copy.
 */
export function fileOnHost(file: File, onProgress: (fraction: number) => void = () => undefined): Promise<HostFile> {
  const injected = (globalThis as { tezgah?: WithDroppedFiles }).tezgah;
  if (injected?.grantForFile)
    return injected.grantForFile(file).then((f) => {
      onProgress(1);
      return f;
    });
  return new Promise<HostFile>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/upload');
    xhr.setRequestHeader('X-Tezgah-Upload', '1');
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: { error?: unknown } & Partial<HostFile> = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // not JSON: a plain-text refusal
      }
      if (xhr.status === 200 && typeof body.ref === 'string') {
        onProgress(1);
        resolve(body as HostFile);
      } else
        reject(
          body.error ?? clientError('CONNECTION_LOST', { reason: `upload refused (HTTP ${xhr.status}) ${xhr.responseText.slice(0, 200)}` }),
        );
    };
    xhr.onerror = () => reject(clientError('CONNECTION_LOST', { reason: 'the upload was interrupted' }));
    xhr.send(file);
  });
}

/** Electron (the preload's client) rather than a browser talking to the host. */
export function isElectron(): boolean {
  return !!(globalThis as { tezgah?: unknown }).tezgah;
}
