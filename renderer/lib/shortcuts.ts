// Keyboard shortcuts: one table, matched by a pure function so the map is testable and the help
// panel lists exactly what works. Single-letter keys only act when focus is not in a text field.
import type { Route } from './routes.js';

export type ShortcutAction =
  | 'new-part'
  | 'jobs'
  | 'settings'
  | 'library'
  | 'submit'
  | 'fit'
  | 'wireframe'
  | 'measure'
  | 'escape'
  | 'toggle-language'
  | 'help';

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export interface Shortcut {
  action: ShortcutAction;
  /** shown in the help panel and tooltips */
  keys: string;
  /** routes where it acts; all when absent */
  on?: Route['name'][];
  /** a single key without modifiers; ignored while typing in a field */
  plain?: boolean;
  match: (e: KeyLike) => boolean;
}

const mod = (e: KeyLike) => e.ctrlKey || e.metaKey;
const k = (e: KeyLike) => e.key.toLowerCase();

export const SHORTCUTS: Shortcut[] = [
  // Ctrl+N is reserved by browsers (new window); Alt+N works in both the app and a browser tab.
  { action: 'new-part', keys: 'Ctrl+N / Alt+N', match: (e) => (mod(e) || e.altKey) && !e.shiftKey && k(e) === 'n' },
  { action: 'jobs', keys: 'Ctrl+J / Alt+J', match: (e) => (mod(e) || e.altKey) && !e.shiftKey && k(e) === 'j' },
  { action: 'library', keys: 'Alt+L', match: (e) => e.altKey && !mod(e) && k(e) === 'l' },
  { action: 'settings', keys: 'Ctrl+,', match: (e) => mod(e) && e.key === ',' },
  { action: 'toggle-language', keys: 'Ctrl+Shift+L', match: (e) => mod(e) && e.shiftKey && k(e) === 'l' },
  { action: 'submit', keys: 'Ctrl+Enter', on: ['new'], match: (e) => mod(e) && e.key === 'Enter' },
  { action: 'fit', keys: 'F', on: ['part'], plain: true, match: (e) => k(e) === 'f' },
  { action: 'wireframe', keys: 'W', on: ['part'], plain: true, match: (e) => k(e) === 'w' },
  { action: 'measure', keys: 'M', on: ['part'], plain: true, match: (e) => k(e) === 'm' },
  { action: 'escape', keys: 'Esc', match: (e) => e.key === 'Escape' },
  { action: 'help', keys: '?', plain: true, match: (e) => e.key === '?' },
];

/** The action a key press triggers on this route, or null. `typing`: focus is in a text field. */
export function matchShortcut(e: KeyLike, route: Route['name'], typing: boolean): ShortcutAction | null {
  for (const s of SHORTCUTS) {
    if (s.on && !s.on.includes(route)) continue;
    if (s.plain && (typing || mod(e) || e.altKey)) continue;
    if (s.match(e)) return s.action;
  }
  return null;
}

export function isTypingTarget(t: EventTarget | null): boolean {
  if (!t || typeof (t as HTMLElement).tagName !== 'string') return false;
  const el = t as HTMLElement;
  if (el.isContentEditable) return true;
  if (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  if (el.tagName === 'INPUT') {
    const type = (el as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'range'].includes(type);
  }
  return false;
}
