// Settings (language, display units) as the main process keeps them, plus the language the
// system asks for. The effective language drives i18next; 'settings' events keep windows in step.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { ApiClient, Settings } from '../../shared/api/index.js';
import type { Lang } from '../../shared/errors.js';
import type { Units } from './units.js';

export interface SettingsState {
  lang: Lang | 'system';
  units: Units;
  allow_unsandboxed: boolean;
  systemLang: Lang;
  loaded: boolean;
  apply(s: Settings): void;
}

/** Turkish when the first preferred language is Turkish, else English. */
export function systemLanguage(languages: readonly string[] | undefined): Lang {
  const first = (languages ?? [])[0] ?? '';
  return first.toLowerCase().startsWith('tr') ? 'tr' : 'en';
}

export function effectiveLang(s: Pick<SettingsState, 'lang' | 'systemLang'>): Lang {
  return s.lang === 'system' ? s.systemLang : s.lang;
}

export function createSettingsStore(systemLang: Lang): StoreApi<SettingsState> {
  return createStore<SettingsState>((set) => ({
    lang: 'system',
    units: 'mm',
    allow_unsandboxed: false,
    systemLang,
    loaded: false,
    apply: (s) => set({ lang: s.lang, units: s.units, allow_unsandboxed: s.allow_unsandboxed, loaded: true }),
  }));
}

export const settingsStore = createSettingsStore(
  systemLanguage(typeof navigator === 'undefined' ? [] : navigator.languages?.length ? navigator.languages : [navigator.language]),
);
export function useSettings<T>(selector: (s: SettingsState) => T): T {
  return useStore(settingsStore, selector);
}
export const useLang = (): Lang => useSettings(effectiveLang);
export const useUnits = (): Units => useSettings((s) => s.units);

export async function connectSettings(api: ApiClient, store: StoreApi<SettingsState> = settingsStore): Promise<() => void> {
  const off = api.on('settings', (s) => store.getState().apply(s));
  store.getState().apply(await api.call('settings.get', {}));
  return off;
}

/** Changes a setting; shows it at once and lets the main process confirm (or correct) it. */
export async function updateSettings(
  api: ApiClient,
  patch: Partial<Settings>,
  store: StoreApi<SettingsState> = settingsStore,
): Promise<void> {
  const prev = store.getState();
  store.setState(patch);
  try {
    store.getState().apply(await api.call('settings.set', patch));
  } catch (err) {
    store.setState({ lang: prev.lang, units: prev.units });
    throw err;
  }
}
