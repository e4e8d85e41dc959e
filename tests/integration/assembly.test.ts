// Assemblies end to end against the real FreeCAD 1.1 Assembly workbench: the issue's pin-in-plate
// spec as written, joints of every kind the flow solves on a moved and turned plate (each component
// checked against the geometry worked out here, independently of the solver), a clash, conflicting
// joints, and a spec refused before FreeCAD starts.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { NodeIO } from '@gltf-transform/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIN_IN_PLATE_EXAMPLE, rotate, type Quat, type Vec3 } from '../../shared/assembly.js';
import type { JobRecord } from '../../shared/jobs.js';
import type { AssemblyResult } from '../../shared/results/assembly.js';
import { eulerToQuat } from '../../electron/domains/assembly/flow.js';
import { Workbench } from '../../electron/app/app.js';
import { createApiHandlers } from '../../electron/hosts/api/handlers.js';

const bin = join(resolve(import.meta.dirname, '../..'), 'bin', 'tezgah.mjs');
const ALU = 2.7; // g/cm³, aluminium-6061 in the seeded library
const PLATE = { length: 100, width: 60, height: 10, hole_diameter: 10 };
const plate = (params = PLATE) => ({ type: 'template', spec: { type: 'template', template: 'prism-with-hole', params } });
const shaft = (diameter: number, length: number) => ({
  type: 'template',
  spec: { type: 'template', template: 'shaft', params: { diameter, length, chamfer: 0 } },
});

const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const add = (a: Vec3, b: Vec3): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const Z: Vec3 = [0, 0, 1];
const X: Vec3 = [1, 0, 0];
const near = (a: readonly number[], b: readonly number[], tol = 1e-6) =>
  a.forEach((v, i) => expect(Math.abs(v - b[i]!), `${a} vs ${b}`).toBeLessThanOrEqual(tol));
/** distance of p from the line through o along unit d */
const offLine = (p: Vec3, o: Vec3, d: Vec3) => {
  const v = sub(p, o);
  const t = dot(v, d);
  return Math.hypot(v[0] - t * d[0], v[1] - t * d[1], v[2] - t * d[2]);
};

describe('assembly: parts placed by joints, solved by FreeCAD’s Assembly workbench', () => {
  let dataDir: string;
  let wb: Workbench;
  const finished = async (assembly: unknown) => wb.jobs.waitFor((await wb.jobs.submit({ type: 'assembly', assembly })).id);
  const resultOf = (job: JobRecord) => (job.document.result as { assembly: AssemblyResult }).assembly;
  const fileOf = (job: JobRecord, kind: string) => {
    const a = wb.jobs.artefactsOf(job.id).find((x) => x.kind === kind)!;
    return { name: a.name, bytes: readFileSync(wb.artefacts.pathFor(a.sha256)) };
  };

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tezgah-asm-'));
    wb = new Workbench({ dataDir, poolSize: 1 });
  });
  afterAll(async () => {
    await wb?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('pin-in-plate as the issue writes it: the pin on the hole’s axis, DOF 1, the FCStd keeps the placements, GLB and BOM', async () => {
    const job = await finished(PIN_IN_PLATE_EXAMPLE);
    expect(job.error).toBeNull();
    expect(job.status).toBe('succeeded');
    const r = resultOf(job);
    // the template puts the hole at (length/2, width/2) through Z; the LCS names its bottom end
    const axisStart: Vec3 = [PLATE.length / 2, PLATE.width / 2, 0];
    const pin = r.placements.pin!;
    near(pin.position, axisStart);
    near(rotate(pin.rotation_quat as Quat, Z), Z, 1e-9); // the pin's axis is the hole's
    near(r.placements.plate!.position, [0, 0, 0], 0);
    expect(r.residuals.j1!.mm).toBeLessThanOrEqual(1e-6);
    expect(r.residuals.j1!.rad).toBeLessThanOrEqual(1e-5);
    expect(r.dof).toEqual({ global: 1, joints: { j1: 1 } });
    expect(r.solver.redundant).toBe(false);
    // the pin fills the hole exactly: touching, not overlapping
    expect(r.collision_mode).toBe('allow');
    expect(r.collisions).toEqual([]);
    expect(r.checked_pairs + r.pruned_pairs).toBe(1);
    expect(r.holes).toEqual({ pin: 0, plate: 1 });
    // saved, closed and opened again: same placements, and the joints are in the file
    expect(r.reopened).toEqual(r.placements);
    expect(r.joints_in_file).toEqual(['ground plate', 'j1']);

    const plateVolume = PLATE.length * PLATE.width * PLATE.height - Math.PI * 25 * PLATE.height;
    const pinVolume = Math.PI * 25 * 30;
    expect(r.bom.map((l) => [l.designation, l.qty, l.material])).toEqual([
      ['prism-with-hole height=10 hole_diameter=10 length=100 width=60', 1, 'aluminium-6061'],
      ['shaft chamfer=0 diameter=10 length=30', 1, 'aluminium-6061'],
    ]);
    expect(r.bom[0]!.volume_mm3).toBeCloseTo(plateVolume, 3);
    expect(r.bom[1]!.mass_g!).toBeCloseTo((pinVolume / 1000) * ALU, 2);
    expect(job.metrics?.mass_g).toBeCloseTo(((plateVolume + pinVolume) / 1000) * ALU, 2);

    const csv = fileOf(job, 'bom_csv').bytes.toString('utf8').trimEnd().split('\n');
    expect(csv[0]).toBe('designation,qty,components,source,source_sha256,material,volume_mm3,mass_g_each,mass_g_total');
    expect(csv).toHaveLength(3);
    expect(csv[2]).toMatch(/^shaft chamfer=0 diameter=10 length=30,1,pin,template,[0-9a-f]{64},aluminium-6061,/);

    const glb = await new NodeIO().readBinary(new Uint8Array(fileOf(job, 'glb').bytes));
    const root = glb.getRoot().listScenes()[0]!.listChildren()[0]!;
    const nodes = root.listChildren();
    expect(nodes.map((n) => n.getName())).toEqual(['pin', 'plate']);
    near(nodes[0]!.getTranslation(), pin.position, 1e-9);
    expect(nodes.every((n) => n.getMesh() !== null)).toBe(true);
    expect(fileOf(job, 'fcstd').name).toBe('pin-in-plate.FCStd');

    // the exploded view (auto, factor 1): the pin comes up out of the hole along the joint's axis by its own length
    expect(r.exploded).toMatchObject({ mode: 'auto', factor: 1 });
    near(r.exploded.offsets.plate!, [0, 0, 0], 0);
    near(r.exploded.offsets.pin!, [0, 0, 30], 1e-6);
    near(r.exploded.placements.pin!.position, [50, 30, 30], 1e-6);
    near(r.exploded.placements.pin!.rotation_quat, pin.rotation_quat, 1e-12);
    const explodedGlb = wb.jobs.artefactsOf(job.id).find((a) => a.kind === 'glb' && a.meta.exploded)!;
    expect(explodedGlb.name).toBe('pin-in-plate-exploded.glb');
    const eg = await new NodeIO().readBinary(new Uint8Array(readFileSync(wb.artefacts.pathFor(explodedGlb.sha256))));
    const enodes = eg.getRoot().listScenes()[0]!.listChildren()[0]!.listChildren();
    expect(enodes.map((n) => n.getName())).toEqual(['pin', 'plate']);
    near(enodes[0]!.getTranslation(), [50, 30, 30], 1e-6);
    near(enodes[1]!.getTranslation(), [0, 0, 0], 0);
  });

  it('fixed, revolute (to hole:1), cylindrical and slider joints on a moved, turned plate land where the geometry says', async () => {
    const pos: Vec3 = [10, -20, 5];
    const euler: Vec3 = [30, 0, 45];
    const q = eulerToQuat(euler);
    const world = (p: Vec3) => add(rotate(q, p), pos);
    const job = await finished({
      name: 'four joints',
      units: 'mm',
      components: [
        {
          id: 'plate',
          grounded: true,
          source: plate(),
          initial_placement: { pos, rot_euler_deg: euler },
          lcs: [
            { name: 'rail', origin: [20, 15, 10] },
            { name: 'guide', origin: [80, 45, 10], axes: { x: [0, 1, 0], z: [1, 0, 0] } },
          ],
        },
        { id: 'pin', source: shaft(10, 30), lcs: [{ name: 'top', origin: [0, 0, 30] }] },
        { id: 'cap', source: shaft(16, 4) },
        { id: 'rod', source: shaft(4, 20) },
        { id: 'block', source: shaft(6, 8) },
      ],
      joints: [
        { id: 'j1', type: 'revolute', a: { component: 'plate', ref: 'hole:1' }, b: { component: 'pin', ref: 'origin' } },
        { id: 'j2', type: 'fixed', a: { component: 'pin', ref: 'lcs:top' }, b: { component: 'cap', ref: 'origin' } },
        {
          id: 'j3',
          type: 'cylindrical',
          a: { component: 'plate', ref: 'lcs:rail' },
          b: { component: 'rod', ref: 'origin' },
          limits: { z_mm: [-50, 50] },
        },
        { id: 'j4', type: 'slider', a: { component: 'plate', ref: 'lcs:guide' }, b: { component: 'block', ref: 'origin' } },
      ],
      options: { collision: { mode: 'allow' }, exploded: { auto: true, factor: 2 } },
    });
    expect(job.error).toBeNull();
    const r = resultOf(job);
    for (const j of ['j1', 'j2', 'j3', 'j4']) {
      expect(r.residuals[j]!.mm, j).toBeLessThanOrEqual(1e-6);
      expect(r.residuals[j]!.rad, j).toBeLessThanOrEqual(1e-5);
    }
    expect(r.dof).toEqual({ global: 4, joints: { j1: 1, j2: 0, j3: 2, j4: 1 } });
    const at = (id: string) => r.placements[id]!;
    // revolute: the hole found on the geometry (its bottom end, axis +Z of the plate) moved with the plate
    near(at('pin').position, world([50, 30, 0]));
    near(rotate(at('pin').rotation_quat as Quat, Z), rotate(q, Z), 1e-9);
    // fixed: the cap sits on the pin's top, turned as the pin is
    near(at('cap').position, add(rotate(at('pin').rotation_quat as Quat, [0, 0, 30]), at('pin').position));
    near(at('cap').rotation_quat, at('pin').rotation_quat, 1e-9);
    // cylindrical: the rod's axis on the rail's line, free along and around it
    expect(offLine(at('rod').position as Vec3, world([20, 15, 10]), rotate(q, Z))).toBeLessThanOrEqual(1e-6);
    near(rotate(at('rod').rotation_quat as Quat, Z), rotate(q, Z), 1e-9);
    // slider: on the guide's line (its z is the plate's X), turned exactly as the guide
    const guideZ = rotate(q, X);
    expect(offLine(at('block').position as Vec3, world([80, 45, 10]), guideZ)).toBeLessThanOrEqual(1e-6);
    near(rotate(at('block').rotation_quat as Quat, Z), guideZ, 1e-9);
    near(rotate(at('block').rotation_quat as Quat, X), rotate(q, [0, 1, 0]), 1e-9);
    expect(r.reopened).toEqual(r.placements);
    // exploded ×2: the pin leaves the turned plate along its hole's axis by twice its extent that way
    // (the box of a cylinder of axis u: 30·|uᵢ| + 10·√(1 − uᵢ²) on each world axis); the cap rides on
    // the pin and moves further the same way
    const u = rotate(q, Z);
    const extent = u.reduce((n, ui) => n + Math.abs(ui) * (30 * Math.abs(ui) + 10 * Math.sqrt(1 - ui * ui)), 0);
    expect(r.exploded.mode).toBe('auto');
    expect(r.exploded.factor).toBe(2);
    near(
      r.exploded.offsets.pin!,
      u.map((c) => 2 * extent * c),
      1e-3,
    );
    const capOff = sub(r.exploded.offsets.cap! as Vec3, r.exploded.offsets.pin! as Vec3);
    expect(dot(capOff, u)).toBeGreaterThan(0);
    expect(offLine(capOff, [0, 0, 0], u)).toBeLessThanOrEqual(1e-6);
    near(r.exploded.offsets.plate!, [0, 0, 0], 0);
    for (const id of ['pin', 'cap', 'rod', 'block'])
      near(r.exploded.placements[id]!.position, add(at(id).position as Vec3, r.exploded.offsets[id]! as Vec3), 1e-6);
    // the pin and the cap are one BOM line each; four shafts of different sizes are four lines
    expect(r.bom.map((l) => l.qty)).toEqual([1, 1, 1, 1, 1]);
  });

  it('a pin 2 mm larger than its hole is ASSEMBLY_CLASH with volume π(r₁² − r₀²)·h; conflicting joints are FC_A4_UNSOLVED', async () => {
    const clash = await finished({
      ...PIN_IN_PLATE_EXAMPLE,
      components: [PIN_IN_PLATE_EXAMPLE.components[0], { id: 'pin', source: shaft(12, 30) }],
      options: { collision: { mode: 'validate' } },
    });
    expect(clash.status).toBe('failed');
    expect(clash.error?.code).toBe('ASSEMBLY_CLASH');
    const collisions = clash.error?.details?.collisions as { a: string; b: string; volume_mm3: number }[];
    expect(collisions.map((c) => [c.a, c.b])).toEqual([['pin', 'plate']]);
    const expected = Math.PI * (6 ** 2 - 5 ** 2) * PLATE.height;
    expect(Math.abs(collisions[0]!.volume_mm3 - expected) / expected).toBeLessThan(1e-3);

    const conflict = await finished({
      ...PIN_IN_PLATE_EXAMPLE,
      components: [
        {
          ...PIN_IN_PLATE_EXAMPLE.components[0],
          lcs: [...PIN_IN_PLATE_EXAMPLE.components[0].lcs, { name: 'corner', origin: [20, 20, 0] }],
        },
        PIN_IN_PLATE_EXAMPLE.components[1],
      ],
      joints: [
        ...PIN_IN_PLATE_EXAMPLE.joints,
        { id: 'j2', type: 'fixed', a: { component: 'plate', ref: 'lcs:corner' }, b: { component: 'pin', ref: 'origin' } },
      ],
    });
    expect(conflict.status).toBe('failed');
    expect(conflict.error?.code).toBe('FC_A4_UNSOLVED');
    const violated = conflict.error?.details?.violated as string[];
    expect(violated.length).toBeGreaterThan(0);
    expect(conflict.error?.details?.redundant).toBe(true);
    // the two LCS are √(30² + 10²) apart: whichever joint gave way is off by that much
    const residuals = conflict.error?.details?.residuals as Record<string, { mm: number }>;
    expect(residuals[violated[0]!]!.mm).toBeCloseTo(Math.hypot(30, 10), 1);
    expect(conflict.error?.message).toContain('could not satisfy');

    // a feature the geometry does not have: found out in FreeCAD, worded in both languages
    const noHole = structuredClone(PIN_IN_PLATE_EXAMPLE) as any;
    noHole.joints[0].a.ref = 'hole:2';
    const missing = await finished(noHole);
    expect(missing.error?.code).toBe('ASSEMBLY_UNKNOWN_REF');
    expect(missing.error?.details).toMatchObject({
      field: 'joints.j1.a.ref',
      problem: 'noHole',
      count: 1,
      detail: {
        en: 'component "plate" has no "hole:2" (cylindrical holes found: 1)',
        tr: '"plate" bileşeninde "hole:2" yok (bulunan silindirik delik sayısı: 1)',
      },
    });
  });

  it('an unknown component or nothing grounded is refused before FreeCAD runs, with a coded error naming it', async () => {
    const unknown = structuredClone(PIN_IN_PLATE_EXAMPLE) as any;
    unknown.joints[0].b.component = 'bolt';
    await expect(wb.jobs.submit({ type: 'assembly', assembly: unknown })).rejects.toMatchObject({
      code: 'ASSEMBLY_UNKNOWN_REF',
      details: { field: 'joints[0].b.component' },
    });
    const loose = structuredClone(PIN_IN_PLATE_EXAMPLE) as any;
    delete loose.components[0].grounded;
    await expect(wb.jobs.submit({ type: 'assembly', assembly: loose })).rejects.toMatchObject({ code: 'ASSEMBLY_NOT_GROUNDED' });
  });

  it('two drivers step together: a revolute 0→90° in 10° steps and a cylindrical driven in z and angle, each frame where the drivers say', async () => {
    const spec = structuredClone(PIN_IN_PLATE_EXAMPLE) as any;
    spec.joints[0].limits = { angle_deg: [0, 90] };
    spec.components[0].lcs.push({ name: 'rail', origin: [20, 15, 10] });
    spec.components.push({ id: 'rod', source: shaft(4, 20) });
    spec.joints.push({ id: 'j2', type: 'cylindrical', a: { component: 'plate', ref: 'lcs:rail' }, b: { component: 'rod', ref: 'origin' } });
    spec.drivers = [
      { joint: 'j1', param: 'angle', start: 0, end: 90, step: 10 },
      { joint: 'j2', param: 'z', start: 0, end: 20, step: 5 },
      { joint: 'j2', param: 'angle', start: 0, end: 45, step: 15 },
    ];
    const job = await finished(spec);
    expect(job.error).toBeNull();
    const r = resultOf(job);
    expect(r.sweep!.drivers).toEqual([
      { joint: 'j1', param: 'angle' },
      { joint: 'j2', param: 'z' },
      { joint: 'j2', param: 'angle' },
    ]);
    const frames = r.sweep!.frames;
    // ten frames (the longest driver); the shorter ones hold their end once they run out
    expect(frames.map((f) => f.values[0])).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(frames.map((f) => f.values[1])).toEqual([0, 5, 10, 15, 20, 20, 20, 20, 20, 20]);
    expect(frames.map((f) => f.values[2])).toEqual([0, 15, 30, 45, 45, 45, 45, 45, 45, 45]);
    for (const f of frames) {
      expect(f.valid, `frame ${f.values}`).toBe(true);
      const p = f.placements.pin!;
      const t = (f.values[0]! * Math.PI) / 180;
      near(p.position, [50, 30, 0]);
      near(rotate(p.rotation_quat as Quat, X), [Math.cos(t), Math.sin(t), 0], 1e-9);
      near(rotate(p.rotation_quat as Quat, Z), Z, 1e-9);
      const rod = f.placements.rod!;
      const u = (f.values[2]! * Math.PI) / 180;
      near(rod.position, [20, 15, 10 + f.values[1]!]);
      near(rotate(rod.rotation_quat as Quat, X), [Math.cos(u), Math.sin(u), 0], 1e-9);
      near(f.placements.plate!.position, [0, 0, 0], 0);
    }
    // the saved assembly is the solved one, not the last frame
    expect(r.reopened).toEqual(r.placements);
    // a sweep beyond the joint's limits is refused before FreeCAD runs
    spec.drivers[0].end = 120;
    await expect(wb.jobs.submit({ type: 'assembly', assembly: spec })).rejects.toMatchObject({ code: 'ASSEMBLY_SPEC_INVALID' });
  });

  it('planar joints hold: each block’s face on its plane (every corner checked), the free x, y and angle left where they were', async () => {
    const block = { type: 'template', spec: { type: 'template', template: 'block', params: { length: 20, width: 20, height: 8 } } };
    const job = await finished({
      name: 'planar',
      units: 'mm',
      components: [
        {
          id: 'plate',
          grounded: true,
          source: plate(),
          lcs: [
            { name: 'top', origin: [0, 0, 10] },
            { name: 'front', origin: [50, 0, 5], axes: { z: [0, -1, 0] } },
          ],
        },
        // tilted 3° and 10 mm above: the joint must lay it flat
        { id: 'a', source: block, initial_placement: { pos: [30, 10, 17], rot_euler_deg: [3, 0, 20] } },
        // already flat, only lifted: nothing but its height may change
        { id: 'c', source: block, initial_placement: { pos: [60, 40, 25], rot_euler_deg: [0, 0, -35] } },
        // on the plate's front face (normal −Y), started tilted
        { id: 'b', source: block, initial_placement: { pos: [40, -3, 2], rot_euler_deg: [88, 0, 5] } },
      ],
      joints: [
        { id: 'pa', type: 'planar', a: { component: 'plate', ref: 'lcs:top' }, b: { component: 'a', ref: 'origin' } },
        { id: 'pb', type: 'planar', a: { component: 'plate', ref: 'lcs:front' }, b: { component: 'b', ref: 'origin' } },
        { id: 'pc', type: 'planar', a: { component: 'plate', ref: 'lcs:top' }, b: { component: 'c', ref: 'origin' } },
      ],
      options: { collision: { mode: 'validate' } },
    });
    expect(job.error).toBeNull();
    const r = resultOf(job);
    for (const j of ['pa', 'pb', 'pc']) {
      expect(r.residuals[j]!.mm, j).toBeLessThanOrEqual(1e-6);
      expect(r.residuals[j]!.rad, j).toBeLessThanOrEqual(1e-5);
    }
    expect(r.dof).toEqual({ global: 9, joints: { pa: 3, pb: 3, pc: 3 } });
    const corners: Vec3[] = [
      [0, 0, 0],
      [20, 0, 0],
      [0, 20, 0],
      [20, 20, 0],
    ];
    const world = (id: string, p: Vec3) => add(rotate(r.placements[id]!.rotation_quat as Quat, p), r.placements[id]!.position as Vec3);
    // the blocks' bottom faces lie in the plate's top plane (z = 10) and front plane (y = 0)
    for (const id of ['a', 'c']) {
      for (const k of corners) expect(Math.abs(world(id, k)[2] - 10), `${id} ${k}`).toBeLessThanOrEqual(1e-6);
      near(rotate(r.placements[id]!.rotation_quat as Quat, Z), Z, 1e-9);
    }
    for (const k of corners) expect(Math.abs(world('b', k)[1]), `b ${k}`).toBeLessThanOrEqual(1e-6);
    near(rotate(r.placements.b!.rotation_quat as Quat, Z), [0, -1, 0], 1e-9);
    // the free DOFs stay free: c keeps its x, y and turn exactly; a and b move only by the tilt taken out
    near(r.placements.c!.position, [60, 40, 10]);
    const t = (-35 * Math.PI) / 180;
    near(rotate(r.placements.c!.rotation_quat as Quat, X), [Math.cos(t), Math.sin(t), 0], 1e-9);
    near(r.placements.a!.position.slice(0, 2), [30, 10], 1);
    near([r.placements.b!.position[0], r.placements.b!.position[2]], [40, 2], 1);
    expect(r.collisions).toEqual([]);
    expect(r.reopened).toEqual(r.placements);
  });

  it('a finished part job as a component, a ball joint, and the API’s check and result', async () => {
    const part = await wb.jobs.waitFor((await wb.jobs.submit({ type: 'template', template: 'prism-with-hole', params: PLATE })).id);
    expect(part.status).toBe('succeeded');
    const spec = {
      name: 'from a job',
      units: 'mm',
      components: [
        { id: 'base', grounded: true, source: { type: 'job', id: part.id }, lcs: [{ name: 'corner', origin: [100, 60, 10] }] },
        { id: 'knob', source: shaft(8, 8) },
      ],
      joints: [{ id: 'ball', type: 'ball', a: { component: 'base', ref: 'lcs:corner' }, b: { component: 'knob', ref: 'origin' } }],
      options: { collision: { mode: 'allow' }, exploded: { offsets: { knob: [0, 0, 50] } } },
    };
    const api = createApiHandlers(wb, { kind: 'cli', hrefFor: (a) => wb.artefacts.pathFor(a.sha256) });
    expect(await api['assembly.check']({ spec })).toEqual({ ok: true, issues: [] });
    const bad = await api['assembly.check']({ spec: { ...spec, joints: [{ ...spec.joints[0], b: { component: 'nob', ref: 'origin' } }] } });
    expect(bad.ok).toBe(false);
    expect(bad.issues[0]).toMatchObject({ code: 'ASSEMBLY_UNKNOWN_REF', rule: 'unknownComponent', path: 'joints[0].b.component' });
    expect((await api['assembly.check']({ spec: { ...spec, units: 'in' } })).issues[0]).toMatchObject({ rule: 'schema', path: 'units' });

    const job = await finished(spec);
    expect(job.error).toBeNull();
    const view = await api['assembly.result']({ id: job.id });
    const r = view.assembly;
    near(r.placements.knob!.position, [100, 60, 10]);
    expect(r.dof).toEqual({ global: 3, joints: { ball: 3 } });
    const stepSha = wb.jobs.artefactsOf(part.id).find((a) => a.kind === 'step')!.sha256;
    expect(r.bom.find((l) => l.components.includes('base'))).toMatchObject({ source: 'job', source_sha256: stepSha, qty: 1 });
    expect(view.glb_href && view.bom_csv_href && view.fcstd_href && view.exploded_glb_href).toBeTruthy();
    expect(view.glb_href).not.toBe(view.exploded_glb_href);
    // given offsets: each component moved by exactly its own, the others stay
    expect(r.exploded).toMatchObject({ mode: 'offsets', factor: null, offsets: { base: [0, 0, 0], knob: [0, 0, 50] } });
    near(r.exploded.placements.knob!.position, [100, 60, 60]);
    near(r.exploded.placements.base!.position, r.placements.base!.position, 0);
  });

  it('`tezgah assemble SPEC.json --json` prints the job, its files and the solved assembly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tezgah-asm-cli-'));
    try {
      writeFileSync(join(dir, 'spec.json'), JSON.stringify(PIN_IN_PLATE_EXAMPLE));
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [bin, 'assemble', join(dir, 'spec.json'), '--json', '--data-dir', join(dir, 'data'), '--out', join(dir, 'out')],
        { maxBuffer: 16 << 20 },
      );
      const json = JSON.parse(stdout);
      expect(json.error).toBeNull();
      expect(json.job.status).toBe('succeeded');
      expect(Object.keys(json).sort()).toEqual(['artefacts', 'assembly', 'error', 'job', 'metrics']);
      expect(json.artefacts.map((a: { kind: string }) => a.kind).sort()).toEqual(['bom_csv', 'fcstd', 'glb', 'glb']);
      near(json.assembly.placements.pin.position, [50, 30, 0]);
      expect(json.assembly.dof.global).toBe(1);
      expect(json.assembly.bom).toHaveLength(2);
      near(json.assembly.exploded.offsets.pin, [0, 0, 30]);
      const bad = await promisify(execFile)(process.execPath, [bin, 'assemble', join(dir, 'nope.json'), '--json']).catch((e) => e);
      expect(bad.code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
