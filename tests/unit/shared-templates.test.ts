import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/canonical.js';
import {
  TEMPLATES,
  findTemplate,
  plateSize,
  templateDefaults,
  templateParamsSchema,
  validateTemplateParams,
} from '../../shared/templates.js';

describe('templates', () => {
  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s: defaults are valid and every param is labelled in both languages', (_id, t) => {
    const r = validateTemplateParams(t, templateDefaults(t));
    expect(r).toEqual({ ok: true, params: templateDefaults(t) });
    for (const p of t.params) {
      expect(p.label.en && p.label.tr).toBeTruthy();
      expect(p.default).toBeGreaterThanOrEqual(p.allowZero ? 0 : p.min);
      expect(p.default).toBeLessThanOrEqual(p.max);
    }
  });

  const prism = findTemplate('prism-with-hole')!;

  it('accepts numeric strings and fills defaults', () => {
    expect(validateTemplateParams(prism, { length: '120.5' })).toEqual({
      ok: true,
      params: { length: 120.5, width: 60, height: 20, hole_diameter: 10 },
    });
  });

  it.each([
    [{ length: -1 }, 'length', 'range'],
    [{ length: 0 }, 'length', 'range'],
    [{ length: 1001 }, 'length', 'range'],
    [{ length: 'ten' }, 'length', 'number'],
    [{ length: Number.NaN }, 'length', 'number'],
    [{ length: Infinity }, 'length', 'number'],
    [{ hole_diameter: 58.5 }, 'hole_diameter', 'wall'],
    [{ nope: 1 }, 'nope', 'unknown'],
  ])('refuses %j (%s: %s) with messages in both languages', (input, field, rule) => {
    const r = validateTemplateParams(prism, input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]).toMatchObject({ field, rule });
    expect(r.issues[0]!.message.en).not.toBe(r.issues[0]!.message.tr);
    expect(r.issues[0]!.message.tr).not.toMatch(/\{\w+\}/);
  });

  it('checks flange bolt holes against the bore, the rim and each other', () => {
    const f = findTemplate('flange')!;
    expect(validateTemplateParams(f, { bolt_circle_diameter: 45 }).ok).toBe(false);
    expect(validateTemplateParams(f, { bolt_circle_diameter: 115 }).ok).toBe(false);
    const crowded = validateTemplateParams(f, { bolt_count: 30 });
    expect(crowded.ok).toBe(false);
    if (!crowded.ok) expect(crowded.issues[0]!.field).toBe('bolt_count');
    expect(validateTemplateParams(f, { bolt_count: 2.5 }).ok).toBe(false);
    expect(validateTemplateParams(f, { bolt_count: 0 }).ok).toBe(true);
  });

  it('derives the plate size from the grid and refuses plates over 1000 mm', () => {
    const p = findTemplate('plate-with-hole-pattern')!;
    expect(plateSize(templateDefaults(p))).toEqual({ length: 105, width: 80 });
    expect(validateTemplateParams(p, { columns: 50, pitch_x: 25 }).ok).toBe(false);
  });

  it('offers a zod schema with the same rules', () => {
    const s = templateParamsSchema(prism);
    expect(s.safeParse({ length: '50' }).success).toBe(true);
    const bad = s.safeParse({ hole_diameter: 59 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['hole_diameter']);
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson(-0)).toBe('0');
    expect(() => canonicalJson({ x: NaN })).toThrow();
  });
});
