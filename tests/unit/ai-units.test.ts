// Lengths people type, in mm: shared/units.ts (used by the prompt hints, job specs and the renderer).
import { describe, expect, it } from 'vitest';
import { findLengths, parseDecimal, parseLength, toMm } from '../../shared/units.js';

describe('toMm', () => {
  it('uses exact factors and rounds to 1e-6 mm', () => {
    expect(toMm(1, 'mm')).toBe(1);
    expect(toMm(2.5, 'cm')).toBe(25);
    expect(toMm(1.2, 'm')).toBe(1200);
    expect(toMm(1, 'inch')).toBe(25.4);
    expect(toMm(1, 'in')).toBe(25.4);
    expect(toMm(1, '"')).toBe(25.4);
    expect(toMm(0.125, 'inch')).toBe(3.175);
    expect(toMm(1, 'ft')).toBe(304.8);
    expect(toMm(1 / 3, 'mm')).toBe(0.333333);
  });

  it('knows Turkish and long spellings, and refuses unknown units', () => {
    expect(toMm(3, 'inç')).toBe(76.2);
    expect(toMm(3, 'İNÇ')).toBe(76.2);
    expect(toMm(4, 'santimetre')).toBe(40);
    expect(toMm(2, 'Millimetres')).toBe(2);
    expect(() => toMm(1, 'furlong')).toThrow(RangeError);
    expect(() => toMm(Number.NaN, 'mm')).toThrow(RangeError);
  });
});

describe('parseDecimal', () => {
  it('reads a decimal comma, a decimal point and thousands separators', () => {
    expect(parseDecimal('2,5')).toBe(2.5);
    expect(parseDecimal('2.5')).toBe(2.5);
    expect(parseDecimal('1.250,5')).toBe(1250.5);
    expect(parseDecimal('1,250.5')).toBe(1250.5);
    expect(parseDecimal('1.000.000')).toBe(1_000_000);
    expect(parseDecimal('−3')).toBe(-3);
    expect(parseDecimal('abc')).toBeNull();
    expect(parseDecimal('1..2')).toBeNull();
  });
});

describe('parseLength', () => {
  it.each([
    ['20mm', 20],
    ['20 mm', 20],
    ['2,5 cm', 25],
    ['2.5cm', 25],
    ['0,75 m', 750],
    ['1 1/2 inch', 38.1],
    ['1 1/2"', 38.1],
    ['1/8 inch', 3.175],
    ['1/8"', 3.175],
    ['2" 1/8', 53.975],
    ['2 in', 50.8],
    ['3 inç', 76.2],
    ['5 ft 3 in', 1600.2],
    ['5\' 3"', 1600.2],
    ['1 m 20 cm', 1200],
    ['12', 12],
    ['-3 mm', -3],
    ['1.250,5 mm', 1250.5],
  ])('%s → %s mm', (text, mm) => {
    expect(parseLength(text)).toBe(mm);
  });

  it('takes a bare number in the default unit', () => {
    expect(parseLength('2', 'in')).toBe(50.8);
  });

  it.each(['', 'abc', 'M8', '2 mil', '1/0 in', '3 ft 2 m', '20 mm x 30 mm', 'mm', '2 furlongs'])('refuses %j', (text) => {
    expect(parseLength(text)).toBeNull();
  });
});

describe('findLengths', () => {
  it('finds every length with a unit in free text, in order', () => {
    const found = findLengths('2 inch pipe with 1/8 inch wall, 100 mm long');
    expect(found.map((f) => [f.text, f.mm])).toEqual([
      ['2 inch', 50.8],
      ['1/8 inch', 3.175],
      ['100 mm', 100],
    ]);
  });

  it('reads Turkish text without mistaking words, thread sizes or counts for lengths', () => {
    const found = findLengths("M8 vida deliği olan 20mm'lik flanş, 2,5 cm kalınlık, 5'li set, 3 mil, 1 1/2\" boru");
    expect(found.map((f) => f.mm)).toEqual([20, 25, 38.1]);
  });
});
