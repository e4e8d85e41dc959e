// Runs parsed blocks through a controller's modal state (RS274/NGC order of execution) and turns
// them into moves in millimetres, in the G54 frame. Canned cycles are expanded into their rapids
// and feeds; arcs get their exact geometry. Positions the program cannot know (the start, after
// G28 to a stored position, after a probe) are null per axis rather than guessed.
import { GCODE_TEXT } from '../../../../shared/i18n/cam.js';
import { render, type Text } from '../../../../shared/i18n/text.js';
import type { Controller } from '../../../../shared/library.js';
import {
  ArcError,
  type Arc,
  arcBox,
  arcFromCenter,
  arcFromRadius,
  arcLength,
  flattenArc,
  PLANE_AXES,
  type Plane,
  type Vec3,
} from './arc.js';
import type { GcodeBlock } from './parser.js';
import { modalGroup } from './parser.js';
import type { GcodeFinding } from './types.js';

export type MaybeVec = [number | null, number | null, number | null];
type Range = [number, number] | null;

export type FeedSpec =
  | { mode: 'per_minute'; mm_min: number | null }
  /** G93: the move takes 1/F minutes; F must be on the same block */
  | { mode: 'inverse_time'; per_minute: number | null }
  /** G95: mm per spindle revolution */
  | { mode: 'per_rev'; mm_rev: number | null };

export interface Move {
  line: number;
  kind: 'rapid' | 'feed' | 'arc';
  /** G54-frame work coordinates in mm; null where the position is unknown */
  from: MaybeVec;
  to: MaybeVec;
  /** per-axis extent of the move (exact for arcs); null where unknown */
  range: [Range, Range, Range];
  /** null when the start or the end is not fully known */
  length: number | null;
  /** the flattened arc (from … to) */
  path?: Vec3[];
  feed: FeedSpec;
  /** spindle speed while the move runs; 0 = not turning */
  rpm: number;
  /** why a move with rpm 0 has the spindle still: stopped (M5, or never started) or S0 */
  spindle: 'stopped' | 'S0' | 'running';
  tool: number | null;
  /** a canned-cycle rapid back into the hole the cycle is drilling (not a crash into stock) */
  inHole: boolean;
  /** a G38 probing move: runs with the spindle off on purpose and stops at contact */
  probe: boolean;
  /** machine-coordinate target of a G53 move, known even without a work offset */
  machineTo?: MaybeVec;
}

export interface Trace {
  moves: Move[];
  findings: GcodeFinding[];
  /** F words in units-per-minute mode, in mm/min */
  feedWords: { line: number; mm_min: number }[];
  speedWords: { line: number; rpm: number }[];
  toolCalls: { line: number; tool: number }[];
  toolChanges: { line: number; tool: number | null }[];
  dwells: { line: number; seconds: number }[];
  /** program pauses (M0, M1) and M6: where an operator reaches in; machine Z of the tool if known (a G53 Z move since the last work Z move, or the work offset) */
  pauses: { line: number; code: string; spindle_on: boolean; machine_z: number | null }[];
}

export interface InterpretOptions {
  controller: Controller;
  /** what G20/G21 default to when the program does not say */
  machineUnits: 'mm' | 'inch';
  /** machine coordinates of the G54 origin, if known */
  workOffset?: Vec3;
}

const AXES = ['X', 'Y', 'Z'] as const;
const XYZ = [0, 1, 2] as const;
const CENTER_WORDS = ['I', 'J', 'K'] as const;
const INCH = 25.4;
/** how far G73/G83 back off or stop short of the previous peck (LinuxCNC: 0.010 in) */
const PECK_CLEARANCE_MM = 0.254;
const CYCLES = new Set(['G73', 'G74', 'G81', 'G82', 'G83', 'G84', 'G85', 'G86', 'G89']);
/** codes that bend the programmed path in ways this simulator does not follow */
const GEOMETRY_NOT_SIMULATED: Record<string, Text> = {
  G41: GCODE_TEXT.cutterCompensation,
  G42: GCODE_TEXT.cutterCompensation,
  'G41.1': GCODE_TEXT.cutterCompensation,
  'G42.1': GCODE_TEXT.cutterCompensation,
  G16: GCODE_TEXT.polar,
  G51: GCODE_TEXT.scaling,
  'G51.1': GCODE_TEXT.mirroring,
  G68: GCODE_TEXT.rotation,
  'G68.2': GCODE_TEXT.tiltedPlanes,
  'G7.1': GCODE_TEXT.cylindrical,
};
/** G codes the interpreter understands; anything else is reported as not simulated */
const HANDLED_G = new Set([
  'G0',
  'G1',
  'G2',
  'G3',
  'G4',
  'G10',
  'G15',
  'G17',
  'G18',
  'G19',
  'G20',
  'G21',
  'G28',
  'G28.1',
  'G30',
  'G30.1',
  'G38.2',
  'G38.3',
  'G38.4',
  'G38.5',
  'G40',
  'G43',
  'G43.1',
  'G49',
  'G50',
  'G50.1',
  'G52',
  'G53',
  'G54',
  'G55',
  'G56',
  'G57',
  'G58',
  'G59',
  'G59.1',
  'G59.2',
  'G59.3',
  'G61',
  'G61.1',
  'G64',
  'G67',
  'G69',
  'G80',
  'G90',
  'G91',
  'G90.1',
  'G91.1',
  'G92',
  'G92.1',
  'G92.2',
  'G92.3',
  'G93',
  'G94',
  'G95',
  'G96',
  'G97',
  'G98',
  'G99',
  ...CYCLES,
]);

interface CycleSeries {
  /** drill-axis position before the series began (G98 returns here) */
  initial: number | null;
}

export function interpret(blocks: GcodeBlock[], opts: InterpretOptions): Trace {
  return new Interpreter(opts).run(blocks);
}

class Interpreter {
  private readonly trace: Trace = {
    moves: [],
    findings: [],
    feedWords: [],
    speedWords: [],
    toolCalls: [],
    toolChanges: [],
    dwells: [],
    pauses: [],
  };
  /** machine Z after the last G53 Z move, until a move in work coordinates changes Z */
  private machineZ: number | null = null;
  private pos: MaybeVec = [null, null, null];
  /** G92/G52 shift: G54-frame position = program value + shift */
  private shift: MaybeVec = [0, 0, 0];
  private savedShift: MaybeVec = [0, 0, 0];
  private inch: boolean;
  private unitsStated = false;
  private absolute = true;
  private arcCentersAbsolute = false;
  private plane: Plane = 'G17';
  private feedMode: FeedSpec['mode'] = 'per_minute';
  private feed: number | null = null;
  private rpm: number | null = null;
  private spindle: 'off' | 'cw' | 'ccw' = 'off';
  /** line of the M5 that stopped the spindle, while it stays stopped */
  private spindleStoppedAt: number | null = null;
  private mist = false;
  private flood = false;
  private coolantStoppedAt: number | null = null;
  private spindleStartedAt = 0;
  private coolantStartedAt = 0;
  private selectedTool: number | null = null;
  private loadedTool: number | null = null;
  private motion = 'G0';
  private returnToInitial = true;
  private series: CycleSeries | null = null;
  private sticky: { r: number | null; bottom: number | null; q: number | null; p: number | null } = {
    r: null,
    bottom: null,
    q: null,
    p: null,
  };
  private firstMoveSeen = false;
  private ended = false;
  private readonly warned = new Set<string>();
  private lastLine = 0;

  constructor(private readonly opts: InterpretOptions) {
    this.inch = opts.machineUnits === 'inch';
  }

  run(blocks: GcodeBlock[]): Trace {
    // Block-delete ('/') lines are run: the switch is off unless the operator turns it on.
    for (const block of blocks) {
      if (this.ended) break;
      this.lastLine = block.line;
      this.execute(block);
    }
    if (!this.ended && this.lastLine > 0) this.checkEndState(this.lastLine);
    return this.trace;
  }

  private get unit(): number {
    return this.inch ? INCH : 1;
  }

  private find(
    code: GcodeFinding['code'],
    severity: GcodeFinding['severity'],
    line: number,
    text: Text,
    details: Record<string, string | number> = {},
  ): void {
    this.trace.findings.push({ code, severity, line, message: text.en, details: { line, detail: text, ...details } });
  }

  private warnOnce(key: string, line: number, text: Text): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.find('GCODE_NOT_SIMULATED', 'warning', line, text);
  }

  // RS274/NGC order of execution within one block.
  private execute(b: GcodeBlock): void {
    const has = (code: string) => b.g.includes(code);
    const line = b.line;

    for (const code of b.g) {
      const note = GEOMETRY_NOT_SIMULATED[code];
      if (note) this.warnOnce(note.en, line, note);
      else if (!HANDLED_G.has(code) && modalGroup(code) !== 'motion') this.warnOnce(code, line, render(GCODE_TEXT.notSimulated, { code }));
    }

    if (has('G93')) this.feedMode = 'inverse_time';
    if (has('G94')) this.feedMode = 'per_minute';
    if (has('G95')) this.feedMode = 'per_rev';
    // units apply to the F on the same line
    if (has('G20')) this.setUnits(true, line);
    if (has('G21')) this.setUnits(false, line);

    const F = b.words.F;
    if (F !== undefined) {
      this.feed = this.feedMode === 'inverse_time' ? F : F * this.unit;
      if (this.feedMode === 'per_minute') this.trace.feedWords.push({ line, mm_min: this.feed });
    }
    if (b.words.S !== undefined) {
      this.rpm = b.words.S;
      this.trace.speedWords.push({ line, rpm: b.words.S });
    }
    if (b.words.T !== undefined) {
      this.selectedTool = b.words.T;
      this.trace.toolCalls.push({ line, tool: b.words.T });
    }
    if (b.m.includes('M6') && this.selectedTool !== this.loadedTool) {
      this.loadedTool = this.selectedTool;
      this.trace.toolChanges.push({ line, tool: this.selectedTool });
    }
    for (const m of b.m) this.spindleAndCoolant(m, line);

    if (has('G4')) this.dwell(b);
    if (has('G17')) this.plane = 'G17';
    if (has('G18')) this.plane = 'G18';
    if (has('G19')) this.plane = 'G19';
    for (const code of b.g) {
      if (modalGroup(code) === 'coord_system' && code !== 'G54') {
        this.warnOnce(`wcs:${code}`, line, render(GCODE_TEXT.wcsUnknown, { code }));
      }
    }
    if (has('G90')) this.absolute = true;
    if (has('G91')) this.absolute = false;
    if (has('G90.1')) this.arcCentersAbsolute = true;
    if (has('G91.1')) this.arcCentersAbsolute = false;
    if (has('G98')) this.returnToInitial = true;
    if (has('G99')) this.returnToInitial = false;

    // Non-modal codes that use the axis words for something other than motion.
    let axesConsumed = has('G4') && this.opts.controller === 'fanuc'; // Fanuc: G4 X1.5 is a dwell
    if (has('G43.1')) axesConsumed = true; // grbl: G43.1 Z is a tool length offset
    if (has('G10')) {
      axesConsumed = true;
      this.workOffsetChange(b);
    }
    if (has('G92')) {
      axesConsumed = true;
      for (const i of XYZ) {
        const v = b.words[AXES[i]];
        if (v === undefined) continue;
        const p = this.pos[i];
        this.shift[i] = p === null ? null : p - v * this.unit;
      }
    }
    if (has('G92.1') || has('G92.2')) {
      this.savedShift = has('G92.2') ? [...this.shift] : [0, 0, 0];
      this.shift = [0, 0, 0];
    }
    if (has('G92.3')) this.shift = [...this.savedShift];
    if (has('G52')) {
      axesConsumed = true;
      for (const i of XYZ) {
        const v = b.words[AXES[i]];
        if (v !== undefined) this.shift[i] = v * this.unit;
      }
    }
    if (has('G28') || has('G30')) {
      axesConsumed = true;
      this.goHome(b, has('G28') ? 'G28' : 'G30');
    }

    // Fanuc puts G80 in its own group, so its safety line 'G0 G80 …' is legal: the other code wins.
    const motionCode = b.g.find((c) => modalGroup(c) === 'motion' && c !== 'G80') ?? (has('G80') ? 'G80' : undefined);
    if (motionCode) {
      // a series of cycles ends at any other motion; its R, Z, Q and P stop being sticky
      if (!(CYCLES.has(motionCode) && CYCLES.has(this.motion))) {
        this.series = null;
        this.sticky = { r: null, bottom: null, q: null, p: null };
      }
      this.motion = motionCode;
    }

    const hasAxes = AXES.some((a) => b.words[a] !== undefined || b.unreadable.includes(a));
    if (b.words.Z !== undefined && !has('G53')) this.machineZ = null;
    if (hasAxes && !axesConsumed) this.motionBlock(b, has('G53'));
    for (const m of b.m) {
      if (m !== 'M0' && m !== 'M1' && m !== 'M6') continue;
      const wo = this.opts.workOffset;
      const z = this.machineZ ?? (wo && this.pos[2] !== null ? this.pos[2] + wo[2] : null);
      // before the program's first move the tool is where the operator left it
      if (this.firstMoveSeen) this.trace.pauses.push({ line, code: m, spindle_on: this.spindle !== 'off', machine_z: z });
    }

    if (b.m.includes('M2') || b.m.includes('M30')) {
      this.checkEndState(line);
      this.ended = true;
    }
  }

  private setUnits(inch: boolean, line: number): void {
    this.inch = inch;
    this.unitsStated = true;
    if (inch && this.opts.machineUnits === 'mm') {
      this.find('GCODE_UNITS_MISMATCH', 'error', line, GCODE_TEXT.g20OnMmMachine);
    }
  }

  private spindleAndCoolant(m: string, line: number): void {
    switch (m) {
      case 'M3':
      case 'M4':
        this.spindle = m === 'M3' ? 'cw' : 'ccw';
        this.spindleStoppedAt = null;
        this.spindleStartedAt = line;
        break;
      case 'M5':
        if (this.spindleStoppedAt !== null) {
          this.find('GCODE_STATE_UNBALANCED', 'warning', line, render(GCODE_TEXT.m5Twice, { at: this.spindleStoppedAt }));
        }
        this.spindle = 'off';
        this.spindleStoppedAt = line;
        break;
      case 'M7':
      case 'M8':
        if (m === 'M7') this.mist = true;
        else this.flood = true;
        this.coolantStoppedAt = null;
        this.coolantStartedAt = line;
        break;
      case 'M9':
        if (this.coolantStoppedAt !== null) {
          this.find('GCODE_STATE_UNBALANCED', 'warning', line, render(GCODE_TEXT.m9Twice, { at: this.coolantStoppedAt }));
        }
        this.mist = false;
        this.flood = false;
        this.coolantStoppedAt = line;
        break;
    }
  }

  private checkEndState(line: number): void {
    if (this.spindle !== 'off') {
      this.find('GCODE_STATE_UNBALANCED', 'warning', line, render(GCODE_TEXT.endsSpindleOn, { at: this.spindleStartedAt }));
    }
    if (this.mist || this.flood) {
      this.find('GCODE_STATE_UNBALANCED', 'warning', line, render(GCODE_TEXT.endsCoolantOn, { at: this.coolantStartedAt }));
    }
  }

  /** Dwell in seconds: P seconds on grbl and LinuxCNC; Fanuc takes X/U seconds or P milliseconds. */
  private dwellSeconds(b: GcodeBlock): number | null {
    if (this.opts.controller === 'fanuc') {
      const x = b.words.X ?? b.words.U;
      if (x !== undefined) return x;
      return b.words.P !== undefined ? b.words.P / 1000 : null;
    }
    return b.words.P ?? null;
  }

  private dwell(b: GcodeBlock): void {
    const s = this.dwellSeconds(b);
    if (s === null || s < 0) {
      this.find('GCODE_PARSE_ERROR', 'error', b.line, GCODE_TEXT.dwellNeedsP);
      return;
    }
    this.trace.dwells.push({ line: b.line, seconds: s });
  }

  private workOffsetChange(b: GcodeBlock): void {
    const L = b.words.L;
    if (L !== 2 && L !== 20) return; // G10 L1/L10/L11 edit the tool table
    this.warnOnce(`G10:${b.line}`, b.line, render(GCODE_TEXT.g10ChangesOffset, { l: L }));
  }

  private runningRpm(): number {
    return this.spindle === 'off' ? 0 : (this.rpm ?? 0);
  }

  private spindleState(): Move['spindle'] {
    return this.spindle === 'off' ? 'stopped' : this.runningRpm() > 0 ? 'running' : 'S0';
  }

  private feedSpec(b: GcodeBlock): FeedSpec {
    if (this.feedMode === 'inverse_time') return { mode: 'inverse_time', per_minute: b.words.F !== undefined ? this.feed : null };
    if (this.feedMode === 'per_rev') return { mode: 'per_rev', mm_rev: this.feed };
    return { mode: 'per_minute', mm_min: this.feed };
  }

  /** G54-frame target of the axis words, in the current distance mode. */
  private target(b: GcodeBlock): MaybeVec {
    const t: MaybeVec = [...this.pos];
    for (const i of XYZ) {
      const letter = AXES[i];
      if (b.unreadable.includes(letter)) {
        t[i] = null;
        continue;
      }
      const v = b.words[letter];
      if (v === undefined) continue;
      const base = this.absolute ? this.shift[i] : this.pos[i];
      t[i] = base === null ? null : base + v * this.unit;
    }
    return t;
  }

  private noteFirstMove(line: number): void {
    if (this.firstMoveSeen) return;
    this.firstMoveSeen = true;
    if (!this.unitsStated) {
      this.find('GCODE_UNITS_MISMATCH', 'warning', line, render(GCODE_TEXT.noUnitsWord, { units: this.opts.machineUnits }));
    }
  }

  private motionBlock(b: GcodeBlock, machineCoords: boolean): void {
    const line = b.line;
    this.noteFirstMove(line);
    if (machineCoords) {
      if (this.motion !== 'G0' && this.motion !== 'G1') {
        this.find('GCODE_PARSE_ERROR', 'error', line, GCODE_TEXT.g53Motion);
        return;
      }
      const machineTo: MaybeVec = [null, null, null];
      const to: MaybeVec = [...this.pos];
      const wo = this.opts.workOffset;
      for (const i of XYZ) {
        const v = b.words[AXES[i]];
        if (v === undefined && !b.unreadable.includes(AXES[i])) continue;
        const m = v === undefined ? null : v * this.unit;
        machineTo[i] = m;
        to[i] = m !== null && wo ? m - wo[i] : null;
      }
      if (machineTo[2] !== null) this.machineZ = machineTo[2];
      this.linear(line, this.motion === 'G0' ? 'rapid' : 'feed', to, b, { machineTo });
      return;
    }
    switch (this.motion) {
      case 'G0':
        this.linear(line, 'rapid', this.target(b), b);
        return;
      case 'G1':
        this.linear(line, 'feed', this.target(b), b);
        return;
      case 'G2':
      case 'G3':
        this.arc(b, this.motion === 'G2');
        return;
      case 'G38.2':
      case 'G38.3':
      case 'G38.4':
      case 'G38.5': {
        const to = this.target(b);
        this.linear(line, 'feed', to, b, { probe: true });
        // the probe stops wherever it touches: the moved axes are unknown afterwards
        for (const i of XYZ) if (b.words[AXES[i]] !== undefined) this.pos[i] = null;
        return;
      }
      case 'G80':
        this.find('GCODE_PARSE_ERROR', 'error', line, GCODE_TEXT.noMotionMode);
        return;
      case 'G5':
      case 'G5.1':
      case 'G5.2':
      case 'G33':
      case 'G33.1':
        this.warnOnce(`curve:${this.motion}`, line, render(GCODE_TEXT.curveAsStraight, { code: this.motion }));
        this.linear(line, 'feed', this.target(b), b);
        return;
      default:
        if (CYCLES.has(this.motion)) {
          this.cannedCycle(b);
          return;
        }
        this.warnOnce(`motion:${this.motion}`, line, render(GCODE_TEXT.motionNotSimulated, { code: this.motion }));
        this.pos = [null, null, null];
    }
  }

  private linear(
    line: number,
    kind: Move['kind'],
    to: MaybeVec,
    b: GcodeBlock,
    extra: { inHole?: boolean; probe?: boolean; machineTo?: MaybeVec } = {},
  ): void {
    const from = this.pos;
    const range: Move['range'] = [null, null, null];
    for (const i of XYZ) {
      const f = from[i];
      const t = to[i];
      range[i] = t === null ? null : f === null ? [t, t] : [Math.min(f, t), Math.max(f, t)];
    }
    const known = isKnown(from) && isKnown(to);
    const length = known ? Math.hypot(to[0]! - from[0]!, to[1]! - from[1]!, to[2]! - from[2]!) : null;
    this.push({
      line,
      kind,
      from: [...from],
      to: [...to],
      range,
      length,
      feed: this.feedSpec(b),
      rpm: this.runningRpm(),
      spindle: this.spindleState(),
      tool: this.loadedTool ?? this.selectedTool,
      inHole: extra.inHole ?? false,
      probe: extra.probe ?? false,
      ...(extra.machineTo ? { machineTo: extra.machineTo } : {}),
    });
    this.pos = [...to];
  }

  private push(move: Move): void {
    this.trace.moves.push(move);
  }

  private arc(b: GcodeBlock, clockwise: boolean): void {
    const to = this.target(b);
    const from = this.pos;
    const [a0, a1] = PLANE_AXES[this.plane];
    if (!isKnown(from) || !isKnown(to)) {
      this.warnOnce(`arc-unknown:${b.line}`, b.line, GCODE_TEXT.arcUnknownEnd);
      this.linear(b.line, 'arc', to, b);
      return;
    }
    let arc: Arc;
    try {
      const R = b.words.R;
      const offsets = [a0, a1].map((axis) => b.words[CENTER_WORDS[axis]]);
      if (R !== undefined && offsets.every((o) => o === undefined)) {
        arc = arcFromRadius(from, to, this.plane, clockwise, R * this.unit);
      } else if (offsets.some((o) => o !== undefined)) {
        const center = [a0, a1].map((axis, k) => {
          const o = (offsets[k] ?? 0) * this.unit;
          if (!this.arcCentersAbsolute) return from[axis] + o;
          const s = this.shift[axis];
          if (s === null) throw new ArcError(GCODE_TEXT.arcAbsoluteShift);
          return s + o;
        }) as [number, number];
        arc = arcFromCenter(from, to, this.plane, clockwise, center, b.words.P ?? 1);
      } else {
        throw new ArcError(render(GCODE_TEXT.arcNeedsCentre, { code: clockwise ? 'G2' : 'G3', plane: this.plane }));
      }
    } catch (err) {
      if (!(err instanceof ArcError)) throw err;
      this.find('GCODE_PARSE_ERROR', 'error', b.line, err.text);
      this.pos = [...to];
      return;
    }
    const box = arcBox(arc);
    this.push({
      line: b.line,
      kind: 'arc',
      from: [...from],
      to: [...to],
      range: [0, 1, 2].map((i) => [box.min[i], box.max[i]]) as Move['range'],
      length: arcLength(arc),
      path: flattenArc(arc),
      feed: this.feedSpec(b),
      rpm: this.runningRpm(),
      spindle: this.spindleState(),
      tool: this.loadedTool ?? this.selectedTool,
      inHole: false,
      probe: false,
    });
    this.pos = [...to];
  }

  private goHome(b: GcodeBlock, code: 'G28' | 'G30'): void {
    this.noteFirstMove(b.line);
    const named = AXES.map((a) => b.words[a] !== undefined || b.unreadable.includes(a));
    if (named.some(Boolean)) this.linear(b.line, 'rapid', this.target(b), b); // the intermediate point
    // Fanuc's G28 is the machine reference point; grbl and LinuxCNC go to a stored position, and
    // G30 is a stored position everywhere: those are unknown to a file-only check.
    const toZero = code === 'G28' && this.opts.controller === 'fanuc';
    const wo = this.opts.workOffset;
    const to: MaybeVec = [...this.pos];
    const machineTo: MaybeVec = [null, null, null];
    const all = !named.some(Boolean);
    for (const i of XYZ) {
      if (!all && !named[i]) continue;
      machineTo[i] = toZero ? 0 : null;
      to[i] = toZero && wo ? -wo[i] : null;
    }
    this.linear(b.line, 'rapid', to, b, { machineTo });
  }

  // Canned drilling cycles, LinuxCNC semantics (Fanuc agrees for G17 with G98/G99).
  private cannedCycle(b: GcodeBlock): void {
    const line = b.line;
    const code = this.motion;
    const [p0, p1, d] = PLANE_AXES[this.plane];
    const u = this.unit;
    const s = this.sticky;
    const dLetter = AXES[d];
    if (b.words[dLetter] !== undefined) s.bottom = b.words[dLetter]! * u;
    if (b.words.R !== undefined) s.r = b.words.R * u;
    if (b.words.Q !== undefined) s.q = Math.abs(b.words.Q) * u;
    if (b.words.P !== undefined) s.p = b.words.P;
    if (s.r === null || s.bottom === null) {
      this.find('GCODE_PARSE_ERROR', 'error', line, render(GCODE_TEXT.cycleNeedsR, { code, letter: dLetter }));
      return;
    }
    if ((code === 'G73' || code === 'G83') && !s.q) {
      this.find('GCODE_PARSE_ERROR', 'error', line, render(GCODE_TEXT.cyclePeck, { code }));
      return;
    }
    if (!this.series) this.series = { initial: this.pos[d] };
    const start = this.pos[d];
    const shift = this.shift[d];
    // G91: R is measured from where the drill axis is, the bottom from R
    const rBase = this.absolute ? shift : start;
    const rLevel = rBase === null ? null : rBase + s.r;
    const bottom = rLevel === null ? null : this.absolute ? (shift === null ? null : shift + s.bottom) : rLevel + s.bottom;
    if (rLevel === null || bottom === null) {
      this.warnOnce(`cycle:${line}`, line, render(GCODE_TEXT.cycleUnknownLevel, { code }));
      this.pos[d] = null;
      return;
    }
    if (bottom > rLevel + 1e-9) {
      this.find('GCODE_PARSE_ERROR', 'error', line, render(GCODE_TEXT.cycleBottomAbove, { code, letter: dLetter }));
      return;
    }
    const repeats = b.words.L ?? 1;
    if (!Number.isInteger(repeats) || repeats < 0) {
      this.find('GCODE_PARSE_ERROR', 'error', line, render(GCODE_TEXT.cycleRepeat, { l: repeats }));
      return;
    }
    const initial = this.series.initial;
    const clear = this.returnToInitial && initial !== null ? Math.max(initial, rLevel) : rLevel;
    const dwell = s.p === null ? 0 : this.opts.controller === 'fanuc' ? s.p / 1000 : s.p;
    for (let k = 0; k < repeats; k++) {
      const hole: MaybeVec = [...this.pos];
      for (const axis of [p0, p1]) {
        const v = b.words[AXES[axis]];
        if (v === undefined) continue;
        const base = this.absolute ? this.shift[axis] : this.pos[axis];
        hole[axis] = base === null ? null : base + v * u;
      }
      const go = (kind: 'rapid' | 'feed', level: number, inHole = false) => {
        const to: MaybeVec = [...this.pos];
        to[d] = level;
        this.linear(line, kind, to, b, { inHole });
      };
      // Preliminary motion: up to R if below it, across to the hole, down to R.
      const level = this.pos[d];
      if (level === null || level < rLevel) go('rapid', rLevel);
      const across: MaybeVec = [...this.pos];
      across[p0] = hole[p0];
      across[p1] = hole[p1];
      this.linear(line, 'rapid', across, b);
      if (this.pos[d]! > rLevel) go('rapid', rLevel); // known: the move above set it

      switch (code) {
        case 'G81':
        case 'G82':
          go('feed', bottom);
          if (code === 'G82' && dwell > 0) this.trace.dwells.push({ line, seconds: dwell });
          go('rapid', clear, true);
          break;
        case 'G73':
        case 'G83': {
          let depth = rLevel;
          let first = true;
          while (depth - bottom > 1e-6) {
            const next = Math.max(depth - s.q!, bottom);
            if (!first) {
              if (code === 'G83') go('rapid', rLevel, true);
              go('rapid', Math.min(depth + PECK_CLEARANCE_MM, rLevel), true);
            }
            go('feed', next);
            depth = next;
            first = false;
          }
          go('rapid', clear, true);
          break;
        }
        case 'G84':
        case 'G74':
        case 'G85':
        case 'G89':
          go('feed', bottom);
          if (code === 'G89' && dwell > 0) this.trace.dwells.push({ line, seconds: dwell });
          go('feed', rLevel, true);
          if (clear > rLevel) go('rapid', clear, true);
          break;
        case 'G86':
          go('feed', bottom);
          go('rapid', clear, true);
          break;
      }
    }
  }
}

function isKnown(v: MaybeVec): v is Vec3 {
  return v[0] !== null && v[1] !== null && v[2] !== null;
}
