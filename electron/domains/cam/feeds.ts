// Feeds and speeds from the library: spindle speed from the material's surface speed for the
// tool's material, feed from its chip load at the tool's diameter, then the machine's limits.
// Every limit that changes a value is reported, so the UI can say why a number is not the book's.
import { TezgahError } from '../../../shared/errors.js';
import { CAM_TEXT } from '../../../shared/i18n/cam.js';
import type { Machine, Material, Tool } from '../../../shared/library.js';

export type Operation = 'facing' | 'profile' | 'pocket' | 'drill' | 'adaptive';

export interface CuttingDataOptions {
  tool: Tool;
  material: Material;
  machine: Machine;
  /** default: 'drill' for drills, otherwise 'pocket' */
  operation?: Operation;
  /** the user's own values; they are still held to the machine's limits */
  overrides?: { rpm?: number; feed?: number; plunge?: number };
}

export interface Clamp {
  field: 'rpm' | 'feed_mm_min' | 'plunge_mm_min' | 'step_down_mm';
  requested: number;
  applied: number;
  /** the limit that applied: a Machine or Tool field name */
  reason: 'max_spindle_rpm' | 'min_spindle_rpm' | 'max_feed_mm_min' | 'flute_length_mm' | 'spindle_power_kw';
}

export interface CuttingData {
  rpm: number;
  feed_mm_min: number;
  plunge_mm_min: number;
  step_down_mm: number;
  step_over_mm: number;
  clamps: Clamp[];
}

/** Face milling engages most of the cutter: 70–80 % of its diameter is the usual step-over. */
const FACING_STEP_OVER = 0.75;
/** Adaptive clearing trades radial for axial engagement: light step-over, up to 2×D deep. */
const ADAPTIVE_MAX_STEP_OVER = 0.15;
const ADAPTIVE_STEP_DOWN_DIAMETERS = 2;
/**
 * The share of its rated power a spindle is given in one cut, by the frame's rigidity: a light router
 * chatters and deflects long before its motor stalls, a heavy mill can use most of it.
 */
export const RIGIDITY_POWER_SHARE = { light: 0.6, medium: 0.75, heavy: 0.85 } as const;
/** the power limit takes depth first, but not below this share of the diameter (then it slows the feed) */
const MIN_POWER_STEP_DOWN_DIAMETERS = 0.1;
/** G83 peck depth for drills: one diameter per peck */
const DRILL_PECK_DIAMETERS = 1;

export function cuttingData(opts: CuttingDataOptions): CuttingData {
  const { tool, material, machine } = opts;
  const cutting = material.cutting;
  if (!cutting || !material.processes.includes('cnc_milling')) {
    throw new TezgahError('MATERIAL_PROCESS_INCOMPATIBLE', { process: 'cnc_milling', material: material.id });
  }
  const overrides = opts.overrides ?? {};
  for (const [field, v] of Object.entries(overrides)) {
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) {
      throw new TezgahError('VALIDATION_ERROR', { field: `overrides.${field}`, detail: CAM_TEXT.positiveNumber });
    }
  }
  const isDrill = tool.type === 'drill';
  const operation = opts.operation ?? (isDrill ? 'drill' : 'pocket');
  const D = tool.diameter_mm;
  const clamps: Clamp[] = [];
  const clamp = (
    field: Clamp['field'],
    requested: number,
    lo: number,
    hi: number,
    loReason: Clamp['reason'],
    hiReason: Clamp['reason'],
  ) => {
    if (requested > hi) {
      clamps.push({ field, requested, applied: hi, reason: hiReason });
      return hi;
    }
    if (requested < lo) {
      clamps.push({ field, requested, applied: lo, reason: loReason });
      return lo;
    }
    return requested;
  };

  const vc = cutting.surface_speed_m_min[tool.material];
  const requestedRpm = Math.round(overrides.rpm ?? (vc * 1000) / (Math.PI * D));
  const rpm = clamp(
    'rpm',
    requestedRpm,
    Math.ceil(machine.min_spindle_rpm),
    Math.floor(machine.max_spindle_rpm),
    'min_spindle_rpm',
    'max_spindle_rpm',
  );

  // The feed follows the speed the spindle really runs, so the chip load stays what the book says.
  const fz = chipLoad(cutting.chip_load_mm, D);
  const teeth = isDrill ? 2 : tool.flutes; // a drill's feed per rev is twice the chip load (two lips)
  const maxFeed = Math.floor(machine.max_feed_mm_min);
  const requestedFeed = Math.round(overrides.feed ?? rpm * teeth * fz);
  const feed = clamp('feed_mm_min', requestedFeed, 0, maxFeed, 'max_feed_mm_min', 'max_feed_mm_min');
  const requestedPlunge = Math.round(overrides.plunge ?? (isDrill ? feed : feed / 3));
  const plunge = clamp('plunge_mm_min', requestedPlunge, 0, maxFeed, 'max_feed_mm_min', 'max_feed_mm_min');

  let stepDown = cutting.step_down_factor * D;
  let stepOver = cutting.step_over_factor * D;
  switch (operation) {
    case 'facing':
      stepOver = FACING_STEP_OVER * D;
      break;
    case 'adaptive':
      stepOver = Math.min(cutting.step_over_factor, ADAPTIVE_MAX_STEP_OVER) * D;
      stepDown = ADAPTIVE_STEP_DOWN_DIAMETERS * D;
      break;
    case 'drill':
      stepDown = DRILL_PECK_DIAMETERS * D;
      stepOver = 0;
      break;
  }
  stepDown = clamp('step_down_mm', round2(stepDown), 0, tool.flute_length_mm, 'flute_length_mm', 'flute_length_mm');

  // The spindle's power: P = MRR × specific cutting energy. Milling is taken at its worst engagement
  // (a pocket's or profile's first pass is a full-width slot; facing and adaptive keep their step-over),
  // a drill at its whole section. Depth gives way first, then the feed.
  let f = feed;
  let p = plunge;
  const usable = powerLimitW(machine);
  const u = cutting.specific_energy_j_mm3;
  if (usable && u) {
    if (isDrill) {
      const watts = (((Math.PI * D * D) / 4) * f * u) / 60;
      if (watts > usable) {
        const slower = Math.max(1, Math.floor((f * usable) / watts));
        clamps.push({ field: 'feed_mm_min', requested: f, applied: slower, reason: 'spindle_power_kw' });
        f = slower;
        p = Math.min(p, slower);
      }
    } else {
      const ae = operation === 'facing' || operation === 'adaptive' ? stepOver : D;
      const watts = (ae * stepDown * f * u) / 60;
      if (watts > usable) {
        const floor = Math.min(stepDown, round2(MIN_POWER_STEP_DOWN_DIAMETERS * D));
        const ap = Math.max(floor, Math.floor((stepDown * usable * 100) / watts) / 100);
        if (ap < stepDown) {
          clamps.push({ field: 'step_down_mm', requested: stepDown, applied: ap, reason: 'spindle_power_kw' });
          stepDown = ap;
        }
        const still = (ae * stepDown * f * u) / 60;
        if (still > usable) {
          const slower = Math.max(1, Math.floor((f * usable) / still));
          clamps.push({ field: 'feed_mm_min', requested: f, applied: slower, reason: 'spindle_power_kw' });
          f = slower;
          p = Math.min(p, slower);
        }
      }
    }
  }

  return { rpm, feed_mm_min: f, plunge_mm_min: p, step_down_mm: stepDown, step_over_mm: round2(stepOver), clamps };
}

/** watts a cut may take on this machine (none without a rated spindle power) */
export function powerLimitW(machine: Machine): number | null {
  if (!machine.spindle_power_kw) return null;
  return machine.spindle_power_kw * 1000 * RIGIDITY_POWER_SHARE[machine.rigidity ?? 'medium'];
}

/** The spindle power a cut takes, W (the MRR in mm³/min times the material's specific energy). */
export function cutPowerW(widthMm: number, depthMm: number, feedMmMin: number, material: Material): number {
  return (widthMm * depthMm * feedMmMin * (material.cutting?.specific_energy_j_mm3 ?? 0)) / 60;
}

/**
 * Chip load at a diameter: linear between the table's rows; above the largest row it stays at
 * that row's value; below the smallest it shrinks in proportion to the diameter, because small
 * tools break long before they run out of chip room.
 */
export function chipLoad(table: [number, number][], diameter: number): number {
  const rows = [...table].sort((a, b) => a[0] - b[0]);
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  if (diameter <= first[0]) return (first[1] * diameter) / first[0];
  if (diameter >= last[0]) return last[1];
  for (let k = 1; k < rows.length; k++) {
    const [d1, f1] = rows[k]!;
    if (diameter <= d1) {
      const [d0, f0] = rows[k - 1]!;
      return f0 + ((f1 - f0) * (diameter - d0)) / (d1 - d0);
    }
  }
  return last[1];
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
