// The preload: exposes exactly one thing to the page, `window.tezgah`, an ApiClient over two IPC
// channels. No Node, no ipcRenderer: the page can only call the contract's methods (each input is
// parsed by the main process) and listen to its events. A file the user dropped on the window
// becomes a grant (grantForFile): its path goes to the main process, never to the page.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type {
  ApiClient,
  ApiEvent,
  ApiEventPayload,
  ApiInput,
  ApiMethod,
  ApiOutput,
  HostFile,
  WireEvent,
  WireResponse,
} from '../shared/api/index.js';
import type { ErrorPayload } from '../shared/errors.js';
import { apiErrorOf, clientError, createApiClient } from '../shared/api/client.js';
import { CALL_CHANNEL, DROP_CHANNEL, EVENT_CHANNEL } from './shell/channels.js';

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
  /**
   * A grant for a File the user dropped: its path (which only Electron knows, and only for a file
   * really on disk) goes to the main process, and the page gets the grant, never the path.
   */
  async grantForFile(file: File): Promise<HostFile> {
    const path = webUtils.getPathForFile(file);
    if (!path) throw clientError('VALIDATION_ERROR', { field: 'file', detail: `${file.name} is not a file on this computer` });
    const r = (await ipcRenderer.invoke(DROP_CHANNEL, path)) as HostFile | { error: ErrorPayload };
    if ('error' in r) throw r.error;
    return r;
  },
} satisfies ApiClient & { grantForFile(file: File): Promise<HostFile> };

contextBridge.exposeInMainWorld('tezgah', tezgah);
