// The one catalogue (shared/i18n/): every key in both languages, non-empty, with the same
// {{placeholders}}; no other placeholder syntax; i18next reads the same strings the main process fills.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG, flatten, MACHINE_NAMES, placeholders, render, resourcesFor, say, TOOL_NAMES, UI } from '../../shared/i18n/index.js';
import { createI18n } from '../../renderer/lib/i18n/index.js';
import { ERROR_CODES, errorText } from '../../shared/errors.js';
import { STEP_NAMES, STEPS } from '../../shared/steps.js';
import { TEMPLATES } from '../../shared/templates.js';

const all = [...flatten(CATALOG)];

describe('the i18n catalogue', () => {
  it('has every key in both languages, none empty', () => {
    expect(all.length).toBeGreaterThan(500);
    for (const [key, text] of all) {
      expect(Object.keys(text).sort(), key).toEqual(['en', 'tr']);
      expect(text.en.trim(), `${key} (en)`).not.toBe('');
      expect(text.tr.trim(), `${key} (tr)`).not.toBe('');
    }
  });

  it('keeps the pages and the domain namespaces apart', () => {
    const domains = Object.keys(CATALOG).filter((k) => !Object.hasOwn(UI, k));
    expect(Object.keys(CATALOG).length).toBe(Object.keys(UI).length + domains.length);
    for (const k of Object.keys(UI)) expect(CATALOG[k as keyof typeof CATALOG], k).toBe(UI[k as keyof typeof UI]);
  });

  it('uses the same placeholders in both languages, and only {{name}}', () => {
    for (const [key, text] of all) {
      expect(placeholders(text.tr), key).toEqual(placeholders(text.en));
      for (const s of [text.en, text.tr]) expect(s.replace(/\{\{\s*\w+\s*\}\}/g, ''), key).not.toMatch(/\{\s*\w+\s*\}/);
    }
  });

  it('gives every error code, step and template its texts', () => {
    for (const code of ERROR_CODES)
      for (const lang of ['en', 'tr'] as const) expect(errorText(code, lang).message.length, code).toBeGreaterThan(5);
    for (const s of STEP_NAMES) expect(STEPS[s].tr, s).not.toBe(STEPS[s].en);
    for (const t of TEMPLATES) for (const p of t.params) expect(p.label.tr, `${t.id}.${p.name}`).toBeTruthy();
  });

  it('builds i18next resources from the same strings the main process fills', () => {
    const i18n = createI18n('tr');
    expect(i18n.t('steps.model')).toBe(STEPS.model.tr);
    expect(i18n.t('errors.TIMEOUT_ERROR.hint', { limit_s: 30 })).toBe(say(CATALOG.errors.TIMEOUT_ERROR.hint, 'tr', { limit_s: 30 }));
    expect(resourcesFor('en').translation.operation.drill).toBe('Drilling');
  });

  it('fills {{name}} with numbers in the language’s style and { en, tr } values in their language', () => {
    const r = render({ en: 'wall {{w}} mm, {{what}}', tr: '{{w}} mm duvar, {{what}}' }, { w: 0.5, what: { en: 'the pocket', tr: 'cep' } });
    expect(r).toEqual({ en: 'wall 0.5 mm, the pocket', tr: '0,5 mm duvar, cep' });
  });

  it('names Settings fields in the app and flags or variables on the command line', () => {
    const ui = errorText('CONFIG_INVALID', 'en', { setting: 'TEZGAH_AI_BASE_URL', detail: 'not set' });
    expect(ui.hint).toBe('Fix Settings → AI assistant → Base URL: not set');
    expect(errorText('CONFIG_INVALID', 'en', { setting: 'TEZGAH_AI_BASE_URL', detail: 'not set' }, 'cli').hint).toContain(
      'TEZGAH_AI_BASE_URL',
    );
    for (const code of ERROR_CODES)
      for (const lang of ['en', 'tr'] as const) {
        const hint = errorText(code, lang, { setting: 'base_url' }).hint;
        expect(hint, `${code} (${lang})`).not.toMatch(/TEZGAH_|AWS_|--[a-z]|npm run/);
      }
    expect(errorText('UNITS_ASSUMED', 'en', { unit: 'mm' }, 'cli').hint).toContain('--units');
  });
});

describe('the seed library in both languages', () => {
  const seed = (f: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../../resources/seed', f), 'utf8')) as { id: string }[];
  it('names every seed tool and machine in the catalogue (a new seed entry without a Turkish name fails here)', () => {
    expect(
      seed('tools.json')
        .filter((t) => !Object.hasOwn(TOOL_NAMES, t.id))
        .map((t) => t.id),
    ).toEqual([]);
    expect(
      seed('machines.json')
        .filter((m) => !Object.hasOwn(MACHINE_NAMES, m.id))
        .map((m) => m.id),
    ).toEqual([]);
  });
});
