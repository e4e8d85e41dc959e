// Every UI string exists in Turkish and English, with the same {{placeholders}}, and the
// language switch reaches components through i18next.
import { describe, expect, it } from 'vitest';
import { createI18n, en, setLanguage, tr } from '../../renderer/lib/i18n/index.js';
import { SHORTCUTS } from '../../renderer/lib/shortcuts.js';
import { LIBRARY_FIELDS } from '../../renderer/features/library/libraryForm.js';

function flatten(o: object, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'string') out[prefix + k] = v;
    else Object.assign(out, flatten(v as object, `${prefix}${k}.`));
  }
  return out;
}
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('renderer i18n', () => {
  const fen = flatten(en);
  const ftr = flatten(tr);

  it('has the same keys in both languages, none empty', () => {
    expect(Object.keys(ftr).sort()).toEqual(Object.keys(fen).sort());
    for (const [k, v] of Object.entries({ ...fen, ...ftr })) expect(v.trim(), k).not.toBe('');
  });

  it('keeps the placeholders of every string', () => {
    for (const k of Object.keys(fen)) expect(placeholders(ftr[k]!), k).toEqual(placeholders(fen[k]!));
  });

  it('actually translates the visible words (few strings are identical)', () => {
    const same = Object.keys(fen).filter((k) => fen[k] === ftr[k]);
    // proper names, units and symbols may stay the same
    for (const k of same) expect(fen[k], k).toMatch(/^(Tezgah|CAM|HSS|mm|—|ΔX|ΔY|ΔZ|Grbl|LinuxCNC|Fanuc|Türkçe|English|Platform|\?)$/);
  });

  it('has a label for every shortcut and every library field', () => {
    for (const s of SHORTCUTS) {
      expect(fen[`shortcuts.${s.action}`], s.action).toBeTruthy();
      expect(ftr[`shortcuts.${s.action}`], s.action).toBeTruthy();
    }
    for (const fields of Object.values(LIBRARY_FIELDS))
      for (const f of fields) {
        expect(fen[`library.f.${f.label}`], f.label).toBeTruthy();
        for (const o of f.options ?? []) expect(ftr[`library.opt.${o}`], o).toBeTruthy();
      }
  });

  it('switches language live, with Turkish plurals and interpolation', () => {
    const i18n = createI18n('en');
    expect(i18n.t('nav.jobs')).toBe('Jobs');
    expect(i18n.t('jobs.count', { count: 1 })).toBe('1 job');
    expect(i18n.t('jobs.count', { count: 3 })).toBe('3 jobs');
    setLanguage(i18n, 'tr');
    expect(i18n.t('nav.jobs')).toBe('İşler');
    expect(i18n.t('jobs.count', { count: 3 })).toBe('3 iş');
    expect(i18n.t('newPart.range', { min: '0,1', max: '1000', unit: 'mm' })).toBe('Aralık 0,1–1000 mm');
  });
});
