// The preload: exposes exactly one thing to the page, `window.tezgah`, an ApiClient over two IPC
// channels. No Node, no ipcRenderer: the page can only call the contract's methods (each input is
// parsed by the main process) and listen to its events. The one path it can learn is that of a
// file the user dropped on the window (pathForFile), which is how Electron hands drops over.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { ApiClient, ApiEvent, ApiEventPayload, ApiInput, ApiMethod, ApiOutput, WireEvent, WireResponse } from '../shared/api/index.js';
import { apiErrorOf, clientError, createApiClient } from '../shared/api/client.js';
import { CALL_CHANNEL, EVENT_CHANNEL } from './shell/channels.js';

let deliver: (msg: WireResponse | WireEvent) => void = () => {};
const client = createApiClient({
  send(req) {
    ipcRenderer.invoke(CALL_CHANNEL, req).then(
      (res: WireResponse) => deliver(res),
      (e: unknown) =>
        deliver({ id: req.id, ok: false, error: clientError('CONNECTION_LOST', { reason: e instanceof Error ? e.message : String(e) }) }),
    );
  },
  onMessage(cb) {
    deliver = cb;
    ipcRenderer.on(EVENT_CHANNEL, (_event, msg: WireEvent) => cb(msg));
  },
});

const tezgah = {
  // contextBridge drops an Error's own properties, so a failed call rejects with the plain coded payload
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
    return client.call(method, input).catch((e: unknown) => {
      throw apiErrorOf(e);
    });
  },
  on<E extends ApiEvent>(event: E, listener: (payload: ApiEventPayload<E>) => void): () => void {
    return client.on(event, listener);
  },
  /** The path of a File the user dropped (empty for anything that is not a file on disk). */
  pathForFile(file: File): string {
    return webUtils.getPathForFile(file);
  },
} satisfies ApiClient & { pathForFile(file: File): string };

contextBridge.exposeInMainWorld('tezgah', tezgah);
