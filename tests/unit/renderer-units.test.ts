// Display units and number formats: mm/inch conversion at the edges, locale-aware numbers.
import { describe, expect, it } from 'vitest';
import {
  formatArea,
  formatBytes,
  formatLength,
  formatMass,
  formatNumber,
  formatVolume,
  fromDisplayLength,
  normaliseNumberText,
  toDisplayLength,
} from '../../renderer/lib/units.js';

describe('renderer units', () => {
  it('converts lengths exactly both ways', () => {
    expect(toDisplayLength(25.4, 'inch')).toBe(1);
    expect(fromDisplayLength(2, 'inch')).toBeCloseTo(50.8, 12);
    expect(toDisplayLength(12.5, 'mm')).toBe(12.5);
  });

  it('formats numbers for the language', () => {
    expect(formatNumber(118429.2035, 'en', 1, 1)).toBe('118,429.2');
    expect(formatNumber(118429.2035, 'tr', 1, 1)).toBe('118.429,2');
    expect(formatNumber(-0, 'en')).toBe('0');
  });

  it('formats the metrics a part shows', () => {
    expect(formatVolume(118429.2, 'mm', 'en')).toBe('118,429.2 mm³');
    expect(formatVolume(16387.064, 'inch', 'en')).toBe('1 in³');
    expect(formatArea(645.16, 'inch', 'tr')).toBe('1 in²');
    expect(formatArea(1234.56, 'mm', 'tr')).toBe('1.234,6 mm²');
    expect(formatLength(100, 'inch', 'en')).toBe('3.937 in');
    expect(formatLength(100, 'mm', 'tr')).toBe('100 mm');
    expect(formatMass(320.5, 'en')).toBe('320.5 g');
    expect(formatMass(2500, 'tr')).toBe('2,5 kg');
    expect(formatBytes(2048, 'en')).toBe('2 KB');
  });

  it('accepts a decimal comma from a Turkish keyboard', () => {
    expect(normaliseNumberText(' 12,5 ')).toBe('12.5');
    expect(normaliseNumberText('12.5')).toBe('12.5');
    expect(normaliseNumberText('1,234,5')).toBe('1,234,5');
  });
});
