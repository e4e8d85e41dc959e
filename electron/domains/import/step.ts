// STEP (ISO 10303-21) read as text, before FreeCAD sees it: one streaming pass that checks the file is
// whole (every #reference is defined, no id twice, END-ISO-10303-21 at the end) and collects what the
// geometry kernel does not tell us headless: schema (AP203/214/242), the length unit of every
// representation context, product names and the colours styled onto them.
import { lengthUnitFromMm, type LengthUnitInfo } from './units.js';

export interface StepProduct {
  name: string;
  /** '#rrggbb' of the surface colour styled onto the product's solid, when the file gives one */
  colour: string | null;
}

export interface StepFacts {
  /** first FILE_SCHEMA entry, e.g. "AUTOMOTIVE_DESIGN { 1 0 10303 214 1 1 1 1 }" */
  schema: string | null;
  protocol: 'AP203' | 'AP214' | 'AP242' | 'AP209' | null;
  originatingSystem: string | null;
  preprocessor: string | null;
  entities: number;
  /** distinct length units of the representation contexts (usually one) */
  units: LengthUnitInfo[];
  products: StepProduct[];
  /** entity counts by kind: solids, surface models, tessellated shapes */
  shapes: { solids: number; surfaceModels: number; tessellated: number };
  /** reasons the file is damaged (empty when it is whole) */
  problems: string[];
}

// ---------------------------------------------------------------------------------------------------
// Parameter values

export type StepValue =
  | { t: 'str'; v: string }
  | { t: 'ref'; v: number }
  | { t: 'num'; v: number }
  | { t: 'enum'; v: string }
  | { t: 'null' }
  | { t: 'list'; v: StepValue[] }
  | { t: 'typed'; name: string; v: StepValue[] };

/** Decodes the \X2\…\X0\ (UTF-16), \X\hh (8-bit) and \S\ escapes of a STEP string. */
export function decodeStepString(raw: string): string {
  return raw
    .replace(/\\X2\\((?:[0-9A-Fa-f]{4})+)\\X0\\/g, (_, hex: string) =>
      String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16))),
    )
    .replace(/\\X4\\((?:[0-9A-Fa-f]{8})+)\\X0\\/g, (_, hex: string) =>
      String.fromCodePoint(...(hex.match(/.{8}/g) ?? []).map((h) => parseInt(h, 16))),
    )
    .replace(/\\X\\([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\\S\\(.)/g, (_, c: string) => String.fromCharCode(c.charCodeAt(0) + 128))
    .replace(/\\\\/g, '\\');
}

/**
 * Parses the right-hand side of an entity instance: `NAME(params)` or a complex `(A(..)B(..))`.
 * Returns the typed values (one for a simple entity, several for a complex one), or null if malformed.
 */
export function parseEntity(text: string): { name: string; v: StepValue[] }[] | null {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n && /\s/.test(text[i]!)) i++;
  };
  const ident = () => {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 256));
    if (!m) return null;
    i += m[0].length;
    return m[0].toUpperCase();
  };
  const params = (): StepValue[] | null => {
    // at '('
    i++;
    const out: StepValue[] = [];
    ws();
    if (text[i] === ')') {
      i++;
      return out;
    }
    for (;;) {
      const v = value();
      if (!v) return null;
      out.push(v);
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ')') {
        i++;
        return out;
      }
      return null;
    }
  };
  const value = (): StepValue | null => {
    ws();
    const c = text[i];
    if (c === undefined) return null;
    if (c === "'") {
      let s = '';
      i++;
      for (;;) {
        const j = text.indexOf("'", i);
        if (j < 0) return null;
        s += text.slice(i, j);
        if (text[j + 1] === "'") {
          s += "'";
          i = j + 2;
          continue;
        }
        i = j + 1;
        return { t: 'str', v: decodeStepString(s) };
      }
    }
    if (c === '#') {
      const m = /^#(\d+)/.exec(text.slice(i, i + 24));
      if (!m) return null;
      i += m[0].length;
      return { t: 'ref', v: Number(m[1]) };
    }
    if (c === '$') {
      i++;
      return { t: 'null' };
    }
    if (c === '*') {
      i++;
      return { t: 'null' };
    }
    if (c === '.') {
      const m = /^\.([A-Za-z0-9_]+)\./.exec(text.slice(i, i + 256));
      if (!m) return null;
      i += m[0].length;
      return { t: 'enum', v: m[1]!.toUpperCase() };
    }
    if (c === '(') {
      const v = params();
      return v ? { t: 'list', v } : null;
    }
    if (c === '"') {
      const j = text.indexOf('"', i + 1);
      if (j < 0) return null;
      i = j + 1;
      return { t: 'null' };
    }
    if (/[-+0-9.]/.test(c)) {
      const m = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(text.slice(i, i + 64));
      if (!m) return null;
      i += m[0].length;
      return { t: 'num', v: Number(m[0]) };
    }
    const name = ident();
    if (!name) return null;
    ws();
    if (text[i] !== '(') return null;
    const v = params();
    return v ? { t: 'typed', name, v } : null;
  };

  ws();
  if (text[i] === '(') {
    i++;
    const parts: { name: string; v: StepValue[] }[] = [];
    for (;;) {
      ws();
      if (text[i] === ')') {
        i++;
        return parts.length ? parts : null;
      }
      const name = ident();
      if (!name) return null;
      ws();
      if (text[i] !== '(') return null;
      const v = params();
      if (!v) return null;
      parts.push({ name, v });
    }
  }
  const name = ident();
  if (!name) return null;
  ws();
  if (text[i] !== '(') return null;
  const v = params();
  return v ? [{ name, v }] : null;
}

// ---------------------------------------------------------------------------------------------------
// Streaming scanner

/** Entity types whose text is kept for the facts above (everything else only counts and references). */
const KEEP = new Set([
  'PRODUCT',
  'PRODUCT_DEFINITION_FORMATION',
  'PRODUCT_DEFINITION_FORMATION_WITH_SPECIFIED_SOURCE',
  'PRODUCT_DEFINITION',
  'PRODUCT_DEFINITION_SHAPE',
  'SHAPE_DEFINITION_REPRESENTATION',
  'SHAPE_REPRESENTATION_RELATIONSHIP',
  'STYLED_ITEM',
  'OVER_RIDING_STYLED_ITEM',
  'PRESENTATION_STYLE_ASSIGNMENT',
  'PRESENTATION_STYLE_BY_CONTEXT',
  'SURFACE_STYLE_USAGE',
  'SURFACE_SIDE_STYLE',
  'SURFACE_STYLE_FILL_AREA',
  'FILL_AREA_STYLE',
  'FILL_AREA_STYLE_COLOUR',
  'COLOUR_RGB',
  'DRAUGHTING_PRE_DEFINED_COLOUR',
  'LENGTH_MEASURE_WITH_UNIT',
  'MEASURE_WITH_UNIT',
  'SI_UNIT',
  'CONVERSION_BASED_UNIT',
]);
const SOLIDS = new Set(['MANIFOLD_SOLID_BREP', 'BREP_WITH_VOIDS', 'FACETED_BREP']);
const SURFACE_MODELS = new Set(['SHELL_BASED_SURFACE_MODEL', 'FACE_BASED_SURFACE_MODEL']);
const TESSELLATED = new Set([
  'TESSELLATED_SOLID',
  'TESSELLATED_SHELL',
  'TRIANGULATED_FACE',
  'COMPLEX_TRIANGULATED_FACE',
  'TRIANGULATED_SURFACE_SET',
]);
const COMPLEX_KEEP = /LENGTH_UNIT|GLOBAL_UNIT_ASSIGNED_CONTEXT|SI_UNIT|CONVERSION_BASED_UNIT/;

/** Bytes of statement text kept: enough for a type name, more for kept statements. */
const PEEK = 200;
const KEEP_MAX = 1 << 20;
const MAX_KEPT = 300_000;
const BITSET_MAX_ID = 1 << 27;

class IdSet {
  private bits = new Uint8Array(1 << 12);
  private readonly big = new Set<number>();
  add(id: number) {
    if (id >= BITSET_MAX_ID) {
      this.big.add(id);
      return;
    }
    const byte = id >>> 3;
    if (byte >= this.bits.length) {
      let len = this.bits.length;
      while (len <= byte) len *= 2;
      const next = new Uint8Array(len);
      next.set(this.bits);
      this.bits = next;
    }
    this.bits[byte]! |= 1 << (id & 7);
  }
  has(id: number): boolean {
    if (id >= BITSET_MAX_ID) return this.big.has(id);
    const byte = id >>> 3;
    return byte < this.bits.length && (this.bits[byte]! & (1 << (id & 7))) !== 0;
  }
  /** ids in this set and not in the other, at most `limit` */
  missingFrom(other: IdSet, limit: number): number[] {
    const out: number[] = [];
    for (let byte = 0; byte < this.bits.length && out.length < limit; byte++) {
      const b = this.bits[byte]!;
      if (!b) continue;
      for (let k = 0; k < 8; k++) {
        const id = byte * 8 + k;
        if (b & (1 << k) && !other.has(id)) out.push(id);
      }
    }
    for (const id of this.big) if (out.length < limit && !other.has(id)) out.push(id);
    return out.slice(0, limit);
  }
}

const enum S {
  Normal,
  Str,
  StrQuote,
  Slash,
  Comment,
  CommentStar,
}

const HASH = 35,
  QUOTE = 39,
  SEMI = 59,
  EQ = 61,
  SLASH = 47,
  STAR = 42;
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isIdent = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || isDigit(c) || c === 95;

/** Feed the file in chunks with push(), then call finish(). */
export class StepScanner {
  private state = S.Normal;
  private buf = new Uint8Array(PEEK);
  private len = 0;
  private keepWhole = false;
  private decided = false;
  private atStart = true;
  private idMode: 'none' | 'id' | 'afterId' | 'ref' = 'none';
  private num = 0;
  private stmtId = -1;
  private section: 'none' | 'header' | 'data' | 'end' = 'none';
  private sawMagic = false;
  private sawData = false;
  private ended = false;
  private trailing = false;
  private readonly defined = new IdSet();
  private readonly referenced = new IdSet();
  private readonly duplicates: number[] = [];
  private entities = 0;
  private readonly header: string[] = [];
  readonly kept = new Map<number, string>();
  private readonly keptTypes = new Map<number, string>();
  private readonly shapes = { solids: 0, surfaceModels: 0, tessellated: 0 };
  private tooMany = false;

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      // fast paths for the bulk of a file: plain text inside a statement or a string
      if (
        this.state === S.Str
          ? c !== QUOTE
          : this.state === S.Normal && this.idMode === 'none' && !this.ended && c !== QUOTE && c !== SEMI && c !== HASH && c !== SLASH
      ) {
        if (this.state === S.Normal && isSpace(c)) {
          if (!this.len) continue;
        } else this.atStart = false;
        if (this.len < this.buf.length) this.buf[this.len++] = c;
        else this.append(c);
        continue;
      }
      this.byte(c);
    }
  }

  private append(c: number) {
    if (this.len < this.buf.length) {
      this.buf[this.len++] = c;
      return;
    }
    if (!this.decided) this.decide();
    if (!this.keepWhole || this.len >= KEEP_MAX) return;
    const next = new Uint8Array(Math.min(KEEP_MAX, this.buf.length * 4));
    next.set(this.buf);
    this.buf = next;
    this.buf[this.len++] = c;
  }

  /** Called once the first PEEK bytes of a statement are in: keep the rest of it or not. */
  private decide() {
    this.decided = true;
    const type = this.typeOf();
    this.keepWhole = this.section !== 'data' || type === '(' || KEEP.has(type) || isShapeRepresentation(type);
  }

  /** Type names seen so far, by a hash of their bytes: the type is read once per statement. */
  private readonly typeNames = new Map<number, string>();

  /** The entity type of the statement in the buffer, '(' for a complex entity. */
  private typeOf(): string {
    const b = this.buf;
    const n = Math.min(this.len, PEEK);
    let i = 0;
    while (i < n && b[i] !== EQ) i++;
    i = i < n ? i + 1 : 0;
    while (i < n && isSpace(b[i]!)) i++;
    if (b[i] === 40) return '(';
    const start = i;
    let h = 0;
    while (i < n && isIdent(b[i]!)) h = (Math.imul(h, 31) + (b[i++]! & 0xdf)) | 0;
    const key = h * 64 + (i - start);
    let name = this.typeNames.get(key);
    if (name === undefined) {
      name = String.fromCharCode(...b.subarray(start, i)).toUpperCase();
      this.typeNames.set(key, name);
    }
    return name;
  }

  private byte(c: number): void {
    switch (this.state) {
      case S.Str:
        this.append(c);
        if (c === QUOTE) this.state = S.StrQuote;
        return;
      case S.StrQuote:
        if (c === QUOTE) {
          this.append(c);
          this.state = S.Str;
          return;
        }
        this.state = S.Normal;
        break; // the closing quote ended the string: this byte is normal text
      case S.Comment:
        if (c === STAR) this.state = S.CommentStar;
        return;
      case S.CommentStar:
        this.state = c === SLASH ? S.Normal : c === STAR ? S.CommentStar : S.Comment;
        return;
      case S.Slash:
        if (c === STAR) {
          this.state = S.Comment;
          return;
        }
        this.state = S.Normal;
        this.normal(SLASH);
        break;
      default:
        break;
    }
    if (c === SLASH) {
      this.state = S.Slash;
      return;
    }
    this.normal(c);
  }

  private normal(c: number): void {
    if (this.ended) {
      if (!isSpace(c)) this.trailing = true;
      return;
    }
    // numbers after '#': the statement's own id (then '='), or a reference
    if (this.idMode === 'id' || this.idMode === 'ref') {
      if (isDigit(c)) {
        this.num = this.num * 10 + (c - 48);
        if (this.num > Number.MAX_SAFE_INTEGER / 10) this.num = Number.MAX_SAFE_INTEGER / 10;
        this.append(c);
        return;
      }
      if (this.idMode === 'ref') {
        this.referenced.add(this.num);
        this.idMode = 'none';
      } else this.idMode = 'afterId';
    }
    if (this.idMode === 'afterId') {
      if (isSpace(c)) {
        this.append(c);
        return;
      }
      if (c === EQ) this.define(this.num);
      else this.referenced.add(this.num);
      this.idMode = 'none';
    }
    if (c === QUOTE) {
      this.atStart = false;
      this.state = S.Str;
      this.append(c);
      return;
    }
    if (c === SEMI) {
      this.endStatement();
      return;
    }
    if (c === HASH) {
      this.idMode = this.atStart ? 'id' : 'ref';
      this.num = 0;
    }
    if (!isSpace(c)) this.atStart = false;
    if (this.len || !isSpace(c)) this.append(c);
  }

  private define(id: number) {
    if (this.defined.has(id)) {
      if (this.duplicates.length < 10) this.duplicates.push(id);
    } else this.defined.add(id);
    this.stmtId = id;
    this.entities++;
  }

  private endStatement(): void {
    const text = () => new TextDecoder('utf-8').decode(this.buf.subarray(0, this.len)).trim();
    if (this.stmtId < 0) {
      const kw = latin1(this.buf, Math.min(this.len, 64)).trim().toUpperCase();
      if (kw === 'ISO-10303-21') this.sawMagic = true;
      else if (kw === 'HEADER') this.section = 'header';
      else if (kw === 'DATA' || kw.startsWith('DATA(') || kw.startsWith('DATA ')) {
        this.section = 'data';
        this.sawData = true;
      } else if (kw === 'ENDSEC') this.section = 'none';
      else if (kw === 'END-ISO-10303-21') this.ended = true;
      else if (this.section === 'header' && this.header.length < 32) this.header.push(text());
    } else if (this.section === 'data') {
      const type = this.typeOf();
      const complex = type === '(';
      if (SOLIDS.has(type)) this.shapes.solids++;
      else if (SURFACE_MODELS.has(type)) this.shapes.surfaceModels++;
      else if (TESSELLATED.has(type)) this.shapes.tessellated++;
      const keep = complex ? COMPLEX_KEEP.test(text()) : KEEP.has(type) || isShapeRepresentation(type);
      if (keep) {
        if (this.kept.size < MAX_KEPT) {
          const t = text();
          this.kept.set(this.stmtId, t.slice(t.indexOf('=') + 1));
          this.keptTypes.set(this.stmtId, complex ? '' : type);
        } else this.tooMany = true;
      }
    }
    this.len = 0;
    this.buf = this.buf.length > PEEK ? new Uint8Array(PEEK) : this.buf;
    this.decided = false;
    this.keepWhole = false;
    this.atStart = true;
    this.idMode = 'none';
    this.stmtId = -1;
  }

  finish(): StepFacts {
    const problems: string[] = [];
    if (!this.sawMagic) problems.push('no ISO-10303-21 header line');
    if (!this.sawData) problems.push('no DATA section');
    if (!this.ended) problems.push('the file ends before END-ISO-10303-21 (truncated)');
    if (this.trailing) problems.push('data after END-ISO-10303-21');
    if (this.state === S.Str || this.state === S.StrQuote) problems.push('a string is never closed');
    if (this.duplicates.length) problems.push(`entity ids defined twice: ${this.duplicates.map((d) => `#${d}`).join(', ')}`);
    const dangling = this.referenced.missingFrom(this.defined, 10);
    if (dangling.length) problems.push(`references to entities that are not in the file: ${dangling.map((d) => `#${d}`).join(', ')}`);
    const header = this.header.join('\n');
    const schema = firstString(header, 'FILE_SCHEMA');
    const fileName = parseHeader(this.header, 'FILE_NAME');
    return {
      schema,
      protocol: protocolOf(schema),
      originatingSystem: strAt(fileName, 5),
      preprocessor: strAt(fileName, 4),
      entities: this.entities,
      units: resolveUnits(this.kept),
      products: this.tooMany ? [] : resolveProducts(this.kept, this.keptTypes),
      shapes: { ...this.shapes },
      problems,
    };
  }
}

function latin1(b: Uint8Array, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(b[i]!);
  return s;
}

function isShapeRepresentation(type: string): boolean {
  return type.endsWith('SHAPE_REPRESENTATION') && !type.includes('PRESENTATION_REPRESENTATION');
}

function firstString(header: string, entity: string): string | null {
  const i = header.toUpperCase().indexOf(entity);
  if (i < 0) return null;
  const m = /'((?:[^']|'')*)'/.exec(header.slice(i));
  return m ? decodeStepString(m[1]!.replace(/''/g, "'")).trim() : null;
}

function parseHeader(statements: string[], entity: string): StepValue[] | null {
  for (const s of statements) {
    const clean = s.replace(/\/\*[\s\S]*?\*\//g, '');
    if (!clean.trimStart().toUpperCase().startsWith(entity)) continue;
    const parsed = parseEntity(clean);
    return parsed?.[0]?.v ?? null;
  }
  return null;
}

function strAt(values: StepValue[] | null, i: number): string | null {
  const v = values?.[i];
  return v?.t === 'str' && v.v.trim() ? v.v.trim() : null;
}

export function protocolOf(schema: string | null): StepFacts['protocol'] {
  const s = (schema ?? '').toUpperCase();
  if (s.startsWith('AP242')) return 'AP242';
  if (s.startsWith('AUTOMOTIVE_DESIGN')) return 'AP214';
  if (s.startsWith('CONFIG_CONTROL_DESIGN') || s.startsWith('AP203')) return 'AP203';
  if (s.startsWith('STRUCTURAL_ANALYSIS_DESIGN') || s.startsWith('AP209')) return 'AP209';
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Units

const SI_PREFIX: Record<string, number> = {
  EXA: 1e18,
  PETA: 1e15,
  TERA: 1e12,
  GIGA: 1e9,
  MEGA: 1e6,
  KILO: 1e3,
  HECTO: 1e2,
  DECA: 1e1,
  DECI: 1e-1,
  CENTI: 1e-2,
  MILLI: 1e-3,
  MICRO: 1e-6,
  NANO: 1e-9,
  PICO: 1e-12,
  FEMTO: 1e-15,
  ATTO: 1e-18,
};
const NAMED_LENGTHS: Record<string, number> = {
  INCH: 25.4,
  INCHES: 25.4,
  IN: 25.4,
  FOOT: 304.8,
  FEET: 304.8,
  FT: 304.8,
  MIL: 0.0254,
  THOU: 0.0254,
  YARD: 914.4,
};

/** mm per unit of a length unit entity, or null when it is not one. */
function unitMm(id: number, kept: Map<number, string>, depth = 0): number | null {
  const text = kept.get(id);
  if (!text || depth > 4) return null;
  const parts = parseEntity(text);
  if (!parts) return null;
  const names = parts.map((p) => p.name);
  const si = parts.find((p) => p.name === 'SI_UNIT');
  // SI_UNIT(prefix, name) as a complex part; a simple SI_UNIT has the dimensions first: (*, prefix, name)
  if (si) {
    const args = si.v.length === 3 ? si.v.slice(1) : si.v;
    const [prefix, unit] = args;
    if (unit?.t !== 'enum' || unit.v !== 'METRE') return null;
    if (!names.includes('LENGTH_UNIT') && names.length > 1) return null;
    const p = prefix?.t === 'enum' ? (SI_PREFIX[prefix.v] ?? null) : 1;
    return p === null ? null : 1000 * p;
  }
  const conv = parts.find((p) => p.name === 'CONVERSION_BASED_UNIT');
  if (conv && (names.includes('LENGTH_UNIT') || names.length === 1)) {
    const [name, measure] = conv.v;
    const byName = name?.t === 'str' ? (NAMED_LENGTHS[name.v.trim().toUpperCase()] ?? null) : null;
    if (measure?.t === 'ref') {
      const m = parseEntity(kept.get(measure.v) ?? '')?.[0];
      const [value, base] = m?.v ?? [];
      const factor = value?.t === 'typed' && value.v[0]?.t === 'num' ? value.v[0].v : value?.t === 'num' ? value.v : null;
      const baseMm = base?.t === 'ref' ? unitMm(base.v, kept, depth + 1) : null;
      if (factor !== null && baseMm !== null && factor > 0) return factor * baseMm;
    }
    return byName;
  }
  return null;
}

/** The length units the representation contexts assign (GLOBAL_UNIT_ASSIGNED_CONTEXT), distinct. */
export function resolveUnits(kept: Map<number, string>): LengthUnitInfo[] {
  const found = new Map<string, LengthUnitInfo>();
  for (const text of kept.values()) {
    if (!text.toUpperCase().includes('GLOBAL_UNIT_ASSIGNED_CONTEXT')) continue;
    const ctx = parseEntity(text)?.find((p) => p.name === 'GLOBAL_UNIT_ASSIGNED_CONTEXT');
    const list = ctx?.v[0];
    if (list?.t !== 'list') continue;
    for (const ref of list.v) {
      if (ref.t !== 'ref') continue;
      const mm = unitMm(ref.v, kept);
      if (mm === null) continue;
      const info = lengthUnitFromMm(mm);
      found.set(info.unit, info);
    }
  }
  return [...found.values()];
}

// ---------------------------------------------------------------------------------------------------
// Products and colours

const PREDEFINED: Record<string, string> = {
  red: '#ff0000',
  green: '#00ff00',
  blue: '#0000ff',
  yellow: '#ffff00',
  magenta: '#ff00ff',
  cyan: '#00ffff',
  black: '#000000',
  white: '#ffffff',
};

const refsIn = (values: StepValue[]): number[] =>
  values.flatMap((v) => (v.t === 'ref' ? [v.v] : v.t === 'list' || v.t === 'typed' ? refsIn(v.v) : []));

function hex(x: number): string {
  const v = Math.round(Math.min(1, Math.max(0, x)) * 255);
  return v.toString(16).padStart(2, '0');
}

export function resolveProducts(kept: Map<number, string>, types: Map<number, string>): StepProduct[] {
  const parsed = new Map<number, StepValue[]>();
  const args = (id: number): StepValue[] | null => {
    if (!parsed.has(id)) {
      const text = kept.get(id);
      const p = text ? parseEntity(text) : null;
      parsed.set(id, p && p.length === 1 ? p[0]!.v : []);
    }
    return parsed.get(id)!;
  };
  const ofType = (name: string) => [...types].filter(([, t]) => t === name).map(([id]) => id);
  const ref = (v: StepValue | undefined) => (v?.t === 'ref' ? v.v : null);

  // product id → name
  const productName = new Map<number, string>();
  for (const id of ofType('PRODUCT')) {
    const [pid, name] = args(id) ?? [];
    const n = name?.t === 'str' && name.v.trim() ? name.v.trim() : pid?.t === 'str' ? pid.v.trim() : '';
    productName.set(id, n);
  }
  // representation → product, through SHAPE_DEFINITION_REPRESENTATION → PDS → PD → PDF → PRODUCT
  const repProduct = new Map<number, number>();
  for (const id of ofType('SHAPE_DEFINITION_REPRESENTATION')) {
    const [pds, rep] = args(id) ?? [];
    const pd = ref(args(ref(pds) ?? -1)?.[2]);
    const pdf = pd !== null && types.get(pd) === 'PRODUCT_DEFINITION' ? ref(args(pd)?.[2]) : null;
    const product = pdf !== null ? ref(args(pdf)?.[2]) : null;
    const r = ref(rep);
    if (r !== null && product !== null && productName.has(product)) repProduct.set(r, product);
  }
  // plain representation relationships link a B-rep representation to the product's shape representation
  for (const id of ofType('SHAPE_REPRESENTATION_RELATIONSHIP')) {
    const [, , a, b] = args(id) ?? [];
    const ra = ref(a),
      rb = ref(b);
    if (ra === null || rb === null) continue;
    if (repProduct.has(ra) && !repProduct.has(rb)) repProduct.set(rb, repProduct.get(ra)!);
    else if (repProduct.has(rb) && !repProduct.has(ra)) repProduct.set(ra, repProduct.get(rb)!);
  }
  // item → product, for the items of shape representations
  const itemProduct = new Map<number, number>();
  for (const [id, type] of types) {
    if (!isShapeRepresentation(type) || !repProduct.has(id)) continue;
    const items = args(id)?.[1];
    if (items?.t === 'list') for (const it of items.v) if (it.t === 'ref') itemProduct.set(it.v, repProduct.get(id)!);
  }
  // colour of a style: walk the presentation style chain down to a colour, skipping curve styles
  const colourOf = (start: number[]): string | null => {
    const seen = new Set<number>();
    const queue = [...start];
    while (queue.length) {
      const id = queue.shift()!;
      if (seen.has(id) || seen.size > 64) continue;
      seen.add(id);
      const t = types.get(id);
      if (t === 'COLOUR_RGB') {
        const [, r, g, b] = args(id) ?? [];
        if (r?.t === 'num' && g?.t === 'num' && b?.t === 'num') return `#${hex(r.v)}${hex(g.v)}${hex(b.v)}`;
      }
      if (t === 'DRAUGHTING_PRE_DEFINED_COLOUR') {
        const [name] = args(id) ?? [];
        if (name?.t === 'str') return PREDEFINED[name.v.trim().toLowerCase()] ?? null;
      }
      if (t && t !== 'CURVE_STYLE') queue.push(...refsIn(args(id) ?? []));
    }
    return null;
  };
  const colours = new Map<number, string>();
  for (const id of [...ofType('STYLED_ITEM'), ...ofType('OVER_RIDING_STYLED_ITEM')]) {
    const [, styles, item] = args(id) ?? [];
    const it = ref(item);
    const product = it !== null ? itemProduct.get(it) : undefined;
    if (product === undefined || colours.has(product) || styles?.t !== 'list') continue;
    const c = colourOf(refsIn(styles.v));
    if (c) colours.set(product, c);
  }
  const out: StepProduct[] = [];
  for (const [id, name] of productName) out.push({ name, colour: colours.get(id) ?? null });
  return out;
}
