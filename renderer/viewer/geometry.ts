// Geometry the viewer needs, as plain functions over typed arrays (no WebGL), so they are tested
// in Node: faces from the GLB's per-vertex _FACE_ID attribute, their areas, the model's placement
// in CAD space, standard views and section planes.
import type { BBox } from '../../shared/jobs.js';

export type Vec3 = [number, number, number];
export type ViewName = 'front' | 'top' | 'right' | 'iso';
export type Axis = 'x' | 'y' | 'z';

/** Triangle vertex indices: from the index buffer, or 0..n for non-indexed geometry. */
export function triangleCount(index: ArrayLike<number> | null, vertexCount: number): number {
  return Math.floor((index ? index.length : vertexCount) / 3);
}

/** Triangles grouped by the face id of their first vertex (every vertex of a triangle shares it). */
export function trianglesByFace(index: ArrayLike<number> | null, faceIds: ArrayLike<number>, vertexCount: number): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const n = triangleCount(index, vertexCount);
  for (let t = 0; t < n; t++) {
    const a = index ? index[3 * t]! : 3 * t;
    const id = Math.round(faceIds[a]!);
    let list = out.get(id);
    if (!list) out.set(id, (list = []));
    list.push(t);
  }
  return out;
}

/** Applies a column-major 4×4 matrix (three.js Matrix4.elements) to a point; identity when absent. */
function transform(p: Vec3, m?: ArrayLike<number>): Vec3 {
  if (!m) return p;
  const [x, y, z] = p;
  return [
    m[0]! * x + m[4]! * y + m[8]! * z + m[12]!,
    m[1]! * x + m[5]! * y + m[9]! * z + m[13]!,
    m[2]! * x + m[6]! * y + m[10]! * z + m[14]!,
  ];
}

function vertex(pos: ArrayLike<number>, i: number, m?: ArrayLike<number>): Vec3 {
  return transform([pos[3 * i]!, pos[3 * i + 1]!, pos[3 * i + 2]!], m);
}

export function triangleArea(a: Vec3, b: Vec3, c: Vec3): number {
  const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const v = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
  const x = u[1]! * v[2]! - u[2]! * v[1]!;
  const y = u[2]! * v[0]! - u[0]! * v[2]!;
  const z = u[0]! * v[1]! - u[1]! * v[0]!;
  return Math.hypot(x, y, z) / 2;
}

/** Area of a set of triangles, after an optional transform (so areas come out in CAD mm²). */
export function trianglesArea(
  positions: ArrayLike<number>,
  index: ArrayLike<number> | null,
  tris: number[],
  matrix?: ArrayLike<number>,
): number {
  let sum = 0;
  for (const t of tris) {
    const i = index ? [index[3 * t]!, index[3 * t + 1]!, index[3 * t + 2]!] : [3 * t, 3 * t + 1, 3 * t + 2];
    sum += triangleArea(vertex(positions, i[0]!, matrix), vertex(positions, i[1]!, matrix), vertex(positions, i[2]!, matrix));
  }
  return sum;
}

export function distance(a: Vec3, b: Vec3): number {
  return Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
}

export interface Placement {
  /** uniform scale from model units to mm */
  scale: number;
  /** the file is Y-up (the glTF convention): rotate +90° about X into CAD's Z-up */
  yUp: boolean;
}

/** The bbox after a placement: Y-up (x, y, z) is CAD (x, -z, y). */
export function placeBox(b: BBox, p: Placement): BBox {
  const s = (v: number) => v * p.scale + 0; // + 0 turns -0 into 0
  return p.yUp
    ? { xmin: s(b.xmin), xmax: s(b.xmax), ymin: s(-b.zmax), ymax: s(-b.zmin), zmin: s(b.ymin), zmax: s(b.ymax) }
    : { xmin: s(b.xmin), xmax: s(b.xmax), ymin: s(b.ymin), ymax: s(b.ymax), zmin: s(b.zmin), zmax: s(b.zmax) };
}

function boxError(a: BBox, b: BBox): number {
  const size = Math.max(b.xmax - b.xmin, b.ymax - b.ymin, b.zmax - b.zmin, 1e-9);
  return (
    (Math.abs(a.xmin - b.xmin) +
      Math.abs(a.xmax - b.xmax) +
      Math.abs(a.ymin - b.ymin) +
      Math.abs(a.ymax - b.ymax) +
      Math.abs(a.zmin - b.zmin) +
      Math.abs(a.zmax - b.zmax)) /
    size
  );
}

/** The glTF convention, which Tezgah's GLB writer follows: metres, Y up. */
export const GLTF_PLACEMENT: Placement = { scale: 1000, yUp: true };

/**
 * How to place the mesh so it sits where FreeCAD measured the solid: the bbox from the job's
 * metrics decides between Z-up and Y-up files and mm or metre units (so a GLB from elsewhere also
 * lands right). Without metrics the glTF convention is assumed.
 */
export function choosePlacement(meshBox: BBox, reference: BBox | null | undefined): Placement {
  if (!reference) return GLTF_PLACEMENT;
  let best: Placement = GLTF_PLACEMENT;
  let bestErr = Infinity;
  for (const scale of [1000, 1, 25.4])
    for (const yUp of [true, false]) {
      const err = boxError(placeBox(meshBox, { scale, yUp }), reference);
      if (err < bestErr - 1e-9) {
        bestErr = err;
        best = { scale, yUp };
      }
    }
  return best;
}

/** Direction from the target to the camera for a standard view (CAD: Z up, front looks along +Y). */
export function viewDirection(v: ViewName): Vec3 {
  switch (v) {
    case 'front':
      return [0, -1, 0];
    case 'top':
      return [0, 0, 1];
    case 'right':
      return [1, 0, 0];
    case 'iso': {
      const s = 1 / Math.sqrt(3);
      return [s, -s, s];
    }
  }
}

/** Camera up vector for a view: Z, except looking straight down, where Y is up on screen. */
export function viewUp(v: ViewName): Vec3 {
  return v === 'top' ? [0, 1, 0] : [0, 0, 1];
}

/**
 * A section plane across `axis` at fraction `t` (0..1) of the box. three.js keeps the side where
 * normal·p + constant ≥ 0; by default the part beyond the plane (greater coordinate) is cut away.
 */
export function sectionPlane(axis: Axis, t: number, box: BBox, flip = false): { normal: Vec3; constant: number; position: number } {
  const lo = box[`${axis}min`];
  const hi = box[`${axis}max`];
  const position = lo + (hi - lo) * Math.min(1, Math.max(0, t));
  const n: Vec3 = [axis === 'x' ? -1 : 0, axis === 'y' ? -1 : 0, axis === 'z' ? -1 : 0];
  return flip ? { normal: [-n[0], -n[1], -n[2]], constant: -position, position } : { normal: n, constant: position, position };
}

/** Camera distance that fits a sphere of `radius` in a perspective view with vertical fov (degrees). */
export function fitDistance(radius: number, fovDeg: number, aspect: number): number {
  const vfov = (fovDeg * Math.PI) / 180;
  const hfov = 2 * Math.atan(Math.tan(vfov / 2) * aspect);
  return radius / Math.sin(Math.min(vfov, hfov) / 2);
}
