// The one API client, generic over its transport: Electron's preload builds it over ipcRenderer,
// the browser over a WebSocket to the host. Pure: no Node, no DOM types beyond what a browser and
// a sandboxed preload both have.
import type {
  ApiClient,
  ApiEvent,
  ApiEventPayload,
  ApiInput,
  ApiMethod,
  ApiOutput,
  WireEvent,
  WireRequest,
  WireResponse,
} from './index.js';
import { errorText, isErrorCode, type ErrorCode, type ErrorPayload } from '../errors.js';

export interface ApiTransport {
  send(req: WireRequest): void;
  onMessage(cb: (msg: WireResponse | WireEvent) => void): void;
}

/** What a failed call rejects with: an Error that carries the coded payload (message and hint localized by the server). */
export class ApiCallError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly details?: Record<string, unknown>;
  constructor(readonly payload: ErrorPayload) {
    super(payload.message);
    this.name = 'ApiCallError';
    this.code = payload.code;
    this.hint = payload.hint;
    if (payload.details) this.details = payload.details;
  }
}

/** A payload made on the client side (the server never answered); English, the UI re-localizes by code. */
export function clientError(code: ErrorCode, details?: Record<string, unknown>): ErrorPayload {
  return { code, ...errorText(code, 'en', details), ...(details ? { details } : {}) };
}

/**
 * The coded payload of whatever a call rejected with: an ApiCallError, a plain payload (what
 * crosses Electron's contextBridge, which drops an Error's own properties) or anything else.
 */
export function apiErrorOf(err: unknown): ErrorPayload {
  if (err instanceof ApiCallError) return err.payload;
  const e = err as Partial<ErrorPayload> | null;
  if (e && typeof e === 'object' && isErrorCode(e.code)) {
    return { code: e.code, message: String(e.message ?? ''), hint: String(e.hint ?? ''), ...(e.details ? { details: e.details } : {}) };
  }
  return clientError('INTERNAL', { reason: err instanceof Error ? err.message : String(err) });
}

export interface ApiClientCore extends ApiClient {
  /** Rejects the calls whose ids match (all when no filter) with `error`: the transport lost them. */
  failPending(error: ErrorPayload, which?: (id: number) => boolean): void;
}

export function createApiClient(transport: ApiTransport): ApiClientCore {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  transport.onMessage((msg) => {
    if (!msg || typeof msg !== 'object') return;
    if ('event' in msg) {
      for (const l of listeners.get(msg.event) ?? []) {
        try {
          l(msg.payload);
        } catch (e) {
          // one broken listener must not starve the others
          console.error(e);
        }
      }
      return;
    }
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.output);
    else p.reject(new ApiCallError(msg.error));
  });

  return {
    call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
      const id = nextId++;
      return new Promise<ApiOutput<M>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        try {
          transport.send({ id, method, input });
        } catch (e) {
          pending.delete(id);
          reject(new ApiCallError(clientError('CONNECTION_LOST', { reason: e instanceof Error ? e.message : String(e) })));
        }
      });
    },
    on<E extends ApiEvent>(event: E, listener: (payload: ApiEventPayload<E>) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => {
        set.delete(l);
      };
    },
    failPending(error, which = () => true) {
      for (const [id, p] of [...pending]) {
        if (!which(id)) continue;
        pending.delete(id);
        p.reject(new ApiCallError(error));
      }
    },
  };
}

// --- WebSocket transport (browser mode) --------------------------------------------------------------

/** The part of the WHATWG WebSocket this client uses (the browser's, or the `ws` package's in Node). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error' | 'message', listener: (ev: { data?: unknown }) => void): void;
}

export type ConnectionStatus = 'open' | 'reconnecting' | 'closed';

export interface WebSocketClientOptions {
  /** makes the socket (default: the global WebSocket) */
  createSocket?: (url: string) => WebSocketLike;
  /** first and longest pause between reconnect attempts, ms */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
}

export interface WebSocketApiClient extends ApiClient {
  status(): ConnectionStatus;
  onStatus(listener: (s: ConnectionStatus) => void): () => void;
  close(): void;
}

const OPEN = 1;

/**
 * Connects to the host's API socket. Resolves once connected (rejects with CONNECTION_LOST if the
 * first attempt fails). Afterwards a lost connection reconnects by itself with backoff: calls that
 * were in flight reject with CONNECTION_LOST (the host may or may not have run them), calls made
 * while reconnecting wait and go out once the socket is back.
 */
export function createWebSocketClient(url: string, opts: WebSocketClientOptions = {}): Promise<WebSocketApiClient> {
  const createSocket =
    opts.createSocket ??
    ((u: string) => {
      const WS = (globalThis as { WebSocket?: new (u: string) => WebSocketLike }).WebSocket;
      if (!WS) throw new Error('no WebSocket in this environment');
      return new WS(u);
    });
  const minMs = opts.reconnectMinMs ?? 200;
  const maxMs = opts.reconnectMaxMs ?? 5000;

  let socket: WebSocketLike | null = null;
  let state: ConnectionStatus = 'reconnecting';
  let closedByUser = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const queue: WireRequest[] = [];
  const inFlight = new Set<number>();
  const statusListeners = new Set<(s: ConnectionStatus) => void>();
  let deliver: (msg: WireResponse | WireEvent) => void = () => {};

  const core = createApiClient({
    send(req) {
      if (closedByUser) throw new Error('client closed');
      if (socket && socket.readyState === OPEN) {
        inFlight.add(req.id);
        socket.send(JSON.stringify(req));
      } else queue.push(req);
    },
    onMessage(cb) {
      deliver = cb;
    },
  });

  const setStatus = (s: ConnectionStatus) => {
    if (s === state) return;
    state = s;
    for (const l of statusListeners) l(s);
  };

  return new Promise<WebSocketApiClient>((resolveFirst, rejectFirst) => {
    let everOpened = false;

    const connect = () => {
      timer = null;
      let ws: WebSocketLike;
      try {
        ws = createSocket(url);
      } catch (e) {
        if (!everOpened) rejectFirst(new ApiCallError(clientError('CONNECTION_LOST', { reason: (e as Error).message })));
        return;
      }
      socket = ws;
      ws.addEventListener('open', () => {
        attempt = 0;
        setStatus('open');
        for (const req of queue.splice(0)) {
          inFlight.add(req.id);
          ws.send(JSON.stringify(req));
        }
        if (!everOpened) {
          everOpened = true;
          resolveFirst(client);
        }
      });
      ws.addEventListener('message', (ev) => {
        let msg: WireResponse | WireEvent;
        try {
          msg = JSON.parse(typeof ev.data === 'string' ? ev.data : String(ev.data)) as WireResponse | WireEvent;
        } catch {
          return;
        }
        if (msg && typeof msg === 'object' && 'id' in msg) inFlight.delete(msg.id);
        deliver(msg);
      });
      ws.addEventListener('close', () => {
        if (socket !== ws) return;
        socket = null;
        const lost = new Set(inFlight);
        inFlight.clear();
        core.failPending(clientError('CONNECTION_LOST'), (id) => lost.has(id));
        if (closedByUser) return;
        if (!everOpened) {
          setStatus('closed');
          rejectFirst(
            new ApiCallError(clientError('CONNECTION_LOST', { reason: `cannot connect to ${url.replace(/token=[^&]*/, 'token=…')}` })),
          );
          return;
        }
        setStatus('reconnecting');
        const delay = Math.min(maxMs, minMs * 2 ** attempt++);
        timer = setTimeout(connect, delay);
      });
      // 'error' is always followed by 'close', which does the work
      ws.addEventListener('error', () => {});
    };

    const client: WebSocketApiClient = {
      call: (method, input) => core.call(method, input),
      on: (event, listener) => core.on(event, listener),
      status: () => state,
      onStatus(listener) {
        statusListeners.add(listener);
        return () => {
          statusListeners.delete(listener);
        };
      },
      close() {
        if (closedByUser) return;
        closedByUser = true;
        if (timer) clearTimeout(timer);
        const lost = clientError('CONNECTION_LOST', { reason: 'client closed' });
        queue.splice(0);
        core.failPending(lost);
        socket?.close(1000, 'bye');
        socket = null;
        setStatus('closed');
      },
    };

    connect();
  });
}
