// IGES (fixed 80-column ASCII form) read as text before FreeCAD sees it: the section layout (letter in
// column 73, sequence numbers in 74–80, S/G/D/P/T in that order, the T record's counts) says whether
// the file is whole, and the global section says its length unit.
import { IMPORT_TEXT, render, type Text } from '../../../shared/i18n/index.js';
import { lengthUnitFromMm, type LengthUnitInfo } from './units.js';
import { LineScanner } from './lines.js';

export interface IgesGlobal {
  /** parameter 14: 1 inch, 2 mm, 3 named in parameter 15, 4 ft, 5 mi, 6 m, 7 km, 8 mil, 9 µm, 10 cm, 11 µin */
  unitFlag: number | null;
  unitName: string | null;
  system: string | null;
  fileName: string | null;
}

export interface IgesFacts {
  global: IgesGlobal;
  /** the length unit the global section declares, null when it declares none (or an invalid one) */
  unit: LengthUnitInfo | null;
  entities: number;
  /** reasons the file is damaged (empty when it is whole) */
  problems: string[];
  /** oddities readers tolerate (a terminate record that miscounts its sections) */
  notes: Text[];
}

const FLAG_MM: Record<number, number> = {
  1: 25.4,
  2: 1,
  4: 304.8,
  5: 1609344,
  6: 1000,
  7: 1e6,
  8: 0.0254,
  9: 0.001,
  10: 10,
  11: 0.0000254,
};
const NAME_MM: Record<string, number> = {
  IN: 25.4,
  INCH: 25.4,
  MM: 1,
  FT: 304.8,
  MI: 1609344,
  M: 1000,
  KM: 1e6,
  MIL: 0.0254,
  UM: 0.001,
  MICRON: 0.001,
  CM: 10,
  UIN: 0.0000254,
};

/** Splits the global section (columns 1–72 of the G lines, joined) into its parameters. */
export function splitIgesGlobal(text: string): string[] {
  let i = 0;
  const holl = /\s*(\d+)H/y;
  const hollerith = (): string | null => {
    holl.lastIndex = i;
    const m = holl.exec(text);
    if (!m) return null;
    const n = Number(m[1]);
    const start = i + m[0].length;
    i = start + n;
    return text.slice(start, start + n);
  };
  // parameter 1 (parameter delimiter) and 2 (record delimiter) define how the rest is split
  let pd = ',';
  let rd = ';';
  const first = hollerith();
  if (first !== null && first.length === 1) pd = first;
  else i = 0;
  const out: string[] = [pd];
  if (text[i] === pd) i++;
  const second = hollerith();
  if (second !== null && second.length === 1) rd = second;
  out.push(rd);
  if (text[i] === pd) i++;
  while (i < text.length) {
    const start = i;
    const h = hollerith();
    if (h !== null) {
      out.push(h);
    } else {
      i = start;
      let j = i;
      while (j < text.length && text[j] !== pd && text[j] !== rd) j++;
      out.push(text.slice(i, j).trim());
      i = j;
    }
    while (i < text.length && text[i] === ' ') i++;
    if (text[i] === rd) break;
    if (text[i] === pd) i++;
    else break;
  }
  return out;
}

export function parseIgesGlobal(text: string): IgesGlobal {
  const p = splitIgesGlobal(text);
  const flag = Number.parseInt(p[13] ?? '', 10);
  return {
    unitFlag: Number.isFinite(flag) ? flag : null,
    unitName: p[14]?.trim() || null,
    system: p[4]?.trim() || p[5]?.trim() || null,
    fileName: p[3]?.trim() || null,
  };
}

/** The unit OpenCASCADE reads the file in: the flag, or the name when the flag is 3 (or invalid). */
export function igesUnit(g: IgesGlobal): LengthUnitInfo | null {
  const byFlag = g.unitFlag !== null && g.unitFlag !== 3 ? FLAG_MM[g.unitFlag] : undefined;
  if (byFlag) return lengthUnitFromMm(byFlag);
  const byName = NAME_MM[(g.unitName ?? '').toUpperCase().replace(/[^A-Z]/g, '')];
  return byName ? lengthUnitFromMm(byName) : null;
}

const ORDER = 'SGDPT';

export class IgesScanner {
  private readonly lines = new LineScanner((l) => this.line(l));
  private readonly counts: Record<string, number> = { S: 0, G: 0, D: 0, P: 0, T: 0 };
  private section = -1;
  private lineNo = 0;
  private global = '';
  private terminate: string | null = null;
  private readonly problems: string[] = [];
  private readonly notes: Text[] = [];

  push(chunk: Uint8Array): void {
    this.lines.push(chunk);
  }

  private problem(msg: string) {
    if (this.problems.length < 5) this.problems.push(msg);
  }

  private line(raw: string): void {
    this.lineNo++;
    const line = raw.replace(/\r$/, '');
    if (this.terminate !== null) {
      if (line.trim()) this.problem(`line ${this.lineNo}: data after the terminate (T) record`);
      return;
    }
    if (!line.trim() && this.section < 0) return;
    if (line.length < 73) {
      this.problem(`line ${this.lineNo} is shorter than 73 columns`);
      return;
    }
    const letter = line[72]!;
    const at = ORDER.indexOf(letter);
    if (at < 0) {
      this.problem(`line ${this.lineNo}: '${letter}' in column 73 is not a section letter`);
      return;
    }
    if (at < this.section) this.problem(`line ${this.lineNo}: section ${letter} after ${ORDER[this.section]}`);
    this.section = Math.max(this.section, at);
    this.counts[letter]!++;
    const seq = Number.parseInt(line.slice(73, 80).trim(), 10);
    if (seq !== this.counts[letter])
      this.problem(
        `line ${this.lineNo}: sequence number ${line.slice(73, 80).trim() || '(none)'} where ${this.counts[letter]} was expected`,
      );
    if (letter === 'G' && this.global.length < 1 << 16) this.global += line.slice(0, 72);
    if (letter === 'T') this.terminate = line.slice(0, 72);
  }

  finish(): IgesFacts {
    this.lines.finish();
    if (this.terminate === null) this.problem('no terminate (T) record: the file is cut short');
    else {
      const m = /S\s*(\d+)\s*G\s*(\d+)\s*D\s*(\d+)\s*P\s*(\d+)/.exec(this.terminate);
      if (!m) this.problem('the terminate (T) record has no section counts');
      else {
        const [s, g, d, p] = m.slice(1).map(Number);
        const want = { S: s, G: g, D: d, P: p } as Record<string, number | undefined>;
        for (const k of 'SGDP')
          if (want[k] !== this.counts[k])
            this.notes.push(render(IMPORT_TEXT.note.igesCount, { want: want[k], section: k, got: this.counts[k] }));
      }
    }
    if (this.counts.D! % 2 !== 0) this.problem('the directory (D) section has an odd number of lines');
    if (!this.counts.G) this.problem('no global (G) section');
    const global = parseIgesGlobal(this.global);
    return { global, unit: igesUnit(global), entities: Math.floor(this.counts.D! / 2), problems: this.problems, notes: this.notes };
  }
}
