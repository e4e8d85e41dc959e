import { describe, expect, it } from 'vitest';
import { chipLoad, cuttingData } from '../../electron/domains/cam/feeds.js';
import { TezgahError } from '../../shared/errors.js';
import { Machine, Material } from '../../shared/library.js';
import { aluminium, drill10, endmill6, grblRouter, linuxcncMill } from '../fixtures/gcode/machines.js';

describe('cuttingData', () => {
  it('matches a hand calculation: 6 mm 4-flute carbide in aluminium', () => {
    // Vc 300 m/min → n = 300 000 / (π × 6) = 15 915.5 rpm; fz at 6 mm = 0.05 mm/tooth
    // feed = 15 915 × 4 × 0.05 = 3183 mm/min; plunge = 3183 / 3 = 1061; ap = 0.5 × 6; ae = 0.4 × 6
    const r = cuttingData({ tool: endmill6, material: aluminium, machine: Machine.parse({ ...linuxcncMill, max_spindle_rpm: 24000 }) });
    expect(r).toEqual({ rpm: 15915, feed_mm_min: 3183, plunge_mm_min: 1061, step_down_mm: 3, step_over_mm: 2.4, clamps: [] });
  });

  it('clamps the spindle to the machine and feeds at the speed it really runs', () => {
    // linuxcncMill: 10 000 rpm at most → feed 10 000 × 4 × 0.05 = 2000
    const r = cuttingData({ tool: endmill6, material: aluminium, machine: linuxcncMill });
    expect(r.rpm).toBe(10000);
    expect(r.feed_mm_min).toBe(2000);
    expect(r.plunge_mm_min).toBe(667);
    expect(r.clamps).toEqual([{ field: 'rpm', requested: 15915, applied: 10000, reason: 'max_spindle_rpm' }]);
  });

  it('clamps the feed and reports it', () => {
    const slow = Machine.parse({ ...linuxcncMill, max_feed_mm_min: 1500 });
    const r = cuttingData({ tool: endmill6, material: aluminium, machine: slow });
    expect(r.feed_mm_min).toBe(1500);
    expect(r.plunge_mm_min).toBe(500);
    expect(r.clamps).toEqual([
      { field: 'rpm', requested: 15915, applied: 10000, reason: 'max_spindle_rpm' },
      { field: 'feed_mm_min', requested: 2000, applied: 1500, reason: 'max_feed_mm_min' },
    ]);
  });

  it('raises the spindle to its minimum', () => {
    // a 10 mm HSS drill at Vc 60 wants 1910 rpm; the router spindle cannot turn slower than 6000
    const r = cuttingData({ tool: drill10, material: aluminium, machine: grblRouter });
    expect(r.rpm).toBe(6000);
    expect(r.clamps).toContainEqual({ field: 'rpm', requested: 1910, applied: 6000, reason: 'min_spindle_rpm' });
  });

  it('drills feed two lips per revolution and plunge at the feed', () => {
    // fz at 10 mm = 0.05 + 0.03 × 4/6 = 0.07; feed = 1910 × 0.07 × 2 = 267.4
    const r = cuttingData({ tool: drill10, material: aluminium, machine: linuxcncMill });
    expect(r).toEqual({ rpm: 1910, feed_mm_min: 267, plunge_mm_min: 267, step_down_mm: 10, step_over_mm: 0, clamps: [] });
  });

  it('holds overrides to the machine limits', () => {
    const r = cuttingData({
      tool: endmill6,
      material: aluminium,
      machine: linuxcncMill,
      overrides: { rpm: 12000, feed: 9000, plunge: 300 },
    });
    expect(r.rpm).toBe(10000);
    expect(r.feed_mm_min).toBe(8000);
    expect(r.plunge_mm_min).toBe(300);
    expect(r.clamps.map((c) => [c.field, c.requested, c.applied])).toEqual([
      ['rpm', 12000, 10000],
      ['feed_mm_min', 9000, 8000],
    ]);
    expect(() => cuttingData({ tool: endmill6, material: aluminium, machine: linuxcncMill, overrides: { feed: -1 } })).toThrow(TezgahError);
  });

  it('shapes the steps by operation and keeps the depth within the flutes', () => {
    const machine = linuxcncMill;
    expect(cuttingData({ tool: endmill6, material: aluminium, machine, operation: 'facing' }).step_over_mm).toBe(4.5);
    const adaptive = cuttingData({ tool: endmill6, material: aluminium, machine, operation: 'adaptive' });
    expect([adaptive.step_down_mm, adaptive.step_over_mm]).toEqual([12, 0.9]);
    const short = { ...endmill6, flute_length_mm: 8 };
    const clamped = cuttingData({ tool: short, material: aluminium, machine, operation: 'adaptive' });
    expect(clamped.step_down_mm).toBe(8);
    expect(clamped.clamps).toContainEqual({ field: 'step_down_mm', requested: 12, applied: 8, reason: 'flute_length_mm' });
  });

  it('refuses a material without milling data', () => {
    const abs = Material.parse({
      id: 'abs',
      name: { en: 'ABS', tr: 'ABS' },
      category: 'plastic',
      density_g_cm3: 1.04,
      processes: ['fdm_printing'],
    });
    try {
      cuttingData({ tool: endmill6, material: abs, machine: linuxcncMill });
      expect.unreachable();
    } catch (err) {
      expect((err as TezgahError).code).toBe('MATERIAL_PROCESS_INCOMPATIBLE');
    }
  });
});

describe('chipLoad', () => {
  const table: [number, number][] = [
    [3, 0.025],
    [6, 0.05],
    [12, 0.08],
  ];
  it('interpolates between rows, holds above the table and scales down below it', () => {
    expect(chipLoad(table, 6)).toBe(0.05);
    expect(chipLoad(table, 8)).toBeCloseTo(0.06, 12);
    expect(chipLoad(table, 4.5)).toBeCloseTo(0.0375, 12);
    expect(chipLoad(table, 20)).toBe(0.08);
    expect(chipLoad(table, 1.5)).toBeCloseTo(0.0125, 12);
  });
});
