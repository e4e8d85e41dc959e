// The assembly spec (issue 12): components (parts from templates, finished jobs or files), their
// local coordinate systems (LCS), and joints between features of two components, solved by FreeCAD
// 1.1's Assembly workbench. The schema checks shapes; checkAssembly checks what a schema cannot (ids
// that refer to each other, grounding, axes, limits) and says so in both languages, with a code.
import { z } from 'zod';
import type { ErrorCode } from './errors.js';
import { ASSEMBLY_TEXT } from './i18n/assembly.js';
import { render, type Rendered } from './i18n/text.js';
import { TemplateJobSpec } from './template-spec.js';

const Vec3 = z.tuple([z.number(), z.number(), z.number()]);
export type Vec3 = z.infer<typeof Vec3>;
const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, 'letters, digits, "_", "-" and "." only');
const Range = z.tuple([z.number(), z.number()]).refine(([a, b]) => a <= b, 'min must not be greater than max');

/** A named frame in the component's own coordinates; axes default to the component's. */
export const Lcs = z.strictObject({
  name: Id,
  origin: Vec3,
  /** any two of x, y, z (the third follows, right-handed), or z alone (x then follows deterministically) */
  axes: z.strictObject({ x: Vec3.optional(), y: Vec3.optional(), z: Vec3.optional() }).optional(),
});
export type Lcs = z.infer<typeof Lcs>;

export const ComponentSource = z.discriminatedUnion('type', [
  /** a parametric part, built with the template flow's own builders */
  z.strictObject({ type: z.literal('template'), spec: TemplateJobSpec }),
  /** a finished part job of this data dir (its STEP, else its FCStd) */
  z.strictObject({ type: z.literal('job'), id: z.string().min(1) }),
  /** a STEP or FCStd file */
  z.strictObject({ type: z.literal('file'), path: z.string().min(1) }),
  /** a part of the standard-parts library (not in this version: refused by the flow) */
  z.strictObject({ type: z.literal('standard'), part: z.string().min(1), size: z.string().min(1) }),
  /** a nested sub-assembly (not in this version: refused by the flow) */
  z.strictObject({ type: z.literal('assembly'), spec: z.unknown().optional(), id: z.string().optional() }),
]);
export type ComponentSource = z.infer<typeof ComponentSource>;

export const Component = z.strictObject({
  id: Id,
  source: ComponentSource,
  /** fixed in space at its initial placement (default: identity) */
  grounded: z.boolean().optional(),
  lcs: z.array(Lcs).optional(),
  initial_placement: z.strictObject({ pos: Vec3, rot_euler_deg: Vec3.optional() }).optional(),
  /** a library material id for the BOM's mass (default: the template spec's, else none) */
  material: z.string().min(1).optional(),
});
export type Component = z.infer<typeof Component>;

/**
 * `lcs:NAME` a named LCS; `hole:N` the N-th cylindrical hole (1-based, sorted by position);
 * `face:N` a face by the viewer's face id (0-based, FreeCAD's Face N+1): its centre and normal;
 * `edge:N` FreeCAD's EdgeN (a circle: centre and axis); `origin` the component's own origin and axes.
 */
export const REF_PATTERN = /^(?:lcs:([A-Za-z0-9_][A-Za-z0-9_.-]*)|hole:([1-9]\d*)|face:(\d+)|edge:([1-9]\d*)|origin)$/;
export type ParsedRef =
  | { kind: 'lcs'; name: string }
  | { kind: 'hole'; index: number }
  | { kind: 'face'; index: number }
  | { kind: 'edge'; index: number }
  | { kind: 'origin' };

export function parseRef(ref: string): ParsedRef | null {
  const m = REF_PATTERN.exec(ref);
  if (!m) return null;
  if (m[1] !== undefined) return { kind: 'lcs', name: m[1] };
  if (m[2] !== undefined) return { kind: 'hole', index: Number(m[2]) };
  if (m[3] !== undefined) return { kind: 'face', index: Number(m[3]) };
  if (m[4] !== undefined) return { kind: 'edge', index: Number(m[4]) };
  return { kind: 'origin' };
}

export const JointType = z.enum(['fixed', 'revolute', 'cylindrical', 'slider', 'ball', 'planar']);
export type JointType = z.infer<typeof JointType>;
export const JointParam = z.enum(['angle', 'z', 'x', 'y']);
export type JointParam = z.infer<typeof JointParam>;

/** What each joint leaves free (a driver, a limit or an initial value may only name these). */
export const JOINT_PARAMS: Record<JointType, readonly JointParam[]> = {
  fixed: [],
  revolute: ['angle'],
  cylindrical: ['angle', 'z'],
  slider: ['z'],
  ball: [],
  planar: ['x', 'y', 'angle'],
};
/** Degrees of freedom a joint leaves between its two components. */
export const JOINT_DOF: Record<JointType, number> = { fixed: 0, revolute: 1, cylindrical: 2, slider: 1, ball: 3, planar: 3 };

const JointEnd = z.strictObject({ component: Id, ref: z.string().min(1) });
const ParamValues = z.strictObject({
  angle_deg: z.number().optional(),
  z_mm: z.number().optional(),
  x_mm: z.number().optional(),
  y_mm: z.number().optional(),
});
const ParamRanges = z.strictObject({
  angle_deg: Range.optional(),
  z_mm: Range.optional(),
  x_mm: Range.optional(),
  y_mm: Range.optional(),
});
export const PARAM_KEY: Record<JointParam, keyof z.infer<typeof ParamValues>> = {
  angle: 'angle_deg',
  z: 'z_mm',
  x: 'x_mm',
  y: 'y_mm',
};

export const Joint = z.strictObject({
  id: Id,
  type: JointType,
  a: JointEnd,
  b: JointEnd,
  limits: ParamRanges.optional(),
  initial: ParamValues.optional(),
});
export type Joint = z.infer<typeof Joint>;

export const Driver = z
  .strictObject({ joint: Id, param: JointParam, start: z.number(), end: z.number(), step: z.number().positive() })
  .refine((d) => d.end >= d.start, 'end must not be before start');
export type Driver = z.infer<typeof Driver>;

export const CollisionMode = z.enum(['validate', 'allow']);
export type CollisionMode = z.infer<typeof CollisionMode>;

export const AssemblySpec = z.strictObject({
  name: z.string().min(1).max(80),
  units: z.literal('mm'),
  components: z.array(Component).min(1).max(500),
  joints: z.array(Joint).max(2000).default([]),
  drivers: z.array(Driver).optional(),
  options: z
    .strictObject({
      collision: z.strictObject({ mode: CollisionMode }).optional(),
      /** auto: each component moved off its partner along their joint's axis (radially for a ball) by
       * factor (default 1) × its own extent that way, what is mounted on it travelling with it; offsets:
       * world offsets (mm) per component id. Without it the result still has the auto view. */
      exploded: z
        .union([
          z.strictObject({ auto: z.literal(true), factor: z.number().positive().max(100).optional() }),
          z.strictObject({ offsets: z.record(z.string(), Vec3) }),
        ])
        .optional(),
      simulation: z.strictObject({ frames_max: z.number().int().positive().max(10_000) }).optional(),
    })
    .optional(),
});
export type AssemblySpec = z.infer<typeof AssemblySpec>;
export type AssemblySpecInput = z.input<typeof AssemblySpec>;

// --- the checker -------------------------------------------------------------------------------

export type AssemblyRule = keyof typeof ASSEMBLY_TEXT.check;

export interface AssemblyIssue {
  /** the error code a job fails with when this is its first issue */
  code: ErrorCode;
  rule: AssemblyRule;
  /** where in the spec, e.g. joints[0].a.ref */
  path: string;
  detail: Rendered;
}

export type AssemblyCheck = { ok: true; issues: [] } | { ok: false; issues: AssemblyIssue[] };

const RULE_CODE: Record<AssemblyRule, ErrorCode> = {
  duplicateComponent: 'ASSEMBLY_DUPLICATE_ID',
  duplicateJoint: 'ASSEMBLY_DUPLICATE_ID',
  duplicateLcs: 'ASSEMBLY_DUPLICATE_ID',
  unknownComponent: 'ASSEMBLY_UNKNOWN_REF',
  unknownLcs: 'ASSEMBLY_UNKNOWN_REF',
  badRef: 'ASSEMBLY_UNKNOWN_REF',
  unknownDriverJoint: 'ASSEMBLY_UNKNOWN_REF',
  duplicateDriver: 'ASSEMBLY_SPEC_INVALID',
  selfJoint: 'ASSEMBLY_SPEC_INVALID',
  badAxes: 'ASSEMBLY_SPEC_INVALID',
  axesZero: 'ASSEMBLY_SPEC_INVALID',
  axesNotOrthogonal: 'ASSEMBLY_SPEC_INVALID',
  paramNotFree: 'ASSEMBLY_SPEC_INVALID',
  outsideLimits: 'ASSEMBLY_SPEC_INVALID',
  groundedJoined: 'ASSEMBLY_SPEC_INVALID',
  nothingGrounded: 'ASSEMBLY_NOT_GROUNDED',
  notConnected: 'ASSEMBLY_NOT_GROUNDED',
};

/** Axes closer to perpendicular than this (|cos|) count as perpendicular. */
const ORTHO_TOL = 1e-6;

/** Every rule of the spec a schema cannot say, in the spec's order; ok when there is none. */
export function checkAssembly(spec: AssemblySpec): AssemblyCheck {
  const issues: AssemblyIssue[] = [];
  const add = (rule: Exclude<AssemblyRule, 'axesZero' | 'axesNotOrthogonal'>, path: string, values: Record<string, unknown>) =>
    issues.push({ code: RULE_CODE[rule], rule, path, detail: render(ASSEMBLY_TEXT.check[rule], values) });

  const components = new Map<string, Component>();
  spec.components.forEach((c, i) => {
    if (components.has(c.id)) add('duplicateComponent', `components[${i}].id`, { id: c.id });
    else components.set(c.id, c);
    const names = new Set<string>();
    (c.lcs ?? []).forEach((l, k) => {
      if (names.has(l.name)) add('duplicateLcs', `components[${i}].lcs[${k}].name`, { component: c.id, name: l.name });
      names.add(l.name);
      const why = axesProblem(l.axes);
      if (why) add('badAxes', `components[${i}].lcs[${k}].axes`, { component: c.id, name: l.name, why: ASSEMBLY_TEXT.check[why] });
    });
  });
  const known = [...components.keys()].sort().join(', ');

  const joints = new Map<string, Joint>();
  spec.joints.forEach((j, i) => {
    if (joints.has(j.id)) add('duplicateJoint', `joints[${i}].id`, { id: j.id });
    else joints.set(j.id, j);
    for (const side of ['a', 'b'] as const) {
      const end = j[side];
      const where = `joints[${i}].${side}`;
      const c = components.get(end.component);
      if (!c) {
        add('unknownComponent', `${where}.component`, { where: `joint "${j.id}" (${side})`, id: end.component, known });
        continue;
      }
      const ref = parseRef(end.ref);
      if (!ref) add('badRef', `${where}.ref`, { where: `joint "${j.id}" (${side})`, ref: end.ref });
      else if (ref.kind === 'lcs' && !(c.lcs ?? []).some((l) => l.name === ref.name))
        add('unknownLcs', `${where}.ref`, {
          where: `joint "${j.id}" (${side})`,
          component: c.id,
          name: ref.name,
          known: (c.lcs ?? []).map((l) => l.name).join(', ') || '—',
        });
    }
    if (j.a.component === j.b.component) add('selfJoint', `joints[${i}]`, { id: j.id, component: j.a.component });
    else if (components.get(j.a.component)?.grounded && components.get(j.b.component)?.grounded)
      add('groundedJoined', `joints[${i}]`, { id: j.id, a: j.a.component, b: j.b.component });
    const free = JOINT_PARAMS[j.type];
    for (const p of JointParam.options) {
      const key = PARAM_KEY[p];
      const limit = j.limits?.[key];
      const initial = j.initial?.[key];
      if ((limit !== undefined || initial !== undefined) && !free.includes(p))
        add('paramNotFree', `joints[${i}].${limit !== undefined ? 'limits' : 'initial'}.${key}`, {
          id: j.id,
          type: j.type,
          param: p,
          allowed: free.join(', ') || '—',
        });
      else if (limit && initial !== undefined && (initial < limit[0] || initial > limit[1]))
        add('outsideLimits', `joints[${i}].initial.${key}`, { id: j.id, param: p, value: initial, min: limit[0], max: limit[1] });
    }
  });

  const driven = new Set<string>();
  (spec.drivers ?? []).forEach((d, i) => {
    const key = `${d.joint}\u0000${d.param}`;
    if (driven.has(key)) add('duplicateDriver', `drivers[${i}]`, { id: d.joint, param: d.param });
    driven.add(key);
    const j = joints.get(d.joint);
    if (!j) {
      add('unknownDriverJoint', `drivers[${i}].joint`, { id: d.joint });
      return;
    }
    const free = JOINT_PARAMS[j.type];
    if (!free.includes(d.param))
      add('paramNotFree', `drivers[${i}].param`, { id: j.id, type: j.type, param: d.param, allowed: free.join(', ') || '—' });
    const limit = j.limits?.[PARAM_KEY[d.param]];
    if (limit)
      for (const v of [d.start, d.end])
        if (v < limit[0] || v > limit[1])
          add('outsideLimits', `drivers[${i}]`, { id: j.id, param: d.param, value: v, min: limit[0], max: limit[1] });
  });

  const exploded = spec.options?.exploded;
  if (exploded && 'offsets' in exploded)
    for (const id of Object.keys(exploded.offsets))
      if (!components.has(id)) add('unknownComponent', `options.exploded.offsets.${id}`, { where: 'options.exploded.offsets', id, known });

  const grounded = [...components.values()].filter((c) => c.grounded).map((c) => c.id);
  if (!grounded.length) add('nothingGrounded', 'components', {});
  else {
    const loose = unconnected(
      [...components.keys()],
      grounded,
      spec.joints.filter((j) => components.has(j.a.component) && components.has(j.b.component)),
    );
    if (loose.length) add('notConnected', 'joints', { components: loose.join(', ') });
  }
  return issues.length ? { ok: false, issues } : { ok: true, issues: [] };
}

/** Components not reached from a grounded one through joints, sorted. */
function unconnected(ids: string[], grounded: string[], joints: Joint[]): string[] {
  const seen = new Set(grounded);
  const next = new Map<string, string[]>();
  for (const j of joints) {
    next.set(j.a.component, [...(next.get(j.a.component) ?? []), j.b.component]);
    next.set(j.b.component, [...(next.get(j.b.component) ?? []), j.a.component]);
  }
  const queue = [...grounded];
  while (queue.length) for (const n of next.get(queue.shift()!) ?? []) if (!seen.has(n)) seen.add(n) && queue.push(n);
  return ids.filter((id) => !seen.has(id)).sort();
}

function axesProblem(axes: Lcs['axes']): 'axesZero' | 'axesNotOrthogonal' | null {
  if (!axes) return null;
  const given = [axes.x, axes.y, axes.z].filter((v): v is Vec3 => !!v);
  if (given.some((v) => norm(v) < 1e-12)) return 'axesZero';
  for (let i = 0; i < given.length; i++)
    for (let k = i + 1; k < given.length; k++)
      if (Math.abs(dot(given[i]!, given[k]!)) > ORTHO_TOL * norm(given[i]!) * norm(given[k]!)) return 'axesNotOrthogonal';
  return null;
}

// --- frames ------------------------------------------------------------------------------------

const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const norm = (a: Vec3) => Math.hypot(a[0], a[1], a[2]);
const unit = (a: Vec3): Vec3 => {
  const n = norm(a);
  return [a[0] / n, a[1] / n, a[2] / n];
};
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

/** Quaternion [x, y, z, w]. */
export type Quat = [number, number, number, number];

/**
 * The rotation of an LCS (its axes as columns) as a unit quaternion. Missing axes follow: two given
 * → the third by the right-hand rule; z alone → x is the global X (or Y when z is near X) made
 * perpendicular; x or y alone → z is the global Z (or X) made perpendicular. Call after checkAssembly.
 */
export function lcsRotation(axes: Lcs['axes']): Quat {
  if (!axes || (!axes.x && !axes.y && !axes.z)) return [0, 0, 0, 1];
  let { x, y, z } = axes;
  const perp = (v: Vec3, to: Vec3): Vec3 => {
    const u = unit(to);
    const d = dot(v, u);
    return unit([v[0] - d * u[0], v[1] - d * u[1], v[2] - d * u[2]]);
  };
  if (z && !x && !y) x = perp(Math.abs(unit(z)[0]) > 0.9 ? [0, 1, 0] : [1, 0, 0], z);
  else if (!z && x && !y) z = perp(Math.abs(unit(x)[2]) > 0.9 ? [1, 0, 0] : [0, 0, 1], x);
  else if (!z && y && !x) z = perp(Math.abs(unit(y)[2]) > 0.9 ? [1, 0, 0] : [0, 0, 1], y);
  if (x && y && !z) z = cross(x, y);
  else if (x && z && !y) y = cross(z, x);
  else if (y && z && !x) x = cross(y, z);
  return matrixToQuat(unit(x!), unit(y!), unit(z!));
}

/** Columns x, y, z of a rotation matrix → quaternion [x, y, z, w] (Shepperd's method, w ≥ 0). */
export function matrixToQuat(x: Vec3, y: Vec3, z: Vec3): Quat {
  const [m00, m10, m20] = x;
  const [m01, m11, m21] = y;
  const [m02, m12, m22] = z;
  const tr = m00 + m11 + m22;
  let q: Quat;
  if (tr > 0) {
    const s = Math.sqrt(tr + 1) * 2;
    q = [(m21 - m12) / s, (m02 - m20) / s, (m10 - m01) / s, s / 4];
  } else if (m00 > m11 && m00 > m22) {
    const s = Math.sqrt(1 + m00 - m11 - m22) * 2;
    q = [s / 4, (m01 + m10) / s, (m02 + m20) / s, (m21 - m12) / s];
  } else if (m11 > m22) {
    const s = Math.sqrt(1 + m11 - m00 - m22) * 2;
    q = [(m01 + m10) / s, s / 4, (m12 + m21) / s, (m02 - m20) / s];
  } else {
    const s = Math.sqrt(1 + m22 - m00 - m11) * 2;
    q = [(m02 + m20) / s, (m12 + m21) / s, s / 4, (m10 - m01) / s];
  }
  const n = Math.hypot(...q) * (q[3] < 0 ? -1 : 1);
  return [q[0] / n, q[1] / n, q[2] / n, q[3] / n];
}

/** Rotates v by the unit quaternion q. */
export function rotate(q: Quat, v: Vec3): Vec3 {
  const u: Vec3 = [q[0], q[1], q[2]];
  const t = cross(u, v).map((c) => 2 * c) as Vec3;
  const ut = cross(u, t);
  return [v[0] + q[3] * t[0] + ut[0], v[1] + q[3] * t[1] + ut[1], v[2] + q[3] * t[2] + ut[2]];
}

/** The issue's minimal spec, which every implementation must accept as written. */
export const PIN_IN_PLATE_EXAMPLE = {
  name: 'pin-in-plate',
  units: 'mm',
  components: [
    {
      id: 'plate',
      grounded: true,
      source: {
        type: 'template',
        spec: { type: 'template', template: 'prism-with-hole', params: { length: 100, width: 60, height: 10, hole_diameter: 10 } },
      },
      lcs: [{ name: 'hole_bottom', origin: [50, 30, 0] }],
    },
    {
      id: 'pin',
      source: { type: 'template', spec: { type: 'template', template: 'shaft', params: { diameter: 10, length: 30, chamfer: 0 } } },
    },
  ],
  joints: [{ id: 'j1', type: 'revolute', a: { component: 'plate', ref: 'lcs:hole_bottom' }, b: { component: 'pin', ref: 'origin' } }],
  options: { collision: { mode: 'allow' } },
} as const satisfies AssemblySpecInput;
