// The browser host: the built renderer and the API (a WebSocket at /api, same dispatcher as
// Electron's IPC) on 127.0.0.1, for browser mode, the e2e tests and shop-floor screens.
//
// Every request needs the host's random token: the printed URL carries it as ?token=… for the
// first load, after which it travels in an HttpOnly, SameSite=Strict cookie. Anything without a
// valid token (page, asset, socket, download, upload) gets a 401 and nothing else.
//
// POST /upload takes one file to import (the browser's drag and drop): same-origin only (it needs
// the X-Tezgah-Upload header, which no cross-site form can send), size-limited, into a fresh
// folder under the data dir; the answer is the path to give jobs.submit.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { WireEvent } from '../../../shared/api/index.js';
import { TezgahError, errorText, toErrorPayload, type Lang } from '../../../shared/errors.js';
import { SECURITY_HEADERS, artefactPath, downloadHeaders, findArtefact, resolveStatic, staticHeaders } from './assets.js';
import { dispatchWire } from '../api/dispatch.js';
import { createApiHandlers, currentLang, subscribeApiEvents } from '../api/handlers.js';
import { receiveUpload, sweepUploads } from './uploads.js';
import type { Workbench } from '../../app/app.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DEFAULT_STATIC_DIR = join(REPO_ROOT, 'dist-renderer');

export interface HostOptions {
  wb: Workbench;
  /** 0 (default) picks a free port */
  port?: number;
  host?: string;
  staticDir?: string;
  /** fixed token (tests); default: 32 random bytes */
  token?: string;
}

export interface RunningHost {
  /** the address to open, with the token for the first load */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Largest API message accepted (a library import is the biggest). */
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

const digest = (s: string) => createHash('sha256').update(s).digest();

export async function startHost(opts: HostOptions): Promise<RunningHost> {
  const { wb } = opts;
  const bindHost = opts.host ?? '127.0.0.1';
  const staticDir = resolve(opts.staticDir ?? DEFAULT_STATIC_DIR);
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const tokenDigest = digest(token);
  const handlers = createApiHandlers(wb, { kind: 'browser', hrefFor: artefactPath });
  let port = 0;
  const cookieName = () => `tezgah_${port}`; // cookies ignore ports: two hosts must not share one

  const tokenOk = (candidate: string | undefined | null) => !!candidate && timingSafeEqual(digest(candidate), tokenDigest);

  /** 'query' when the token came in the URL (then the cookie is set), 'header' for cookie/bearer, or null. */
  const authenticate = (req: IncomingMessage, url: URL): 'query' | 'header' | null => {
    if (tokenOk(cookieValue(req.headers.cookie, cookieName()))) return 'header';
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ') && tokenOk(auth.slice(7).trim())) return 'header';
    if (tokenOk(url.searchParams.get('token'))) return 'query';
    return null;
  };

  /** Loopback hosts answer only to loopback names (a rebound DNS name is refused even with a token). */
  const hostHeaderOk = (req: IncomingMessage) => {
    if (!LOOPBACK.has(bindHost)) return true;
    const h = req.headers.host ?? '';
    return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(h.toLowerCase());
  };

  // One request's failure (a malformed URL, a header value Node refuses, a throwing handler) is that
  // request's 400/500, logged; it never ends the host.
  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (e) {
      wb.logger.log('error', 'request failed', { path: (req.url ?? '').slice(0, 200), reason: (e as Error).message });
      if (!res.headersSent) {
        try {
          res.removeHeader('Set-Cookie');
          plain(res, e instanceof URIError || e instanceof TypeError ? 400 : 500, 'request failed');
          return;
        } catch {
          // fall through: the socket is in no state for an answer
        }
      }
      res.destroy();
    }
  });
  server.on('clientError', (_err, socket: Duplex) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    const auth = authenticate(req, url);
    if (!auth) return unauthorized(res, currentLang(wb));
    if (!hostHeaderOk(req)) return plain(res, 403, 'forbidden host');
    if (url.pathname === '/upload') return upload(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    if (auth === 'query') {
      res.setHeader('Set-Cookie', `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    if (url.pathname === '/api') return plain(res, 426, 'WebSocket only', { Upgrade: 'websocket' });
    if (url.pathname.startsWith('/artefacts/')) return download(req, res, url.pathname);
    return serveStatic(req, res, url.pathname);
  };

  const upload = (req: IncomingMessage, res: ServerResponse) => {
    const lang = currentLang(wb);
    const fail = (status: number, err: unknown) => {
      res.writeHead(status, {
        ...SECURITY_HEADERS,
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'close',
      });
      res.end(JSON.stringify({ error: toErrorPayload(err, lang) }) + '\n');
      req.resume();
    };
    if (req.method !== 'POST') return plain(res, 405, 'method not allowed', { Allow: 'POST' });
    const origin = req.headers.origin;
    if (req.headers['x-tezgah-upload'] !== '1' || (origin !== undefined && origin !== `http://${req.headers.host}`))
      return plain(res, 403, 'forbidden');
    const name = req.headers['x-file-name'];
    receiveUpload(wb.dataDir, req, {
      name: Array.isArray(name) ? name[0] : name,
      declared: Number(req.headers['content-length'] ?? NaN),
    }).then(
      (file) => {
        // the page gets a grant, never the host path of its copy (electron/platform/file-grants.ts)
        const granted = wb.fileGrants.grant(file.path, file.size, file.name);
        res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(JSON.stringify(granted) + '\n');
      },
      (err: unknown) => {
        const code = (err as { code?: string }).code;
        fail(code === 'UPLOAD_TOO_LARGE' ? 413 : code === 'STORAGE_FULL' || code === 'STORAGE_IO' ? 507 : 400, err);
      },
    );
  };

  const download = (req: IncomingMessage, res: ServerResponse, pathname: string) => {
    const found = findArtefact(wb, pathname);
    if (!found) return plain(res, 404, 'not found');
    res.writeHead(200, downloadHeaders(found.info));
    if (req.method === 'HEAD') return res.end();
    pipeFile(found.file, res);
  };

  const serveStatic = (req: IncomingMessage, res: ServerResponse, pathname: string) => {
    if (!existsSync(join(staticDir, 'index.html')))
      return plain(res, 503, `the renderer is not built (${staticDir}); run 'npx vite build'`);
    const file = resolveStatic(staticDir, pathname);
    if (!file) return plain(res, 404, 'not found');
    res.writeHead(200, staticHeaders(file));
    if (req.method === 'HEAD') return res.end();
    pipeFile(file, res);
  };

  // --- the API socket -------------------------------------------------------------------------------
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    const origin = req.headers.origin;
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\nCache-Control: no-store\r\n\r\n`);
      socket.destroy();
    };
    if (!authenticate(req, url)) return refuse('401 Unauthorized');
    if (!hostHeaderOk(req) || (origin !== undefined && origin !== `http://${req.headers.host}`)) return refuse('403 Forbidden');
    if (url.pathname !== '/api') return refuse('404 Not Found');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    let alive = true;
    ws.on('pong', () => (alive = true));
    const heartbeat = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, 30_000);
    heartbeat.unref();
    ws.on('close', () => clearInterval(heartbeat));
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      void (async () => {
        const lang = currentLang(wb);
        let raw: unknown;
        try {
          if (isBinary) throw new Error('binary message');
          raw = JSON.parse(data.toString());
        } catch {
          const error = toErrorPayload(new TezgahError('VALIDATION_ERROR', { field: 'request', detail: 'not a JSON text message' }), lang);
          return send(ws, { id: 0, ok: false, error });
        }
        send(ws, await dispatchWire(handlers, raw, lang));
      })();
    });
  });

  void sweepUploads(wb.dataDir).catch(() => undefined);
  const unsubscribe = subscribeApiEvents(wb, (event, payload) => {
    const msg: WireEvent = { event, payload };
    for (const client of wss.clients) send(client, msg);
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      unsubscribe();
      reject(
        e.code === 'EADDRINUSE' || e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL'
          ? new TezgahError(
              'CONFIG_INVALID',
              { setting: '--port/--host', detail: `cannot listen on ${bindHost}:${opts.port ?? 0} (${e.code})` },
              e,
            )
          : e,
      );
    });
    server.listen(opts.port ?? 0, bindHost, () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost === '0.0.0.0' ? '127.0.0.1' : bindHost;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    close() {
      closing ??= new Promise<void>((done) => {
        unsubscribe();
        for (const client of wss.clients) client.close(1001, 'host stopping');
        wss.close();
        server.close(() => done());
        server.closeAllConnections();
        setTimeout(() => {
          for (const client of wss.clients) client.terminate();
        }, 1000).unref();
      });
      return closing;
    },
  };
}

function send(ws: WebSocket, msg: unknown) {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
}

function pipeFile(file: string, res: ServerResponse) {
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

function plain(res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}) {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
  res.end(body + '\n');
}

function unauthorized(res: ServerResponse, lang: Lang) {
  const { message, hint } = errorText('UNAUTHORIZED', lang);
  res.writeHead(401, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify({ error: { code: 'UNAUTHORIZED', message, hint } }) + '\n');
}

// --- `tezgah serve` ----------------------------------------------------------------------------------

/** Builds the renderer with vite when its output is missing (a source checkout, first run). */
export function ensureRendererBuilt(staticDir = DEFAULT_STATIC_DIR): void {
  if (existsSync(join(staticDir, 'index.html'))) return;
  process.stderr.write(`building the renderer (npx vite build) into ${staticDir}…\n`);
  const r = spawnSync('npx', ['vite', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0 || !existsSync(join(staticDir, 'index.html'))) {
    throw new TezgahError('CONFIG_INVALID', { setting: 'dist-renderer', detail: `'npx vite build' failed (exit ${r.status ?? r.signal})` });
  }
}

/** `tezgah serve`: starts the host, prints its URL and runs until SIGINT/SIGTERM. */
export async function serveCommand(wb: Workbench, opts: { port?: string; host?: string }): Promise<number> {
  const port = opts.port === undefined ? 0 : Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new TezgahError('CONFIG_INVALID', { setting: '--port', detail: 'a number 0–65535' });
  ensureRendererBuilt();
  wb.start({ syncWorker: true, warmUp: true, backupSchedule: true });
  const host = await startHost({ wb, port, ...(opts.host ? { host: opts.host } : {}) });
  process.stdout.write(`Tezgah is running at ${host.url}\n`);
  if (opts.host && !LOOPBACK.has(opts.host)) {
    process.stderr.write(
      `warning: listening on ${opts.host}: anyone who can reach this port and has the token can use Tezgah; traffic is not encrypted.\n`,
    );
  }
  process.stdout.write('Press Ctrl+C to stop.\n');
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await host.close();
  return 0;
}
