// FEM end to end against the real FreeCAD 1.1, Gmsh and CalculiX: a steel cantilever
// 100 × 10 × 10 mm (the `block` template), fixed at x = 0, 100 N down at the free end, checked against
// Euler–Bernoulli beam theory; the same beam's first bending frequency; a model without supports.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRecord } from '../../shared/jobs.js';
import { resultOf } from '../../shared/jobs.js';
import { Workbench } from '../../electron/app/app.js';
import { tezgah } from '../support/cli.js';

// beam: L = 100 mm, b = h = 10 mm; steel-s235 in the library: E = 210 GPa, ν = 0.3, ρ = 7850 kg/m³
const L = 100;
const b = 10;
const h = 10;
const P = 100;
const E = 210_000; // MPa
const I = (b * h ** 3) / 12; // mm⁴
const RHO = 7850e-12; // t/mm³ (N s²/mm⁴)
const A = b * h;

describe('FEM: a steel cantilever against beam theory', () => {
  let dataDir: string;
  let wb: Workbench;
  let partId: string;
  let staticJob: JobRecord;

  const finished = async (spec: unknown) => wb.jobs.waitFor((await wb.jobs.submit(spec)).id);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tezgah-fem-'));
    wb = new Workbench({ dataDir, poolSize: 1 });
    const part = await finished({
      type: 'template',
      template: 'block',
      params: { length: L, width: b, height: h },
      material: 'steel-s235',
    });
    expect(part.status).toBe('succeeded');
    partId = part.id;
    staticJob = await finished({
      type: 'fem',
      part: partId,
      analysis: 'static',
      constraints: [{ type: 'fixed', faces: ['x-min'] }],
      loads: [{ type: 'force', faces: ['x-max'], force_n: P, direction: [0, 0, -1] }],
      mesh: { size_mm: 2.5 },
    });
  }, 120_000);
  afterAll(async () => {
    await wb?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('static: tip deflection within 3 % of PL³/3EI, stresses near Mc/I, reactions balance the load', () => {
    expect(staticJob.error).toBeNull();
    expect(staticJob.status).toBe('succeeded');
    expect(staticJob.document.steps.map((s) => [s.name, s.status])).toEqual([
      ['fem_setup', 'done'],
      ['fem_mesh', 'done'],
      ['fem_solve', 'done'],
      ['fem_post', 'done'],
      ['store_artefacts', 'done'],
    ]);
    const fem = resultOf(staticJob, 'fem')!;
    expect(fem.material.id).toBe('steel-s235');
    expect(fem.faces).toEqual({ constraints: [['Face1']], loads: [['Face2']] });
    expect(fem.second_order).toBe(true);
    expect(fem.nodes).toBeGreaterThan(1000);
    expect(fem.elements).toBeGreaterThan(500);

    const tip = (P * L ** 3) / (3 * E * I); // 0.1905 mm
    // the largest displacement is at the free end, downwards
    expect(fem.max_displacement_at_mm![0]).toBeCloseTo(L, 3);
    expect(Math.abs(fem.max_displacement_mm! - tip) / tip).toBeLessThan(0.03);

    // bending stress at the root M·c/I = 60 MPa; the clamped corner is a singularity, so the peak
    // sits at the root a little above it
    const root = (P * L * (h / 2)) / I;
    expect(fem.max_von_mises_at_mm![0]).toBeLessThan(5);
    expect(fem.max_von_mises_mpa!).toBeGreaterThan(root * 0.95);
    expect(fem.max_von_mises_mpa!).toBeLessThan(root * 1.5);
    expect(fem.factor_of_safety).toBeCloseTo(235 / fem.max_von_mises_mpa!, 2);

    // the supports carry the load: +100 N in z
    expect(fem.applied_n).toEqual([0, 0, -P]);
    expect(fem.reaction_n![2]).toBeCloseTo(P, 2);
    expect(Math.abs(fem.reaction_n![0]) + Math.abs(fem.reaction_n![1])).toBeLessThan(1e-3);
    expect(fem.mass_kg).toBeCloseTo(L * b * h * 7850e-9, 6);
    expect(fem.frequencies_hz).toBeNull();

    // the nodal CSV, read again: away from the clamp (x = 50 mm, top and bottom fibres) von Mises
    // follows M(x)·c/I and the deflection the beam's elastic line
    const arts = wb.jobs.artefactsOf(staticJob.id);
    expect(arts.map((a) => a.kind).sort()).toEqual(['csv', 'fcstd', 'frd', 'inp', 'vtu']);
    const csv = readFileSync(wb.artefacts.pathFor(arts.find((a) => a.kind === 'csv')!.sha256), 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toBe('node,x_mm,y_mm,z_mm,ux_mm,uy_mm,uz_mm,u_mm,von_mises_mpa');
    const rows = csv.slice(1).map((l) => l.split(',').map(Number));
    expect(rows.length).toBe(fem.nodes);
    const band = rows.filter((r) => r[1]! > 40 && r[1]! < 60);
    const mean = (xs: number[]) => xs.reduce((a, v) => a + v, 0) / xs.length;
    for (const z of [0, h]) {
      const fibre = band.filter((r) => Math.abs(r[3]! - z) < 1e-6 && r[2]! > 2 && r[2]! < 8);
      expect(fibre.length).toBeGreaterThan(5);
      const err = mean(fibre.map((r) => (r[8]! - (P * (L - r[1]!) * (h / 2)) / I) / ((P * (L - r[1]!) * (h / 2)) / I)));
      expect(Math.abs(err)).toBeLessThan(0.05);
    }
    // the elastic line w(x) = P x² (3L − x) / 6EI, on every node of the band
    const line = (x: number) => (P * x ** 2 * (3 * L - x)) / (6 * E * I);
    expect(Math.abs(mean(band.map((r) => (-r[6]! - line(r[1]!)) / line(r[1]!))))).toBeLessThan(0.03);
    const vtu = readFileSync(wb.artefacts.pathFor(arts.find((a) => a.kind === 'vtu')!.sha256), 'utf8').slice(0, 200);
    expect(vtu).toContain('VTKFile');
  });

  it('modal: the first bending frequency within 3 % of Euler–Bernoulli', async () => {
    const job = await finished({
      type: 'fem',
      part: partId,
      analysis: 'modal',
      modes: 2,
      constraints: [{ type: 'fixed', faces: ['x-min'] }],
      mesh: { size_mm: 2.5 },
    });
    expect(job.error).toBeNull();
    const fem = resultOf(job, 'fem')!;
    const f1 = (1.875104 ** 2 / (2 * Math.PI)) * Math.sqrt((E * I) / (RHO * A * L ** 4)); // 835.5 Hz
    expect(fem.frequencies_hz).toHaveLength(2);
    // a square section bends alike about y and z: the first two modes are the same frequency
    for (const f of fem.frequencies_hz!) expect(Math.abs(f - f1) / f1).toBeLessThan(0.03);
    expect(fem.max_von_mises_mpa).toBeNull();
    expect(fem.factor_of_safety).toBeNull();
  }, 90_000);

  it('a pressure on the top face: the reactions carry p·A, the tip deflects wL⁴/8EI; a mesh past the node limit is SIM_LIMIT_EXCEEDED with a size that fits', async () => {
    const p = 0.1; // MPa on 100 × 10 mm: 100 N, w = 1 N/mm
    const job = await finished({
      type: 'fem',
      part: partId,
      constraints: [{ type: 'fixed', faces: ['x-min'] }],
      loads: [{ type: 'pressure', faces: ['top'], pressure_mpa: p }],
      mesh: { size_mm: 4 },
    });
    expect(job.error).toBeNull();
    const fem = resultOf(job, 'fem')!;
    expect(fem.faces.loads).toEqual([['Face6']]);
    expect(fem.applied_n![2]).toBeCloseTo(-p * L * b, 6);
    // ccx's reaction sum leaves out the load on the supported nodes themselves (the top face's
    // nodes at x = 0): within 1 % here, not exact
    expect(Math.abs(fem.reaction_n![2] - p * L * b) / (p * L * b)).toBeLessThan(0.01);
    const w = p * b;
    const tip = (w * L ** 4) / (8 * E * I); // 0.0714 mm
    expect(Math.abs(fem.max_displacement_mm! - tip) / tip).toBeLessThan(0.03);

    const big = await finished({
      type: 'fem',
      part: partId,
      constraints: [{ type: 'fixed', faces: ['x-min'] }],
      loads: [{ type: 'pressure', faces: ['top'], pressure_mpa: p }],
      mesh: { size_mm: 4 },
      max_nodes: 300,
    });
    expect(big.status).toBe('failed');
    expect(big.error?.code).toBe('SIM_LIMIT_EXCEEDED');
    const suggested = big.error?.details?.suggested_mm as number;
    expect(suggested).toBeGreaterThan(4);
    expect(big.error?.details?.nodes).toBeGreaterThan(300);
  }, 60_000);

  it('a static model without supports is refused before any run (FEM_RIGID_BODY); a bad selector names the faces', async () => {
    await expect(
      wb.jobs.submit({ type: 'fem', part: partId, loads: [{ type: 'force', faces: ['x-max'], force_n: 10, direction: [0, 0, -1] }] }),
    ).rejects.toMatchObject({ code: 'FEM_RIGID_BODY', details: { free: ['x', 'y', 'z', 'rx', 'ry', 'rz'] } });
    const bad = await finished({
      type: 'fem',
      part: partId,
      constraints: [{ type: 'fixed', faces: ['Face9'] }],
      loads: [{ type: 'force', faces: ['x-max'], force_n: 10, direction: [0, 0, -1] }],
    });
    expect(bad.status).toBe('failed');
    expect(bad.error?.code).toBe('FEM_SELECTION_EMPTY');
    expect(bad.error?.details).toMatchObject({ selector: 'Face9', field: 'constraints.0.faces' });
  }, 60_000);

  it('tezgah fem: the same model from flags is the same job (cached); the summary in the --json shape; a model without supports exits 1 with FEM_RIGID_BODY', async () => {
    const r = await tezgah([
      'fem',
      partId,
      '--fix',
      'x-min',
      '--load',
      'x-max:0,0,-100N',
      '--mesh',
      '2.5mm',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.json.job.cached).toBe(true);
    expect(wb.jobs.get(r.json.job.id).spec_hash).toBe(staticJob.spec_hash);
    const fem = resultOf(staticJob, 'fem')!;
    expect(r.json.fem).toMatchObject({
      analysis: 'static',
      nodes: fem.nodes,
      max_von_mises_mpa: fem.max_von_mises_mpa,
      max_displacement_mm: fem.max_displacement_mm,
      displacement_at_max_mm: fem.max_displacement_at_mm,
      reaction_n: fem.reaction_n,
      frequencies_hz: null,
      factor_of_safety: fem.factor_of_safety,
      max_temperature_c: null,
    });
    expect(r.json.error).toBeNull();
    // a spec file: the flags' model, written out
    const specFile = join(dataDir, 'beam.json');
    writeFileSync(
      specFile,
      JSON.stringify({
        constraints: [{ type: 'fixed', faces: ['x-min'] }],
        loads: [{ type: 'force', faces: ['x-max'], force_n: 100, direction: [0, 0, -1] }],
        mesh: { size_mm: 2.5 },
      }),
    );
    const fromFile = await tezgah(['fem', partId, '--spec', specFile, '--json', '--data-dir', dataDir]);
    expect(fromFile.code).toBe(0);
    expect(wb.jobs.get(fromFile.json.job.id).spec_hash).toBe(staticJob.spec_hash);
    const free = await tezgah(['fem', partId, '--load', 'x-max:0,0,-100', '--json', '--data-dir', dataDir]);
    expect(free.code).toBe(1);
    expect(free.json.error.code).toBe('FEM_RIGID_BODY');
    const bad = await tezgah(['fem', partId, '--fix', 'left', '--json', '--data-dir', dataDir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--fix: 'left'");
  }, 60_000);
});
