// The holding check reads the program back: a through-cut must leave tabs on its last pass, or stop
// above its onion skin; otherwise CAM_PART_NOT_HELD on the line that reaches the stock bottom.
import { describe, expect, it } from 'vitest';
import { verifyGcode } from '../../electron/domains/cam/gcode/index.js';
import { checkHolding, tabsOnLastPass } from '../../electron/domains/cam/holding.js';
import { grblRouter } from '../fixtures/gcode/machines.js';

const stock = { xmin: -2, ymin: -2, zmin: 0, xmax: 102, ymax: 62, zmax: 22 };
const tabs = { kind: 'tabs' as const, count: 2, width_mm: 5, height_mm: 2 };

/** a square profile round 0…100 × 0…60 at Z5 then Z0, the bottom pass with `tabbed` tabs on the long sides */
function program(tabbed: boolean, bottom = 0): string {
  const side = (y: number, x0: number, x1: number, z: number) =>
    tabbed && z < 2
      ? [
          `G1 X${x0 + (x1 - x0) * 0.4 - Math.sign(x1 - x0) * 2} Y${y} Z${z}`,
          `G1 X${x0 + (x1 - x0) * 0.4} Y${y} Z2`,
          `G1 X${x0 + (x1 - x0) * 0.6} Y${y} Z2`,
          `G1 X${x0 + (x1 - x0) * 0.6 + Math.sign(x1 - x0) * 2} Y${y} Z${z}`,
          `G1 X${x1} Y${y} Z${z}`,
        ]
      : [`G1 X${x1} Y${y} Z${z}`];
  const lap = (z: number) => [
    `G1 X-5 Y-5 Z${z} F300`,
    ...side(-5, -5, 105, z),
    `G1 X105 Y65 Z${z}`,
    ...side(65, 105, -5, z),
    `G1 X-5 Y-5 Z${z}`,
  ];
  return [
    'G21 G90',
    'M3 S10000',
    '(Begin operation: Profile)',
    'G0 Z27',
    'G0 X-5 Y-5',
    'G0 Z25',
    ...lap(5),
    ...lap(bottom),
    'G0 Z27',
    '(Finish operation: Profile)',
    'M5',
    'M2',
  ].join('\n');
}

const run = (text: string, holding?: typeof tabs | { kind: 'onion'; skin_mm: number }) => {
  const report = verifyGcode(text, { machine: grblRouter });
  return checkHolding(text, report.segments, [{ label: 'Profile', kind: 'profile', ...(holding ? { holding } : {}) }], stock);
};

describe('checkHolding', () => {
  it('finds the tabs on the last pass', () => {
    const v = run(program(true), tabs);
    expect(v).toMatchObject({ held: true, through_cuts: ['Profile'], tabs_found: { Profile: 2 }, findings: [] });
  });

  it('reports a through-profile without tabs on the line where it reaches the stock bottom', () => {
    const text = program(false);
    const v = run(text, tabs);
    expect(v.held).toBe(false);
    const line = text.split('\n').findIndex((l) => l === 'G1 X-5 Y-5 Z0 F300') + 1;
    expect(v.findings).toEqual([expect.objectContaining({ code: 'CAM_PART_NOT_HELD', severity: 'error', line })]);
    expect(v.findings[0]!.message).toMatch(/Profile cuts through the stock bottom \(Z 0\) with 0 holding tab/);
    // and one that the plan did not even mark as a through-cut
    expect(run(text).findings.map((f) => f.code)).toEqual(['CAM_PART_NOT_HELD']);
  });

  it('accepts an onion skin only when the cut stops above it', () => {
    expect(run(program(false, 0.3), { kind: 'onion', skin_mm: 0.3 }).held).toBe(true);
    expect(run(program(false, 0.1), { kind: 'onion', skin_mm: 0.3 }).findings[0]!.message).toMatch(/into the 0.3 mm onion skin/);
  });

  it('counts a tab only where the tool climbs onto it', () => {
    const seg = (from: [number, number, number], to: [number, number, number]) => ({ line: 1, kind: 'feed' as const, from, to, tool: 1 });
    const level = [seg([0, 0, 5], [0, 0, 0]), seg([0, 0, 0], [10, 0, 2]), seg([10, 0, 2], [20, 0, 2]), seg([20, 0, 2], [30, 0, 0])];
    expect(tabsOnLastPass(level, 0, 2)).toBe(1);
    expect(tabsOnLastPass([seg([0, 0, 2], [10, 0, 2]), seg([10, 0, 2], [10, 0, 0])], 0, 2)).toBe(0);
  });
});
