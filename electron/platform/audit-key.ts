// Where the audit chain's install key lives (electron/platform/audit.ts): in the OS keychain when
// the app has one, else in a key file beside the database, created once with O_EXCL and mode 0600
// (the CLI and the browser host keep other secrets in memory only, but a key that died with the
// process would make yesterday's entries unverifiable). Either way it is outside the database, so
// write access to tezgah.db alone cannot re-chain the log.
import { closeSync, constants as fsc, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditKey, AuditKeyStore } from './audit.js';
import { secretsKind, type SecretStore } from './secrets.js';

const SECRET = 'audit.install-key';

function parse(text: string | null): AuditKey | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as { key?: unknown; since?: unknown };
    if (typeof v.key !== 'string' || !/^[0-9a-f]{64}$/.test(v.key) || !Number.isInteger(v.since) || (v.since as number) < 1) return null;
    return { key: Buffer.from(v.key, 'hex'), since: v.since as number };
  } catch {
    return null;
  }
}

/** The key as its file (and a backup) holds it. */
export const formatAuditKey = (k: AuditKey) => JSON.stringify({ key: k.key.toString('hex'), since: k.since });
const format = formatAuditKey;

export function auditKeyStore(secrets: SecretStore, dataDir: string): AuditKeyStore {
  const file = join(dataDir, 'audit.key');
  if (secretsKind(secrets) !== 'memory' && secrets.available()) {
    return {
      // a key file in a keychain install came from a restored backup: the keychain adopts it
      load: () => parse(secrets.get(SECRET)) ?? adoptFile(file, (k) => secrets.set(SECRET, format(k))),
      save: (k) => secrets.set(SECRET, format(k)),
    };
  }
  return {
    load: () => {
      try {
        return parse(readFileSync(file, 'utf8'));
      } catch {
        return null;
      }
    },
    save: (k) => {
      // O_EXCL: never replace a key another process made a moment ago; O_NOFOLLOW: never write through a link
      const fd = openSync(file, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL | fsc.O_NOFOLLOW, 0o600);
      try {
        writeSync(fd, format(k) + '\n');
      } finally {
        closeSync(fd);
      }
    },
  };
}

function adoptFile(file: string, save: (k: AuditKey) => void): AuditKey | null {
  let k: AuditKey | null;
  try {
    k = parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  if (!k) return null;
  save(k);
  rmSync(file, { force: true });
  return k;
}
