// i18next with both languages bundled (no loading from anywhere: the app works offline). The
// strings come from the one catalogue in shared/i18n/ (the same words the main process and the CLI
// use); the language follows Settings (tr, en or the system's); components re-render on change.
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { resourcesFor, textsIn, UI, type Lang } from '../../../shared/i18n/index.js';

export const resources = { en: resourcesFor('en'), tr: resourcesFor('tr') } as const;

/** The renderer's own page texts in one language (the catalogue's UI part). */
export const en = textsIn(UI, 'en');
export const tr = textsIn(UI, 'tr');
export type Messages = typeof en;

export function createI18n(lang: Lang): i18n {
  const inst = i18next.createInstance();
  inst.use(initReactI18next);
  void inst.init({
    resources,
    lng: lang,
    fallbackLng: 'en',
    supportedLngs: ['tr', 'en'],
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return inst;
}

export function setLanguage(inst: i18n, lang: Lang): void {
  if (inst.language !== lang) void inst.changeLanguage(lang);
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}
