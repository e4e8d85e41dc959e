// Viewer geometry without WebGL: faces from _FACE_ID, areas, placement in CAD space, views, sections.
import { describe, expect, it } from 'vitest';
import {
  choosePlacement,
  distance,
  fitDistance,
  placeBox,
  sectionPlane,
  trianglesArea,
  trianglesByFace,
  viewDirection,
} from '../../renderer/viewer/geometry.js';

// A 10 × 20 rectangle in z=0 split in two triangles (face 7), and one triangle of face 3.
const positions = new Float32Array([0, 0, 0, 10, 0, 0, 10, 20, 0, 0, 0, 0, 10, 20, 0, 0, 20, 0, 0, 0, 5, 4, 0, 5, 0, 3, 5]);
const faceIds = new Float32Array([7, 7, 7, 7, 7, 7, 3, 3, 3]);

describe('viewer geometry', () => {
  it('groups triangles by face id and sums their area', () => {
    const byFace = trianglesByFace(null, faceIds, 9);
    expect([...byFace.entries()]).toEqual([
      [7, [0, 1]],
      [3, [2]],
    ]);
    expect(trianglesArea(positions, null, byFace.get(7)!)).toBeCloseTo(200, 9);
    expect(trianglesArea(positions, null, byFace.get(3)!)).toBeCloseTo(6, 9);
  });

  it('works with indexed geometry and a world matrix (scale 1000: metres → mm)', () => {
    const pos = new Float32Array([0, 0, 0, 0.01, 0, 0, 0.01, 0.02, 0, 0, 0.02, 0]);
    const index = new Uint16Array([0, 1, 2, 0, 2, 3]);
    const ids = new Float32Array([1, 1, 1, 1]);
    const tris = trianglesByFace(index, ids, 4).get(1)!;
    const m = [1000, 0, 0, 0, 0, 1000, 0, 0, 0, 0, 1000, 0, 0, 0, 0, 1];
    expect(trianglesArea(pos, index, tris, m)).toBeCloseTo(200, 3);
  });

  it('places a Y-up or Z-up, mm or metre mesh where FreeCAD measured the solid', () => {
    const reference = { xmin: 0, ymin: 0, zmin: 0, xmax: 100, ymax: 60, zmax: 20 };
    // glTF convention: Y up, CAD (x, y, z) stored as (x, z, -y)
    const yUpMm = { xmin: 0, ymin: 0, zmin: -60, xmax: 100, ymax: 20, zmax: 0 };
    expect(choosePlacement(yUpMm, reference)).toEqual({ scale: 1, yUp: true });
    expect(placeBox(yUpMm, { scale: 1, yUp: true })).toEqual(reference);
    const yUpM = { xmin: 0, ymin: 0, zmin: -0.06, xmax: 0.1, ymax: 0.02, zmax: 0 };
    expect(choosePlacement(yUpM, reference)).toEqual({ scale: 1000, yUp: true });
    expect(choosePlacement(reference, reference)).toEqual({ scale: 1, yUp: false });
    expect(choosePlacement(yUpM, null)).toEqual({ scale: 1000, yUp: true });
  });

  it('measures distances and places the camera for standard views', () => {
    expect(distance([0, 0, 0], [3, 4, 12])).toBe(13);
    expect(viewDirection('front')).toEqual([0, -1, 0]);
    expect(viewDirection('top')).toEqual([0, 0, 1]);
    const iso = viewDirection('iso');
    expect(Math.hypot(...iso)).toBeCloseTo(1, 12);
    expect(fitDistance(10, 90, 1)).toBeCloseTo(10 / Math.sin(Math.PI / 4), 9);
  });

  it('cuts at a fraction of the part along an axis, either side', () => {
    const box = { xmin: 0, ymin: -30, zmin: 0, xmax: 100, ymax: 30, zmax: 20 };
    const keep = (p: ReturnType<typeof sectionPlane>, pt: [number, number, number]) =>
      p.normal[0] * pt[0] + p.normal[1] * pt[1] + p.normal[2] * pt[2] + p.constant >= 0;
    const half = sectionPlane('y', 0.5, box);
    expect(half.position).toBe(0);
    expect(keep(half, [50, -10, 5])).toBe(true);
    expect(keep(half, [50, 10, 5])).toBe(false);
    const flipped = sectionPlane('y', 0.5, box, true);
    expect(keep(flipped, [50, 10, 5])).toBe(true);
    expect(sectionPlane('z', 2, box).position).toBe(20);
  });
});
