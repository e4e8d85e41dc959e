// The FEM colour map: the nodal CSV read back, values carried to the preview's vertices, the scale.
import { describe, expect, it } from 'vitest';
import { colourAt, colours, parseNodalCsv, rangeOf, refineTriangles, sampleAtVertices } from '../../renderer/viewer/field.js';

const CSV = `node,x_mm,y_mm,z_mm,ux_mm,uy_mm,uz_mm,u_mm,von_mises_mpa
1,0,0,0,0,0,0,0,10
2,10,0,0,0,0,-1,1,20
3,0,10,0,0,0,0,0,nan
4,10,10,0,0,0,-1,1,40
`;

describe('FEM colour map', () => {
  it('reads the nodal table, NaN where a node has no value', () => {
    const f = parseNodalCsv(CSV);
    expect([...f.xyz.slice(3, 6)]).toEqual([10, 0, 0]);
    expect(Object.keys(f.columns)).toEqual(['ux_mm', 'uy_mm', 'uz_mm', 'u_mm', 'von_mises_mpa']);
    expect(Number.isNaN(f.columns.von_mises_mpa![2]!)).toBe(true);
    expect(rangeOf(f.columns.von_mises_mpa!)).toEqual([10, 40]);
    expect(() => parseNodalCsv('node,a,b\n1,2,3\n')).toThrow(/x_mm/);
  });

  it('gives a vertex on a node its value and one between nodes a value between theirs', () => {
    const f = parseNodalCsv(CSV);
    const verts = new Float32Array([0, 0, 0, 10, 10, 0, 5, 0, 0, 9, 0.5, 0, 0, 10, 0]);
    const v = sampleAtVertices(verts, f.xyz, f.columns.von_mises_mpa!);
    expect(v[0]).toBeCloseTo(10, 6);
    expect(v[1]).toBeCloseTo(40, 6);
    expect(v[2]!).toBeGreaterThan(10);
    expect(v[2]!).toBeLessThan(40);
    // near node 2 (20) rather than the others
    expect(Math.abs(v[3]! - 20)).toBeLessThan(3);
    // the node without a stress is skipped, not read as 0
    expect(v[4]!).toBeGreaterThanOrEqual(10);
  });

  it('colours low blue and high red, grey where there is no value', () => {
    const [r0, , b0] = colourAt(0);
    const [r1, , b1] = colourAt(1);
    expect(b0).toBeGreaterThan(r0);
    expect(r1).toBeGreaterThan(b1);
    const c = colours(new Float32Array([0, 1, Number.NaN]), 0, 1);
    expect([...c.slice(6, 9)].map((x) => Math.round(x * 10) / 10)).toEqual([0.6, 0.6, 0.6]);
  });
});

describe('FEM colour map surface', () => {
  it('splits triangles to the target edge, keeping the surface and its area', () => {
    // one right triangle with legs of 10 mm, split to 2.5 mm edges (the hypotenuse decides: 4 × 4)
    const pos = new Float32Array([0, 0, 0, 10, 0, 0, 0, 10, 0]);
    const nor = new Float32Array([0, 0, 1, 0, 0, 1, 0, 0, 1]);
    const r = refineTriangles(pos, nor, [0, 1, 2], 3.6);
    expect(r.positions.length / 9).toBe(16);
    let area = 0;
    for (let t = 0; t < r.positions.length; t += 9) {
      const p = r.positions;
      area += Math.abs((p[t + 3]! - p[t]!) * (p[t + 7]! - p[t + 1]!) - (p[t + 6]! - p[t]!) * (p[t + 4]! - p[t + 1]!)) / 2;
    }
    expect(area).toBeCloseTo(50, 4);
    expect([...r.normals.slice(0, 3)]).toEqual([0, 0, 1]);
    // a cap on the triangle count coarsens the split instead
    expect(refineTriangles(pos, null, null, 0.01, 100).positions.length / 9).toBeLessThanOrEqual(100);
  });
});
