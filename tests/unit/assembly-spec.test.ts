// The assembly spec (shared/assembly.ts): the issue's minimal spec as written, and the checker's
// coded, bilingual findings on specs that break a rule the schema cannot see.
import { describe, expect, it } from 'vitest';
import {
  AssemblySpec,
  checkAssembly,
  lcsRotation,
  parseRef,
  PIN_IN_PLATE_EXAMPLE,
  rotate,
  type AssemblySpecInput,
  type Vec3,
} from '../../shared/assembly.js';
import { errorText, isErrorCode } from '../../shared/errors.js';

const ISSUE_SPEC = JSON.parse(`{ "name": "pin-in-plate", "units": "mm",
  "components": [
    { "id": "plate", "grounded": true,
      "source": { "type": "template", "spec": { "type": "template", "template": "prism-with-hole",
                  "params": { "length": 100, "width": 60, "height": 10, "hole_diameter": 10 } } },
      "lcs": [ { "name": "hole_bottom", "origin": [50, 30, 0] } ] },
    { "id": "pin", "source": { "type": "template", "spec": { "type": "template", "template": "shaft",
                  "params": { "diameter": 10, "length": 30, "chamfer": 0 } } } } ],
  "joints": [ { "id": "j1", "type": "revolute",
                "a": { "component": "plate", "ref": "lcs:hole_bottom" }, "b": { "component": "pin", "ref": "origin" } } ],
  "options": { "collision": { "mode": "allow" } } }`);

const clone = (): AssemblySpecInput => structuredClone(ISSUE_SPEC);
const check = (s: unknown) => checkAssembly(AssemblySpec.parse(s));
const rulesOf = (s: unknown) => {
  const r = check(s);
  return r.issues.map((i) => [i.code, i.rule, i.path]);
};

describe('assembly spec', () => {
  it('accepts the issue’s minimal pin-in-plate spec as written, and the checker finds nothing', () => {
    const parsed = AssemblySpec.safeParse(ISSUE_SPEC);
    expect(parsed.success).toBe(true);
    expect(check(ISSUE_SPEC)).toEqual({ ok: true, issues: [] });
    expect(AssemblySpec.parse(PIN_IN_PLATE_EXAMPLE)).toEqual(parsed.data);
  });

  it('refuses shapes the schema knows: another unit, an unknown joint type, an empty component list, extra keys', () => {
    expect(AssemblySpec.safeParse({ ...clone(), units: 'in' }).success).toBe(false);
    const bad = clone() as any;
    bad.joints[0].type = 'hinge';
    expect(AssemblySpec.safeParse(bad).success).toBe(false);
    expect(AssemblySpec.safeParse({ ...clone(), components: [] }).success).toBe(false);
    expect(AssemblySpec.safeParse({ ...clone(), colour: 'red' }).success).toBe(false);
  });

  it('parses refs: lcs:, hole:N (1-based), face:N, edge:N, origin; anything else is not a ref', () => {
    expect(parseRef('lcs:hole_bottom')).toEqual({ kind: 'lcs', name: 'hole_bottom' });
    expect(parseRef('hole:2')).toEqual({ kind: 'hole', index: 2 });
    expect(parseRef('face:0')).toEqual({ kind: 'face', index: 0 });
    expect(parseRef('edge:3')).toEqual({ kind: 'edge', index: 3 });
    expect(parseRef('origin')).toEqual({ kind: 'origin' });
    for (const r of ['hole:0', 'edge:0', 'lcs:', 'Face3', 'origin ', 'hole:-1']) expect(parseRef(r)).toBeNull();
  });

  it('names unknown components, unknown LCS and malformed refs with ASSEMBLY_UNKNOWN_REF, in both languages', () => {
    const s = clone() as any;
    s.joints[0].b.component = 'bolt';
    s.joints[0].a.ref = 'lcs:top';
    const r = check(s);
    expect(r.ok).toBe(false);
    expect(r.issues.map((i) => [i.code, i.rule, i.path])).toEqual([
      ['ASSEMBLY_UNKNOWN_REF', 'unknownLcs', 'joints[0].a.ref'],
      ['ASSEMBLY_UNKNOWN_REF', 'unknownComponent', 'joints[0].b.component'],
      ['ASSEMBLY_NOT_GROUNDED', 'notConnected', 'joints'],
    ]);
    expect(r.issues[0]!.detail.en).toContain('has no LCS "top" (it has: hole_bottom)');
    expect(r.issues[0]!.detail.tr).toContain('"top" yerel koordinat sistemi yok');
    expect(r.issues[1]!.detail.en).toContain('"bolt"');
    expect(r.issues[1]!.detail.en).toContain('components: pin, plate');
    expect(r.issues[2]!.detail.en).toContain('pin');
    const bad = clone() as any;
    bad.joints[0].b.ref = 'Face3';
    expect(rulesOf(bad)).toEqual([['ASSEMBLY_UNKNOWN_REF', 'badRef', 'joints[0].b.ref']]);
  });

  it('duplicate component, joint and LCS ids are ASSEMBLY_DUPLICATE_ID', () => {
    const s = clone() as any;
    s.components.push(structuredClone(s.components[1]));
    s.joints.push({ ...structuredClone(s.joints[0]) });
    s.components[0].lcs.push({ name: 'hole_bottom', origin: [0, 0, 0] });
    expect(rulesOf(s)).toEqual([
      ['ASSEMBLY_DUPLICATE_ID', 'duplicateLcs', 'components[0].lcs[1].name'],
      ['ASSEMBLY_DUPLICATE_ID', 'duplicateComponent', 'components[2].id'],
      ['ASSEMBLY_DUPLICATE_ID', 'duplicateJoint', 'joints[1].id'],
    ]);
  });

  it('nothing grounded is ASSEMBLY_NOT_GROUNDED; so is a component joined to nothing grounded', () => {
    const s = clone() as any;
    delete s.components[0].grounded;
    expect(rulesOf(s)).toEqual([['ASSEMBLY_NOT_GROUNDED', 'nothingGrounded', 'components']]);
    const t = clone() as any;
    t.components.push({ id: 'washer', source: t.components[1].source });
    t.components.push({ id: 'nut', source: t.components[1].source });
    t.joints.push({ id: 'j2', type: 'fixed', a: { component: 'nut', ref: 'origin' }, b: { component: 'washer', ref: 'origin' } });
    const r = check(t);
    expect(r.issues.map((i) => i.rule)).toEqual(['notConnected']);
    expect(r.issues[0]!.detail.en).toContain('nut, washer');
    // joined through another component counts
    t.joints.push({ id: 'j3', type: 'fixed', a: { component: 'pin', ref: 'origin' }, b: { component: 'nut', ref: 'origin' } });
    expect(check(t).ok).toBe(true);
  });

  it('a joint to itself, two grounded components joined, a limit on a param the joint does not free, an initial outside its limits', () => {
    const s = clone() as any;
    s.joints.push({ id: 'self', type: 'fixed', a: { component: 'pin', ref: 'origin' }, b: { component: 'pin', ref: 'origin' } });
    s.components[1].grounded = true;
    s.joints[0].limits = { z_mm: [0, 5], angle_deg: [0, 90] };
    s.joints[0].initial = { angle_deg: 120 };
    expect(rulesOf(s)).toEqual([
      ['ASSEMBLY_SPEC_INVALID', 'groundedJoined', 'joints[0]'],
      ['ASSEMBLY_SPEC_INVALID', 'outsideLimits', 'joints[0].initial.angle_deg'],
      ['ASSEMBLY_SPEC_INVALID', 'paramNotFree', 'joints[0].limits.z_mm'],
      ['ASSEMBLY_SPEC_INVALID', 'selfJoint', 'joints[1]'],
    ]);
  });

  it('drivers: an unknown joint, a param the joint does not free, a sweep beyond the limits, one param driven twice', () => {
    const s = clone() as any;
    s.joints[0].limits = { angle_deg: [0, 90] };
    s.drivers = [
      { joint: 'j9', param: 'angle', start: 0, end: 10, step: 1 },
      { joint: 'j1', param: 'z', start: 0, end: 10, step: 1 },
      { joint: 'j1', param: 'angle', start: 0, end: 100, step: 10 },
      { joint: 'j1', param: 'angle', start: 0, end: 10, step: 10 },
    ];
    expect(rulesOf(s)).toEqual([
      ['ASSEMBLY_UNKNOWN_REF', 'unknownDriverJoint', 'drivers[0].joint'],
      ['ASSEMBLY_SPEC_INVALID', 'paramNotFree', 'drivers[1].param'],
      ['ASSEMBLY_SPEC_INVALID', 'outsideLimits', 'drivers[2]'],
      ['ASSEMBLY_SPEC_INVALID', 'duplicateDriver', 'drivers[3]'],
    ]);
  });

  it('exploded offsets may only name components of the spec', () => {
    const s = clone() as any;
    s.options = { exploded: { offsets: { pin: [0, 0, 10], bolt: [1, 0, 0] } } };
    expect(rulesOf(s)).toEqual([['ASSEMBLY_UNKNOWN_REF', 'unknownComponent', 'options.exploded.offsets.bolt']]);
  });

  it('LCS axes must be non-zero and perpendicular; the rotation built from them maps the local axes onto them', () => {
    const s = clone() as any;
    s.components[0].lcs[0].axes = { x: [1, 0, 0], z: [1, 1, 0] };
    const r = check(s);
    expect(r.issues.map((i) => [i.code, i.rule])).toEqual([['ASSEMBLY_SPEC_INVALID', 'badAxes']]);
    expect(r.issues[0]!.detail.en).toContain('not perpendicular');
    expect(r.issues[0]!.detail.tr).toContain('dik değil');
    s.components[0].lcs[0].axes = { z: [0, 0, 0] };
    expect(check(s).issues[0]!.detail.en).toContain('zero length');

    const close = (a: Vec3, b: Vec3) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 12));
    const q = lcsRotation({ x: [0, 1, 0], z: [1, 0, 0] });
    close(rotate(q, [1, 0, 0]), [0, 1, 0]);
    close(rotate(q, [0, 0, 1]), [1, 0, 0]);
    close(rotate(q, [0, 1, 0]), [0, 0, 1]); // y = z × x
    const z = [0, -3, 4] as Vec3;
    const qz = lcsRotation({ z });
    close(rotate(qz, [0, 0, 1]), [0, -0.6, 0.8]);
    close(rotate(qz, [1, 0, 0]), [1, 0, 0]);
    expect(lcsRotation(undefined)).toEqual([0, 0, 0, 1]);
    const q180 = lcsRotation({ x: [-1, 0, 0], y: [0, -1, 0] });
    close(rotate(q180, [1, 0, 0]), [-1, 0, 0]);
    close(rotate(q180, [0, 0, 1]), [0, 0, 1]);
  });

  it('every issue code is a catalogued error whose hint carries the detail', () => {
    const s = clone() as any;
    s.joints[0].a.component = 'base';
    for (const i of check(s).issues) {
      expect(isErrorCode(i.code)).toBe(true);
      const t = errorText(i.code, 'tr', { field: i.path, detail: i.detail });
      expect(t.hint).toContain(i.detail.tr);
      expect(errorText(i.code, 'en', { field: i.path, detail: i.detail }).hint).toContain(i.detail.en);
    }
  });
});
