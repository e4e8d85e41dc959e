// Library editor: fields by path, text ↔ values, and validation with the shared schemas in the UI language.
import { describe, expect, it } from 'vitest';
import {
  LIBRARY_FIELDS,
  blankEntry,
  getPath,
  parseFieldText,
  setPath,
  validateEntry,
} from '../../renderer/features/library/libraryForm.js';
import { jobErrorShown, showError } from '../../renderer/lib/errors.js';

describe('library form', () => {
  it('reads and writes nested paths without touching other fields', () => {
    const m = { id: 'x', envelope_mm: { x: 1, y: 2, z: 3 }, cutting: { step_down_factor: 0.5 } };
    const next = setPath(m, 'envelope_mm.y', 20);
    expect(getPath(next, 'envelope_mm.y')).toBe(20);
    expect(next.cutting).toBe(m.cutting);
    expect(m.envelope_mm.y).toBe(2);
    expect(setPath({ a: 1, b: 2 }, 'b', undefined)).toEqual({ a: 1 });
  });

  it('parses numbers (decimal comma), code lists and optional numbers', () => {
    const tool = LIBRARY_FIELDS.tool;
    expect(parseFieldText(tool.find((f) => f.path === 'diameter_mm')!, '6,35')).toBe(6.35);
    expect(parseFieldText(tool.find((f) => f.path === 'tip_angle_deg')!, '')).toBeUndefined();
    expect(parseFieldText(LIBRARY_FIELDS.machine.find((f) => f.path === 'supported_codes')!, 'g0, g1 M3;M5')).toEqual([
      'G0',
      'G1',
      'M3',
      'M5',
    ]);
  });

  it('validates a new entry with the shared schema; messages follow the language', () => {
    const blank = blankEntry('tool');
    const en = validateEntry('tool', blank, 'en');
    expect(en.ok).toBe(false);
    if (!en.ok) expect(en.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['id', 'name']));
    const tr = validateEntry('tool', blank, 'tr');
    if (!tr.ok && !en.ok) expect(tr.issues[0]!.message).not.toBe(en.issues[0]!.message);
    expect(validateEntry('tool', { ...blank, id: 't6', name: '6 mm endmill' }, 'en').ok).toBe(true);
    expect(validateEntry('machine', { ...blankEntry('machine'), id: 'm1', name: 'Router' }, 'en').ok).toBe(true);
    expect(validateEntry('material', { ...blankEntry('material'), id: 'al', name: { en: 'Al', tr: 'Al' } }, 'tr').ok).toBe(true);
  });
});

describe('errors as shown', () => {
  it('localises coded errors, with Turkish details where given', () => {
    const e = {
      code: 'VALIDATION_ERROR',
      message: 'x',
      details: { field: 'hole_diameter', detail: 'leaves a wall', detail_tr: 'duvar bırakıyor' },
    };
    expect(showError(e, 'tr')).toMatchObject({
      code: 'VALIDATION_ERROR',
      hint: 'İşaretli alanı kontrol edin: hole_diameter duvar bırakıyor',
    });
    expect(showError(e, 'en').hint).toBe('Check the highlighted field: hole_diameter leaves a wall');
  });

  it('turns anything else into INTERNAL with the reason kept', () => {
    const s = showError(new Error('socket closed'), 'en');
    expect(s.code).toBe('INTERNAL');
    expect(s.details).toEqual({ reason: 'socket closed' });
  });
});

describe('job errors as shown', () => {
  it('shows failures but not a cancellation, which is a state', () => {
    expect(jobErrorShown({ code: 'FC_CRASHED', message: '', hint: '' }, 'tr')?.message).toBe('FreeCAD çalışanı beklenmedik şekilde durdu.');
    expect(jobErrorShown({ code: 'CANCELLED', message: '', hint: '' }, 'en')).toBeNull();
    expect(jobErrorShown(null, 'en')).toBeNull();
  });
});
