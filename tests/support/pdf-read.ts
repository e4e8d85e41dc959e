// A small, independent PDF reader for tests: objects (also inside object streams), pages with their
// MediaBox, and the text each page shows, decoded through its fonts' ToUnicode CMaps. Enough to
// check what a PDF writer (cairo, through rsvg-convert) put on a page without trusting the SVG it
// came from. Not a general parser: no encryption, no xref repair, Flate and unfiltered streams.
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

export interface PdfPage {
  /** [x0, y0, x1, y1] in points */
  mediaBox: number[];
  /** the page's text runs (one per Tj/TJ), decoded */
  texts: string[];
}

export interface PdfDocument {
  version: string;
  pages: PdfPage[];
}

function streamOf(dict: string, raw: Buffer): Buffer {
  if (/\/Filter\s*\/FlateDecode/.test(dict)) return inflateSync(raw);
  if (/\/Filter/.test(dict)) throw new Error(`unsupported filter in ${dict.slice(0, 80)}`);
  return raw;
}

function readObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objs = new Map<number, PdfObject>();
  const head = /(\d+)\s+(\d+)\s+obj\b/g;
  for (let m = head.exec(text); m; m = head.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endobj', start);
    const body = text.slice(start, end);
    const s = body.indexOf('stream');
    if (s >= 0 && /^stream\r?\n/.test(body.slice(s))) {
      const dict = body.slice(0, s);
      const len = /\/Length\s+(\d+)(\s+\d+\s+R)?/.exec(dict);
      const dataStart = start + s + (body[s + 6] === '\r' ? 8 : 7);
      let dataEnd = text.indexOf('endstream', dataStart);
      if (len && !len[2]) dataEnd = dataStart + Number(len[1]);
      objs.set(Number(m[1]), { dict, stream: streamOf(dict, pdf.subarray(dataStart, dataEnd)) });
    } else objs.set(Number(m[1]), { dict: body });
    head.lastIndex = end;
  }
  // objects packed in object streams: "num offset" pairs, then the objects from /First
  for (const o of [...objs.values()]) {
    if (!/\/Type\s*\/ObjStm/.test(o.dict) || !o.stream) continue;
    const n = Number(/\/N\s+(\d+)/.exec(o.dict)![1]);
    const first = Number(/\/First\s+(\d+)/.exec(o.dict)![1]);
    const s = o.stream.toString('latin1');
    const nums = s.slice(0, first).trim().split(/\s+/).map(Number);
    for (let i = 0; i < n; i++) {
      const from = first + nums[2 * i + 1]!;
      const to = i + 1 < n ? first + nums[2 * i + 3]! : s.length;
      objs.set(nums[2 * i]!, { dict: s.slice(from, to) });
    }
  }
  return objs;
}

const ref = (s: string, key: string): number | null => {
  const m = new RegExp(`/${key}\\s+(\\d+)\\s+\\d+\\s+R`).exec(s);
  return m ? Number(m[1]) : null;
};

/** A dictionary's entry that is either inline (<< … >>) or a reference. */
function dictEntry(objs: Map<number, PdfObject>, s: string, key: string): string {
  const r = ref(s, key);
  if (r !== null && new RegExp(`/${key}\\s+\\d+\\s+\\d+\\s+R`).test(s)) return objs.get(r)?.dict ?? '';
  const at = s.search(new RegExp(`/${key}\\s*<<`));
  if (at < 0) return '';
  let depth = 0;
  for (let i = s.indexOf('<<', at); i < s.length; i++) {
    if (s.startsWith('<<', i)) {
      depth++;
      i++;
    } else if (s.startsWith('>>', i)) {
      depth--;
      i++;
      if (depth === 0) return s.slice(s.indexOf('<<', at), i + 1);
    }
  }
  return '';
}

/** bfchar and bfrange of a ToUnicode CMap: code (hex) -> text. */
function readCMap(cmap: string): { bytes: number; map: Map<number, string> } {
  const map = new Map<number, string>();
  const utf16 = (hex: string) => {
    let out = '';
    for (let i = 0; i + 4 <= hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
    return out;
  };
  let bytes = 1;
  const range = /begincodespacerange\s*<([0-9a-fA-F]+)>/.exec(cmap);
  if (range) bytes = range[1]!.length / 2;
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(m[1]!, 16), utf16(m[2]!));
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
      const lo = parseInt(m[1]!, 16);
      const hi = parseInt(m[2]!, 16);
      const base = utf16(m[3]!);
      for (let c = lo; c <= hi; c++) map.set(c, base.slice(0, -1) + String.fromCharCode(base.charCodeAt(base.length - 1) + c - lo));
    }
  return { bytes, map };
}

function literalBytes(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\') {
      out.push(c.charCodeAt(0));
      continue;
    }
    const n = s[++i]!;
    const esc: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
    if (n in esc) out.push(esc[n]!);
    else if (/[0-7]/.test(n)) {
      const oct = /^[0-7]{1,3}/.exec(s.slice(i))![0];
      out.push(parseInt(oct, 8));
      i += oct.length - 1;
    }
  }
  return out;
}

function decode(bytes: number[], font: { bytes: number; map: Map<number, string> } | undefined): string {
  const width = font?.bytes ?? 1;
  let out = '';
  for (let i = 0; i + width <= bytes.length; i += width) {
    let code = 0;
    for (let k = 0; k < width; k++) code = code * 256 + bytes[i + k]!;
    out += font?.map.get(code) ?? String.fromCharCode(code);
  }
  return out;
}

function pageTexts(content: string, fonts: Map<string, { bytes: number; map: Map<number, string> }>): string[] {
  const texts: string[] = [];
  let font: { bytes: number; map: Map<number, string> } | undefined;
  // strings (hex or literal), arrays, names, operators
  const tok = /<([0-9a-fA-F\s]*)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj|\[((?:[^\]\\]|\\.)*)\]\s*TJ|\/([^\s/[\]()<>]+)\s+[\d.]+\s+Tf/g;
  for (const m of content.matchAll(tok)) {
    if (m[4] !== undefined) font = fonts.get(m[4]);
    else if (m[1] !== undefined) texts.push(decode(hexBytes(m[1]), font));
    else if (m[2] !== undefined) texts.push(decode(literalBytes(m[2]), font));
    else if (m[3] !== undefined) {
      let run = '';
      for (const part of m[3].matchAll(/<([0-9a-fA-F\s]*)>|\(((?:\\.|[^\\)])*)\)/g))
        run += decode(part[1] !== undefined ? hexBytes(part[1]) : literalBytes(part[2]!), font);
      texts.push(run);
    }
  }
  return texts;
}

function hexBytes(hex: string): number[] {
  const h = hex.replace(/\s+/g, '');
  const out: number[] = [];
  for (let i = 0; i < h.length; i += 2) out.push(parseInt(h.slice(i, i + 2).padEnd(2, '0'), 16));
  return out;
}

export function readPdf(pdf: Buffer): PdfDocument {
  const version = /^%PDF-(\d\.\d)/.exec(pdf.subarray(0, 16).toString('latin1'));
  if (!version) throw new Error('not a PDF: no %PDF- header');
  if (!pdf.subarray(-1024).toString('latin1').includes('%%EOF')) throw new Error('not a PDF: no %%EOF trailer');
  const objs = readObjects(pdf);
  const pages: PdfPage[] = [];
  for (const o of objs.values()) {
    if (!/\/Type\s*\/Page\b(?!s)/.test(o.dict)) continue;
    const box = /\/MediaBox\s*\[([^\]]*)\]/.exec(o.dict);
    const resources = dictEntry(objs, o.dict, 'Resources');
    const fontDict = dictEntry(objs, resources, 'Font');
    const fonts = new Map<string, { bytes: number; map: Map<number, string> }>();
    for (const m of fontDict.matchAll(/\/([^\s/<>[\]]+)\s+(\d+)\s+\d+\s+R/g)) {
      const f = objs.get(Number(m[2]));
      const tu = f ? ref(f.dict, 'ToUnicode') : null;
      const cmap = tu !== null ? objs.get(tu)?.stream : undefined;
      if (cmap) fonts.set(m[1]!, readCMap(cmap.toString('latin1')));
    }
    const contentRefs = [...(/\/Contents\s*\[([^\]]*)\]/.exec(o.dict)?.[1] ?? '').matchAll(/(\d+)\s+\d+\s+R/g)].map((x) => Number(x[1]));
    const single = ref(o.dict, 'Contents');
    const refs = contentRefs.length ? contentRefs : single !== null ? [single] : [];
    const content = refs.map((r) => objs.get(r)?.stream?.toString('latin1') ?? '').join('\n');
    pages.push({ mediaBox: box ? box[1]!.trim().split(/\s+/).map(Number) : [], texts: pageTexts(content, fonts) });
  }
  return { version: version[1]!, pages };
}
