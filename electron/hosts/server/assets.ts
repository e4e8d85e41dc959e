// What the UI is served with, by the browser host (HTTP) and by Electron's app:// protocol alike:
// the built renderer's files, artefact downloads, the Content-Security-Policy and the other
// response headers. No Electron, no HTTP server here: both hosts wrap these.
import { existsSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import type { ArtefactInfo } from '../../../shared/jobs.js';
import type { Workbench } from '../../app/app.js';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.glb': 'model/gltf-binary',
  '.gltf': 'model/gltf+json',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeFor(file: string): string {
  return MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `root` that a URL path names, or null. Paths that leave the root, hidden files and
 * anything but a regular file are refused; a path without an extension is a client-side route and
 * gets index.html.
 */
export function resolveStatic(root: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const segments = path.split('/').filter(Boolean);
  if (segments.some((s) => s === '..' || s.startsWith('.'))) return null;
  const base = resolve(root);
  let file = resolve(base, ...segments);
  if (file !== base && !file.startsWith(base + sep)) return null;
  if (segments.length === 0 || !extname(file)) file = join(base, 'index.html');
  try {
    return statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

/** Headers every response of the UI carries. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), payment=()',
};

/**
 * The UI page's headers. The Content-Security-Policy: nothing remote; scripts, styles and fonts only
 * from the app itself; blob: for the 3D viewer's buffers and images; the API socket only to this
 * very host ('self' covers ws: to the same host and port). No 'unsafe-inline', no 'unsafe-eval', no
 * 'wasm-unsafe-eval' (the renderer ships no WebAssembly). Kept as one literal so that reviewers and
 * electronegativity read the exact policy.
 */
export function pageHeaders(): Record<string, string> {
  const headers: Record<string, string> = { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' };
  headers['Content-Security-Policy'] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self' blob:; worker-src 'self' blob:; manifest-src 'self'; media-src 'none'; object-src 'none'; frame-src 'none'; child-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  return headers;
}

/** Headers of one static file of the built renderer. */
export function staticHeaders(file: string): Record<string, string> {
  if (file.endsWith('.html')) return pageHeaders();
  return { ...SECURITY_HEADERS, 'Content-Type': mimeFor(file), 'Cache-Control': cacheControlFor(file) };
}

/** Cache policy: hashed build assets for a long time, everything else never. */
function cacheControlFor(file: string): string {
  return /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.\w+$/.test(file) ? 'private, max-age=31536000, immutable' : 'no-store';
}

/** Headers of an artefact download: its own type, saved (never rendered) under its exact name. */
export function downloadHeaders(info: Pick<ArtefactInfo, 'name' | 'mime' | 'size'>): Record<string, string> {
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    'Content-Type': safeMime(info.mime) ?? mimeFor(info.name),
    'Content-Length': String(info.size),
    'Content-Disposition': attachmentDisposition(info.name),
    'Cache-Control': 'no-store',
  };
  headers['Content-Security-Policy'] = "default-src 'none'; sandbox";
  return headers;
}

/** `/artefacts/<id>/<name>`: the artefact's download path (the name is checked, so links are self-describing). */
export function artefactPath(a: Pick<ArtefactInfo, 'id' | 'name'>): string {
  return `/artefacts/${a.id}/${encodeURIComponent(a.name)}`;
}

/** The artefact a download path names and its file, or null (unknown id, wrong name, file gone). */
export function findArtefact(wb: Workbench, urlPath: string): { info: ArtefactInfo; file: string } | null {
  const m = /^\/artefacts\/(\d{1,15})\/([^/]+)$/.exec(urlPath.split('?')[0]!);
  if (!m) return null;
  let name: string;
  try {
    name = decodeURIComponent(m[2]!);
  } catch {
    return null;
  }
  const info = wb.artefactRepo.get(Number(m[1]));
  if (!info || info.name !== name) return null;
  const file = wb.artefacts.pathFor(info.sha256);
  return existsSync(file) ? { info, file } : null;
}

/** Content-Disposition for a download: an ASCII fallback name plus the exact UTF-8 name (RFC 6266). */
/**
 * A stored MIME type as a header value, or null: the value comes from the database (and from there
 * possibly from a colleague's manifest), so anything but a plain `type/subtype` (with simple
 * parameters) is refused rather than written into a header, where a CR/LF would end the response.
 */
export function safeMime(mime: string | null | undefined): string | null {
  if (!mime || mime.length > 127) return null;
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(; *[a-z0-9_-]+=[a-z0-9_.-]+)*$/i.test(mime) ? mime : null;
}

export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
