// i18next with both languages bundled (no loading from anywhere: the app works offline). The
// language follows Settings (tr, en or the system's); components re-render on change.
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Lang } from '../../../shared/errors.js';
import { en } from './en.js';
import { tr } from './tr.js';

export const resources = { en: { translation: en }, tr: { translation: tr } } as const;

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

