// The part page's Drawing and Simulation tabs: their routes, and the forms' specs (what a person
// types becomes the job the API takes, or the issue that names the field).
import { describe, expect, it } from 'vitest';
import { DrawingJobSpec, FemJobSpec } from '../../shared/job-spec.js';
import { parseRoute, routeHref } from '../../renderer/lib/routes.js';
import { drawingFormFromSpec, drawingSpec, initialDrawingForm, scaleValue } from '../../renderer/features/drawing/drawingForm.js';
import { addFace, checkFemForm, femFormFromSpec, initialFemForm, splitFaces } from '../../renderer/features/fem/femForm.js';

const PART = '0b7c2f1e-1111-4222-8333-444455556666';

describe('part tabs', () => {
  it('routes each tab; the model tab is the plain part address', () => {
    expect(routeHref({ name: 'part', id: PART, tab: 'drawing' })).toBe(`#/part/${PART}/drawing`);
    expect(parseRoute(`#/part/${PART}/simulation`)).toEqual({ name: 'part', id: PART, tab: 'simulation' });
    expect(routeHref({ name: 'part', id: PART, tab: 'model' })).toBe(`#/part/${PART}`);
    expect(parseRoute(`#/part/${PART}/model`)).toEqual({ name: 'part', id: PART });
    expect(parseRoute(`#/part/${PART}/nonsense`)).toEqual({ name: 'part', id: PART });
  });

  it('makes a drawing spec the API accepts, and reads it back', () => {
    const spec = drawingSpec(
      { ...initialDrawingForm(), sheet: 'A3', projection: 'third', views: ['iso', 'front'], scale: '1:2' },
      PART,
      'tr',
    );
    expect(spec).toEqual({
      type: 'drawing',
      part: PART,
      sheet: 'A3',
      projection: 'third',
      views: ['front', 'iso'],
      scale: 0.5,
      language: 'tr',
    });
    expect(DrawingJobSpec.safeParse(spec).success).toBe(true);
    expect(drawingFormFromSpec(spec!)).toEqual({ sheet: 'A3', projection: 'third', views: ['front', 'iso'], scale: '1:2' });
    expect(drawingSpec({ ...initialDrawingForm(), views: [] }, PART, 'en')).toBeNull();
    expect(drawingSpec(initialDrawingForm(), PART, 'en')).not.toHaveProperty('scale');
    expect(scaleValue('2:1')).toBe(2);
    expect(scaleValue('')).toBeUndefined();
  });

  it('makes a static FEM spec from sides, face names, a force vector and a mesh size', () => {
    const form = initialFemForm('steel-s235');
    form.supports = [{ faces: 'x-min, Face3' }];
    form.loads = [
      { ...form.loads[0]!, faces: 'x-max', fx: '', fy: '0', fz: '-100,5' },
      { ...form.loads[0]!, faces: 'top', type: 'pressure', pressure: '0,25' },
    ];
    form.mesh = '0,1';
    const { spec, issues } = checkFemForm(form, PART, 'inch');
    expect(issues).toEqual([]);
    expect(spec).toMatchObject({
      type: 'fem',
      part: PART,
      analysis: 'static',
      material: 'steel-s235',
      constraints: [{ type: 'fixed', faces: ['x-min', 'Face3'] }],
      loads: [
        { type: 'force', faces: ['x-max'], force_n: 100.5, direction: [0, 0, -100.5] },
        { type: 'pressure', faces: ['top'], pressure_mpa: 0.25 },
      ],
    });
    expect(spec!.mesh!.size_mm).toBeCloseTo(2.54, 9);
    expect(FemJobSpec.safeParse(spec).success).toBe(true);
    const back = femFormFromSpec(FemJobSpec.parse(spec), (mm) => String(mm));
    expect(back.loads[0]).toMatchObject({ fx: '0', fy: '0', fz: '-100.5' });
    expect(back.supports).toEqual([{ faces: 'x-min, Face3' }]);
  });

  it('names the field of every problem; leaves a model without supports to the server (FEM_RIGID_BODY)', () => {
    const form = initialFemForm();
    form.loads = [
      { ...form.loads[0]!, faces: 'x-max, face9', fx: 'a' },
      { ...form.loads[0]!, faces: '', fz: '0' },
    ];
    form.mesh = '-2';
    const { spec, issues } = checkFemForm(form, PART, 'mm');
    expect(spec).toBeNull();
    expect(issues).toEqual([
      { field: 'load.0', rule: 'badFace', face: 'face9' },
      { field: 'load.0.force', rule: 'number' },
      { field: 'load.1', rule: 'faces' },
      { field: 'load.1.force', rule: 'nonZero' },
      { field: 'mesh', rule: 'positive' },
    ]);
    const free = checkFemForm({ ...initialFemForm(), supports: [] }, PART, 'mm');
    expect(free.issues).toEqual([]);
    expect(free.spec!.constraints).toEqual([]);
    const modal = checkFemForm({ ...initialFemForm(), analysis: 'modal', modes: '0' }, PART, 'mm');
    expect(modal.issues).toEqual([{ field: 'modes', rule: 'modes' }]);
    const ok = checkFemForm({ ...initialFemForm(), analysis: 'modal', modes: '4' }, PART, 'mm').spec!;
    expect(ok.loads).toEqual([]);
    expect(ok.modes).toBe(4);
  });

  it('adds a face to a row once', () => {
    expect(addFace('', 'Face3')).toBe('Face3');
    expect(addFace('x-min,Face3', 'Face3')).toBe('x-min, Face3');
    expect(addFace('x-min', 'top')).toBe('x-min, top');
    expect(splitFaces(' x-min ;Face2  top ')).toEqual(['x-min', 'Face2', 'top']);
  });
});
