// Where keys (AI provider, team store) are kept. Electron gives the app its keychain store
// (electron/shell/secrets.ts, safeStorage); the browser host and the CLI keep them in this
// process's memory only, so nothing is written in clear text. Either way a key goes in through
// Settings and never comes back out to a renderer: only whether it is set, masked.
import type { SecretState } from '../../shared/api/index.js';

/** The shape electron/shell/secrets.ts's KeychainSecretStore has (services never see Electron). */
export interface SecretStore {
  available(): boolean;
  get(name: string): string | null;
  set(name: string, value: string): void;
  delete(name: string): boolean;
  names(): string[];
}

export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory';
  private readonly values = new Map<string, string>();

  constructor(initial: Record<string, string | undefined> = {}) {
    for (const [k, v] of Object.entries(initial)) if (v) this.values.set(k, v);
  }

  available(): boolean {
    return true;
  }
  get(name: string): string | null {
    return this.values.get(name) ?? null;
  }
  set(name: string, value: string): void {
    this.values.set(name, value);
  }
  delete(name: string): boolean {
    return this.values.delete(name);
  }
  names(): string[] {
    return [...this.values.keys()].sort();
  }
}

/** 'keychain' for the OS-backed store, 'memory' for this one. */
export function secretsKind(store: SecretStore): string {
  return (store as { kind?: string }).kind ?? 'keychain';
}

/** Whether a secret is set, and its last four characters behind dots (never more of it). */
export function secretState(store: SecretStore, name: string): SecretState {
  let value: string | null = null;
  try {
    value = store.get(name);
  } catch {
    // a keychain that cannot decrypt now still holds the entry
    return { set: store.names().includes(name), masked: null };
  }
  if (!value) return { set: false, masked: null };
  return { set: true, masked: maskSecret(value) };
}

export function maskSecret(value: string): string {
  const tail = value.length >= 12 ? value.slice(-4) : '';
  return `••••••••${tail}`;
}
