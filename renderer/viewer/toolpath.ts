// The toolpath as the CAM page uses it, as plain functions over the packed segments of
// `cam.toolpath` (no WebGL, so they are tested in Node): which segments a G-code line made, which
// line a segment came from, the segments of each operation split into rapids and cuts, their box,
// and the lines of the program text.
import type { CamToolpath } from '../../shared/api/index.js';
import type { BBox } from '../../shared/jobs.js';

export type SegmentKind = 'rapid' | 'cut';

/** One drawable batch: the segments of one operation (or of the moves between operations) of one kind. */
export interface SegmentBatch {
  /** index into toolpath.operations, -1 for moves between operations */
  op: number;
  kind: SegmentKind;
  /** global segment indices, in program order */
  indices: number[];
  /** 6 numbers per segment (from xyz, to xyz) */
  positions: Float32Array;
}

/** Rapids and cuts of every operation, in a stable order: operations first, then the moves between. */
export function segmentBatches(seg: CamToolpath['segments']): SegmentBatch[] {
  const byKey = new Map<string, number[]>();
  for (let i = 0; i < seg.count; i++) {
    const key = `${seg.ops[i]}:${seg.kinds[i] === 'r' ? 'rapid' : 'cut'}`;
    let list = byKey.get(key);
    if (!list) byKey.set(key, (list = []));
    list.push(i);
  }
  const out: SegmentBatch[] = [];
  for (const [key, indices] of byKey) {
    const [op, kind] = key.split(':') as [string, SegmentKind];
    const positions = new Float32Array(indices.length * 6);
    indices.forEach((g, k) => {
      for (let c = 0; c < 6; c++) positions[6 * k + c] = seg.coords[6 * g + c]!;
    });
    out.push({ op: Number(op), kind, indices, positions });
  }
  return out.sort((a, b) => (a.op < 0 ? 1e9 : a.op) - (b.op < 0 ? 1e9 : b.op) || (a.kind === b.kind ? 0 : a.kind === 'rapid' ? 1 : -1));
}

/** G-code line → the segments it made (arcs make several; most lines none). */
export function segmentsByLine(seg: CamToolpath['segments']): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (let i = 0; i < seg.count; i++) {
    const line = seg.lines[i]!;
    let list = out.get(line);
    if (!list) out.set(line, (list = []));
    list.push(i);
  }
  return out;
}

/** The box of all segments (null when there are none). */
export function segmentsBox(seg: CamToolpath['segments']): BBox | null {
  if (!seg.count) return null;
  const b = { xmin: Infinity, ymin: Infinity, zmin: Infinity, xmax: -Infinity, ymax: -Infinity, zmax: -Infinity };
  for (let i = 0; i < seg.count * 6; i += 3) {
    const x = seg.coords[i]!;
    const y = seg.coords[i + 1]!;
    const z = seg.coords[i + 2]!;
    if (x < b.xmin) b.xmin = x;
    if (y < b.ymin) b.ymin = y;
    if (z < b.zmin) b.zmin = z;
    if (x > b.xmax) b.xmax = x;
    if (y > b.ymax) b.ymax = y;
    if (z > b.zmax) b.zmax = z;
  }
  return b;
}

/** The nearest line at or after `line` that made a segment (so clicking a comment still shows where the tool is). */
export function nearestMovingLine(byLine: Map<number, number[]>, line: number, maxLine: number): number | null {
  for (let l = line; l <= maxLine; l++) if (byLine.has(l)) return l;
  for (let l = line - 1; l >= 1; l--) if (byLine.has(l)) return l;
  return null;
}

/** The operation a line belongs to (index into operations), or -1. */
export function operationOfLine(ops: CamToolpath['operations'], line: number): number {
  return ops.findIndex((o) => line >= o.first_line && line <= o.last_line);
}

/** The program's lines (without their line breaks). */
export function programLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

export type GcodeTokenKind = 'comment' | 'rapid' | 'motion' | 'word' | 'number' | 'text';

/** A light tokenisation for colouring one line: comments, G0 (rapid), other G/M codes, axis words. */
export function gcodeTokens(line: string): { kind: GcodeTokenKind; text: string }[] {
  const out: { kind: GcodeTokenKind; text: string }[] = [];
  const re = /(\([^)]*\)?|;.*$)|([GgMm]\d+(?:\.\d+)?)|([A-Za-z])([-+]?\d*\.?\d+)|(\s+|.)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (m[1]) out.push({ kind: 'comment', text: m[1] });
    else if (m[2]) out.push({ kind: /^[Gg]0*0(\.0+)?$/.test(m[2]) ? 'rapid' : 'motion', text: m[2] });
    else if (m[3]) {
      out.push({ kind: 'word', text: m[3] });
      out.push({ kind: 'number', text: m[4]! });
    } else out.push({ kind: 'text', text: m[5]! });
  }
  return out;
}
