// The assembly flow's own arithmetic (electron/domains/assembly/flow.ts): Euler angles as FreeCAD
// reads them, Grübler–Kutzbach mobility, the BOM's grouping and its CSV.
import { describe, expect, it } from 'vitest';
import { AssemblySpec, PIN_IN_PLATE_EXAMPLE, rotate, type Component, type Vec3 } from '../../shared/assembly.js';
import { bomCsv, bomOf, eulerToQuat, mobility } from '../../electron/domains/assembly/flow.js';

const close = (a: Vec3, b: Vec3) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 12));

describe('assembly flow arithmetic', () => {
  it('rot_euler_deg [rx, ry, rz] is Rz·Ry·Rx (FreeCAD’s yaw-pitch-roll), w ≥ 0', () => {
    close(rotate(eulerToQuat([0, 0, 90]), [1, 0, 0]), [0, 1, 0]);
    close(rotate(eulerToQuat([90, 0, 0]), [0, 1, 0]), [0, 0, 1]);
    close(rotate(eulerToQuat([0, 90, 0]), [0, 0, 1]), [1, 0, 0]);
    // x first, then z: X-axis turned about x stays, then goes to +Y
    close(rotate(eulerToQuat([90, 0, 90]), [1, 0, 0]), [0, 1, 0]);
    close(rotate(eulerToQuat([90, 0, 90]), [0, 1, 0]), [0, 0, 1]);
    expect(eulerToQuat([0, 0, 0])).toEqual([0, 0, 0, 1]);
    expect(eulerToQuat([0, 0, 350])[3]).toBeGreaterThan(0);
  });

  it('mobility: 6 per free component minus what each joint takes', () => {
    expect(mobility(AssemblySpec.parse(PIN_IN_PLATE_EXAMPLE))).toEqual({ global: 1, joints: { j1: 1 } });
    const s = AssemblySpec.parse(structuredClone(PIN_IN_PLATE_EXAMPLE));
    s.joints.push({ id: 'j0', type: 'fixed', a: { component: 'plate', ref: 'origin' }, b: { component: 'pin', ref: 'origin' } });
    expect(mobility(s)).toEqual({ global: -5, joints: { j0: 0, j1: 1 } });
  });

  it('four identical screws from one source are one BOM line with qty 4; the CSV is stable and quoted', () => {
    const screw = PIN_IN_PLATE_EXAMPLE.components[1].source;
    const comps = ['s4', 's2', 's1', 's3'].map((id) => ({ id, source: structuredClone(screw) })) as Component[];
    comps.push({ id: 'odd', source: structuredClone(screw), material: 'steel-s235' } as Component);
    const lib = {
      getMaterial: (id: string) => ({ 'aluminium-6061': { density_g_cm3: 2.7 }, 'steel-s235': { density_g_cm3: 7.85 } })[id] as never,
    };
    const volumes = new Map(comps.map((c) => [c.id, 1000]));
    const bom = bomOf(comps, new Map(), volumes, (c) => c.material ?? 'aluminium-6061', lib);
    expect(bom.map((l) => [l.qty, l.components, l.material, l.mass_g])).toEqual([
      [4, ['s1', 's2', 's3', 's4'], 'aluminium-6061', 2.7],
      [1, ['odd'], 'steel-s235', 7.85],
    ]);
    expect(bom[0]!.source_sha256).toBe(bom[1]!.source_sha256);
    const csv = bomCsv(bom);
    expect(csv).toBe(bomCsv(bomOf([...comps].reverse(), new Map(), volumes, (c) => c.material ?? 'aluminium-6061', lib)));
    expect(csv.split('\n')[1]).toMatch(
      /^shaft chamfer=0 diameter=10 length=30,4,s1 s2 s3 s4,template,[0-9a-f]{64},aluminium-6061,1000,2.7,10.8$/,
    );
    expect(bomCsv([{ ...bom[0]!, designation: 'M6, "hex"' }]).split('\n')[1]).toMatch(/^"M6, ""hex""",4,/);
  });
});
