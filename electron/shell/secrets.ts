// Secrets (AI provider keys, team store credentials) encrypted with the OS keychain through
// Electron's safeStorage, kept as base64 in <data dir>/secrets.json (mode 0600). Nothing is ever
// written in clear text: where the OS offers no real keychain (Linux without a secret service,
// where Electron would fall back to a hard-coded key) storing is refused with a coded error.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { safeStorage } from 'electron';
import { TezgahError } from '../../shared/errors.js';
import type { SecretStore } from '../platform/secrets.js';

const NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;

export class KeychainSecretStore implements SecretStore {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'secrets.json');
  }

  available(): boolean {
    if (!safeStorage.isEncryptionAvailable()) return false;
    return process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
  }

  get(name: string): string | null {
    const enc = this.read()[checkName(name)];
    if (!enc) return null;
    this.assertAvailable();
    return safeStorage.decryptString(Buffer.from(enc, 'base64'));
  }

  set(name: string, value: string): void {
    this.assertAvailable();
    const all = this.read();
    all[checkName(name)] = safeStorage.encryptString(value).toString('base64');
    this.write(all);
  }

  delete(name: string): boolean {
    const all = this.read();
    if (!(checkName(name) in all)) return false;
    delete all[name];
    this.write(all);
    return true;
  }

  names(): string[] {
    return Object.keys(this.read()).sort();
  }

  private assertAvailable() {
    if (!this.available()) {
      const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'none';
      throw new TezgahError('SECRET_STORE_UNAVAILABLE', { backend });
    }
  }

  private read(): Record<string, string> {
    try {
      const v = JSON.parse(readFileSync(this.file, 'utf8')) as { secrets?: Record<string, string> };
      return v.secrets && typeof v.secrets === 'object' ? { ...v.secrets } : {};
    } catch {
      return {};
    }
  }

  private write(secrets: Record<string, string>) {
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, secrets }, null, 2) + '\n', { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}

function checkName(name: string): string {
  if (!NAME.test(name)) throw new TezgahError('VALIDATION_ERROR', { field: 'name', detail: 'lowercase letters, digits, . _ -' });
  return name;
}
