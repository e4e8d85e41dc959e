// The CAM plan: from a part's features, a machine, a material and the tools at hand to the exact job
// FreeCAD builds — stock, work origin, heights, tools, operations in order, feeds and speeds. Every
// limit is checked here, before any toolpath exists: a stock beyond the machine's travel or a tool
// that cannot reach or fit a feature is CAM_LIMIT_EXCEEDED, and no G-code is written.
//
// Conventions (one set-up, machined from +Z):
// - stock: a box around the part's box, `margin_mm` on the four sides and on top, its bottom flush
//   with the part's (the part sits on the table); or an explicit box in part coordinates.
// - origin 'part' keeps the part's coordinates; 'stock-corner' and 'stock-centre' put X0 Y0 at the
//   stock's lower-left corner or centre and Z0 on the stock's top (where the operator touches off).
// - tools: without a tool list, end mills and drills of the library are chosen automatically (face
//   mills and ball mills only when listed); one end mill for every milling operation when one fits
//   them all, so the program changes tools as rarely as it can.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../shared/canonical.js';
import { TezgahError } from '../../../shared/errors.js';
import { CAM_TEXT } from '../../../shared/i18n/cam.js';
import { render, type Rendered, type Text } from '../../../shared/i18n/text.js';
import type { BBox, CamJobSpec, CamOperation, CamOrigin } from '../../../shared/jobs.js';
import type { Controller, Machine, Material, Tool } from '../../../shared/library.js';
import { cuttingData, powerLimitW, RIGIDITY_POWER_SHARE, type Clamp } from './feeds.js';
import type { Hole, PartFeatures, Pocket } from './features.js';

export const DEFAULT_STOCK_MARGIN_MM = 2;
/** heights above the stock top: clearance (between operations), safe (between cuts), drill retract (R) */
export const CLEARANCE_MM = 5;
export const SAFE_MM = 3;
export const RETRACT_MM = 1;
/** a drill makes a hole when their diameters differ by no more than this */
export const DRILL_FIT_MM = 0.05;
/** facing clears the stock edge by the tool radius and this much (FreeCAD MillFace "ClearEdges") */
const CLEAR_EDGE_MM = 0.1;

/**
 * The machining order (phases), a machinist's: face the top, drill the holes that start on it while the
 * stock is whole and rigid, clear pockets (and drill the holes in their floors), and cut the part free
 * last. Tools are grouped only inside a phase (see orderOperations): the profile never moves ahead of
 * a drill to save a tool change.
 */
export const PHASE = { facing: 0, drill: 1, clearing: 2, floorDrill: 3, finishing: 4, through: 5 } as const;
const KIND_PHASE: Record<CamOperation, number> = {
  facing: PHASE.facing,
  drill: PHASE.drill,
  pocket: PHASE.clearing,
  adaptive: PHASE.clearing,
  profile: PHASE.through,
};
/** default holding: tab bridges on the part, their height above the stock bottom; an onion skin's thickness */
export const DEFAULT_TAB_WIDTH_MM = 5;
export const DEFAULT_ONION_SKIN_MM = 0.3;

/** How a through-cut holds the part, as the plan sets it (tabs are placed on the path by the worker). */
export type HoldingPlan = { kind: 'tabs'; count: number; width_mm: number; height_mm: number } | { kind: 'onion'; skin_mm: number };

export interface ToolControllerPlan {
  id: string;
  label: string;
  tool: Tool;
  rpm: number;
  feed_mm_min: number;
  plunge_mm_min: number;
}

export interface OperationPlan {
  /** FreeCAD object name */
  id: string;
  /** ASCII label: it is written into G-code comments */
  label: string;
  kind: CamOperation;
  tc: string;
  tool: Tool;
  faces: string[];
  start_depth: number;
  final_depth: number;
  step_down: number;
  step_over_mm: number;
  step_over_percent: number;
  side?: 'Inside' | 'Outside';
  through?: boolean;
  peck_depth?: number | null;
  coolant: 'None' | 'Flood';
  rpm: number;
  feed_mm_min: number;
  plunge_mm_min: number;
  clamps: Clamp[];
  holes?: { x: number; y: number; diameter: number; depth: number; through: boolean }[];
  pockets?: { face: string; floor_z: number; min_width: number }[];
  /** machining phase (PHASE); ops are ordered by it */
  phase: number;
  /** on an operation that would cut through the stock: what keeps the part held */
  holding?: HoldingPlan;
}

export interface SkippedFeature {
  op: CamOperation;
  /** why, in both languages (CAM_FEATURE_SKIPPED's {{detail}}) */
  detail: Rendered;
}

export interface CamPlan {
  post: Controller;
  origin: CamOrigin;
  /** added to part coordinates to get work (G-code) coordinates */
  shift: [number, number, number];
  /** in work coordinates */
  stock: BBox;
  part: BBox;
  heights: { clearance: number; safe: number; retract: number };
  /** where the verifier assumes G54 sits in machine coordinates: stock centred on the table, its bottom (less any drill break-through) at the lowest point the tool reaches */
  workOffset: { x: number; y: number; z: number };
  toolControllers: ToolControllerPlan[];
  ops: OperationPlan[];
  skipped: SkippedFeature[];
  /** in both languages (the report and the CAM page show them) */
  notes: Rendered[];
  /**
   * expand drilling cycles to G0/G1; a manual tool change before every tool (see ToolChangePlan); write
   * M6 (grbl's post leaves it as a comment otherwise); G43 after M6
   */
  postOptions: {
    expand_cycles: boolean;
    manual_tool_change: boolean;
    emit_m6: boolean;
    tool_length_offset: boolean;
    tool_change?: ToolChangePlan;
  };
}

/**
 * A manual tool change (no changer): spindle stop, up to a safe machine Z (G53 where the controller has
 * it, else the clearance height), over to the change position, pause (M0) with a message naming the
 * tool and saying how to set its length: touch the stock top off as `stock_top`, or its tool-table
 * length (G43) when the program applies one.
 */
export interface ToolChangePlan {
  /** machine coordinates (G53) of the change position, or null where the controller has no G53 */
  machine: { x: number; y: number; z: number } | null;
  /** per tool change in program order: the work Z of the top the operator touches off (the stock top, or the faced top once facing has run) */
  touch: { z: number; faced: boolean }[];
  touch_off: 'stock-top' | 'tool-table';
}

export interface PlanInput {
  /** normalised: material, origin, post and stock are set */
  spec: CamJobSpec;
  machine: Machine;
  material: Material;
  /** the tools to choose from (the spec's list, or the whole library) */
  tools: Tool[];
  /** tools named in spec.overrides[op].tool */
  overrideTools: Partial<Record<CamOperation, Tool>>;
  part: PartFeatures;
}

const limit = (detail: Rendered, extra: Record<string, unknown> = {}) => new TezgahError('CAM_LIMIT_EXCEEDED', { detail, ...extra });
const fmt = (v: number) => String(Math.round(v * 1000) / 1000);
const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** The stock box in part coordinates. */
export function stockBox(spec: Pick<CamJobSpec, 'stock'>, part: BBox): BBox {
  const s = spec.stock ?? { margin_mm: DEFAULT_STOCK_MARGIN_MM };
  if ('box' in s) {
    const b = s.box;
    const e = 1e-6;
    if (
      b.xmin > part.xmin + e ||
      b.ymin > part.ymin + e ||
      b.zmin > part.zmin + e ||
      b.xmax < part.xmax - e ||
      b.ymax < part.ymax - e ||
      b.zmax < part.zmax - e
    )
      throw new TezgahError('VALIDATION_ERROR', { field: 'stock.box', detail: render(CAM_TEXT.stockMustContain, { box: box(part) }) });
    return { ...b };
  }
  const m = s.margin_mm;
  return { xmin: part.xmin - m, ymin: part.ymin - m, zmin: part.zmin, xmax: part.xmax + m, ymax: part.ymax + m, zmax: part.zmax + m };
}

/** Work coordinates = part coordinates + shift. */
export function originShift(origin: CamOrigin, stock: BBox): [number, number, number] {
  switch (origin) {
    case 'part':
      return [0, 0, 0];
    case 'stock-corner':
      return [-stock.xmin, -stock.ymin, -stock.zmax];
    case 'stock-centre':
      return [-(stock.xmin + stock.xmax) / 2, -(stock.ymin + stock.ymax) / 2, -stock.zmax];
  }
}

/**
 * The stock, the cutter around it and the heights above it must fit the machine's travel.
 * `aroundMm`: the largest cutter that goes round the outside; `belowMm`: how far drills break
 * through below the stock.
 */
export function checkEnvelope(machine: Machine, stock: BBox, aroundMm = 0, belowMm = 0): void {
  const e = machine.envelope_mm;
  const extra = aroundMm > 0 ? aroundMm + 2 * CLEAR_EDGE_MM : 0;
  const need = {
    x: stock.xmax - stock.xmin + extra,
    y: stock.ymax - stock.ymin + extra,
    z: stock.zmax - stock.zmin + CLEARANCE_MM + belowMm,
  };
  const over = (['x', 'y', 'z'] as const).filter((a) => need[a] > e[a] + 1e-9);
  if (over.length === 0) return;
  const size = `${fmt(stock.xmax - stock.xmin)} × ${fmt(stock.ymax - stock.ymin)} × ${fmt(stock.zmax - stock.zmin)} mm`;
  const around = aroundMm > 0 ? render(CAM_TEXT.aroundCutter, { diameter: fmt(aroundMm) }) : '';
  throw limit(
    render(CAM_TEXT.limit.envelope, {
      size,
      around,
      clearance: CLEARANCE_MM,
      need: `${fmt(need.x)} × ${fmt(need.y)} × ${fmt(need.z)}`,
      machine: machine.id,
      travel: `${fmt(e.x)} × ${fmt(e.y)} × ${fmt(e.z)}`,
      axes: over.map((a) => a.toUpperCase()).join(', '),
    }),
    { machine: machine.id, axes: over, need_mm: need, envelope_mm: e },
  );
}

export function drillTipLength(tool: Tool): number {
  const angle = ((tool.tip_angle_deg ?? 118) * Math.PI) / 180;
  return tool.diameter_mm / 2 / Math.tan(angle / 2);
}

/** A fingerprint of the library records a CAM job depends on: edit a tool and the job is new. */
export function libraryFingerprint(machine: Machine, material: Material, tools: Tool[]): string {
  const sorted = [...tools].sort((a, b) => a.id.localeCompare(b.id));
  return createHash('sha256')
    .update(canonicalJson({ machine, material, tools: sorted }))
    .digest('hex');
}

export function supports(machine: Machine, code: string): boolean {
  return machine.supported_codes.includes(code);
}

interface MillingNeed {
  op: CamOperation;
  depth: number;
  /** the cutter must be narrower than this (the narrowest pocket) */
  narrowerThan?: number;
  narrowest?: Pocket;
  what: Text;
}

/** Does the tool go into the machine's spindle: its shank in the collet, its stick-out under the longest tool it carries? */
export function fitsSpindle(machine: Machine, t: Tool): boolean {
  return (
    (machine.max_shank_mm === undefined || t.shank_mm <= machine.max_shank_mm + 1e-9) &&
    (machine.max_tool_length_mm === undefined || stickOut(t) <= machine.max_tool_length_mm + 1e-9)
  );
}

function toolDoesNotFit(machine: Machine, t: Tool, tools: Tool[]): TezgahError {
  const fitting = tools.filter((x) => x.type === t.type && fitsSpindle(machine, x));
  const any = fitting.length ? fitting : tools.filter((x) => fitsSpindle(machine, x));
  return new TezgahError('CAM_TOOL_DOES_NOT_FIT', {
    detail: render(CAM_TEXT.toolDoesNotFit, {
      tool: toolName(t),
      shank: fmt(t.shank_mm),
      length: fmt(stickOut(t)),
      machine: machine.id,
      collet: machine.collet ?? '-',
      max_shank: machine.max_shank_mm !== undefined ? fmt(machine.max_shank_mm) : '-',
      max_length: machine.max_tool_length_mm !== undefined ? fmt(machine.max_tool_length_mm) : '-',
    }),
    fitting: any.length ? any.map(toolName).join(', ') : '-',
    machine: machine.id,
    tool: t.id,
    fitting_tools: any.map((x) => x.id),
  });
}

export function planCam(given: PlanInput): CamPlan {
  const { spec, machine, part } = given;
  // ---- the spindle: a tool asked for by name must fit; the library's misfits are left out (and said so)
  const unfit = given.tools.filter((t) => !fitsSpindle(machine, t));
  for (const t of Object.values(given.overrideTools)) if (t && !fitsSpindle(machine, t)) throw toolDoesNotFit(machine, t, given.tools);
  if (spec.tools && unfit.length) throw toolDoesNotFit(machine, unfit[0]!, given.tools);
  const input: PlanInput = { ...given, tools: given.tools.filter((t) => fitsSpindle(machine, t)) };
  const origin = spec.origin ?? 'part';
  const post = spec.post ?? machine.controller;
  const stockPart = stockBox(spec, part.bbox);
  const shift = originShift(origin, stockPart);
  const mv = (b: BBox): BBox => ({
    xmin: b.xmin + shift[0],
    ymin: b.ymin + shift[1],
    zmin: b.zmin + shift[2],
    xmax: b.xmax + shift[0],
    ymax: b.ymax + shift[1],
    zmax: b.zmax + shift[2],
  });
  const stock = mv(stockPart);
  const pb = mv(part.bbox);
  const holes = part.holes.map((h) => ({
    ...h,
    x: h.x + shift[0],
    y: h.y + shift[1],
    top_z: h.top_z + shift[2],
    bottom_z: h.bottom_z + shift[2],
  }));
  const pockets = part.pockets.map((p) => ({ ...p, floor_z: p.floor_z + shift[2], bbox: mv(p.bbox) }));
  const heights = { clearance: stock.zmax + CLEARANCE_MM, safe: stock.zmax + SAFE_MM, retract: stock.zmax + RETRACT_MM };
  const taller = stock.zmax > pb.zmax + 1e-6;

  const requested = spec.ops ?? defaultOps(taller, holes.length > 0);
  const ops = [...new Set(requested)].sort((a, b) => KIND_PHASE[a] - KIND_PHASE[b]);
  const holding = holdingFor(spec, pb);
  const facing = ops.includes('facing');
  const materialTop = facing ? pb.zmax : stock.zmax;
  const skipped: SkippedFeature[] = [];
  const notes: Rendered[] = [];
  if (unfit.length)
    notes.push(
      render(CAM_TEXT.note.colletExcluded, {
        tools: unfit.map(toolName).join(', '),
        machine: machine.id,
        collet: machine.collet ?? '-',
        shank: machine.max_shank_mm !== undefined ? fmt(machine.max_shank_mm) : '-',
        length: machine.max_tool_length_mm !== undefined ? fmt(machine.max_tool_length_mm) : '-',
      }),
    );

  // ---- milling tools ---------------------------------------------------------------------------
  const needs: MillingNeed[] = [];
  for (const op of ops) {
    if (op === 'facing') {
      if (!taller) {
        skipped.push({ op, detail: CAM_TEXT.skip.facingNotTaller });
        continue;
      }
      needs.push({ op, depth: stock.zmax - pb.zmax, what: CAM_TEXT.what.facing });
    } else if (op === 'profile') {
      needs.push({ op, depth: materialTop - pb.zmin, what: CAM_TEXT.what.outsideProfile });
    } else if (op === 'pocket' || op === 'adaptive') {
      if (pockets.length === 0) {
        if (op === 'pocket') {
          skipped.push({ op, detail: CAM_TEXT.skip.noPocket });
          continue;
        }
        needs.push({ op, depth: materialTop - pb.zmin, what: CAM_TEXT.what.adaptiveAround });
        continue;
      }
      const narrowest = pockets.reduce((a, b) => (b.min_width < a.min_width ? b : a));
      const deepest = Math.max(...pockets.map((p) => materialTop - p.floor_z));
      needs.push({
        op,
        depth: deepest,
        narrowerThan: narrowest.min_width,
        narrowest,
        what: op === 'pocket' ? CAM_TEXT.what.pocket : CAM_TEXT.what.adaptivePocket,
      });
    }
  }
  const millTools = chooseMillingTools(needs, input);

  // ---- drills ------------------------------------------------------------------------------------
  const drillGroups = ops.includes('drill') ? chooseDrills(holes, input, materialTop, pb.zmax, skipped, notes) : [];
  if (ops.includes('drill') && holes.length === 0) skipped.push({ op: 'drill', detail: CAM_TEXT.skip.noHole });

  // ---- envelope ------------------------------------------------------------------------------------
  const aroundMm = Math.max(
    0,
    ...needs.filter((n) => n.op !== 'pocket' && !(n.op === 'adaptive' && pockets.length)).map((n) => millTools.get(n.op)!.diameter_mm),
  );
  const belowMm = Math.max(0, ...drillGroups.filter((g) => g.through).map((g) => stock.zmin - (g.bottom_z - drillTipLength(g.tool))));
  checkEnvelope(machine, stock, aroundMm, belowMm);

  // ---- operations, feeds and speeds --------------------------------------------------------------
  const coolant: 'None' | 'Flood' = machine.coolant && supports(machine, 'M8') ? 'Flood' : 'None';
  const planned: Omit<OperationPlan, 'tc'>[] = [];
  for (const need of needs) {
    const tool = millTools.get(need.op)!;
    const cd = cutting(input, tool, need.op);
    const base = { kind: need.op, tool, coolant, ...cd };
    if (need.op === 'facing') {
      planned.push({
        ...base,
        id: 'Facing',
        label: 'Facing',
        phase: PHASE.facing,
        faces: part.top_faces,
        start_depth: stock.zmax,
        final_depth: pb.zmax,
      });
    } else if (need.op === 'profile') {
      // through the stock: held by tabs (cut in by the worker) or stopped above an onion skin
      const through = pb.zmin <= stock.zmin + 1e-6;
      planned.push({
        ...base,
        id: 'Profile',
        label: 'Profile',
        phase: through ? PHASE.through : PHASE.finishing,
        faces: [],
        start_depth: materialTop,
        final_depth: through && holding.kind === 'onion' ? pb.zmin + holding.skin_mm : pb.zmin,
        ...(through ? { holding } : {}),
      });
    } else if (pockets.length === 0) {
      // clearing round the part: it leaves a web at the holding height; the profile (if any) cuts through last
      const through = pb.zmin <= stock.zmin + 1e-6;
      const web = holding.kind === 'onion' ? holding.skin_mm : holding.height_mm;
      planned.push({
        ...base,
        id: 'Adaptive',
        label: 'Adaptive',
        phase: PHASE.clearing,
        faces: part.top_faces,
        side: 'Outside',
        start_depth: materialTop,
        final_depth: through ? pb.zmin + web : pb.zmin,
        ...(through ? { holding: { kind: 'onion' as const, skin_mm: web } } : {}),
      });
    } else {
      // one operation per floor depth: FreeCAD clears all given faces down to one final depth
      const floors = [...new Set(pockets.map((p) => p.floor_z))].sort((a, b) => b - a);
      floors.forEach((z, i) => {
        const ps = pockets.filter((p) => p.floor_z === z);
        const name = need.op === 'pocket' ? 'Pocket' : 'Adaptive';
        const suffix = floors.length > 1 ? String(i + 1) : '';
        planned.push({
          ...base,
          id: name + suffix,
          label: suffix ? `${name} ${suffix}` : name,
          phase: PHASE.clearing,
          faces: ps.map((p) => p.face),
          side: 'Inside',
          start_depth: materialTop,
          final_depth: z,
          pockets: ps.map((p) => ({ face: p.face, floor_z: round3(p.floor_z), min_width: p.min_width })),
        });
      });
    }
  }
  const drillLabels = new Map<string, number>();
  drillGroups.forEach((g, i) => {
    const cd = cutting(input, g.tool, 'drill');
    const name = `Drill D${fmt(g.tool.diameter_mm)}`;
    const n = (drillLabels.get(name) ?? 0) + 1;
    drillLabels.set(name, n);
    const depth = g.start - g.bottom_z + (g.through ? drillTipLength(g.tool) : 0);
    const peck =
      spec.peck === false
        ? null
        : typeof spec.peck === 'number'
          ? spec.peck
          : spec.peck === true || depth > 3 * g.tool.diameter_mm
            ? cd.step_down
            : null;
    planned.push({
      ...cd,
      id: `Drill${i + 1}`,
      label: n > 1 ? `${name} ${n}` : name,
      kind: 'drill',
      // holes that start on a pocket floor are drilled once the pocket is cleared
      phase: g.start < materialTop - 1e-6 ? PHASE.floorDrill : PHASE.drill,
      tool: g.tool,
      coolant,
      faces: g.holes.map((h) => h.face),
      start_depth: g.start,
      final_depth: g.bottom_z,
      through: g.through,
      peck_depth: peck,
      holes: g.holes.map((h) => ({ x: round3(h.x), y: round3(h.y), diameter: h.diameter, depth: h.depth, through: h.through })),
    });
  });
  if (planned.length === 0) {
    throw new TezgahError('CAM_FAILED', {
      detail: render(CAM_TEXT.nothingToMachine, {
        why: skipped.length ? joined(skipped.map((s) => s.detail)) : CAM_TEXT.noOperationApplies,
      }),
    });
  }

  const ordered = orderOperations(planned);
  const toolControllers: ToolControllerPlan[] = [];
  const opsOut: OperationPlan[] = ordered.map((o) => {
    let tc = toolControllers.find(
      (t) => t.tool.id === o.tool.id && t.rpm === o.rpm && t.feed_mm_min === o.feed_mm_min && t.plunge_mm_min === o.plunge_mm_min,
    );
    if (!tc) {
      tc = {
        id: `TC${toolControllers.length + 1}`,
        label: '',
        tool: o.tool,
        rpm: o.rpm,
        feed_mm_min: o.feed_mm_min,
        plunge_mm_min: o.plunge_mm_min,
      };
      toolControllers.push(tc);
    }
    return { ...o, tc: tc.id };
  });
  for (const tc of toolControllers) {
    const same = toolControllers.filter((t) => t.tool.id === tc.tool.id);
    const user = opsOut.find((o) => o.tc === tc.id)!;
    tc.label = ascii(`T${tc.tool.number} ${tc.tool.name}${same.length > 1 ? ` ${user.kind}` : ''}`);
  }

  // every limit the spindle's power set, per operation
  const usable = powerLimitW(machine);
  for (const o of opsOut)
    for (const c of o.clamps.filter((x) => x.reason === 'spindle_power_kw'))
      notes.push(
        render(CAM_TEXT.note.power, {
          op: o.label,
          field: c.field === 'step_down_mm' ? 'step-down' : 'feed',
          requested: fmt(c.requested),
          applied: fmt(c.applied),
          unit: c.field === 'step_down_mm' ? 'mm' : 'mm/min',
          watts: fmt(Math.round(usable ?? 0)),
          kw: fmt(machine.spindle_power_kw ?? 0),
          share: Math.round(100 * RIGIDITY_POWER_SHARE[machine.rigidity ?? 'medium']),
          rigidity: machine.rigidity ?? 'medium',
          energy: fmt(input.material.cutting?.specific_energy_j_mm3 ?? 0),
          material: input.material.id,
        }),
      );

  const held = opsOut.find((o) => o.holding && o.kind === 'profile') ?? opsOut.find((o) => o.holding);
  if (held?.holding?.kind === 'tabs' && held.kind === 'profile')
    notes.push(
      render(CAM_TEXT.note.tabs, {
        count: held.holding.count,
        width: fmt(held.holding.width_mm),
        height: fmt(held.holding.height_mm),
      }),
    );
  else if (held) notes.push(render(CAM_TEXT.note.onion, { skin: fmt(held.holding!.kind === 'onion' ? held.holding!.skin_mm : 0) }));

  checkToolLengths(machine, opsOut, heights.clearance);
  // without a changer every tool is changed by hand, M6 or not (LinuxCNC's manual M6 neither retracts nor re-zeroes)
  const manualChange = !machine.tool_changer;
  const toolCount = new Set(toolControllers.map((t) => t.tool.number)).size;
  if (manualChange && toolCount > 1 && !supports(machine, 'M0'))
    notes.push(render(CAM_TEXT.note.manualToolChange, { machine: machine.id }));
  const tlo = supports(machine, 'G43');
  const postOptions = {
    expand_cycles: post === 'grbl' || !['G80', 'G81', 'G83', 'G98'].every((c) => supports(machine, c)),
    manual_tool_change: manualChange && supports(machine, 'M0'),
    emit_m6: supports(machine, 'M6'),
    tool_length_offset: tlo,
    ...(manualChange && supports(machine, 'M0')
      ? {
          tool_change: toolChangePlan(machine, touchTops(opsOut, stock.zmax, pb.zmax), tlo && post !== 'grbl' ? 'tool-table' : 'stock-top'),
        }
      : {}),
  };
  return {
    post,
    origin,
    shift,
    stock: roundBox(stock),
    part: roundBox(pb),
    heights,
    workOffset: nominalWorkOffset(machine, stock, belowMm),
    toolControllers,
    ops: opsOut,
    skipped,
    notes,
    postOptions,
  };
}

/** How far a tool sticks out of its holder: as set up, else its whole length. */
export function stickOut(tool: Tool): number {
  return tool.stick_out_mm ?? tool.overall_length_mm;
}

/** where a manual change happens: the top of Z travel (1 mm under it) at the front of the table, X centred */
export function toolChangePlan(machine: Machine, touch: ToolChangePlan['touch'], touchOff: ToolChangePlan['touch_off']): ToolChangePlan {
  const e = machine.envelope_mm;
  const top = machine.zero === 'max-z' ? -1 : e.z - 1;
  return {
    machine: supports(machine, 'G53') ? { x: round3(e.x / 2), y: Math.min(10, round3(e.y / 2)), z: top } : null,
    touch,
    touch_off: touchOff,
  };
}

/** The top to touch off at each tool change (each switch of tool controller, as the post writes them). */
function touchTops(ops: OperationPlan[], stockTop: number, partTop: number): ToolChangePlan['touch'] {
  const out: ToolChangePlan['touch'] = [];
  let faced = false;
  let tc = '';
  for (const o of ops) {
    if (o.tc !== tc) out.push(faced ? { z: round3(partTop), faced: true } : { z: round3(stockTop), faced: false });
    tc = o.tc;
    if (o.kind === 'facing') faced = true;
  }
  return out;
}

/**
 * The spindle nose is somewhere; wherever it is, at the top of Z travel the longest tool must clear
 * the clearance height, and at the bottom every tool must reach its deepest cut. Both hold only if the
 * Z travel covers (longest stick-out - clearance) against each tool's (stick-out + deepest point):
 * travel >= max(L) + clearance - min(L_t + lowest_t). One tool: the stock height and clearance, as the
 * envelope check has it. Otherwise CAM_TOOL_TOO_LONG, naming the two tools.
 */
export function checkToolLengths(
  machine: Machine,
  ops: Pick<OperationPlan, 'tool' | 'kind' | 'final_depth' | 'through'>[],
  clearance: number,
) {
  const lowest = new Map<string, { tool: Tool; z: number }>();
  for (const o of ops) {
    const z = o.final_depth - (o.kind === 'drill' && o.through ? drillTipLength(o.tool) : 0);
    const cur = lowest.get(o.tool.id);
    if (!cur || z < cur.z) lowest.set(o.tool.id, { tool: o.tool, z });
  }
  const tools = [...lowest.values()];
  if (tools.length < 2) return;
  const longest = tools.reduce((a, b) => (stickOut(b.tool) > stickOut(a.tool) ? b : a));
  const reach = tools.reduce((a, b) => (stickOut(b.tool) + b.z < stickOut(a.tool) + a.z ? b : a));
  const need = stickOut(longest.tool) + clearance - (stickOut(reach.tool) + reach.z);
  if (need <= machine.envelope_mm.z + 1e-9) return;
  throw new TezgahError('CAM_TOOL_TOO_LONG', {
    detail: render(CAM_TEXT.toolTooLong, {
      long: toolName(longest.tool),
      longest: fmt(stickOut(longest.tool)),
      short: toolName(reach.tool),
      shortest: fmt(stickOut(reach.tool)),
      need: fmt(need),
      machine: machine.id,
      travel: fmt(machine.envelope_mm.z),
    }),
    machine: machine.id,
    tools: [longest.tool.id, reach.tool.id],
    need_mm: round3(need),
    travel_mm: machine.envelope_mm.z,
  });
}

function defaultOps(taller: boolean, holes: boolean): CamOperation[] {
  return [...(taller ? (['facing'] as const) : []), 'profile', ...(holes ? (['drill'] as const) : [])];
}

/**
 * Orders operations by machining phase (PHASE; an operation without one takes its kind's), and inside a
 * phase groups them by tool in the order each tool is first needed, keeping each group's order. A tool
 * used in two phases is changed twice rather than cutting the part free before it is drilled.
 */
export function orderOperations<T extends { kind: CamOperation; tool: Tool; phase?: number }>(ops: T[]): T[] {
  const phaseOf = (o: T) => o.phase ?? KIND_PHASE[o.kind];
  const sorted = [...ops].sort((a, b) => phaseOf(a) - phaseOf(b));
  const phases = [...new Set(sorted.map(phaseOf))];
  return phases.flatMap((ph) => {
    const inPhase = sorted.filter((o) => phaseOf(o) === ph);
    const order: string[] = [];
    for (const o of inPhase) if (!order.includes(o.tool.id)) order.push(o.tool.id);
    return order.flatMap((id) => inPhase.filter((o) => o.tool.id === id));
  });
}

/** The job's holding with its defaults: tabs about every 100 mm of the part's outline (at least 4), 5 mm wide, a fifth of the part's height (0.5–2 mm) high. */
export function holdingFor(spec: Pick<CamJobSpec, 'holding'>, part: BBox): HoldingPlan {
  const h = spec.holding ?? { kind: 'tabs' as const };
  const thick = part.zmax - part.zmin;
  if (h.kind === 'onion') {
    const skin = h.skin_mm ?? DEFAULT_ONION_SKIN_MM;
    if (skin >= thick)
      throw new TezgahError('VALIDATION_ERROR', {
        field: 'holding.skin_mm',
        detail: render(CAM_TEXT.holdingTooTall, { what: CAM_TEXT.onionSkin, value: fmt(skin), thick: fmt(thick) }),
      });
    return { kind: 'onion', skin_mm: skin };
  }
  const outline = 2 * (part.xmax - part.xmin + (part.ymax - part.ymin));
  const height = h.height_mm ?? round3(Math.min(2, Math.max(0.5, thick / 5)));
  if (height >= thick)
    throw new TezgahError('VALIDATION_ERROR', {
      field: 'holding.height_mm',
      detail: render(CAM_TEXT.holdingTooTall, { what: CAM_TEXT.tabs, value: fmt(height), thick: fmt(thick) }),
    });
  return {
    kind: 'tabs',
    count: h.count ?? Math.min(12, Math.max(4, Math.round(outline / 100))),
    width_mm: h.width_mm ?? DEFAULT_TAB_WIDTH_MM,
    height_mm: height,
  };
}

function nominalWorkOffset(machine: Machine, stock: BBox, belowMm: number) {
  const e = machine.envelope_mm;
  const bottom = machine.zero === 'max-z' ? -e.z : 0;
  return {
    x: round3(e.x / 2 - (stock.xmin + stock.xmax) / 2),
    y: round3(e.y / 2 - (stock.ymin + stock.ymax) / 2),
    z: round3(bottom + belowMm - stock.zmin),
  };
}

function cutting(input: PlanInput, tool: Tool, op: CamOperation) {
  const o = input.spec.overrides?.[op] ?? {};
  const cd = cuttingData({
    tool,
    material: input.material,
    machine: input.machine,
    operation: op,
    overrides: {
      ...(o.rpm ? { rpm: o.rpm } : {}),
      ...(o.feed_mm_min ? { feed: o.feed_mm_min } : {}),
      ...(o.plunge_mm_min ? { plunge: o.plunge_mm_min } : {}),
    },
  });
  const clamps = [...cd.clamps];
  let stepDown = o.step_down_mm ?? cd.step_down_mm;
  if (o.step_down_mm && o.step_down_mm > tool.flute_length_mm) {
    clamps.push({ field: 'step_down_mm', requested: o.step_down_mm, applied: tool.flute_length_mm, reason: 'flute_length_mm' });
    stepDown = tool.flute_length_mm;
  }
  const stepOver = Math.min(o.step_over_mm ?? cd.step_over_mm, tool.diameter_mm);
  return {
    rpm: cd.rpm,
    feed_mm_min: cd.feed_mm_min,
    plunge_mm_min: cd.plunge_mm_min,
    step_down: stepDown,
    step_over_mm: stepOver,
    step_over_percent: Math.max(1, Math.min(100, Math.round((100 * stepOver) / tool.diameter_mm))),
    clamps,
  };
}

const MILL_TYPES_AUTO = new Set(['endmill']);

/**
 * Every milling operation here enters the material by a straight plunge (no ramp or helix yet), so an
 * end mill that does not cut at its centre is never chosen, and one asked for is refused.
 */
const plunges = (t: Tool) => t.centre_cutting !== false;

function millCandidates(op: CamOperation, input: PlanInput): { tools: Tool[]; explicit: boolean } {
  const o = input.overrideTools[op];
  if (o && !plunges(o))
    throw limit(render(CAM_TEXT.limit.notCentreCutting, { tool: toolName(o), what: op }), { operation: op, tool: o.id });
  if (o) return { tools: [o], explicit: true };
  const explicit = !!input.spec.tools;
  const ok = (t: Tool) =>
    explicit ? t.type === 'endmill' || t.type === 'ball' || (t.type === 'face_mill' && op === 'facing') : MILL_TYPES_AUTO.has(t.type);
  return { tools: input.tools.filter((t) => ok(t) && plunges(t)), explicit };
}

function fits(t: Tool, n: MillingNeed): boolean {
  return t.flute_length_mm >= n.depth - 1e-6 && (n.narrowerThan === undefined || t.diameter_mm < n.narrowerThan - 1e-6);
}

const bigFirst = (a: Tool, b: Tool) => b.diameter_mm - a.diameter_mm || b.flute_length_mm - a.flute_length_mm || a.number - b.number;

function chooseMillingTools(needs: MillingNeed[], input: PlanInput): Map<CamOperation, Tool> {
  const chosen = new Map<CamOperation, Tool>();
  // a listed face mill faces; it is the reason to list one
  const facing = needs.find((n) => n.op === 'facing' && !input.overrideTools.facing);
  const faceMill =
    facing &&
    millCandidates('facing', input)
      .tools.filter((t) => t.type === 'face_mill' && fits(t, facing))
      .sort(bigFirst)[0];
  if (faceMill) chosen.set('facing', faceMill);
  const free = needs.filter((n) => !input.overrideTools[n.op] && !chosen.has(n.op));
  // one cutter for every operation that leaves the choice to us, if one fits them all
  if (free.length > 1) {
    const common = intersect(free.map((n) => millCandidates(n.op, input).tools.filter((t) => fits(t, n)))).sort(bigFirst)[0];
    if (common) for (const n of free) chosen.set(n.op, common);
  }
  for (const n of needs) {
    if (chosen.has(n.op)) continue;
    const { tools, explicit } = millCandidates(n.op, input);
    const ok = tools.filter((t) => fits(t, n));
    const previous = [...chosen.values()].find((t) => ok.includes(t));
    const pick = previous ?? ok.sort(bigFirst)[0];
    if (!pick) throw millingLimit(n, tools, explicit);
    chosen.set(n.op, pick);
  }
  return chosen;
}

function intersect(lists: Tool[][]): Tool[] {
  const [first, ...rest] = lists;
  return (first ?? []).filter((t) => rest.every((l) => l.some((x) => x.id === t.id)));
}

function millingLimit(n: MillingNeed, tools: Tool[], explicit: boolean): TezgahError {
  const source = explicit ? CAM_TEXT.toolSource.given : CAM_TEXT.toolSource.library;
  const What = { en: cap(n.what.en), tr: capTr(n.what.tr) };
  if (tools.length === 0) return limit(render(CAM_TEXT.limit.noEndMill, { source, what: n.what }), { operation: n.op });
  const narrow = n.narrowerThan !== undefined ? tools.filter((t) => t.diameter_mm < n.narrowerThan! - 1e-6) : tools;
  if (narrow.length === 0) {
    const smallest = [...tools].sort((a, b) => a.diameter_mm - b.diameter_mm)[0]!;
    return limit(
      render(CAM_TEXT.limit.tooNarrow, {
        What,
        width: fmt(n.narrowerThan!),
        face: n.narrowest!.face,
        tool: toolName(smallest),
        diameter: fmt(smallest.diameter_mm),
      }),
      { operation: n.op, tool: smallest.id, feature: n.narrowest!.face, width_mm: n.narrowerThan },
    );
  }
  const longest = [...narrow].sort((a, b) => b.flute_length_mm - a.flute_length_mm)[0]!;
  return limit(
    render(CAM_TEXT.limit.tooDeep, { What, depth: fmt(n.depth), tool: toolName(longest), reach: fmt(longest.flute_length_mm) }),
    {
      operation: n.op,
      tool: longest.id,
      depth_mm: round3(n.depth),
    },
  );
}

interface DrillGroup {
  tool: Tool;
  start: number;
  bottom_z: number;
  through: boolean;
  holes: Hole[];
}

function chooseDrills(
  holes: Hole[],
  input: PlanInput,
  materialTop: number,
  partTop: number,
  skipped: SkippedFeature[],
  notes: Rendered[],
): DrillGroup[] {
  const override = input.overrideTools.drill;
  const explicit = !!override || !!input.spec.tools;
  const drills = override ? [override] : input.tools.filter((t) => t.type === 'drill');
  const groups: DrillGroup[] = [];
  for (const h of holes) {
    const hole = render(CAM_TEXT.hole, { diameter: fmt(h.diameter), x: fmt(h.x), y: fmt(h.y) });
    const start = Math.abs(h.top_z - partTop) < 1e-6 ? materialTop : h.top_z;
    const reachNeeded = (t: Tool) => start - h.bottom_z + (h.through ? drillTipLength(t) : 0);
    const exact = drills.filter((t) => Math.abs(t.diameter_mm - h.diameter) <= DRILL_FIT_MM);
    let tool: Tool | undefined;
    if (exact.length) {
      tool = exact.filter((t) => t.flute_length_mm >= reachNeeded(t) - 1e-6).sort(bigFirst)[0];
      if (!tool) {
        const best = [...exact].sort((a, b) => b.flute_length_mm - a.flute_length_mm)[0]!;
        throw limit(
          render(CAM_TEXT.limit.drillTooShort, {
            hole,
            depth: fmt(reachNeeded(best)),
            tool: toolName(best),
            reach: fmt(best.flute_length_mm),
          }),
          { operation: 'drill', tool: best.id, hole: h },
        );
      }
    } else if (explicit) {
      const smaller = drills
        .filter((t) => t.diameter_mm < h.diameter - DRILL_FIT_MM && t.flute_length_mm >= reachNeeded(t) - 1e-6)
        .sort(bigFirst);
      tool = smaller[0];
      if (!tool) {
        const bigger = drills.filter((t) => t.diameter_mm > h.diameter + DRILL_FIT_MM).sort((a, b) => a.diameter_mm - b.diameter_mm)[0];
        if (bigger)
          throw limit(render(CAM_TEXT.limit.drillTooBig, { tool: toolName(bigger), diameter: fmt(bigger.diameter_mm), hole }), {
            operation: 'drill',
            tool: bigger.id,
            hole: h,
          });
        if (drills.length) {
          const best = [...drills].sort((a, b) => b.flute_length_mm - a.flute_length_mm)[0]!;
          throw limit(
            render(CAM_TEXT.limit.drillTooShort, {
              hole,
              depth: fmt(reachNeeded(best)),
              tool: toolName(best),
              reach: fmt(best.flute_length_mm),
            }),
            { operation: 'drill', tool: best.id, hole: h },
          );
        }
        skipped.push({ op: 'drill', detail: render(CAM_TEXT.skip.noGivenDrill, { hole }) });
        continue;
      }
      notes.push(render(CAM_TEXT.note.drilledSmaller, { hole, diameter: fmt(tool.diameter_mm), tool: toolName(tool) }));
    } else {
      skipped.push({ op: 'drill', detail: render(CAM_TEXT.skip.noLibraryDrill, { diameter: fmt(h.diameter), hole }) });
      continue;
    }
    const g = groups.find((x) => x.tool.id === tool!.id && x.start === start && x.bottom_z === h.bottom_z && x.through === h.through);
    if (g) g.holes.push(h);
    else groups.push({ tool, start, bottom_z: h.bottom_z, through: h.through, holes: [h] });
  }
  return groups;
}

function toolName(t: Tool): string {
  return `${t.name} (T${t.number})`;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const capTr = (s: string) => s.charAt(0).toLocaleUpperCase('tr-TR') + s.slice(1);
/** Sentences in both languages, one after another. */
const joined = (texts: Rendered[]): Rendered => ({ en: texts.map((t) => t.en).join(' '), tr: texts.map((t) => t.tr).join(' ') });

function roundBox(b: BBox): BBox {
  return {
    xmin: round3(b.xmin),
    ymin: round3(b.ymin),
    zmin: round3(b.zmin),
    xmax: round3(b.xmax),
    ymax: round3(b.ymax),
    zmax: round3(b.zmax),
  };
}

function box(b: BBox): string {
  return `X${fmt(b.xmin)}…${fmt(b.xmax)} Y${fmt(b.ymin)}…${fmt(b.ymax)} Z${fmt(b.zmin)}…${fmt(b.zmax)}`;
}

const TR: Record<string, string> = {
  ç: 'c',
  Ç: 'C',
  ğ: 'g',
  Ğ: 'G',
  ı: 'i',
  İ: 'I',
  ö: 'o',
  Ö: 'O',
  ş: 's',
  Ş: 'S',
  ü: 'u',
  Ü: 'U',
  Ø: 'D',
  ø: 'd',
  '×': 'x',
  '…': '..',
  '–': '-',
  '—': '-',
};

/** Text for a G-code comment: ASCII only (controllers differ on anything else), no parentheses. */
export function ascii(text: string): string {
  return text
    .replace(/[^\x20-\x7e]/g, (c) => TR[c] ?? c.normalize('NFD').replace(/[^\x20-\x7e]/g, '') ?? '')
    .replace(/[()]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
