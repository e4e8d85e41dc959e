// Secrets bound to the endpoint they were entered for. A key kept for one AI endpoint or team store
// is never sent to another: whoever can change Settings (any API client) could otherwise point the
// stored key, or every synced artefact, at a server of their own. The binding is a second entry in
// the same SecretStore (`<name>.endpoint`); a key whose endpoint differs reads as absent, and a
// changed endpoint drops the keys unless new ones come with the change.
import { TezgahError } from '../../shared/errors.js';
import type { SecretStore } from './secrets.js';

const bindingOf = (name: string) => `${name}.endpoint`;

function read(secrets: SecretStore, name: string): string | null {
  try {
    return secrets.get(name);
  } catch {
    return null;
  }
}

/** The key, when it was entered for this endpoint (a key kept before bindings existed is bound now). */
export function boundSecret(secrets: SecretStore, name: string, endpoint: string): string | null {
  const value = read(secrets, name);
  if (value === null) return null;
  const bound = read(secrets, bindingOf(name));
  if (bound === null) {
    secrets.set(bindingOf(name), endpoint);
    return value;
  }
  return bound === endpoint ? value : null;
}

export function setBoundSecret(secrets: SecretStore, name: string, value: string, endpoint: string): void {
  secrets.set(name, value);
  secrets.set(bindingOf(name), endpoint);
}

export function deleteBoundSecret(secrets: SecretStore, name: string): void {
  secrets.delete(name);
  secrets.delete(bindingOf(name));
}

/** Whether a key is kept for this endpoint (the settings view shows "set" only then). */
export function hasBoundSecret(secrets: SecretStore, name: string, endpoint: string): boolean {
  return boundSecret(secrets, name, endpoint) !== null;
}

/** Drops keys kept for another endpoint than `endpoint` (the endpoint changed, no new key came). */
export function dropRebound(secrets: SecretStore, names: string[], endpoint: string): void {
  for (const name of names) {
    const bound = read(secrets, bindingOf(name));
    if (secrets.names().includes(name) && bound !== null && bound !== endpoint) deleteBoundSecret(secrets, name);
  }
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Plain http:// carries the key in clear text: only to this machine (loopback), unless the user
 * opts in. `setting` names the field in the error.
 */
export function checkTransport(url: string, setting: string, allowInsecure: boolean | undefined): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return; // the caller reports a malformed URL in its own words
  }
  if (u.protocol === 'http:' && !LOOPBACK.test(u.hostname) && !allowInsecure) {
    throw new TezgahError('CONFIG_INVALID', {
      setting,
      detail: {
        en: `'${u.host}' is reached over plain http, which sends the key in clear text; use https, or allow insecure http for this endpoint`,
        tr: `'${u.host}' düz http ile erişiliyor, anahtar açık metin olarak gider; https kullanın ya da bu uç nokta için güvensiz http'ye izin verin`,
      },
    });
  }
}
