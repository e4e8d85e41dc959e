import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type GcodeReport, verifyGcode } from '../../electron/domains/cam/gcode/index.js';
import { Machine } from '../../shared/library.js';
import { endmill6, drill10, grblRouter, linuxcncMill } from '../fixtures/gcode/machines.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/gcode/${name}`, import.meta.url), 'utf8');
const program = (...lines: string[]) => lines.join('\n');
/** 1-based line of the first line containing `needle` */
const lineOf = (text: string, needle: string) => {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`no line with ${needle}`);
  return i + 1;
};
const codes = (r: GcodeReport) => r.findings.map((f) => `${f.code}@${f.line}`);
const only = (r: GcodeReport, code: string) => r.findings.filter((f) => f.code === code);

const START = ['G21 G90 G17', 'T1 M6', 'S12000 M3', 'G0 X0 Y0 Z5'];
const END = ['G0 Z5', 'M5', 'M2'];
const stock = { xmin: 0, ymin: 0, zmin: -10, xmax: 60, ymax: 40, zmax: 0 };
const grblOffset = { x: 100, y: 60, z: 30 };

describe('verifyGcode: a clean program', () => {
  const text = fixture('clean-grbl.nc');
  const report = verifyGcode(text, { machine: grblRouter, tools: [endmill6], stock, workOffset: grblOffset });

  it('passes with no findings', () => {
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.tool_changes).toBe(1);
  });

  it('measures bounds, length and time by hand', () => {
    expect(report.bounds_mm).toEqual({ xmin: -3, ymin: -3, zmin: -2, xmax: 63, ymax: 43, zmax: 15 });
    // the first two rapids start from an unknown position and are not measured
    const rapids = 7 + Math.hypot(33, 23) + 6 + 10;
    const feeds: [number, number][] = [
      [7, 300],
      [224, 1200],
      [6, 300],
      [8, 800],
      [2 * Math.PI * 8, 800],
      [8, 800],
    ];
    const length = rapids + feeds.reduce((s, [l]) => s + l, 0);
    const seconds = (rapids / 3000) * 60 + feeds.reduce((s, [l, f]) => s + (l / f) * 60, 0) + 45;
    expect(report.path_length_mm).toBeCloseTo(length, 6);
    expect(report.estimated_seconds).toBeCloseTo(seconds, 6);
  });

  it('gives the viewer segments with line numbers, arcs flattened onto the circle', () => {
    const arcLine = lineOf(text, 'G3 X38');
    const arc = report.segments.filter((s) => s.line === arcLine);
    expect(arc.length).toBeGreaterThan(16);
    expect(arc.every((s) => s.kind === 'arc' && s.tool === 1)).toBe(true);
    for (const s of arc) expect(Math.hypot(s.to[0] - 30, s.to[1] - 20)).toBeCloseTo(8, 9);
    expect(arc[0]!.from).toEqual([38, 20, -1]);
    expect(arc.at(-1)!.to).toEqual([38, 20, -1]);
    const profile = report.segments.find((s) => s.line === lineOf(text, 'G1 X63.000 Y-3.000'))!;
    expect(profile).toEqual({ line: profile.line, kind: 'feed', from: [-3, -3, -2], to: [63, -3, -2], tool: 1 });
  });
});

describe('verifyGcode: real FreeCAD 1.1 grbl post output', () => {
  // a 5 mm end mill profiling a 60 × 40 plate in four layers (Z7, 4, 1, 0), arcs at the corners
  const text = fixture('freecad-grbl-profile.nc');
  const r = verifyGcode(text, {
    machine: grblRouter,
    stock: { xmin: -1, ymin: -1, zmin: 0, xmax: 61, ymax: 41, zmax: 11 },
    workOffset: { x: 100, y: 60, z: 20 },
  });

  it('passes, with the corner arcs in the bounds', () => {
    expect(r.findings).toEqual([]);
    expect(r.bounds_mm!.xmin).toBeCloseTo(-2.5, 3);
    expect(r.bounds_mm!.xmax).toBeCloseTo(62.5, 3); // reached only by the arc at the first corner
    expect(r.bounds_mm!.ymax).toBeCloseTo(42.5, 3);
    expect(r.segments.filter((s) => s.kind === 'arc').length).toBeGreaterThan(16);
  });

  it('measures length and time within 1 %', () => {
    const layer = 2 * (60 + 40) + 2 * Math.PI * 2.5;
    const plunges = 8 + 3 + 3 + 1;
    const rapids = 5 + 20;
    const length = 4 * layer + plunges + rapids;
    const seconds = ((4 * layer) / 600) * 60 + (plunges / 200) * 60 + (rapids / 3000) * 60;
    expect(Math.abs(r.path_length_mm / length - 1)).toBeLessThan(0.01);
    expect(Math.abs(r.estimated_seconds / seconds - 1)).toBeLessThan(0.01);
  });
});

describe('verifyGcode: injected faults are caught with the right code and line', () => {
  it('a move outside the travel, with a work offset (machine coordinates)', () => {
    const text = program(...START, 'G1 Z-1 F500', 'G1 X210 (FAULT)', ...END);
    const r = verifyGcode(text, { machine: grblRouter, workOffset: grblOffset });
    // the retract that follows is out there too
    const fault = lineOf(text, 'FAULT');
    expect(codes(r)).toEqual([`GCODE_OUT_OF_ENVELOPE@${fault}`, `GCODE_OUT_OF_ENVELOPE@${fault + 1}`]);
    expect(r.findings[0]!.message).toMatch(/X reaches 310 mm, beyond the travel 0…300 mm/);
    expect(r.ok).toBe(false);
    // the same path fits if the work offset leaves room
    expect(verifyGcode(text, { machine: grblRouter, workOffset: { x: 50, y: 60, z: 30 } }).ok).toBe(true);
  });

  it('Z above the top of travel on a machine whose Z zero is at the top', () => {
    const text = program('G21 G90', 'T1 M6', 'S3000 M3', 'G0 X0 Y0 Z50', 'G0 Z120 (FAULT)', 'M5', 'M30');
    const r = verifyGcode(text, { machine: linuxcncMill, workOffset: { x: 100, y: 100, z: -100 } });
    expect(codes(r)).toEqual([`GCODE_OUT_OF_ENVELOPE@${lineOf(text, 'FAULT')}`]);
  });

  it('a path wider than the machine, without a work offset', () => {
    const text = program(...START, 'G1 Z-1 F500', 'G1 X200', 'G1 X-120 (FAULT)', ...END);
    const r = verifyGcode(text, { machine: grblRouter });
    expect(codes(r)).toEqual([`GCODE_OUT_OF_ENVELOPE@${lineOf(text, 'FAULT')}`]);
    expect(r.findings[0]!.message).toMatch(/spans 320 mm in X but the machine travels 300 mm/);
  });

  it('an arc whose extent, not its endpoints, leaves the envelope', () => {
    // both ends at Y0 (machine Y5); the G3 swings down to Y-10 (machine Y-5)
    const offset = { x: 100, y: 5, z: 30 };
    const text = program(...START, 'G1 Z-1 F500', 'G3 X20 Y0 I10 J0 (FAULT)', 'G3 X0 Y0 I-10 J0', ...END);
    const r = verifyGcode(text, { machine: grblRouter, workOffset: offset });
    expect(codes(r)).toEqual([`GCODE_OUT_OF_ENVELOPE@${lineOf(text, 'FAULT')}`]);
    expect(r.findings[0]!.message).toMatch(/Y reaches -5 mm/);
    expect(r.bounds_mm).toMatchObject({ xmin: 0, xmax: 20, ymin: -10, ymax: 10 });
  });

  it('a rapid into the stock, and not a retract or a rapid beside it', () => {
    const text = program(
      ...START,
      'G0 X10 Y10',
      'G0 Z-2 (FAULT1)',
      'G1 Z-3 F300',
      'G0 Z5',
      'G0 X-10 Y20',
      'G0 Z-1',
      'G0 X70 (FAULT2)',
      'G0 Y-10',
      'G0 X-10',
      ...END,
    );
    const r = verifyGcode(text, { machine: grblRouter, stock });
    expect(codes(r)).toEqual([`GCODE_RAPID_INTO_STOCK@${lineOf(text, 'FAULT1')}`, `GCODE_RAPID_INTO_STOCK@${lineOf(text, 'FAULT2')}`]);
    // without a stock there is nothing to hit
    expect(only(verifyGcode(text, { machine: grblRouter }), 'GCODE_RAPID_INTO_STOCK')).toEqual([]);
  });

  it('a G81 on grbl', () => {
    const text = program(...START, 'G98 G81 X10 Y10 Z-5 R2 F100 (FAULT)', 'G80', ...END);
    const r = verifyGcode(text, { machine: grblRouter });
    const lines = r.findings.map((f) => [f.code, f.line, f.message]);
    expect(lines).toContainEqual(['GCODE_UNSUPPORTED_CODE', lineOf(text, 'FAULT'), 'G81 is not supported by Grbl router (grbl)']);
    expect(lines).toContainEqual(['GCODE_UNSUPPORTED_CODE', lineOf(text, 'FAULT'), 'G98 is not supported by Grbl router (grbl)']);
    expect(r.findings.every((f) => f.code === 'GCODE_UNSUPPORTED_CODE')).toBe(true);
  });

  it('a cut with the spindle off: never started, and after M5', () => {
    const text = program('G21 G90', 'G0 X0 Y0 Z5', 'G1 Z-1 F200 (FAULT1)', 'S10000 M3', 'G1 X10', 'M5', 'G1 X20 (FAULT2)', 'G0 Z5', 'M2');
    const r = verifyGcode(text, { machine: grblRouter });
    expect(codes(r)).toEqual([`GCODE_SPINDLE_OFF_CUT@${lineOf(text, 'FAULT1')}`, `GCODE_SPINDLE_OFF_CUT@${lineOf(text, 'FAULT2')}`]);
  });

  it('a manual tool change: the spindle stopped and the tool retracted to the top of travel, found on the pause line', () => {
    const safe = ['M5', 'G53 G0 Z44', 'G53 G0 X150 Y10', 'M0 (Load T2, touch off Z0)', 'S12000 M3', 'G0 X10 Y10', 'G0 Z5', 'G1 Z-1 F300'];
    const ok = program(...START, 'G1 Z-1 F300', 'G0 Z5', ...safe, ...END);
    expect(codes(verifyGcode(ok, { machine: grblRouter }))).toEqual([]);
    expect(codes(verifyGcode(ok, { machine: grblRouter, stock, workOffset: grblOffset }))).toEqual([]);
    // the retract left out: the tool pauses 5 mm over the stock (machine Z35 of 45)
    const low = program(...START, 'G1 Z-1 F300', 'G0 Z5', 'M5', 'M0 (FAULT)', 'S12000 M3', 'G1 Z-1 F300', ...END);
    const r = verifyGcode(low, { machine: grblRouter, stock, workOffset: grblOffset });
    expect(codes(r)).toEqual([`GCODE_UNSAFE_TOOL_CHANGE@${lineOf(low, 'FAULT')}`]);
    expect(r.findings[0]).toMatchObject({
      severity: 'error',
      message: expect.stringMatching(/machine Z 35, 10 mm under the top.*G53 G0 Z45/),
    });
    // a G53 retract, then back down in work coordinates before the pause: not retracted any more
    const down = program(...START, 'G0 Z5', 'M5', 'G53 G0 Z44', 'G0 Z5', 'M0 (FAULT)', 'S12000 M3', ...END);
    expect(codes(verifyGcode(down, { machine: grblRouter }))).toEqual([`GCODE_UNSAFE_TOOL_CHANGE@${lineOf(down, 'FAULT')}`]);
    // the spindle left running
    const spinning = program(...START, 'G0 Z5', 'G53 G0 Z44', 'M0 (FAULT)', ...END);
    expect(verifyGcode(spinning, { machine: grblRouter }).findings).toEqual([
      expect.objectContaining({ code: 'GCODE_UNSAFE_TOOL_CHANGE', severity: 'error', line: lineOf(spinning, 'FAULT') }),
    ]);
    // a machine with a changer does its own retract
    expect(only(verifyGcode(low, { machine: linuxcncMill }), 'GCODE_UNSAFE_TOOL_CHANGE')).toEqual([]);
  });

  it('an unknown tool', () => {
    const text = program(...START, 'M5', 'T7 M6 (FAULT)', 'S12000 M3', 'G1 Z-1 F300', ...END);
    const r = verifyGcode(text, { machine: grblRouter, tools: [endmill6, drill10] });
    // the change mid-program without a retract is also flagged (a warning: without a work offset the
    // verifier cannot tell how high the tool is; before, it said nothing)
    expect(codes(r)).toEqual([`GCODE_UNKNOWN_TOOL@${lineOf(text, 'FAULT')}`, `GCODE_UNSAFE_TOOL_CHANGE@${lineOf(text, 'FAULT')}`]);
    expect(r.findings[1]!.severity).toBe('warning');
    expect(r.findings[0]!.details).toMatchObject({ tool: 7 });
    expect(r.tool_changes).toBe(2);
    expect(r.segments.find((s) => s.line === lineOf(text, 'G1 Z-1'))!.tool).toBe(7);
  });

  it('G20 on a millimetre machine, with the moves converted to mm', () => {
    const text = program('G20 G90 (FAULT)', 'S12000 M3', 'G0 X0 Y0 Z0.2', 'G1 X1 Y2 F20', 'G0 Z1', 'M5', 'M2');
    const r = verifyGcode(text, { machine: grblRouter });
    expect(codes(r)).toEqual([`GCODE_UNITS_MISMATCH@${lineOf(text, 'FAULT')}`]);
    expect(r.bounds_mm).toMatchObject({ xmax: 25.4, ymax: 50.8, zmax: 25.4 });
    expect(r.path_length_mm).toBeCloseTo(Math.hypot(25.4, 50.8) + 0.8 * 25.4, 9);
    // F20 in/min is 508 mm/min
    expect(r.estimated_seconds).toBeCloseTo((Math.hypot(25.4, 50.8) / 508) * 60 + ((0.8 * 25.4) / 3000) * 60, 9);
    // Z1 in is 25.4 mm: 5 inches would not fit the 45 mm of Z travel
    expect(codes(verifyGcode(text.replace('G0 Z1', 'G0 Z5'), { machine: grblRouter }))).toContain(
      `GCODE_OUT_OF_ENVELOPE@${lineOf(text, 'G0 Z1')}`,
    );
  });

  it('no G20/G21 before the first move is a warning', () => {
    const text = program('G90', 'S12000 M3', 'G0 X0 Y0 Z5 (FAULT)', 'G1 Z-1 F100', ...END);
    const r = verifyGcode(text, { machine: grblRouter });
    expect(r.findings.map((f) => [f.code, f.severity, f.line])).toEqual([['GCODE_UNITS_MISMATCH', 'warning', lineOf(text, 'FAULT')]]);
    expect(r.ok).toBe(true);
  });

  it('an S above the spindle maximum is an error; below the minimum a warning', () => {
    const text = program('G21 G90', 'S30000 M3 (FAULT)', 'G0 X0 Y0 Z5', 'S2000 (LOW)', 'G1 Z-1 F100', ...END);
    const r = verifyGcode(text, { machine: grblRouter });
    expect(r.findings.map((f) => [f.code, f.severity, f.line])).toEqual([
      ['GCODE_SPINDLE_LIMIT', 'error', lineOf(text, 'FAULT')],
      ['GCODE_SPINDLE_LIMIT', 'warning', lineOf(text, 'LOW')],
    ]);
  });

  it('an F above the machine maximum is a warning and the time uses the clamped feed', () => {
    const text = program(...START, 'G1 X100 F6000 (FAULT)', ...END);
    const r = verifyGcode(text, { machine: grblRouter });
    expect(r.findings.map((f) => [f.code, f.severity, f.line])).toEqual([['GCODE_FEED_LIMIT', 'warning', lineOf(text, 'FAULT')]]);
    expect(r.ok).toBe(true);
    expect(r.estimated_seconds).toBeCloseTo(45 + (100 / 3000) * 60, 9);
  });

  it('spindle or coolant left on, or stopped twice', () => {
    const text = program('G21 G90', 'S12000 M3', 'M8', 'G0 X0 Y0 Z5', 'G1 Z-1 F100', 'G0 Z5', 'M5', 'M5 (TWICE)', 'M3', 'M30 (END)');
    const r = verifyGcode(text, { machine: grblRouter });
    expect(r.findings.map((f) => [f.code, f.severity, f.line])).toEqual([
      ['GCODE_STATE_UNBALANCED', 'warning', lineOf(text, 'TWICE')],
      ['GCODE_STATE_UNBALANCED', 'warning', lineOf(text, 'END')],
      ['GCODE_STATE_UNBALANCED', 'warning', lineOf(text, 'END')],
    ]);
    expect(r.findings[1]!.message).toMatch(/spindle on/);
    expect(r.findings[2]!.message).toMatch(/coolant on/);
  });

  it('an unreadable line is reported and the rest is still checked', () => {
    const text = program('G21 G90', 'G0 X0 Y0 Z5', 'G1 X[#1+2] F100 (FAULT)', 'G1 Y10 (CUT)', 'M2');
    const r = verifyGcode(text, { machine: grblRouter });
    expect(codes(r)).toEqual([
      `GCODE_PARSE_ERROR@${lineOf(text, 'FAULT')}`,
      `GCODE_SPINDLE_OFF_CUT@${lineOf(text, 'FAULT')}`,
      `GCODE_SPINDLE_OFF_CUT@${lineOf(text, 'CUT')}`,
    ]);
    // X is unknown after the unreadable word: the next cut is not drawn
    expect(r.segments.some((s) => s.line === lineOf(text, 'CUT'))).toBe(false);
  });

  it('a G53 move outside the travel without a work offset', () => {
    const text = program(...START, 'G53 G0 Z-5 (FAULT)', 'M5', 'M2');
    const r = verifyGcode(text, { machine: grblRouter });
    expect(codes(r)).toEqual([`GCODE_OUT_OF_ENVELOPE@${lineOf(text, 'FAULT')}`]);
  });

  it('an extra axis on a three-axis machine', () => {
    const text = program(...START, 'G1 X10 A90 F100 (FAULT)', ...END);
    expect(codes(verifyGcode(text, { machine: grblRouter }))).toEqual([`GCODE_UNSUPPORTED_CODE@${lineOf(text, 'FAULT')}`]);
  });

  it('a cutting move before any F', () => {
    const text = program(...START, 'G1 Z-1 (FAULT)', 'G1 X10', ...END);
    expect(codes(verifyGcode(text, { machine: grblRouter }))).toEqual([`GCODE_FEED_MISSING@${lineOf(text, 'FAULT')}`]);
  });

  it('lists at most 100 findings of one kind, then one summary', () => {
    const text = program(...START, ...Array.from({ length: 150 }, () => 'G64'), ...END);
    const r = only(verifyGcode(text, { machine: grblRouter }), 'GCODE_UNSUPPORTED_CODE');
    expect(r).toHaveLength(101);
    expect(r[100]!.message).toMatch(/^50 more like this from line 105/);
  });
});

describe('verifyGcode: time and length', () => {
  it('a 100 mm square at F1000 with a 2 s dwell', () => {
    const text = program(...START, 'G1 Z-1 F500', 'G4 P2', 'G1 X100 F1000', 'Y100', 'X0', 'Y0', ...END);
    const r = verifyGcode(text, { machine: grblRouter });
    expect(r.ok).toBe(true);
    expect(r.path_length_mm).toBeGreaterThan(412 * 0.99);
    expect(r.path_length_mm).toBeLessThan(412 * 1.01);
    const expected = 45 + (6 / 500) * 60 + 2 + (400 / 1000) * 60 + (6 / 3000) * 60; // 71.84 s
    expect(r.estimated_seconds).toBeGreaterThan(expected * 0.99);
    expect(r.estimated_seconds).toBeLessThan(expected * 1.01);
    expect(r.segments.filter((s) => s.kind === 'feed')).toHaveLength(5);
  });

  it('R arcs: a negative R takes the long way round', () => {
    const short = verifyGcode(program(...START, 'G1 Z-1 F600', 'G2 X10 Y10 R10', ...END), { machine: grblRouter });
    const long = verifyGcode(program(...START, 'G1 Z-1 F600', 'G2 X10 Y10 R-10', ...END), { machine: grblRouter });
    expect(short.path_length_mm - long.path_length_mm).toBeCloseTo(0.5 * Math.PI * 10 - 1.5 * Math.PI * 10, 9);
    // the short arc turns about (10, 0); the 270° one about (0, 10) and reaches X-10 and Y20
    expect(long.bounds_mm).toMatchObject({ xmin: -10, xmax: 10, ymin: 0, ymax: 20 });
    expect(short.bounds_mm).toMatchObject({ xmin: 0, xmax: 10, ymin: 0, ymax: 10 });
  });

  it('arcs in the XZ and YZ planes turn the way grbl and LinuxCNC turn them', () => {
    // G18 works in (Z, X): a G2 from X0 to X10 about X5 dips to Z-5; G19 in (Y, Z): a G3 about Y5 dips too
    const xz = verifyGcode(program(...START, 'G1 Z0 F600', 'G18 G2 X10 Z0 I5 K0', 'G17', ...END), { machine: grblRouter });
    expect(xz.bounds_mm).toMatchObject({ xmin: 0, xmax: 10, zmin: -5 });
    const yz = verifyGcode(program(...START, 'G1 Z0 F600', 'G19 G3 Y10 Z0 J5 K0', 'G17', ...END), { machine: grblRouter });
    expect(yz.bounds_mm).toMatchObject({ ymin: 0, ymax: 10, zmin: -5 });
    expect(xz.path_length_mm - yz.path_length_mm).toBeCloseTo(0, 9);
  });

  it('an arc whose radius does not match at its end is a parse error', () => {
    const text = program(...START, 'G1 Z-1 F600', 'G2 X10 Y0 I4 J0 (FAULT)', ...END);
    expect(codes(verifyGcode(text, { machine: grblRouter }))).toEqual([`GCODE_PARSE_ERROR@${lineOf(text, 'FAULT')}`]);
  });

  it('G93 inverse time: each move takes 1/F minutes and needs its own F', () => {
    const text = program(...START, 'G1 Z0 F600', 'G93 G1 X10 F6', 'G1 X20 (FAULT)', 'G94', ...END);
    const r = verifyGcode(text, { machine: grblRouter });
    expect(codes(r)).toEqual([`GCODE_FEED_MISSING@${lineOf(text, 'FAULT')}`]);
    expect(r.estimated_seconds).toBeCloseTo(45 + 0.5 + 10 + 0.1, 9);
  });

  it('Fanuc dwell: P in milliseconds, X in seconds', () => {
    const fanuc = Machine.parse({
      ...linuxcncMill,
      id: 'fanuc',
      controller: 'fanuc',
      supported_codes: ['G0', 'G1', 'G4', 'G21', 'G90', 'M3', 'M5', 'M30'],
    });
    const r = verifyGcode(program('G21 G90', 'G0 X0 Y0 Z5', 'G4 P1500', 'G4 X2.', 'M30'), { machine: fanuc });
    expect(r.findings).toEqual([]);
    expect(r.estimated_seconds).toBeCloseTo(3.5, 9);
  });
});

describe('verifyGcode: canned cycles', () => {
  const text = fixture('peck-linuxcnc.ngc');
  const machine = linuxcncMill;

  it('expands G83 into pecks (12 mm from R in 3 mm pecks = 4 per hole) and returns to the initial level', () => {
    const r = verifyGcode(text, { machine, tools: [drill10], stock: { xmin: 0, ymin: 0, zmin: -20, xmax: 40, ymax: 20, zmax: 0 } });
    expect(r.findings).toEqual([]);
    for (const marker of ['G83', 'X30']) {
      const feeds = r.segments.filter((s) => s.line === lineOf(text, marker) && s.kind === 'feed');
      expect(feeds.map((s) => s.to[2])).toEqual([-1, -4, -7, -10]);
    }
    // the move to the second hole runs at the initial Z10 (G98)
    expect(r.segments).toContainEqual({ line: lineOf(text, 'X30'), kind: 'rapid', from: [10, 10, 10], to: [30, 10, 10], tool: 2 });
    expect(r.bounds_mm).toEqual({ xmin: 10, ymin: 10, zmin: -10, xmax: 30, ymax: 10, zmax: 10 });
    // per hole: down to R 8, pecks fed 3 + 3 × 3.254, rapids out and back 3+2.746, 6+5.746, 9+8.746, out 20
    const feed = 3 + 3 * 3.254;
    const rapid = 8 + 5.746 + 11.746 + 17.746 + 20;
    expect(r.path_length_mm).toBeCloseTo(2 * (feed + rapid) + 20, 6);
    expect(r.estimated_seconds).toBeCloseTo(((2 * feed) / 150) * 60 + ((2 * rapid + 20) / 5000) * 60 + 8, 6);
  });

  it('G99 returns to R between holes', () => {
    const r = verifyGcode(text.replace('G98 G83', 'G99 G83'), { machine });
    expect(r.segments).toContainEqual({ line: lineOf(text, 'X30'), kind: 'rapid', from: [10, 10, 2], to: [30, 10, 2], tool: 2 });
  });

  it('G81 with L repeats in G91 drills a row of holes', () => {
    const t = program('G21 G90 G17', 'T2 M6', 'S1900 M3', 'G0 X0 Y0 Z10', 'G91 G99 G81 X10 R-8 Z-5 L3 F100', 'G90 G80', 'M5', 'M30');
    const r = verifyGcode(t, { machine, tools: [drill10] });
    expect(r.findings).toEqual([]);
    const feeds = r.segments.filter((s) => s.kind === 'feed');
    expect(feeds.map((s) => [s.to[0], s.to[2]])).toEqual([
      [10, -3],
      [20, -3],
      [30, -3],
    ]);
  });

  it('a cycle without R is an error on its line', () => {
    const t = program('G21 G90', 'S1900 M3', 'G0 X0 Y0 Z10', 'G81 X10 Z-5 F100 (FAULT)', 'G80', 'M5', 'M30');
    expect(codes(verifyGcode(t, { machine }))).toEqual([`GCODE_PARSE_ERROR@${lineOf(t, 'FAULT')}`]);
  });
});
