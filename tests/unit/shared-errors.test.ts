import { describe, expect, it } from 'vitest';
import { ERROR_CATALOG, ERROR_CODES, TezgahError, errorText, localizePayload, toErrorPayload } from '../../shared/errors.js';

describe('error catalogue', () => {
  it.each(ERROR_CODES)('%s has a message and a hint in Turkish and English', (code) => {
    const entry = ERROR_CATALOG[code];
    for (const lang of ['en', 'tr'] as const) {
      expect(entry[lang].message.trim().length).toBeGreaterThan(5);
      expect(entry[lang].hint.trim().length).toBeGreaterThan(0);
    }
    expect(entry.tr.message).not.toBe(entry.en.message);
  });

  it('fills placeholders from details and drops missing ones', () => {
    expect(errorText('DIMENSION_ERROR', 'en', { field: 'length', min: 0.1, max: 1000 }).hint).toBe(
      'Bring length into the range 0.1–1000 mm.',
    );
    expect(errorText('UNKNOWN_TEMPLATE', 'tr', { templates: ['a', 'b'] }).hint).toBe('Şunlardan birini seçin: a, b.');
    expect(errorText('FC_RECOMPUTE_FAILED', 'en').hint).not.toContain('{');
  });

  it('turns OS errors into storage codes and anything else into INTERNAL', () => {
    const full = Object.assign(new Error('no space'), { code: 'ENOSPC' });
    expect(toErrorPayload(full).code).toBe('STORAGE_FULL');
    const denied = Object.assign(new Error('denied'), { code: 'EACCES', path: '/x' });
    expect(toErrorPayload(denied, 'tr').code).toBe('STORAGE_IO');
    expect(toErrorPayload(new Error('boom')).code).toBe('INTERNAL');
  });

  it('re-translates a stored payload', () => {
    const p = new TezgahError('TIMEOUT_ERROR', { limit_s: 30 }).toPayload('en');
    expect(p.hint).toContain('30 s');
    const tr = localizePayload(p, 'tr');
    expect(tr.message).toBe('İşlem süre sınırını aştı ve durduruldu.');
    expect(tr.hint).toContain('30 sn');
  });
});
