// Hash routes and keyboard shortcuts: pure maps the shell relies on.
import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, type Route } from '../../renderer/lib/routes.js';
import { isTypingTarget, matchShortcut, type KeyLike } from '../../renderer/lib/shortcuts.js';
import { apiSocketUrl } from '../../renderer/lib/api.js';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('renderer routes', () => {
  it('round-trips every route through the hash', () => {
    const routes: Route[] = [
      { name: 'new' },
      { name: 'new', template: 'flange' },
      { name: 'jobs' },
      { name: 'part', id: 'job_01H/x y' },
      { name: 'library', tab: 'tools' },
      { name: 'settings' },
      { name: 'batch' },
      { name: 'batch', template: 'l-bracket' },
    ];
    for (const r of routes) expect(parseRoute(routeHref(r))).toEqual(r);
  });

  it('falls back to sensible pages for unknown or partial hashes', () => {
    expect(parseRoute('')).toEqual({ name: 'new' });
    expect(parseRoute('#/nowhere')).toEqual({ name: 'new' });
    expect(parseRoute('#/part')).toEqual({ name: 'jobs' });
    expect(parseRoute('#/library/spaceships')).toEqual({ name: 'library', tab: 'materials' });
  });

  it('derives the API socket from the page origin', () => {
    expect(apiSocketUrl({ protocol: 'http:', host: '127.0.0.1:4000' })).toBe('ws://127.0.0.1:4000/api');
    expect(apiSocketUrl({ protocol: 'https:', host: 'shop.local' })).toBe('wss://shop.local/api');
  });
});

describe('renderer shortcuts', () => {
  it('maps the documented keys to actions', () => {
    expect(matchShortcut(key('n', { ctrlKey: true }), 'jobs', false)).toBe('new-part');
    expect(matchShortcut(key('n', { altKey: true }), 'jobs', true)).toBe('new-part');
    expect(matchShortcut(key('j', { metaKey: true }), 'new', false)).toBe('jobs');
    expect(matchShortcut(key(',', { ctrlKey: true }), 'new', false)).toBe('settings');
    expect(matchShortcut(key('L', { ctrlKey: true, shiftKey: true }), 'new', true)).toBe('toggle-language');
    expect(matchShortcut(key('Enter', { ctrlKey: true }), 'new', true)).toBe('submit');
    expect(matchShortcut(key('Escape'), 'part', true)).toBe('escape');
  });

  it('keeps viewer keys to the part page and out of text fields', () => {
    expect(matchShortcut(key('f'), 'part', false)).toBe('fit');
    expect(matchShortcut(key('W'), 'part', false)).toBe('wireframe');
    expect(matchShortcut(key('f'), 'part', true)).toBeNull();
    expect(matchShortcut(key('f'), 'jobs', false)).toBeNull();
    expect(matchShortcut(key('f', { ctrlKey: true }), 'part', false)).toBeNull();
    expect(matchShortcut(key('Enter', { ctrlKey: true }), 'jobs', false)).toBeNull();
  });

  it('knows which targets are text fields', () => {
    const el = (tagName: string, type = '') => ({ tagName, type, isContentEditable: false }) as unknown as EventTarget;
    expect(isTypingTarget(el('INPUT', 'text'))).toBe(true);
    expect(isTypingTarget(el('INPUT', 'checkbox'))).toBe(false);
    expect(isTypingTarget(el('TEXTAREA'))).toBe(true);
    expect(isTypingTarget(el('BUTTON'))).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
