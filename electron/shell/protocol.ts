// app://tezgah — the app's own origin. Serves the built renderer and artefacts (for the 3D viewer)
// with the same CSP and headers as the browser host; nothing else is reachable through it.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { protocol, type Session } from 'electron';
import { SECURITY_HEADERS, downloadHeaders, findArtefact, resolveStatic, staticHeaders } from '../hosts/server/assets.js';
import type { Workbench } from '../app/app.js';
import { APP_HOST, APP_SCHEME } from './channels.js';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } },
  ]);
}

export function serveAppScheme(ses: Session, opts: { staticDir: string; wb: Workbench }): void {
  const notFound = () => new Response('not found\n', { status: 404, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' } });

  ses.protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || (request.method !== 'GET' && request.method !== 'HEAD')) return notFound();
    if (url.pathname.startsWith('/artefacts/')) {
      const found = findArtefact(opts.wb, url.pathname);
      if (!found) return notFound();
      const body = Readable.toWeb(createReadStream(found.file)) as ReadableStream<Uint8Array>;
      return new Response(body, { headers: downloadHeaders(found.info) });
    }
    const file = resolveStatic(opts.staticDir, url.pathname);
    if (!file) return notFound();
    return new Response(await readFile(file), { headers: staticHeaders(file) });
  });
}
