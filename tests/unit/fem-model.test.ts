// The FEM flow's checks that need no FreeCAD: the spec's shape, the material's elastic data, a held
// and loaded static model, the reaction balance and the summary's derived numbers.
import { describe, expect, it } from 'vitest';
import { FemJobSpec, JobSpec } from '../../shared/job-spec.js';
import { Material } from '../../shared/library.js';
import { checkBalance, checkModel, femMaterial, summary } from '../../electron/domains/fem/flow.js';
import { femSpecFromArgs, forceLoad } from '../../electron/hosts/cli/fem.js';
import { unit } from '../../electron/domains/fem/flow.js';
import seed from '../../resources/seed/materials.json' with { type: 'json' };

const steel = Material.parse(seed.find((m) => m.id === 'steel-s235'));
const wood = Material.parse(seed.find((m) => m.id === 'wood-beech'));

describe('FEM model checks', () => {
  it('the spec: selectors, loads and defaults', () => {
    const s = JobSpec.parse({
      type: 'fem',
      part: 'x.step',
      constraints: [{ type: 'fixed', faces: ['x-min', 'Face3'] }],
      loads: [{ type: 'force', faces: ['top'], force_n: 5, direction: [0, 0, -2] }],
    });
    expect(s.type === 'fem' && s.analysis).toBe('static');
    expect(FemJobSpec.safeParse({ type: 'fem', part: 'x', constraints: [{ type: 'fixed', faces: ['Face0'] }] }).success).toBe(false);
    expect(FemJobSpec.safeParse({ type: 'fem', part: 'x', constraints: [{ type: 'fixed', faces: ['left'] }] }).success).toBe(false);
    expect(
      FemJobSpec.safeParse({ type: 'fem', part: 'x', loads: [{ type: 'force', faces: ['top'], force_n: 5, direction: [0, 0, 0] }] })
        .success,
    ).toBe(false);
    expect(FemJobSpec.safeParse({ type: 'fem', part: 'x', loads: [{ type: 'pressure', faces: ['top'], pressure_mpa: 0 }] }).success).toBe(
      false,
    );
  });

  it('materials: elastic data in solver units; a material without it is FEM_MATERIAL_INCOMPLETE', () => {
    expect(femMaterial(steel)).toEqual({
      id: 'steel-s235',
      youngs_modulus_mpa: 210_000,
      poisson_ratio: 0.3,
      density_kg_m3: 7850,
      yield_strength_mpa: 235,
    });
    expect(() => femMaterial(wood)).toThrow(expect.objectContaining({ code: 'FEM_MATERIAL_INCOMPLETE' }));
  });

  it('a static model must be held (FEM_RIGID_BODY, every direction free) and loaded; a modal one need not', () => {
    const load = { type: 'force' as const, faces: ['x-max'], force_n: 1, direction: [0, 0, 1] as [number, number, number] };
    expect(() => checkModel({ analysis: 'static', constraints: [], loads: [load] })).toThrow(
      expect.objectContaining({ code: 'FEM_RIGID_BODY', details: expect.objectContaining({ free: ['x', 'y', 'z', 'rx', 'ry', 'rz'] }) }),
    );
    expect(() => checkModel({ analysis: 'static', constraints: [{ type: 'fixed', faces: ['x-min'] }], loads: [] })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_ERROR' }),
    );
    expect(() => checkModel({ analysis: 'modal', constraints: [], loads: [] })).not.toThrow();
  });

  it('reactions must balance the applied loads within 2 %', () => {
    expect(() => checkBalance({ reaction_n: [0, 0, 100], applied_n: [0, 0, -100] })).not.toThrow();
    expect(() => checkBalance({ reaction_n: [0, 0, 98.5], applied_n: [0, 0, -100] })).not.toThrow();
    expect(() => checkBalance({ reaction_n: [0, 0, 97], applied_n: [0, 0, -100] })).toThrow(
      expect.objectContaining({ code: 'FEM_SOLVER_FAILED' }),
    );
    expect(() => checkBalance({ reaction_n: [0, 0, 99], applied_n: null })).not.toThrow();
  });

  it('the summary: factor of safety against yield, mass from the volume', () => {
    const worker = {
      analysis: 'static' as const,
      nodes: 10,
      elements: 2,
      max_von_mises_mpa: 47,
      max_von_mises_at_mm: [0, 0, 0] as [number, number, number],
      max_displacement_mm: 0.2,
      max_displacement_at_mm: [100, 0, 0] as [number, number, number],
      reaction_n: [0, 0, 1] as [number, number, number],
      applied_n: [0, 0, -1] as [number, number, number],
      frequencies_hz: null,
      faces: { constraints: [['Face1']], loads: [['Face2']] },
      mesh_size_mm: 2,
      second_order: true,
      volume_mm3: 10_000,
      ccx_seconds: 1,
    };
    const s = summary(worker, femMaterial(steel));
    expect(s.factor_of_safety).toBe(5);
    expect(s.mass_kg).toBeCloseTo(0.0785, 6);
    expect(summary({ ...worker, analysis: 'modal', max_von_mises_mpa: null }, femMaterial(steel)).factor_of_safety).toBeNull();
  });

  it('tezgah fem flags: faces joined with +, a force vector whose length is the force, units optional', () => {
    expect(forceLoad('x-max:0,0,-100N')).toEqual({ type: 'force', faces: ['x-max'], force_n: 100, direction: [0, 0, -100] });
    expect(forceLoad('Face1+Face2:3,4,0')).toMatchObject({ faces: ['Face1', 'Face2'], force_n: 5 });
    expect(() => forceLoad('x-max:0,0')).toThrow(/X,Y,Z/);
    expect(() => forceLoad('x-max:0,0,0')).toThrow(/0 N/);
    const id = '12345678-1234-1234-1234-123456789abc';
    const s = femSpecFromArgs([id], { fix: ['x-min'], pressure: ['top:2MPa'], mesh: '2mm', 'first-order': true, analysis: 'static' });
    expect(s).toMatchObject({
      part: id,
      analysis: 'static',
      constraints: [{ type: 'fixed', faces: ['x-min'] }],
      loads: [{ type: 'pressure', faces: ['top'], pressure_mpa: 2 }],
      mesh: { size_mm: 2, second_order: false },
    });
    expect(() => femSpecFromArgs([id], { fix: ['left'] })).toThrow(/--fix: 'left'/);
    expect(() => femSpecFromArgs([id], { analysis: 'buckling' })).toThrow(/--analysis/);
    expect(() => femSpecFromArgs([], {})).toThrow(/missing the part/);
    expect(femSpecFromArgs([], {}, { part: id, analysis: 'modal', modes: 4 })).toMatchObject({ analysis: 'modal', modes: 4 });
    expect(unit([0, 0, -100])).toEqual([0, 0, -1]);
    expect(unit([3, 4, 0])).toEqual([0.6, 0.8, 0]);
  });
});
