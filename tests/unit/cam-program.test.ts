import { describe, expect, it } from 'vitest';
import { camSpecFromArgs } from '../../electron/hosts/cli/cam.js';
import { verifyGcode } from '../../electron/domains/cam/gcode/index.js';
import {
  duration,
  headerLines,
  operationPaths,
  operationSections,
  withHeader,
  type HeaderInfo,
} from '../../electron/domains/cam/program.js';
import { endmill6, grblRouter } from '../fixtures/gcode/machines.js';

const info: HeaderInfo = {
  jobId: '0b7c1f2e-0000-4000-8000-000000000001',
  specHash: 'ab'.repeat(32),
  part: 'flanş (v2)',
  partSha256: 'cd'.repeat(32),
  machine: grblRouter,
  post: 'grbl',
  material: 'aluminium-6061',
  origin: 'part',
  stock: { xmin: -2, ymin: -2, zmin: 0, xmax: 102, ymax: 62, zmax: 22 },
  tools: [endmill6],
  operations: ['Facing', 'Profile'],
  estimatedSeconds: 754.4,
  bounds: { xmin: -5, ymin: -5, zmin: -3.004, xmax: 105, ymax: 65, zmax: 27 },
};

describe('the program header', () => {
  it('is a block of ASCII comments the verifier reads as comments', () => {
    const lines = headerLines(info);
    expect(lines[1]).toBe(`(job ${info.jobId})`);
    expect(lines).toContain('(part flans v2 sha256 cdcdcdcdcdcdcdcd)');
    expect(lines).toContain('(estimated time 12 min 34 s)');
    expect(lines).toContain('(bounds X-5..105 Y-5..65 Z-3.004..27 mm)');
    for (const l of lines) expect(l).toMatch(/^\([\x20-\x27\x2a-\x7e]*\)$/);
    const r = verifyGcode(withHeader('G21 G90\nM2\n', lines), { machine: grblRouter });
    expect(r.findings).toEqual([]);
  });

  it('goes after the leading % of a Fanuc tape, in capitals', () => {
    const text = withHeader('%\nG21\nM30\n%\n', headerLines({ ...info, post: 'fanuc' }));
    expect(text.split('\n').slice(0, 3)).toEqual(['%', '(TEZGAH CAM PROGRAM)', `(JOB ${info.jobId.toUpperCase()})`]);
    expect(text.endsWith('M30\n%\n')).toBe(true);
    // the program number stays on the line after '%', where a Fanuc control looks for it
    const numbered = withHeader('%\nO1000\nG21\nM30\n%\n', headerLines({ ...info, post: 'fanuc' }));
    expect(numbered.split('\n').slice(0, 3)).toEqual(['%', 'O1000', '(TEZGAH CAM PROGRAM)']);
  });

  it('says durations the way a machinist reads them', () => {
    expect(duration(59.6)).toBe('1 min 0 s');
    expect(duration(3725)).toBe('1 h 2 min 5 s');
    expect(duration(7)).toBe('7 s');
  });
});

describe('operations in the program', () => {
  const text = [
    '(Begin operation: T1 6mm)',
    'M3 S12000',
    '(Finish operation: T1 6mm)',
    '(begin operation: Profile)',
    'G0 X0 Y0 Z5',
    'G1 Z-1 F300',
    'G1 X10 F600',
    '(finish operation: Profile)',
    '(BEGIN OPERATION: DRILL D10)',
    'G0 X5 Y5',
    'G1 Z-5 F100',
    'G0 Z5',
    '(FINISH OPERATION: DRILL D10)',
    'M5',
    'M2',
  ].join('\n');

  it('are found by the posts’ comments, whatever their case', () => {
    expect(operationSections(text, ['Profile', 'Drill D10'])).toEqual([
      { label: 'Profile', first: 4, last: 8 },
      { label: 'Drill D10', first: 9, last: 13 },
    ]);
  });

  it('carry their own segments and their share of the time', () => {
    const report = verifyGcode(text, { machine: grblRouter });
    const [profile, drill] = operationPaths(text, report, ['Profile', 'Drill D10'], grblRouter);
    expect(profile!.segments.map((s) => s.line)).toEqual([6, 7]); // the first rapid starts from an unknown point
    // profile: 6 mm down at 300 + 10 mm at 600 mm/min = 2.2 s
    // drill: rapids 5√2 (to X5 Y5) + 10 (up to Z5) at 3000, 4 mm down at 100 = 2.74 s
    expect(profile!.estimated_seconds).toBeCloseTo(2.2, 1);
    expect(drill!.estimated_seconds).toBeCloseTo(((Math.hypot(5, 5) + 10) / 3000) * 60 + 2.4, 1);
    expect(profile!.estimated_seconds + drill!.estimated_seconds).toBeCloseTo(report.estimated_seconds, 0);
  });
});

describe('tezgah cam arguments', () => {
  it('become a CAM job spec', () => {
    const spec = camSpecFromArgs(['part.step'], {
      machine: 'grbl-3018',
      ops: 'facing,profile',
      tool: ['a', 'b'],
      post: 'linuxcnc',
      origin: 'stock-corner',
      'stock-margin': '3',
    });
    expect(spec).toMatchObject({
      type: 'cam',
      machine: 'grbl-3018',
      ops: ['facing', 'profile'],
      tools: ['a', 'b'],
      post: 'linuxcnc',
      origin: 'stock-corner',
      stock: { margin_mm: 3 },
    });
    expect(spec.part).toMatch(/^\/.*part\.step$/);
    expect(camSpecFromArgs(['0B7C1F2E-0000-4000-8000-000000000001'], { machine: 'm' }).part).toBe('0b7c1f2e-0000-4000-8000-000000000001');
  });

  it('are refused when they cannot be read', () => {
    expect(() => camSpecFromArgs([], { machine: 'm' })).toThrow(/missing the part/);
    expect(() => camSpecFromArgs(['p.step'], {})).toThrow(/--machine/);
    expect(() => camSpecFromArgs(['p.step'], { machine: 'm', ops: 'facing,milling' })).toThrow(/'milling'/);
    expect(() => camSpecFromArgs(['p.step'], { machine: 'm', 'stock-margin': 'two' })).toThrow(/stock-margin/);
    expect(() => camSpecFromArgs(['p.step'], { machine: 'm', origin: 'table' })).toThrow(/origin/);
  });
});
