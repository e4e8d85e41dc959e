// Units of time as the user reads them (lengths and masses are symbols, the same in both languages).
import type { Catalog } from './text.js';

export const UNIT_TEXT = {
  seconds: { en: '{{s}} s', tr: '{{s}} sn' },
  minutes: { en: '{{m}} min {{s}} s', tr: '{{m}} dk {{s}} sn' },
} as const satisfies Catalog;
