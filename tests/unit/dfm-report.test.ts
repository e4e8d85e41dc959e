// The DFM flow's TypeScript side without FreeCAD: limits by material and process, a worker finding
// rendered into both languages from the catalogue, the report's order, counts and verdict, and the
// `tezgah check` arguments.
import { describe, expect, it } from 'vitest';
import type { DfmWorkerData } from '../../freecad-bridge/src/flows.js';
import { dfmLimits, dfmReport, renderFinding } from '../../electron/domains/dfm/flow.js';
import { checkSpecFromArgs } from '../../electron/hosts/cli/check.js';
import { UsageError } from '../../electron/hosts/cli/args.js';
import { DfmResult } from '../../shared/results/dfm.js';
import { flatten, placeholders } from '../../shared/i18n/text.js';
import { DFM_TEXT } from '../../shared/i18n/dfm.js';

const summary = {
  faces: 7,
  samples_per_face: 6,
  rays: 300,
  volume_mm3: 100,
  area_mm2: 50,
  size_mm: [1, 2, 3] as [number, number, number],
  thinnest_mm: 0.4,
};
const wall = {
  code: 'DFM_THIN_WALL',
  severity: 'error' as const,
  faces: ['Face7', 'Face2'],
  measured: 0.4,
  allowed: 1,
  unit: 'mm',
  at_mm: [20, 0.2, 0.833] as [number, number, number],
  params: {},
};

describe('DFM report (no FreeCAD)', () => {
  it('limits: the min wall by the part material for milling, two nozzle widths for FDM, options win', () => {
    const alu = { category: 'aluminium' } as Parameters<typeof dfmLimits>[2];
    expect(dfmLimits('milling', undefined, alu).min_wall_mm).toBe(0.8);
    expect(dfmLimits('milling', undefined).min_wall_mm).toBe(1);
    expect(dfmLimits('fdm', { nozzle_mm: 0.6 }).min_wall_mm).toBe(1.2);
    expect(dfmLimits('milling', { min_wall_mm: 2 }, alu).min_wall_mm).toBe(2);
    expect(dfmLimits('fdm', undefined)).toMatchObject({ overhang_deg: 45, supports: false, layer_mm: 0.2 });
  });

  it('renders a finding in both languages, with the spot and the FDM variant', () => {
    const f = renderFinding(wall, 'milling');
    expect(f.message.en).toBe('The thinnest wall is 0.4 mm, at X20 Y0.2 Z0.833; the minimum is 1 mm.');
    expect(f.message.tr).toBe('En ince duvar 0,4 mm, X20 Y0,2 Z0,833 konumunda; en az 1 mm olmalı.');
    expect(renderFinding({ ...wall, params: { nozzle: 0.4 } }, 'fdm').message.en).toContain('0.4 mm nozzle');
    const milled = renderFinding(
      { ...wall, code: 'DFM_NO_DRILL', severity: 'info', params: { diameter: 7, nearest: [6.8, 8.5], tool: 'endmill-6mm-carbide-4f' } },
      'milling',
    );
    expect(milled.message.en).toContain('interpolation with endmill-6mm-carbide-4f; nearest drill sizes: 6.8, 8.5 mm');
    expect(milled.message.tr).toContain('6,8, 8,5 mm');
  });

  it('orders findings by severity, code and face, counts them and decides ok on errors only', () => {
    const data: DfmWorkerData = {
      findings: [
        { ...wall, code: 'DFM_PRINT_ESTIMATE', severity: 'info', faces: [], at_mm: null, params: { volume_cm3: 1, layers: 5, layer: 0.2 } },
        { ...wall, code: 'DFM_OVERHANG', severity: 'warning', faces: ['Face10'], unit: 'deg', at_mm: null, params: { area_mm2: 3 } },
        { ...wall, code: 'DFM_OVERHANG', severity: 'warning', faces: ['Face9'], unit: 'deg', at_mm: null, params: { area_mm2: 3 } },
      ],
      summary,
    };
    const run = { process: 'fdm' as const, setups: [], machine: null, tools: [], limits: dfmLimits('fdm', undefined), envelope_mm: null };
    const r = dfmReport(data, run);
    expect(r.findings.map((f) => [f.code, f.faces[0]])).toEqual([
      ['DFM_OVERHANG', 'Face9'],
      ['DFM_OVERHANG', 'Face10'],
      ['DFM_PRINT_ESTIMATE', undefined],
    ]);
    expect(r.counts).toEqual({ error: 0, warning: 2, info: 1 });
    expect(r.ok).toBe(true);
    expect(DfmResult.safeParse(r).success).toBe(true);
    const bad = dfmReport({ findings: [...data.findings, wall], summary }, run);
    expect(bad.ok).toBe(false);
    expect(bad.findings[0]!.code).toBe('DFM_THIN_WALL');
  });

  it('every finding text has both languages with the same parameters', () => {
    for (const [key, text] of flatten(DFM_TEXT)) expect(placeholders(text.tr), key).toEqual(placeholders(text.en));
  });

  it('tezgah check arguments: process, setups (z means +z), tools; bad values are usage errors', () => {
    const spec = checkSpecFromArgs(['part.step'], {
      process: 'milling',
      setups: 'z,-Z',
      tool: ['endmill-6mm-carbide-4f'],
      'min-wall': '0.5mm',
    });
    expect(spec).toMatchObject({
      type: 'check',
      process: 'milling',
      setups: ['+z', '-z'],
      options: { tools: ['endmill-6mm-carbide-4f'], min_wall_mm: 0.5 },
    });
    expect(spec.part.endsWith('/part.step')).toBe(true);
    expect(() => checkSpecFromArgs(['p.step'], {})).toThrow(UsageError);
    expect(() => checkSpecFromArgs(['p.step'], { process: 'lathe' })).toThrow(/--process/);
    expect(() => checkSpecFromArgs(['p.step'], { process: 'milling', setups: '+w' })).toThrow(/--setups/);
  });
});
