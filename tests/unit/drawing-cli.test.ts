// `tezgah drawing`'s arguments: scales as a drawing writes them, sheets, projections and views.
import { describe, expect, it } from 'vitest';
import { drawingOptionsToSpec, parseScale } from '../../electron/hosts/cli/drawing.js';
import { UsageError } from '../../electron/hosts/cli/args.js';

describe('tezgah drawing arguments', () => {
  it('reads ISO scales both ways and a plain factor', () => {
    expect(parseScale('1:2')).toBe(0.5);
    expect(parseScale('2:1')).toBe(2);
    expect(parseScale('1 : 5')).toBe(0.2);
    expect(parseScale('0.5')).toBe(0.5);
    for (const bad of ['0', '1:0', 'x', '20:1', '-1', '1:2:3']) expect(() => parseScale(bad), bad).toThrow(UsageError);
  });

  it('builds the spec; a wrong sheet, projection or view is a usage error', () => {
    expect(drawingOptionsToSpec('p', { sheet: 'a3', projection: 'third', views: 'front, iso', scale: '1:2' })).toEqual({
      type: 'drawing',
      part: 'p',
      sheet: 'A3',
      projection: 'third',
      views: ['front', 'iso'],
      scale: 0.5,
    });
    expect(drawingOptionsToSpec('p', {})).toEqual({ type: 'drawing', part: 'p' });
    expect(() => drawingOptionsToSpec('p', { sheet: 'A0' })).toThrow(UsageError);
    expect(() => drawingOptionsToSpec('p', { projection: 'second' })).toThrow(UsageError);
    expect(() => drawingOptionsToSpec('p', { views: 'front,side' })).toThrow(UsageError);
  });
});
