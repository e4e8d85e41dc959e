// The user's settings: a small JSON file in the data dir, written atomically. Keys this file does
// not know (added by other services) are kept on write. electron/app/app.ts builds one store per app,
// so every transport sees the same language and emits the same 'settings' event.
import { EventEmitter } from 'node:events';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Settings } from '../../shared/api/index.js';
import { TezgahError, type Lang } from '../../shared/errors.js';

const SettingsFile = z.object({
  lang: z.enum(['tr', 'en', 'system']).catch('system'),
  units: z.enum(['mm', 'inch']).catch('mm'),
  allow_unsandboxed: z.boolean().catch(false),
});

export const DEFAULT_SETTINGS: Settings = { lang: 'system', units: 'mm', allow_unsandboxed: false };

export class SettingsStore extends EventEmitter<{ change: [Settings] }> {
  readonly file: string;
  private current: Settings;

  constructor(
    dataDir: string,
    /** the language of the system (env / OS), used when the setting is 'system' */
    private readonly systemLang: Lang,
  ) {
    super();
    this.file = join(dataDir, 'settings.json');
    this.current = { ...DEFAULT_SETTINGS, ...SettingsFile.parse({ ...DEFAULT_SETTINGS, ...this.readRaw() }) };
  }

  get(): Settings {
    return { ...this.current };
  }

  /** The language messages are shown in now. */
  lang(): Lang {
    return this.current.lang === 'system' ? this.systemLang : this.current.lang;
  }

  set(patch: Partial<Settings>): Settings {
    const next: Settings = { ...this.current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    this.write({ ...this.readRaw(), ...next });
    this.current = next;
    this.emit('change', this.get());
    return this.get();
  }

  /** A section other services keep in the same file ('ai', 'sync'); never secrets. */
  section(name: string): Record<string, unknown> | null {
    const v = this.readRaw()[name];
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  }

  setSection(name: string, value: Record<string, unknown> | null): void {
    const raw = this.readRaw();
    if (value) raw[name] = value;
    else delete raw[name];
    this.write(raw);
  }

  private write(raw: Record<string, unknown>): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, JSON.stringify(raw, null, 2) + '\n', { mode: 0o600 });
      renameSync(tmp, this.file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new TezgahError(code === 'ENOSPC' ? 'STORAGE_FULL' : 'STORAGE_IO', { path: this.file, reason: (e as Error).message });
    }
  }

  /** The file as it is on disk; a missing or damaged file counts as empty (defaults apply). */
  private readRaw(): Record<string, unknown> {
    try {
      const v: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
}
