// ASCII STL and OBJ read as text before FreeCAD sees them: counts, and the damage a reader would
// silently swallow (an ASCII STL cut short, OBJ faces that point at vertices that do not exist).
import { LineScanner } from './lines.js';

export interface TextMeshFacts {
  vertices: number;
  triangles: number;
  problems: string[];
}

export class AsciiStlScanner {
  private readonly lines = new LineScanner((l) => this.line(l));
  private facets = 0;
  private endfacets = 0;
  private vertices = 0;
  private last = '';
  private readonly problems: string[] = [];

  push(chunk: Uint8Array): void {
    this.lines.push(chunk);
  }

  private line(raw: string): void {
    const t = raw.trim();
    if (!t) return;
    this.last = t;
    const kw = t.slice(0, 8).toLowerCase();
    if (kw.startsWith('facet')) this.facets++;
    else if (kw.startsWith('endfacet')) this.endfacets++;
    else if (kw.startsWith('vertex')) {
      this.vertices++;
      const nums = t.split(/\s+/).slice(1);
      if (nums.length !== 3 || nums.some((n) => !Number.isFinite(Number(n))))
        if (this.problems.length < 5) this.problems.push(`bad vertex line: ${t.slice(0, 60)}`);
    }
  }

  finish(): TextMeshFacts {
    this.lines.finish();
    if (!this.last.toLowerCase().startsWith('endsolid')) this.problems.push('the ASCII STL does not end with endsolid (cut short)');
    if (this.facets !== this.endfacets) this.problems.push(`${this.facets} facets open but ${this.endfacets} close`);
    if (this.vertices !== 3 * this.facets) this.problems.push(`${this.vertices} vertices for ${this.facets} triangles`);
    return { vertices: this.vertices, triangles: this.facets, problems: this.problems };
  }
}

export class ObjScanner {
  private readonly lines = new LineScanner((l) => this.joined(l));
  private pending = '';
  private vertices = 0;
  private faces = 0;
  private triangles = 0;
  private maxIndex = 0;
  private readonly problems: string[] = [];

  push(chunk: Uint8Array): void {
    this.lines.push(chunk);
  }

  private problem(msg: string) {
    if (this.problems.length < 5) this.problems.push(msg);
  }

  /** A line ending in a backslash continues on the next one. */
  private joined(raw: string): void {
    const l = raw.replace(/\r$/, '');
    if (l.endsWith('\\') && this.pending.length < LineScanner.MAX_LINE) {
      this.pending += l.slice(0, -1) + ' ';
      return;
    }
    const whole = this.pending + l;
    this.pending = '';
    this.line(whole);
  }

  private line(raw: string): void {
    const c0 = raw.charCodeAt(0);
    // 'v' and 'f' lines only; everything else (vt, vn, o, g, usemtl …) is left to the reader
    if (c0 !== 118 && c0 !== 102) return;
    const t = raw.trim();
    if (t.startsWith('v ') || t.startsWith('v\t')) {
      this.vertices++;
      const nums = t.split(/\s+/).slice(1, 4);
      if (nums.length < 3 || nums.some((n) => !Number.isFinite(Number(n)))) this.problem(`vertex ${this.vertices} is not three numbers`);
      return;
    }
    if (!(t.startsWith('f ') || t.startsWith('f\t'))) return;
    this.faces++;
    const refs = t.split(/\s+/).slice(1);
    if (refs.length < 3) this.problem(`face ${this.faces} has fewer than three corners`);
    this.triangles += Math.max(0, refs.length - 2);
    for (const r of refs) {
      const i = Number.parseInt(r, 10);
      if (!Number.isInteger(i) || i === 0) this.problem(`face ${this.faces}: '${r.slice(0, 20)}' is not a vertex number`);
      else if (i < 0 && -i > this.vertices) this.problem(`face ${this.faces} refers to vertex ${i} before ${-i} vertices exist`);
      else if (i > this.maxIndex) this.maxIndex = i;
    }
  }

  finish(): TextMeshFacts {
    this.lines.finish();
    if (this.pending) this.line(this.pending);
    if (this.maxIndex > this.vertices) this.problem(`a face refers to vertex ${this.maxIndex}, the file has ${this.vertices}`);
    return { vertices: this.vertices, triangles: this.triangles, problems: this.problems };
  }
}
