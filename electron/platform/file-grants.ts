// Files the user handed to the app: chosen in the shell's open dialog, dropped on the window, or
// uploaded to the browser host. Each gets a grant: an unguessable reference the UI passes where a
// job spec wants a path. The UI surfaces (Electron IPC, the host's WebSocket) accept nothing else,
// so a page — or a browser client holding the token — cannot make Tezgah read ~/.ssh/id_rsa by
// naming it, nor learn whether a path exists: every refused path gets the same answer. The CLI,
// run by the local user, names paths directly.
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import type { HostFile } from '../../shared/api/index.js';
import { TezgahError } from '../../shared/errors.js';

const PREFIX = 'file-grant:';
const REF = /^file-grant:[0-9a-f]{32}$/;

/** Grants live a day (a chosen file is imported within minutes) and at most this many are kept. */
const TTL_MS = 24 * 3600_000;
const MAX_GRANTS = 10_000;

export class FileGrants {
  private readonly grants = new Map<string, { path: string; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A grant for a file the user chose (its path as the OS gave it). */
  grant(path: string, size: number, name = basename(path)): HostFile {
    this.prune();
    const ref = PREFIX + randomBytes(16).toString('hex');
    this.grants.set(ref, { path, at: this.now() });
    return { ref, name, size };
  }

  /** The path behind a grant; anything else (a path, an unknown or expired grant) is PATH_NOT_GRANTED. */
  resolve(ref: string, field: string): string {
    const g = REF.test(ref) ? this.grants.get(ref) : undefined;
    if (!g || this.now() - g.at > TTL_MS) throw new TezgahError('PATH_NOT_GRANTED', { field });
    return g.path;
  }

  static isRef(s: string): boolean {
    return REF.test(s);
  }

  private prune(): void {
    const now = this.now();
    for (const [ref, g] of this.grants) if (now - g.at > TTL_MS) this.grants.delete(ref);
    // Map iteration is insertion order: the oldest go first
    while (this.grants.size >= MAX_GRANTS) this.grants.delete(this.grants.keys().next().value as string);
  }
}
