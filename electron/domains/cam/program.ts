// The G-code program as the shop floor gets it: FreeCAD's post output under our comment block (job,
// part, machine, tools, estimated time, bounds), the file extension each controller expects, and the
// program cut into operations so the UI can draw each one's toolpath.
import type { Controller, Machine, Tool } from '../../../shared/library.js';
import { verifyGcode, type GcodeReport, type Segment, type StockBox } from './gcode/index.js';
import { ascii } from './plan.js';

/** The extension each controller's users expect. */
export const GCODE_EXTENSION: Record<Controller, string> = { grbl: 'nc', linuxcnc: 'ngc', fanuc: 'tap' };

export interface HeaderInfo {
  jobId: string;
  /** the spec hash: equal for equal input */
  specHash: string;
  part: string;
  partSha256: string;
  machine: Machine;
  post: Controller;
  material: string;
  origin: string;
  stock: StockBox;
  tools: Tool[];
  operations: string[];
  estimatedSeconds: number;
  bounds: StockBox | null;
}

export function headerLines(h: HeaderInfo): string[] {
  const n = (v: number) => String(Math.round(v * 1000) / 1000);
  const box = (b: StockBox) => `X${n(b.xmin)}..${n(b.xmax)} Y${n(b.ymin)}..${n(b.ymax)} Z${n(b.zmin)}..${n(b.zmax)} mm`;
  const lines = [
    'Tezgah CAM program',
    `job ${h.jobId}`,
    `input ${h.specHash.slice(0, 16)}`,
    `part ${h.part} sha256 ${h.partSha256.slice(0, 16)}`,
    `machine ${h.machine.id} - ${h.machine.name} - post ${h.post}`,
    `material ${h.material}`,
    `origin ${h.origin} - stock ${box(h.stock)}`,
    ...h.tools.map((t) => `tool T${t.number} ${t.name} D${n(t.diameter_mm)} ${t.type}`),
    `operations ${h.operations.join(', ')}`,
    `estimated time ${duration(h.estimatedSeconds)}`,
    `bounds ${h.bounds ? box(h.bounds) : 'unknown'}`,
  ];
  return lines.map((l) => {
    const text = ascii(l);
    return `(${h.post === 'fanuc' ? text.toUpperCase() : text})`;
  });
}

/** The post's body with our header: after the leading '%' of a Fanuc tape and its O-number, otherwise first. */
export function withHeader(body: string, header: string[]): string {
  const text = body.endsWith('\n') ? body : `${body}\n`;
  const tape = /^%\n(O\d+[^\n]*\n)?/.exec(text);
  if (tape) return `${tape[0]}${header.join('\n')}\n${text.slice(tape[0].length)}`;
  return `${header.join('\n')}\n${text}`;
}

export function duration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h ? `${h} h ` : ''}${h || m ? `${m} min ` : ''}${s % 60} s`;
}

export interface Section {
  /** operation label, or 'setup' for what comes before, between (tool changes) and after */
  label: string;
  /** 1-based, inclusive */
  first: number;
  last: number;
}

const BEGIN = /^\(\s*begin operation:\s*(.*?)\s*\)\s*$/i;
const FINISH = /^\(\s*finish operation:\s*(.*?)\s*\)\s*$/i;

/** Line ranges of the given operations, found by the posts' "(Begin operation: …)" comments. */
export function operationSections(text: string, labels: string[]): Section[] {
  const byUpper = new Map(labels.map((l) => [l.toUpperCase(), l]));
  const lines = text.split('\n');
  const sections: Section[] = [];
  let open: Section | null = null;
  lines.forEach((line, i) => {
    const b = BEGIN.exec(line.trim());
    if (b) {
      const label = byUpper.get(b[1]!.toUpperCase());
      if (label) open = { label, first: i + 1, last: i + 1 };
      return;
    }
    const f = FINISH.exec(line.trim());
    if (f && open && f[1]!.toUpperCase() === open.label.toUpperCase()) {
      open.last = i + 1;
      sections.push(open);
      open = null;
    }
  });
  return sections;
}

export interface OperationPath {
  label: string;
  first_line: number;
  last_line: number;
  estimated_seconds: number;
  path_length_mm: number;
  segments: Segment[];
  /** more segments than kept in the job result (the G-code file has them all) */
  truncated: boolean;
}

/** Per operation: its segments and its share of the time (the verifier's estimate of the program up
 * to the operation's end, minus that up to the previous one, so tool changes count where they happen). */
export function operationPaths(
  text: string,
  report: GcodeReport,
  labels: string[],
  machine: Machine,
  maxSegments = 20_000,
): OperationPath[] {
  const sections = operationSections(text, labels);
  const lines = text.split('\n');
  let prevSeconds = 0;
  let prevLength = 0;
  return sections.map((s) => {
    const prefix = verifyGcode(lines.slice(0, s.last).join('\n'), { machine });
    const segs = report.segments.filter((g) => g.line >= s.first && g.line <= s.last);
    const out: OperationPath = {
      label: s.label,
      first_line: s.first,
      last_line: s.last,
      estimated_seconds: round(prefix.estimated_seconds - prevSeconds, 1),
      path_length_mm: round(prefix.path_length_mm - prevLength, 3),
      segments: segs.slice(0, maxSegments).map(compact),
      truncated: segs.length > maxSegments,
    };
    prevSeconds = prefix.estimated_seconds;
    prevLength = prefix.path_length_mm;
    return out;
  });
}

function compact(s: Segment): Segment {
  const r = (v: [number, number, number]): [number, number, number] => [round(v[0], 3), round(v[1], 3), round(v[2], 3)];
  return { line: s.line, kind: s.kind, from: r(s.from), to: r(s.to), tool: s.tool };
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
