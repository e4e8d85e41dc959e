// Circular and helical arcs (G2/G3) in any of the three planes: centre from I/J/K or from R, the
// swept angle, the exact bounding box (an arc can bulge past both of its endpoints) and a
// flattened polyline for the viewer.
import { GCODE_TEXT } from '../../../../shared/i18n/cam.js';
import { render, type Text } from '../../../../shared/i18n/text.js';

export type Vec3 = [number, number, number];

export interface Box {
  min: Vec3;
  max: Vec3;
}

/** Axis indices of a plane: [first, second, linear]. G17 XY (Z), G18 ZX (Y), G19 YZ (X). */
export type Plane = 'G17' | 'G18' | 'G19';
export type Axis = 0 | 1 | 2;
export const PLANE_AXES: Record<Plane, [Axis, Axis, Axis]> = {
  G17: [0, 1, 2],
  G18: [2, 0, 1],
  G19: [1, 2, 0],
};

export interface Arc {
  start: Vec3;
  end: Vec3;
  plane: Plane;
  /** centre in the plane's two coordinates */
  center: [number, number];
  radius: number;
  /** signed swept angle in radians: positive counter-clockwise (G3), negative clockwise (G2) */
  sweep: number;
}

/** Radius disagreement that controllers still accept (grbl: 0.005 mm and 0.1 %). */
const RADIUS_TOLERANCE_MM = 0.005;
const RADIUS_TOLERANCE_REL = 0.001;
/** grbl's epsilon for deciding that an IJK arc with equal endpoints is a full circle */
const ANGULAR_EPSILON = 5e-7;

/** An arc that cannot be drawn; `text` says why in both languages. */
export class ArcError extends Error {
  constructor(readonly text: Text) {
    super(text.en);
  }
}

/**
 * An arc from a centre given as offsets (or absolute coordinates) in the plane.
 * `turns` is LinuxCNC's P word: the number of full or partial turns (1 = the ordinary arc).
 */
export function arcFromCenter(start: Vec3, end: Vec3, plane: Plane, clockwise: boolean, center: [number, number], turns = 1): Arc {
  const [a0, a1] = PLANE_AXES[plane];
  const r0 = Math.hypot(start[a0] - center[0], start[a1] - center[1]);
  const r1 = Math.hypot(end[a0] - center[0], end[a1] - center[1]);
  const delta = Math.abs(r0 - r1);
  if (delta > RADIUS_TOLERANCE_MM && delta > RADIUS_TOLERANCE_REL * r0) {
    throw new ArcError(render(GCODE_TEXT.arcRadiusDiffers, { r0: r0.toFixed(4), r1: r1.toFixed(4) }));
  }
  if (r0 < 1e-9) throw new ArcError(GCODE_TEXT.arcZeroRadius);
  const ts = Math.atan2(start[a1] - center[1], start[a0] - center[0]);
  const te = Math.atan2(end[a1] - center[1], end[a0] - center[0]);
  let sweep = te - ts;
  if (clockwise) {
    if (sweep >= -ANGULAR_EPSILON) sweep -= 2 * Math.PI;
  } else if (sweep <= ANGULAR_EPSILON) {
    sweep += 2 * Math.PI;
  }
  if (!Number.isInteger(turns) || turns < 1) throw new ArcError(render(GCODE_TEXT.arcTurns, { p: turns }));
  sweep += Math.sign(sweep) * 2 * Math.PI * (turns - 1);
  return { start, end, plane, center, radius: r0, sweep };
}

/**
 * An arc from a radius. A negative R asks for the long way round (more than 180°).
 * R cannot describe a full circle: equal endpoints are an error.
 */
export function arcFromRadius(start: Vec3, end: Vec3, plane: Plane, clockwise: boolean, r: number): Arc {
  const [a0, a1] = PLANE_AXES[plane];
  const x = end[a0] - start[a0];
  const y = end[a1] - start[a1];
  const chord = Math.hypot(x, y);
  if (chord < 1e-9) throw new ArcError(GCODE_TEXT.arcRFullCircle);
  let h2 = 4 * r * r - chord * chord;
  if (h2 < 0) {
    if (chord - 2 * Math.abs(r) > RADIUS_TOLERANCE_MM) {
      throw new ArcError(render(GCODE_TEXT.arcRTooSmall, { r: Math.abs(r).toFixed(4), chord: chord.toFixed(4) }));
    }
    h2 = 0; // a semicircle that rounding made a hair too short
  }
  // The same construction as grbl's gc_execute_line: the centre lies on the chord's bisector.
  let h = -Math.sqrt(h2) / chord;
  if (!clockwise) h = -h;
  if (r < 0) h = -h;
  const center: [number, number] = [start[a0] + 0.5 * (x - y * h), start[a1] + 0.5 * (y + x * h)];
  return arcFromCenter(start, end, plane, clockwise, center);
}

/** Length along the helix: the arc in the plane combined with the linear axis travel. */
export function arcLength(arc: Arc): number {
  const lin = PLANE_AXES[arc.plane][2];
  return Math.hypot(arc.radius * Math.abs(arc.sweep), arc.end[lin] - arc.start[lin]);
}

/** The exact bounding box: endpoints plus every quadrant point (0°, 90°, 180°, 270°) the arc passes. */
export function arcBox(arc: Arc): Box {
  const [a0, a1] = PLANE_AXES[arc.plane];
  const min: Vec3 = [Math.min(arc.start[0], arc.end[0]), Math.min(arc.start[1], arc.end[1]), Math.min(arc.start[2], arc.end[2])];
  const max: Vec3 = [Math.max(arc.start[0], arc.end[0]), Math.max(arc.start[1], arc.end[1]), Math.max(arc.start[2], arc.end[2])];
  const ts = Math.atan2(arc.start[a1] - arc.center[1], arc.start[a0] - arc.center[0]);
  const span = Math.abs(arc.sweep);
  for (let k = 0; k < 4; k++) {
    const phi = (k * Math.PI) / 2;
    const travel = arc.sweep > 0 ? mod2pi(phi - ts) : mod2pi(ts - phi);
    if (travel > span) continue;
    const p0 = arc.center[0] + arc.radius * Math.cos(phi);
    const p1 = arc.center[1] + arc.radius * Math.sin(phi);
    min[a0] = Math.min(min[a0], p0);
    max[a0] = Math.max(max[a0], p0);
    min[a1] = Math.min(min[a1], p1);
    max[a1] = Math.max(max[a1], p1);
  }
  return { min, max };
}

/**
 * Points along the arc, from start to end inclusive, no further than `tolerance` from the true arc
 * (chord error). The last point is exactly the programmed end.
 */
export function flattenArc(arc: Arc, tolerance = 0.01, maxPoints = 1000): Vec3[] {
  const [a0, a1, lin] = PLANE_AXES[arc.plane];
  const span = Math.abs(arc.sweep);
  const step = tolerance < arc.radius ? 2 * Math.acos(1 - tolerance / arc.radius) : Math.PI / 2;
  const n = Math.min(maxPoints, Math.max(1, Math.ceil(span / Math.min(step, Math.PI / 2))));
  const ts = Math.atan2(arc.start[a1] - arc.center[1], arc.start[a0] - arc.center[0]);
  const points: Vec3[] = [[...arc.start]];
  for (let k = 1; k < n; k++) {
    const f = k / n;
    const angle = ts + arc.sweep * f;
    const p: Vec3 = [0, 0, 0];
    p[a0] = arc.center[0] + arc.radius * Math.cos(angle);
    p[a1] = arc.center[1] + arc.radius * Math.sin(angle);
    p[lin] = arc.start[lin] + (arc.end[lin] - arc.start[lin]) * f;
    points.push(p);
  }
  points.push([...arc.end]);
  return points;
}

function mod2pi(a: number): number {
  const t = a % (2 * Math.PI);
  const r = t < 0 ? t + 2 * Math.PI : t;
  // an angle a hair under a full turn is the start point itself
  return r > 2 * Math.PI - 1e-12 ? 0 : r;
}
