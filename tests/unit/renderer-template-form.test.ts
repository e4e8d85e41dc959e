// The New part form: shared validation rules, messages in the display language and units, and
// values that survive a mm ↔ inch round trip exactly.
import { describe, expect, it } from 'vitest';
import { findTemplate } from '../../shared/templates.js';
import {
  checkFields,
  convertFields,
  displayRange,
  editField,
  initialFields,
  issueMessage,
} from '../../renderer/features/part/templateForm.js';

const prism = findTemplate('prism-with-hole')!;
const param = (name: string) => prism.params.find((p) => p.name === name)!;

describe('template form', () => {
  it('starts valid at the defaults and submits exact millimetres', () => {
    const c = checkFields(prism, initialFields(prism, 'mm'));
    expect(c.issues).toEqual([]);
    expect(c.params).toEqual({ length: 100, width: 60, height: 20, hole_diameter: 10 });
  });

  it('reports the wall rule on the hole, in both languages', () => {
    const fields = { ...initialFields(prism, 'mm'), hole_diameter: editField(param('hole_diameter'), '59', 'mm') };
    const c = checkFields(prism, fields);
    expect(c.params).toBeNull();
    expect(c.byField.hole_diameter?.rule).toBe('wall');
    expect(issueMessage(c.byField.hole_diameter!, 'en', 'mm')).toBe('leaves a wall of 0.5 mm; at least 1 mm is needed');
    expect(issueMessage(c.byField.hole_diameter!, 'tr', 'mm')).toBe('0,5 mm duvar bırakıyor; en az 1 mm gerekli');
  });

  it('shows rule values in inches when inches are displayed', () => {
    const fields = { ...initialFields(prism, 'inch'), hole_diameter: editField(param('hole_diameter'), '2.3', 'inch') };
    const issue = checkFields(prism, fields).byField.hole_diameter!;
    expect(issueMessage(issue, 'en', 'inch')).toMatch(/^leaves a wall of 0\.0\d+ in; at least 0\.0394 in is needed$/);
  });

  it('flags empty, non-numeric and out-of-range fields', () => {
    const base = initialFields(prism, 'mm');
    expect(checkFields(prism, { ...base, length: editField(param('length'), '  ', 'mm') }).byField.length?.rule).toBe('required');
    expect(checkFields(prism, { ...base, length: editField(param('length'), 'abc', 'mm') }).byField.length?.rule).toBe('number');
    const far = checkFields(prism, { ...base, height: editField(param('height'), '2000', 'mm') }).byField.height!;
    expect(issueMessage(far, 'en', 'mm')).toBe('must be between 0.1 and 1,000 mm');
    expect(issueMessage(far, 'tr', 'inch')).toBe('0,0039 ile 39,3701 in arasında olmalı');
  });

  it('accepts a decimal comma', () => {
    const c = checkFields(prism, { ...initialFields(prism, 'mm'), hole_diameter: editField(param('hole_diameter'), '12,5', 'mm') });
    expect(c.params?.hole_diameter).toBe(12.5);
  });

  it('keeps untouched values exact through a units change and converts typed ones', () => {
    const inch = convertFields(prism, initialFields(prism, 'mm'), 'inch');
    expect(inch.length!.text).toBe('3.937');
    expect(checkFields(prism, inch).params?.length).toBe(100);
    const typed = { ...inch, width: editField(param('width'), '2', 'inch') };
    expect(checkFields(prism, typed).params?.width).toBeCloseTo(50.8, 9);
    const back = convertFields(prism, typed, 'mm');
    expect(back.width!.text).toBe('50.8');
    expect(back.length!.text).toBe('100');
  });

  it('gives the accepted range in display units; counts stay counts', () => {
    expect(displayRange(param('length'), 'mm')).toEqual({ min: 0.1, max: 1000, unit: 'mm', optional: false });
    const flange = findTemplate('flange')!;
    const bolts = flange.params.find((p) => p.name === 'bolt_count')!;
    expect(displayRange(bolts, 'inch')).toEqual({ min: 0, max: 36, unit: '', optional: false });
    const c = checkFields(flange, { ...initialFields(flange, 'mm'), bolt_count: editField(bolts, '2.5', 'mm') });
    expect(c.byField.bolt_count?.rule).toBe('integer');
  });
});
