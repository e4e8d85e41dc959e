// The CAM page's pure parts: the setup form → CamJobSpec (only what differs from the backend's
// defaults), the packed toolpath → drawable batches, line ↔ segment lookups, G-code colouring, and
// the new routes.
import { describe, expect, it } from 'vitest';
import type { CamToolpath } from '../../shared/api/index.js';
import { CamJobSpec, type JobRecord } from '../../shared/jobs.js';
import { camFormFromSpec, checkCamForm, initialCamForm, machinableParts } from '../../renderer/features/cam/camForm.js';
import {
  gcodeTokens,
  nearestMovingLine,
  operationOfLine,
  programLines,
  segmentBatches,
  segmentsBox,
  segmentsByLine,
} from '../../renderer/viewer/toolpath.js';
import { parseRoute, routeHref, type Route } from '../../renderer/lib/routes.js';

const job = (over: Partial<JobRecord>): JobRecord =>
  ({
    id: 'j',
    type: 'template',
    status: 'succeeded',
    spec: { type: 'template', template: 'prism-with-hole', params: {} },
    created_at: '2026-01-01T00:00:00Z',
    document: { steps: [] },
    ...over,
  }) as JobRecord;

describe('CAM setup form', () => {
  it('offers finished parts only, newest first, never CAM jobs', () => {
    const parts = machinableParts([
      job({ id: 'a', created_at: '2026-01-01T00:00:00Z' }),
      job({ id: 'b', created_at: '2026-01-03T00:00:00Z', type: 'import', spec: { type: 'import', path: '/x.step' } }),
      job({ id: 'c', status: 'running' }),
      job({ id: 'd', type: 'cam', spec: { type: 'cam', part: 'a', machine: 'm' } }),
      job({ id: 'e', status: 'failed' }),
    ]);
    expect(parts.map((j) => j.id)).toEqual(['b', 'a']);
  });

  it('leaves the defaults to the backend: automatic operations, every tool, the machine’s post', () => {
    const f = { ...initialCamForm({ part: 'p1', machine: 'grbl-3018', units: 'mm' }) };
    const { spec, issues } = checkCamForm(f, 'mm');
    expect(issues).toEqual([]);
    expect(spec).toEqual({ type: 'cam', part: 'p1', machine: 'grbl-3018', stock: { margin_mm: 2 }, origin: 'part' });
    expect(CamJobSpec.safeParse(spec).success).toBe(true);
  });

  it('sends chosen operations, tools, post and material, and converts an inch margin to mm', () => {
    const f = {
      ...initialCamForm({ part: 'p', machine: 'm', units: 'inch' }),
      margin: '0,25',
      autoOps: false,
      ops: ['drill', 'facing'] as const,
      allTools: false,
      tools: ['t2', 't1'],
      post: 'linuxcnc' as const,
      material: 'steel',
    };
    const { spec } = checkCamForm({ ...f, ops: [...f.ops] }, 'inch');
    expect(spec).toMatchObject({
      stock: { margin_mm: 6.35 },
      ops: ['facing', 'drill'],
      tools: ['t1', 't2'],
      post: 'linuxcnc',
      material: 'steel',
    });
    expect(CamJobSpec.safeParse(spec).success).toBe(true);
  });

  it('names each missing or wrong field', () => {
    const f = { ...initialCamForm({ units: 'mm' }), margin: 'abc', autoOps: false, ops: [], allTools: false, tools: [] };
    expect(checkCamForm(f, 'mm').issues.map((i) => `${i.field}:${i.rule}`)).toEqual([
      'part:required',
      'machine:required',
      'margin:number',
      'ops:required',
      'tools:required',
    ]);
    expect(checkCamForm({ ...f, part: 'p', machine: 'm', margin: '500', autoOps: true, allTools: true }, 'mm').issues).toEqual([
      { field: 'margin', rule: 'range' },
    ]);
  });

  it('reads an existing job’s setup back into the form', () => {
    const spec: CamJobSpec = {
      type: 'cam',
      part: 'p',
      machine: 'm',
      stock: { margin_mm: 5 },
      origin: 'stock-corner',
      ops: ['profile'],
      post: 'fanuc',
    };
    const f = camFormFromSpec(spec, 'mm');
    expect(f).toMatchObject({
      part: 'p',
      machine: 'm',
      margin: '5',
      origin: 'stock-corner',
      autoOps: false,
      ops: ['profile'],
      allTools: true,
      post: 'fanuc',
    });
    expect(checkCamForm(f, 'mm').spec).toMatchObject({ ops: ['profile'], post: 'fanuc', stock: { margin_mm: 5 } });
  });
});

// 4 segments: a rapid and a feed of operation 0, an arc piece of operation 1, a rapid between
const toolpath: CamToolpath['segments'] = {
  count: 4,
  coords: [0, 0, 10, 0, 0, 2, 0, 0, 2, 10, 0, 2, 10, 0, 2, 10, 5, 2, 10, 5, 2, 10, 5, 20],
  lines: [5, 6, 9, 9],
  kinds: 'rfar',
  ops: [0, 0, 1, -1],
  truncated: false,
};

describe('toolpath helpers', () => {
  it('batches segments by operation and kind, operations first and the moves between last', () => {
    const b = segmentBatches(toolpath);
    expect(b.map((x) => `${x.op}:${x.kind}:${x.indices.join(',')}`)).toEqual(['0:cut:1', '0:rapid:0', '1:cut:2', '-1:rapid:3']);
    expect([...b[0]!.positions]).toEqual([0, 0, 2, 10, 0, 2]);
  });

  it('maps lines to their segments and back to the nearest line that moves', () => {
    const byLine = segmentsByLine(toolpath);
    expect(byLine.get(9)).toEqual([2, 3]);
    expect(byLine.has(7)).toBe(false);
    expect(nearestMovingLine(byLine, 7, 20)).toBe(9);
    expect(nearestMovingLine(byLine, 12, 20)).toBe(9);
    expect(nearestMovingLine(new Map(), 3, 20)).toBeNull();
  });

  it('measures the box of the path', () => {
    expect(segmentsBox(toolpath)).toEqual({ xmin: 0, ymin: 0, zmin: 2, xmax: 10, ymax: 5, zmax: 20 });
    expect(segmentsBox({ ...toolpath, count: 0, coords: [] })).toBeNull();
  });

  it('finds the operation of a line', () => {
    const ops = [
      { label: 'Facing', kind: 'facing', tool_number: 4, first_line: 3, last_line: 7 },
      { label: 'Drill', kind: 'drill', tool_number: 2, first_line: 8, last_line: 12 },
    ];
    expect(operationOfLine(ops, 5)).toBe(0);
    expect(operationOfLine(ops, 12)).toBe(1);
    expect(operationOfLine(ops, 2)).toBe(-1);
  });

  it('splits the program into lines and colours G-code words', () => {
    expect(programLines('G21\r\nG0 X1\n')).toEqual(['G21', 'G0 X1']);
    const kinds = (l: string) =>
      gcodeTokens(l)
        .filter((t) => t.kind !== 'text')
        .map((t) => `${t.kind}:${t.text}`);
    expect(kinds('G0 X10.5 Y-2 (rapid)')).toEqual(['rapid:G0', 'word:X', 'number:10.5', 'word:Y', 'number:-2', 'comment:(rapid)']);
    expect(kinds('G01 Z-1 F300')).toEqual(['motion:G01', 'word:Z', 'number:-1', 'word:F', 'number:300']);
    expect(
      gcodeTokens('M3 S9549 ; spindle')
        .map((t) => t.text)
        .join(''),
    ).toBe('M3 S9549 ; spindle');
  });
});

describe('routes of the later pages', () => {
  it('round-trips CAM, shop floor, prompt and team routes', () => {
    const routes: Route[] = [
      { name: 'cam' },
      { name: 'cam', id: '5ab1ac2d-dc00-489d-92f9-edaf5b82a254' },
      { name: 'cam', part: 'part job/1' },
      { name: 'shop' },
      { name: 'shop', id: 'x' },
      { name: 'prompt' },
      { name: 'prompt', id: 'p1' },
      { name: 'team' },
    ];
    for (const r of routes) expect(parseRoute(routeHref(r))).toEqual(r);
    expect(parseRoute('#/cam/part')).toEqual({ name: 'cam' });
  });
});
