import { describe, expect, it } from 'vitest';
import { TezgahError } from '../../shared/errors.js';
import type { CamJobSpec } from '../../shared/jobs.js';
import { Machine, Tool } from '../../shared/library.js';
import type { PartFeatures } from '../../electron/domains/cam/features.js';
import {
  ascii,
  checkEnvelope,
  drillTipLength,
  orderOperations,
  PHASE,
  planCam,
  stockBox,
  type PlanInput,
} from '../../electron/domains/cam/plan.js';
import { aluminium, drill10 as jobberDrill10, grblRouter, linuxcncMill } from '../fixtures/gcode/machines.js';

// the 133 mm jobber drill held in the collet with 60 mm sticking out (its whole length would not fit
// the router's 45 mm of Z travel beside a 62 mm end mill: see 'refuses tools too different in length')
const drill10 = Tool.parse({ ...jobberDrill10, stick_out_mm: 60 });

// A 100 × 60 × 20 prism with a Ø10 through hole at (50, 30), as the FreeCAD worker reports it.
const prism: PartFeatures = {
  bbox: { xmin: 0, ymin: 0, zmin: 0, xmax: 100, ymax: 60, zmax: 20 },
  volume_mm3: 118429.2,
  holes: [{ x: 50, y: 30, diameter: 10, top_z: 20, bottom_z: 0, depth: 20, through: true, face: 'Face7', faces: ['Face7'] }],
  pockets: [],
  top_faces: ['Face3'],
  faces: 7,
};
const pocketFloor = {
  face: 'Face14',
  floor_z: 14,
  depth: 6,
  min_width: 8,
  area: 910,
  islands: 1,
  bbox: { xmin: 10, ymin: 18, zmin: 14, xmax: 50, ymax: 42, zmax: 14 },
};

const tool = (id: string, number: number, type: Tool['type'], d: number, flute: number, extra: Partial<Tool> = {}) =>
  Tool.parse({
    id,
    number,
    name: `${d}mm ${type}`,
    type,
    diameter_mm: d,
    flutes: type === 'drill' ? 2 : 3,
    material: type === 'drill' ? 'hss' : 'carbide',
    flute_length_mm: flute,
    overall_length_mm: flute + 40,
    shank_mm: Math.max(3, d),
    ...extra,
  });
const em10 = tool('em10', 4, 'endmill', 10, 22);
const em3 = tool('em3', 3, 'endmill', 3, 8);
const em6short = tool('em6', 1, 'endmill', 6, 13);
const drill5 = tool('drill5', 7, 'drill', 5, 52, { tip_angle_deg: 118 });
const faceMill = tool('fm50', 11, 'face_mill', 50, 6);
const library = [em10, em3, em6short, drill10, drill5, faceMill];

const input = (spec: Partial<CamJobSpec> = {}, over: Partial<PlanInput> = {}): PlanInput => ({
  spec: { type: 'cam', part: 'x', machine: 'grbl-router', ...spec },
  machine: grblRouter,
  material: aluminium,
  tools: library,
  overrideTools: {},
  part: prism,
  ...over,
});

const limitDetail = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TezgahError);
    expect((e as TezgahError).code).toBe('CAM_LIMIT_EXCEEDED');
    return ((e as TezgahError).details?.detail as { en: string }).en;
  }
  throw new Error('no CAM_LIMIT_EXCEEDED');
};

describe('planCam: defaults for a prism with a hole', () => {
  const plan = planCam(input());

  it('faces (the stock is 2 mm taller), drills, then cuts the part free last, one end mill for all milling', () => {
    // the through-profile comes after the drill even though it costs a tool change: a part cut free
    // before it is drilled is loose under the drill
    expect(plan.ops.map((o) => [o.kind, o.tool.id])).toEqual([
      ['facing', 'em10'],
      ['drill', drill10.id],
      ['profile', 'em10'],
    ]);
    // the 6 mm end mill cuts only 13 mm: too short for a 20 mm profile
    expect(plan.ops.find((o) => o.kind === 'profile')).toMatchObject({ start_depth: 20, final_depth: 0, faces: [] });
    expect(plan.ops.find((o) => o.kind === 'facing')).toMatchObject({ start_depth: 22, final_depth: 20, faces: ['Face3'] });
  });

  it('puts the stock 2 mm around and above the part, heights above it, work = part coordinates', () => {
    expect(plan.stock).toEqual({ xmin: -2, ymin: -2, zmin: 0, xmax: 102, ymax: 62, zmax: 22 });
    expect(plan.shift).toEqual([0, 0, 0]);
    expect(plan.heights).toEqual({ clearance: 27, safe: 25, retract: 23 });
  });

  it('drills the through hole at its centre, its tip through the bottom, no pecks at 2 × D', () => {
    const d = plan.ops.find((o) => o.kind === 'drill')!;
    expect(d).toMatchObject({ faces: ['Face7'], through: true, final_depth: 0, peck_depth: null, holes: [{ x: 50, y: 30, diameter: 10 }] });
    // the verifier's nominal set-up leaves room for the tip below the stock
    expect(plan.workOffset.z).toBeCloseTo(drillTipLength(drill10), 3);
    expect(plan.workOffset).toMatchObject({ x: 150 - 50, y: 90 - 30 });
  });

  it('feeds and speeds come from cuttingData', () => {
    const p = plan.ops.find((o) => o.kind === 'profile')!;
    // Vc 300 m/min on Ø10 → 9549 rpm; fz at Ø10 = 0.05 + 0.03 × 4/6 = 0.07; 9549 × 3 × 0.07 = 2005
    expect(p.rpm).toBe(9549);
    expect(p.feed_mm_min).toBe(2005);
    expect(p.plunge_mm_min).toBe(668);
    expect(p.step_down).toBe(5);
    expect(plan.ops.find((o) => o.kind === 'facing')!.step_over_percent).toBe(75);
    expect(plan.toolControllers.map((t) => t.label)).toEqual(['T4 10mm endmill', 'T2 10mm Drill HSS']);
  });

  it('tells the post to expand drilling cycles and change tools by hand, safely, on grbl', () => {
    expect(plan.post).toBe('grbl');
    // without a changer every change is manual, M6 or not (before: M6 in the list meant no pause at all);
    // the change position is at the top of Z travel (G53), the front of the table; the operator touches
    // off the stock top first, the faced top after facing
    expect(plan.postOptions).toEqual({
      expand_cycles: true,
      manual_tool_change: true,
      emit_m6: true,
      tool_length_offset: false,
      tool_change: {
        machine: { x: 150, y: 10, z: 44 },
        touch: [
          { z: 22, faced: false },
          { z: 20, faced: true },
          { z: 20, faced: true },
        ],
        touch_off: 'stock-top',
      },
    });
    // the fixture router has M6 in its list; a real 3018 has neither M6 nor a changer
    const real3018 = Machine.parse({ ...grblRouter, supported_codes: grblRouter.supported_codes.filter((c) => c !== 'M6') });
    expect(planCam(input({}, { machine: real3018 })).postOptions).toMatchObject({ manual_tool_change: true, emit_m6: false });
    // a LinuxCNC mill without a changer (manual M6) with G43: the tool table holds the lengths
    const manualMill = Machine.parse({
      ...linuxcncMill,
      tool_changer: false,
      supported_codes: [...linuxcncMill.supported_codes, 'G43', 'M6'],
    });
    expect(planCam(input({ post: 'linuxcnc' }, { machine: manualMill })).postOptions.tool_change).toMatchObject({
      machine: { x: 250, y: 10, z: -1 },
      touch_off: 'tool-table',
    });
    // no G53: no machine-coordinate change position
    const noG53 = Machine.parse({ ...grblRouter, supported_codes: grblRouter.supported_codes.filter((c) => c !== 'G53') });
    expect(planCam(input({}, { machine: noG53 })).postOptions.tool_change!.machine).toBeNull();
    expect(planCam(input({ post: 'linuxcnc' }, { machine: linuxcncMill })).postOptions).toEqual({
      expand_cycles: false,
      manual_tool_change: false,
      emit_m6: true,
      tool_length_offset: false,
    });
  });
});

describe('planCam: choices', () => {
  it('skips facing when the stock is no taller than the part, and drills only with a drill that fits', () => {
    const plan = planCam(input({ stock: { margin_mm: 0 }, ops: ['facing', 'profile', 'drill'] }, { tools: [em10, drill5] }));
    expect(plan.ops.map((o) => o.kind)).toEqual(['profile']);
    expect(plan.skipped.map((s) => s.op)).toEqual(['facing', 'drill']);
    expect(plan.skipped[1]!.detail.en).toContain('no Ø10 drill');
  });

  it('moves the origin to the stock corner or centre, Z0 on the stock top', () => {
    const corner = planCam(input({ origin: 'stock-corner' }));
    expect(corner.shift).toEqual([2, 2, -22]);
    expect(corner.stock).toEqual({ xmin: 0, ymin: 0, zmin: -22, xmax: 104, ymax: 64, zmax: 0 });
    expect(corner.ops.find((o) => o.kind === 'drill')!.holes).toEqual([{ x: 52, y: 32, diameter: 10, depth: 20, through: true }]);
    const centre = planCam(input({ origin: 'stock-centre' }));
    expect(centre.stock).toEqual({ xmin: -52, ymin: -32, zmin: -22, xmax: 52, ymax: 32, zmax: 0 });
    expect(centre.heights.clearance).toBe(5);
  });

  it('pecks holes deeper than 3 × D by default, or as asked', () => {
    const deep = { ...prism, bbox: { ...prism.bbox, zmax: 40 }, holes: [{ ...prism.holes[0]!, top_z: 40, depth: 40 }] };
    expect(planCam(input({ ops: ['drill'] }, { part: deep, machine: linuxcncMill })).ops.find((o) => o.kind === 'drill')!.peck_depth).toBe(
      10,
    );
    expect(planCam(input({ peck: 4 })).ops.find((o) => o.kind === 'drill')!.peck_depth).toBe(4);
    expect(
      planCam(input({ peck: false, ops: ['drill'] }, { part: deep, machine: linuxcncMill })).ops.find((o) => o.kind === 'drill')!
        .peck_depth,
    ).toBeNull();
  });

  it('clears pockets with a cutter narrower than the pocket, grouped so tools change as rarely as possible', () => {
    const part = { ...prism, pockets: [pocketFloor] };
    const plan = planCam(input({ ops: ['pocket', 'profile', 'facing', 'drill'] }, { part, tools: [em10, em3, drill10] }));
    // em10 cannot enter an 8 mm pocket; em3 cannot reach 20 mm deep: one tool each
    expect(plan.ops.map((o) => `${o.kind}:${o.tool.id}`)).toEqual(['facing:em10', `drill:${drill10.id}`, 'pocket:em3', 'profile:em10']);
    expect(plan.ops.find((o) => o.kind === 'pocket')).toMatchObject({
      faces: ['Face14'],
      start_depth: 20,
      final_depth: 14,
      side: 'Inside',
    });
  });

  it('uses a face mill only when it is listed, and an override tool for its operation', () => {
    expect(planCam(input()).ops[0]!.tool.id).toBe('em10');
    expect(planCam(input({ tools: ['fm50', 'em10'] }, { tools: [faceMill, em10] })).ops[0]!.tool.id).toBe('fm50');
    const plan = planCam(input({ overrides: { facing: { tool: 'em3', rpm: 8000 } } }, { overrideTools: { facing: em3 } }));
    expect(plan.ops[0]).toMatchObject({ kind: 'facing', rpm: 8000 });
    expect(plan.ops[0]!.tool.id).toBe('em3');
  });

  it('orders by machining phase, and groups tools only inside a phase', () => {
    const ops = orderOperations([
      { kind: 'profile' as const, tool: em10 },
      { kind: 'drill' as const, tool: drill10 },
      { kind: 'facing' as const, tool: em10 },
      { kind: 'pocket' as const, tool: em3 },
    ]);
    // before: facing, profile, pocket, drill (grouped by tool: the part was cut free, then drilled)
    expect(ops.map((o) => o.kind)).toEqual(['facing', 'drill', 'pocket', 'profile']);
    // inside one phase the same tool's operations run together
    const clearing = orderOperations([
      { kind: 'pocket' as const, tool: em10, phase: PHASE.clearing, id: 'a' },
      { kind: 'adaptive' as const, tool: em3, phase: PHASE.clearing, id: 'b' },
      { kind: 'pocket' as const, tool: em10, phase: PHASE.clearing, id: 'c' },
      { kind: 'drill' as const, tool: drill5, phase: PHASE.floorDrill, id: 'd' },
      { kind: 'drill' as const, tool: drill10, phase: PHASE.drill, id: 'e' },
    ]);
    expect(clearing.map((o) => o.id)).toEqual(['e', 'a', 'c', 'b', 'd']);
  });

  it('drills holes that start on a pocket floor after the pocket is cleared', () => {
    const floorHole = { ...prism.holes[0]!, diameter: 5, top_z: 14, depth: 14, face: 'Face20', faces: ['Face20'] };
    const part = { ...prism, pockets: [pocketFloor], holes: [prism.holes[0]!, floorHole] };
    const plan = planCam(
      input(
        { ops: ['pocket', 'profile', 'drill'], stock: { margin_mm: 0 } },
        { part, tools: [em10, em3, drill10, drill5], machine: linuxcncMill },
      ),
    );
    expect(plan.ops.map((o) => `${o.kind}:${o.tool.id}`)).toEqual([`drill:${drill10.id}`, 'pocket:em3', 'drill:drill5', 'profile:em10']);
  });

  it('holds the part on the through-profile: tabs by default, or an onion skin', () => {
    const tabs = planCam(input()).ops.find((o) => o.kind === 'profile')!;
    // 320 mm of outline: 4 tabs, 5 mm wide, a fifth of the 20 mm part high (at most 2 mm)
    expect(tabs).toMatchObject({ final_depth: 0, phase: PHASE.through, holding: { kind: 'tabs', count: 4, width_mm: 5, height_mm: 2 } });
    expect(
      planCam(input())
        .notes.map((n) => n.en)
        .join(' '),
    ).toMatch(/4 holding tabs, 5 mm wide and 2 mm high/);
    const asked = planCam(input({ holding: { kind: 'tabs', count: 6, height_mm: 1 } })).ops.find((o) => o.kind === 'profile')!;
    expect(asked.holding).toEqual({ kind: 'tabs', count: 6, width_mm: 5, height_mm: 1 });
    const onion = planCam(input({ holding: { kind: 'onion', skin_mm: 0.4 } })).ops.find((o) => o.kind === 'profile')!;
    expect(onion).toMatchObject({ final_depth: 0.4, holding: { kind: 'onion', skin_mm: 0.4 } });
    // adaptive clearing round the part leaves a web at the tab height; the profile cuts through last
    const adaptive = planCam(input({ ops: ['adaptive', 'profile'] }));
    expect(adaptive.ops.map((o) => [o.kind, o.final_depth])).toEqual([
      ['adaptive', 2],
      ['profile', 0],
    ]);
    // a stock deeper than the part: the profile does not go through, nothing to hold
    const deep = planCam(input({ stock: { box: { xmin: -2, ymin: -2, zmin: -3, xmax: 102, ymax: 62, zmax: 22 } } }));
    expect(deep.ops.find((o) => o.kind === 'profile')!.holding).toBeUndefined();
    expect(() => planCam(input({ holding: { kind: 'tabs', height_mm: 20 } }))).toThrow(/VALIDATION_ERROR/);
  });
});

describe('planCam: limits (CAM_LIMIT_EXCEEDED before any toolpath)', () => {
  it('refuses tools too different in length for the Z travel (CAM_TOOL_TOO_LONG), naming them', () => {
    // the 133 mm drill at the top of 45 mm of Z must clear Z27; the 62 mm end mill at the bottom must
    // reach Z0: 133 + 27 - 62 = 98 mm of travel
    let err: TezgahError | undefined;
    try {
      planCam(input({}, { tools: [em10, jobberDrill10] }));
    } catch (e) {
      err = e as TezgahError;
    }
    expect(err?.code).toBe('CAM_TOOL_TOO_LONG');
    expect(err?.details).toMatchObject({ tools: [jobberDrill10.id, 'em10'], need_mm: 98, travel_mm: 45 });
    expect((err?.details?.detail as { en: string }).en).toMatch(
      /10mm Drill HSS \(T2\) sticks out 133 mm.*needs 98 mm of Z travel, and grbl-router has 45 mm/,
    );
    // on the mill's 400 mm it fits, and with the drill held deeper (60 mm out) it fits the router
    expect(() => planCam(input({}, { tools: [em10, jobberDrill10], machine: linuxcncMill }))).not.toThrow();
    expect(() => planCam(input({}, { tools: [em10, drill10] }))).not.toThrow();
  });

  it('refuses a stock the machine cannot travel over, naming the axis', () => {
    const long = { ...prism, bbox: { ...prism.bbox, xmax: 400 } };
    expect(limitDetail(() => planCam(input({}, { part: long })))).toMatch(/grbl-router travels 300 × 180 × 45 mm \(too big in X\)/);
    expect(limitDetail(() => checkEnvelope(grblRouter, stockBox({ stock: { margin_mm: 2 } }, { ...prism.bbox, zmax: 45 })))).toMatch(
      /too big in Z/,
    );
    expect(() => checkEnvelope(grblRouter, stockBox({}, prism.bbox), 10, 3)).not.toThrow();
  });

  it('refuses a drill bigger than the hole when the tools are given', () => {
    const small = { ...prism, holes: [{ ...prism.holes[0]!, diameter: 8 }] };
    expect(limitDetail(() => planCam(input({ tools: ['em10', drill10.id] }, { part: small, tools: [em10, drill10] })))).toMatch(
      /Ø10.*too big for the Ø8 hole at X50 Y30/,
    );
  });

  it('refuses a cutter too short for the profile or too wide for a pocket', () => {
    expect(limitDetail(() => planCam(input({ tools: ['em6'], ops: ['profile'] }, { tools: [em6short] })))).toMatch(
      /profile is 22 mm deep.*cuts only 13 mm/,
    );
    const part = { ...prism, pockets: [pocketFloor] };
    expect(limitDetail(() => planCam(input({ ops: ['pocket'], tools: ['em10'] }, { part, tools: [em10] })))).toMatch(
      /8 mm wide at its narrowest \(Face14\).*10 mm: too big/,
    );
  });

  it('refuses a drill too short for the hole', () => {
    const deep = { ...prism, bbox: { ...prism.bbox, zmax: 60 }, holes: [{ ...prism.holes[0]!, diameter: 5, top_z: 60, depth: 60 }] };
    expect(limitDetail(() => planCam(input({ ops: ['drill'] }, { part: deep, machine: linuxcncMill })))).toMatch(/reaches only 52 mm/);
  });

  it('says there is nothing to machine instead of writing an empty program', () => {
    expect(() => planCam(input({ ops: ['pocket'] }))).toThrow(/CAM_FAILED/);
  });
});

describe('ascii comments', () => {
  it('keeps G-code comments to printable ASCII without parentheses', () => {
    expect(ascii('Ø10 delik (şaft) — çelik')).toBe('D10 delik saft - celik');
  });
});

describe('planCam: what the spindle can hold and drive', () => {
  // a 3018: ER11 collet (shanks up to 7 mm), 300 W spindle on a light frame (60 % of it usable)
  const router3018 = Machine.parse({
    ...grblRouter,
    collet: 'ER11',
    max_shank_mm: 7,
    spindle_power_kw: 0.3,
    max_tool_length_mm: 120,
    rigidity: 'light',
  });
  const al = { ...aluminium, cutting: { ...aluminium.cutting!, specific_energy_j_mm3: 0.7 } };
  const em6 = tool('em6long', 2, 'endmill', 6, 25);
  const tools = [em10, em6, drill5, faceMill];

  it('leaves out tools whose shank does not fit the collet, says so, and holds every cut to the spindle power', () => {
    const plan = planCam(input({}, { machine: router3018, material: al, tools }));
    expect(new Set(plan.ops.filter((o) => o.kind !== 'drill').map((o) => o.tool.id))).toEqual(new Set(['em6long']));
    expect(plan.notes.some((n) => /Not used: 10mm endmill \(T4\), 50mm face_mill \(T11\).*ER11, shank ≤ 7 mm/.test(n.en))).toBe(true);
    for (const o of plan.ops.filter((x) => x.kind !== 'drill')) {
      // the worst engagement: full width for the profile, the step-over for facing
      const ae = o.kind === 'facing' ? o.step_over_mm : o.tool.diameter_mm;
      const watts = (ae * o.step_down * o.feed_mm_min * 0.7) / 60;
      expect(watts, o.label).toBeLessThanOrEqual(300 * 0.6 + 1e-6);
    }
    const profile = plan.ops.find((o) => o.kind === 'profile')!;
    // the book's 3 mm (0.5 D) at 1500 mm/min would need 315 W: the step-down gives way
    const cut = profile.clamps.find((c) => c.reason === 'spindle_power_kw')!;
    expect(cut).toMatchObject({ field: 'step_down_mm', requested: 3, applied: profile.step_down });
    expect(profile.step_down).toBeLessThan(3);
    expect(plan.notes.map((n) => n.en)).toContainEqual(
      expect.stringMatching(
        new RegExp(`^Profile: step-down 3 → ${profile.step_down} mm.*180 W of the 0\\.3 kW spindle \\(60 % for a light machine`),
      ),
    );
  });

  it('refuses a tool asked for that does not fit the collet (CAM_TOOL_DOES_NOT_FIT), naming tools that do', () => {
    let err: TezgahError | undefined;
    try {
      planCam(
        input({ overrides: { profile: { tool: 'em10' } } }, { machine: router3018, material: al, tools, overrideTools: { profile: em10 } }),
      );
    } catch (e) {
      err = e as TezgahError;
    }
    expect(err?.code).toBe('CAM_TOOL_DOES_NOT_FIT');
    expect(err?.details).toMatchObject({ tool: 'em10', fitting_tools: ['em6long'] });
    expect((err?.details?.detail as { en: string }).en).toMatch(/Ø10 mm shank.*ER11.*up to 7 mm/);
  });
});

describe('planCam: end mills that do not cut at their centre', () => {
  const noCentre = tool('em10nc', 9, 'endmill', 10, 22, { centre_cutting: false });

  it('are never chosen for an operation that plunges, and refused when asked for', () => {
    const plan = planCam(input({}, { tools: [noCentre, em6short, tool('em8', 5, 'endmill', 8, 25), drill10] }));
    for (const o of plan.ops.filter((x) => x.kind !== 'drill')) expect(o.tool.id).toBe('em8');
    let err: TezgahError | undefined;
    try {
      planCam(input({}, { tools: [noCentre, tool('em8', 5, 'endmill', 8, 25), drill10], overrideTools: { profile: noCentre } }));
    } catch (e) {
      err = e as TezgahError;
    }
    expect(err?.code).toBe('CAM_LIMIT_EXCEEDED');
    expect((err?.details?.detail as { en: string }).en).toMatch(/does not cut at its centre.*plunging straight down/);
  });
});
