// Checks any G-code file against a machine (and, when given, the tool library, the stock and the
// work offset): travel envelope, rapids into stock, cutting with the spindle stopped, feed and
// speed limits, codes the controller rejects, unbalanced spindle/coolant, unknown tools and units.
// Also measures the path: bounds, length, time and the segments the viewer draws.
import { GCODE_TEXT, joinTexts } from '../../../../shared/i18n/cam.js';
import { render, type Text } from '../../../../shared/i18n/text.js';
import type { Machine, Tool } from '../../../../shared/library.js';
import type { Vec3 } from './arc.js';
import { interpret, type MaybeVec, type Move } from './interpreter.js';
import { type GcodeBlock, normaliseCode, parseGcode } from './parser.js';
import type { BoundsMm, GcodeFinding, GcodeReport, Segment } from './types.js';

/** the stock's box, in work coordinates like the report's bounds */
export type StockBox = BoundsMm;

export interface VerifyOptions {
  machine: Machine;
  /** the library's tools; T numbers not among them are reported */
  tools?: Tool[];
  /** the stock in work coordinates (the G54 frame) */
  stock?: StockBox;
  /** machine coordinates of the G54 origin; without it only the path's size is checked */
  workOffset?: { x: number; y: number; z: number };
  /** the report is always in millimetres */
  units?: 'mm';
}

/** a manual tool change pauses with the tool no further under the top of Z travel than this */
const PAUSE_BELOW_TOP_MM = 5;
/** a move may overshoot the travel or enter the stock by this much (rounding in posts) */
const TOLERANCE_MM = 1e-3;
/** beyond this many findings of one code, one summary line stands for the rest */
const MAX_FINDINGS_PER_CODE = 100;
const AXES = ['X', 'Y', 'Z'] as const;
const EXTRA_AXES = new Set(['A', 'B', 'C', 'U', 'V', 'W']);
const MILLING_WORDS = new Set(['X', 'Y', 'Z', 'I', 'J', 'K', 'R', 'F', 'S', 'T', 'P', 'Q', 'L', 'H', 'D']);

export function verifyGcode(text: string, opts: VerifyOptions): GcodeReport {
  const { machine } = opts;
  const findings: GcodeFinding[] = [];
  const add = (
    code: GcodeFinding['code'],
    severity: GcodeFinding['severity'],
    line: number,
    text: Text,
    extra: Record<string, string | number> = {},
  ) => findings.push({ code, severity, line, message: text.en, details: { line, detail: text, ...extra } });

  const parsed = parseGcode(text);
  for (const p of parsed.problems) add('GCODE_PARSE_ERROR', 'error', p.line, p.text);
  checkWords(parsed.blocks, machine, add);

  const workOffset: Vec3 | undefined = opts.workOffset ? [opts.workOffset.x, opts.workOffset.y, opts.workOffset.z] : undefined;
  const trace = interpret(parsed.blocks, {
    controller: machine.controller,
    machineUnits: machine.units,
    ...(workOffset ? { workOffset } : {}),
  });
  findings.push(...trace.findings);

  for (const f of trace.feedWords) {
    if (f.mm_min > machine.max_feed_mm_min + TOLERANCE_MM) {
      add(
        'GCODE_FEED_LIMIT',
        'warning',
        f.line,
        render(GCODE_TEXT.feedAboveMachine, { f: fmt(f.mm_min), max: fmt(machine.max_feed_mm_min) }),
      );
    }
  }
  for (const s of trace.speedWords) {
    if (s.rpm > machine.max_spindle_rpm) {
      add('GCODE_SPINDLE_LIMIT', 'error', s.line, render(GCODE_TEXT.spindleAbove, { s: fmt(s.rpm), max: fmt(machine.max_spindle_rpm) }));
    } else if (s.rpm > 0 && s.rpm < machine.min_spindle_rpm) {
      add('GCODE_SPINDLE_LIMIT', 'warning', s.line, render(GCODE_TEXT.spindleBelow, { s: fmt(s.rpm), min: fmt(machine.min_spindle_rpm) }));
    }
  }
  if (opts.tools) {
    const known = new Set(opts.tools.map((t) => t.number));
    for (const call of trace.toolCalls) {
      // T0 means "no tool" (an unload) on the controllers we know
      if (call.tool !== 0 && !known.has(call.tool)) {
        add('GCODE_UNKNOWN_TOOL', 'error', call.line, render(GCODE_TEXT.unknownTool, { tool: call.tool }), { tool: call.tool });
      }
    }
  }

  // a manual tool change (no changer): the spindle stopped and the tool up at the top of travel
  if (!machine.tool_changer) {
    const top = machine.zero === 'max-z' ? 0 : machine.envelope_mm.z;
    for (const p of trace.pauses) {
      if (p.spindle_on) {
        add('GCODE_UNSAFE_TOOL_CHANGE', 'error', p.line, render(GCODE_TEXT.pauseSpindleOn, { code: p.code }));
      } else if (p.machine_z === null) {
        add('GCODE_UNSAFE_TOOL_CHANGE', 'warning', p.line, render(GCODE_TEXT.pauseUnknownZ, { code: p.code, top: fmt(top) }));
      } else if (p.machine_z < top - PAUSE_BELOW_TOP_MM) {
        add(
          'GCODE_UNSAFE_TOOL_CHANGE',
          'error',
          p.line,
          render(GCODE_TEXT.pauseLow, { code: p.code, z: fmt(p.machine_z), below: fmt(top - p.machine_z), top: fmt(top) }),
        );
      }
    }
  }

  const checks = new MoveChecks(machine, workOffset, add);
  const segments: Segment[] = [];
  let length = 0;
  let seconds = 0;
  let feedMissingReported = false;
  for (const move of trace.moves) {
    checks.envelope(move);
    if (move.kind === 'rapid' && !move.inHole && opts.stock && rapidEntersStock(move.from, move.to, opts.stock)) {
      add(
        'GCODE_RAPID_INTO_STOCK',
        'error',
        move.line,
        render(GCODE_TEXT.rapidIntoStock, { point: point(move.to), top: fmt(opts.stock.zmax) }),
      );
    }
    if (move.kind !== 'rapid' && !move.probe && move.rpm <= 0) {
      const why = move.spindle === 'S0' ? GCODE_TEXT.spindleAtS0 : GCODE_TEXT.spindleStopped;
      add('GCODE_SPINDLE_OFF_CUT', 'error', move.line, render(GCODE_TEXT.cutSpindleOff, { why }));
    }
    if (move.length !== null) length += move.length;
    if (move.kind === 'rapid') {
      if (move.length !== null) seconds += (move.length / machine.rapid_mm_min) * 60;
    } else {
      const rate = feedRate(move);
      if (rate === null || rate <= 0) {
        if (move.feed.mode === 'inverse_time') {
          add('GCODE_FEED_MISSING', 'error', move.line, GCODE_TEXT.inverseTimeNeedsF);
        } else if (move.feed.mode === 'per_minute' && !feedMissingReported) {
          feedMissingReported = true;
          add('GCODE_FEED_MISSING', 'error', move.line, GCODE_TEXT.noFeedYet);
        }
      } else {
        if (move.feed.mode !== 'per_minute' && rate > machine.max_feed_mm_min + TOLERANCE_MM) {
          add(
            'GCODE_FEED_LIMIT',
            'warning',
            move.line,
            render(GCODE_TEXT.moveFeedAbove, { rate: fmt(rate), max: fmt(machine.max_feed_mm_min) }),
          );
        }
        if (move.length !== null) seconds += (move.length / Math.min(rate, machine.max_feed_mm_min)) * 60;
      }
    }
    addSegments(move, segments);
  }
  for (const d of trace.dwells) seconds += d.seconds;
  seconds += trace.toolChanges.length * machine.tool_change_s;

  const kept = capPerCode(findings.sort((a, b) => a.line - b.line));
  return {
    ok: !kept.some((f) => f.severity === 'error'),
    findings: kept,
    bounds_mm: checks.bounds(),
    estimated_seconds: seconds,
    path_length_mm: length,
    tool_changes: trace.toolChanges.length,
    segments,
  };
}

type Add = (
  code: GcodeFinding['code'],
  severity: GcodeFinding['severity'],
  line: number,
  text: Text,
  extra?: Record<string, string | number>,
) => void;

/** G/M codes outside machine.supported_codes, and words a three-axis mill does not have. */
function checkWords(blocks: GcodeBlock[], machine: Machine, add: Add): void {
  const supported = new Set(machine.supported_codes.map((c) => normaliseCode(c[0]!, Number(c.slice(1)))));
  for (const b of blocks) {
    for (const code of [...b.g, ...b.m]) {
      if (!supported.has(code)) {
        add(
          'GCODE_UNSUPPORTED_CODE',
          'error',
          b.line,
          render(GCODE_TEXT.codeUnsupported, { code, machine: machine.name, controller: machine.controller }),
          { code },
        );
      }
    }
    const fanucDwell = machine.controller === 'fanuc' && b.g.includes('G4');
    for (const letter of Object.keys(b.words)) {
      if (EXTRA_AXES.has(letter) && !(fanucDwell && letter === 'U')) {
        add('GCODE_UNSUPPORTED_CODE', 'error', b.line, render(GCODE_TEXT.axisUnsupported, { axis: letter, machine: machine.name }), {
          code: letter,
        });
      } else if (!EXTRA_AXES.has(letter) && !MILLING_WORDS.has(letter)) {
        add('GCODE_UNSUPPORTED_CODE', 'error', b.line, render(GCODE_TEXT.wordUnknown, { letter }), { code: letter });
      }
    }
  }
}

/** Travel checks and the running bounds of the path. */
class MoveChecks {
  private readonly travel: [number, number][];
  private readonly lo: number[] = [Infinity, Infinity, Infinity];
  private readonly hi: number[] = [-Infinity, -Infinity, -Infinity];
  private readonly spanReported = [false, false, false];
  private lastEnvelopeLine = -1;

  constructor(
    private readonly machine: Machine,
    private readonly workOffset: Vec3 | undefined,
    private readonly add: Add,
  ) {
    const e = machine.envelope_mm;
    this.travel = [[0, e.x], [0, e.y], machine.zero === 'max-z' ? [-e.z, 0] : [0, e.z]];
  }

  envelope(move: Move): void {
    const problems: Text[] = [];
    const size = [this.machine.envelope_mm.x, this.machine.envelope_mm.y, this.machine.envelope_mm.z];
    for (let i = 0; i < 3; i++) {
      const r = move.range[i];
      const [tlo, thi] = this.travel[i]!;
      const mt = move.machineTo?.[i];
      if (r) {
        this.lo[i] = Math.min(this.lo[i]!, r[0]);
        this.hi[i] = Math.max(this.hi[i]!, r[1]);
        if (this.workOffset) {
          const mlo = r[0] + this.workOffset[i]!;
          const mhi = r[1] + this.workOffset[i]!;
          if (mlo < tlo - TOLERANCE_MM)
            problems.push(render(GCODE_TEXT.belowTravel, { axis: AXES[i], v: fmt(mlo), lo: fmt(tlo), hi: fmt(thi) }));
          if (mhi > thi + TOLERANCE_MM)
            problems.push(render(GCODE_TEXT.beyondTravel, { axis: AXES[i], v: fmt(mhi), lo: fmt(tlo), hi: fmt(thi) }));
        } else if (!this.spanReported[i] && this.hi[i]! - this.lo[i]! > size[i]! + TOLERANCE_MM) {
          this.spanReported[i] = true;
          problems.push(render(GCODE_TEXT.spansTravel, { span: fmt(this.hi[i]! - this.lo[i]!), axis: AXES[i], size: fmt(size[i]!) }));
        }
      }
      if (!this.workOffset && mt !== null && mt !== undefined && (mt < tlo - TOLERANCE_MM || mt > thi + TOLERANCE_MM)) {
        problems.push(render(GCODE_TEXT.g53Outside, { axis: AXES[i], v: fmt(mt), lo: fmt(tlo), hi: fmt(thi) }));
      }
    }
    // a canned cycle makes many moves on one line: one finding per line is enough
    if (problems.length > 0 && move.line !== this.lastEnvelopeLine) {
      this.lastEnvelopeLine = move.line;
      this.add(
        'GCODE_OUT_OF_ENVELOPE',
        'error',
        move.line,
        joinTexts(this.workOffset ? [joinTexts(problems), GCODE_TEXT.machineCoordinates] : problems, this.workOffset ? '' : '; '),
      );
    }
  }

  bounds(): BoundsMm | null {
    if (this.lo.some((v) => !Number.isFinite(v))) return null;
    const [xmin, ymin, zmin] = this.lo as [number, number, number];
    const [xmax, ymax, zmax] = this.hi as [number, number, number];
    return { xmin, ymin, zmin, xmax, ymax, zmax };
  }
}

/**
 * Does a rapid pass through the region above which the stock stands — inside its XY footprint and
 * below its top? A straight retract upwards from inside a cut is allowed: that is how every cut ends.
 */
export function rapidEntersStock(from: MaybeVec, to: MaybeVec, s: StockBox): boolean {
  if (to[0] === null || to[1] === null || to[2] === null) return false;
  const known = from[0] !== null && from[1] !== null && from[2] !== null;
  const a: Vec3 = known ? [from[0]!, from[1]!, from[2]!] : [to[0], to[1], to[2]];
  const d: Vec3 = [to[0] - a[0], to[1] - a[1], to[2] - a[2]];
  if (Math.abs(d[0]) < 1e-9 && Math.abs(d[1]) < 1e-9 && d[2] > 0) return false;
  // Liang–Barsky clipping against x∈(xmin,xmax), y∈(ymin,ymax), z<zmax, shrunk by the tolerance.
  const e = TOLERANCE_MM;
  const planes: [number, number][] = [
    [-d[0], a[0] - (s.xmin + e)],
    [d[0], s.xmax - e - a[0]],
    [-d[1], a[1] - (s.ymin + e)],
    [d[1], s.ymax - e - a[1]],
    [d[2], s.zmax - e - a[2]],
  ];
  let t0 = 0;
  let t1 = 1;
  for (const [p, q] of planes) {
    if (Math.abs(p) < 1e-12) {
      if (q <= 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return false;
  }
  return t1 - t0 > 1e-9; // a zero-length move inside the region keeps [0, 1]
}

function feedRate(move: Move): number | null {
  const f = move.feed;
  switch (f.mode) {
    case 'per_minute':
      return f.mm_min;
    case 'per_rev':
      return f.mm_rev === null || move.rpm <= 0 ? null : f.mm_rev * move.rpm;
    case 'inverse_time':
      // G93: the move takes 1/F minutes whatever its length
      return f.per_minute === null || move.length === null ? null : move.length * f.per_minute;
  }
}

function addSegments(move: Move, out: Segment[]): void {
  const { from, to } = move;
  if (from.some((v) => v === null) || to.some((v) => v === null)) return;
  const points: Vec3[] = move.path ?? [from as Vec3, to as Vec3];
  for (let k = 1; k < points.length; k++) {
    out.push({ line: move.line, kind: move.kind, from: points[k - 1]!, to: points[k]!, tool: move.tool });
  }
}

function capPerCode(sorted: GcodeFinding[]): GcodeFinding[] {
  const counts = new Map<string, number>();
  const kept: GcodeFinding[] = [];
  const overflow = new Map<string, GcodeFinding>();
  for (const f of sorted) {
    const n = (counts.get(f.code) ?? 0) + 1;
    counts.set(f.code, n);
    if (n <= MAX_FINDINGS_PER_CODE) kept.push(f);
    else if (!overflow.has(f.code)) overflow.set(f.code, f);
  }
  for (const [code, first] of overflow) {
    const more = counts.get(code)! - MAX_FINDINGS_PER_CODE;
    const text = render(GCODE_TEXT.moreLikeThis, { more, line: first.line, max: MAX_FINDINGS_PER_CODE });
    kept.push({ ...first, message: text.en, details: { ...first.details, detail: text } });
  }
  return kept.sort((a, b) => a.line - b.line);
}

function fmt(v: number): string {
  return String(Number(v.toFixed(3)));
}

function point(v: MaybeVec): string {
  return v.map((c, i) => `${AXES[i]}${c === null ? '?' : fmt(c)}`).join(' ');
}
