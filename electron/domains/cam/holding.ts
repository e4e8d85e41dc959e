// Is the part still held when the program ends? Read back from the G-code itself (not from the plan):
// every milling operation that reaches the stock bottom must leave tabs on its last pass — runs of
// cutting moves at the tab top that the tool climbs onto — and one held by an onion skin must stop
// above the skin. A through-cut without either is CAM_PART_NOT_HELD on the line where the cut
// reaches the bottom.
import { GCODE_TEXT } from '../../../shared/i18n/cam.js';
import { render } from '../../../shared/i18n/text.js';
import type { GcodeFinding, Segment, StockBox } from './gcode/index.js';
import type { HoldingPlan } from './plan.js';
import { operationSections } from './program.js';

const EPS = 1e-3;

export interface HoldingOp {
  label: string;
  kind: string;
  holding?: HoldingPlan;
}

export interface HoldingVerdict {
  held: boolean;
  /** labels of the operations that go through the stock (or would, but for the skin) */
  through_cuts: string[];
  /** tabs found on each tabbed operation's last pass */
  tabs_found: Record<string, number>;
  findings: GcodeFinding[];
}

/** Tabs on the last pass: runs of level cutting moves at `top` entered by a climb from below. */
export function tabsOnLastPass(segs: Segment[], bottom: number, top: number): number {
  const cuts = segs.filter((s) => s.kind !== 'rapid');
  const first = cuts.findIndex((s) => Math.abs(s.to[2] - bottom) < EPS);
  if (first < 0) return 0;
  let count = 0;
  let onTab = false;
  for (let i = first; i < cuts.length; i++) {
    const s = cuts[i]!;
    const level =
      Math.abs(s.from[2] - top) < EPS && Math.abs(s.to[2] - top) < EPS && Math.hypot(s.to[0] - s.from[0], s.to[1] - s.from[1]) > 0;
    if (level && !onTab) {
      const prev = cuts[i - 1];
      if (prev && prev.to[2] > prev.from[2] + EPS) count++;
    }
    onTab = level;
  }
  return count;
}

export function checkHolding(text: string, segments: Segment[], ops: HoldingOp[], stock: StockBox): HoldingVerdict {
  const milling = ops.filter((o) => o.kind === 'profile' || o.kind === 'adaptive');
  const sections = operationSections(
    text,
    milling.map((o) => o.label),
  );
  const findings: GcodeFinding[] = [];
  const through: string[] = [];
  const tabsFound: Record<string, number> = {};
  for (const op of milling) {
    const sec = sections.find((s) => s.label === op.label);
    if (!sec) continue;
    const segs = segments.filter((g) => g.line >= sec.first && g.line <= sec.last && g.kind !== 'rapid');
    if (segs.length === 0) continue;
    const bottom = Math.min(...segs.map((g) => g.to[2]));
    const reaches = bottom <= stock.zmin + EPS;
    if (op.holding) through.push(op.label);
    else if (reaches) through.push(op.label);
    else continue;
    const line = segs.find((g) => Math.abs(g.to[2] - bottom) < EPS)!.line;
    const fail = (detail: ReturnType<typeof render>) =>
      findings.push({ code: 'CAM_PART_NOT_HELD', severity: 'error', line, message: detail.en, details: { line, detail } });
    if (op.holding?.kind === 'onion') {
      if (bottom < stock.zmin + op.holding.skin_mm - EPS)
        fail(render(GCODE_TEXT.notHeldSkin, { op: op.label, z: fmt(bottom), skin: fmt(op.holding.skin_mm) }));
      continue;
    }
    if (!reaches) continue;
    const found = op.holding?.kind === 'tabs' ? tabsOnLastPass(segs, bottom, bottom + op.holding.height_mm) : 0;
    tabsFound[op.label] = found;
    if (found < 2) fail(render(GCODE_TEXT.notHeldTabs, { op: op.label, z: fmt(bottom), found }));
  }
  return { held: findings.length === 0, through_cuts: through, tabs_found: tabsFound, findings };
}

const fmt = (v: number) => String(Math.round(v * 1000) / 1000);
