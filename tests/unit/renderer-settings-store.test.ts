// Settings: the language follows the system unless chosen, changes show at once and roll back
// when the main process refuses them.
import { describe, expect, it } from 'vitest';
import type { ApiClient, Settings } from '../../shared/api/index.js';
import { createSettingsStore, effectiveLang, systemLanguage, updateSettings } from '../../renderer/lib/settings.js';

function client(set: (patch: Partial<Settings>) => Promise<Settings>): ApiClient {
  return {
    call: ((method: string, input: Partial<Settings>) =>
      method === 'settings.set' ? set(input) : Promise.reject(new Error(method))) as ApiClient['call'],
    on: () => () => undefined,
  };
}

describe('settings store', () => {
  it('takes the system language from the browser or OS preference', () => {
    expect(systemLanguage(['tr-TR', 'en-US'])).toBe('tr');
    expect(systemLanguage(['de-DE', 'tr'])).toBe('en');
    expect(systemLanguage([])).toBe('en');
    const s = createSettingsStore('tr');
    expect(effectiveLang(s.getState())).toBe('tr');
    s.getState().apply({ lang: 'en', units: 'inch', allow_unsandboxed: false });
    expect(effectiveLang(s.getState())).toBe('en');
  });

  it('applies a change at once and keeps what the main process confirms', async () => {
    const s = createSettingsStore('en');
    let seenDuring: string | null = null;
    await updateSettings(
      client(async (patch) => {
        seenDuring = s.getState().lang;
        return { lang: 'tr', units: 'mm', allow_unsandboxed: false, ...patch } as const;
      }),
      { lang: 'tr' },
      s,
    );
    expect(seenDuring).toBe('tr');
    expect(s.getState()).toMatchObject({ lang: 'tr', units: 'mm', loaded: true });
  });

  it('rolls back when the change is refused', async () => {
    const s = createSettingsStore('en');
    s.getState().apply({ lang: 'en', units: 'mm', allow_unsandboxed: false });
    await expect(
      updateSettings(
        client(() => Promise.reject({ code: 'STORAGE_IO' })),
        { units: 'inch' },
        s,
      ),
    ).rejects.toEqual({ code: 'STORAGE_IO' });
    expect(s.getState().units).toBe('mm');
  });
});
