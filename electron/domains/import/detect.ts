// What a file is, from its content (magic bytes, headers, sizes) — the extension only says what it
// claims to be. A file that is no supported format is refused before FreeCAD sees it:
// UPLOAD_UNSUPPORTED_FORMAT, or UPLOAD_CORRUPT when its name claims a format its content is not.
import { TezgahError } from '../../../shared/errors.js';
import { formatFromName, type ImportFormat } from './formats.js';

/** The parts of a file detection looks at; `read` gives any other range (zip directories). */
export interface FileProbe {
  name: string;
  size: number;
  /** first bytes (64 KiB or the whole file) */
  head: Uint8Array;
  /** last bytes (64 KiB or the whole file) */
  tail: Uint8Array;
  read(offset: number, length: number): Uint8Array;
}

export interface Detection {
  format: ImportFormat;
  /** 'ascii' | 'binary' (STL), 'text' (BREP), 'fixed' (IGES), 'zip' (FCStd), 'p21' (STEP), 'text' (OBJ) */
  variant: string;
  /** the format the extension claims (null: unknown or no extension) */
  extensionFormat: ImportFormat | null;
  /** FCStd: names in the zip */
  zipEntries?: string[];
  /** binary STL: trailing bytes after the last triangle (some exporters pad) */
  trailingBytes?: number;
}

export const PROBE_BYTES = 64 * 1024;
/** Uncompressed size of an FCStd above which it is refused (a zip bomb is a small file). */
export const MAX_UNZIPPED_BYTES = 8 * 1024 ** 3;

const ascii = (b: Uint8Array, start = 0, end = b.length) =>
  Buffer.from(b.buffer, b.byteOffset + start, Math.max(0, Math.min(end, b.length) - start)).toString('latin1');

function isText(b: Uint8Array, n = 4096): boolean {
  const end = Math.min(n, b.length);
  let odd = 0;
  for (let i = 0; i < end; i++) {
    const c = b[i]!;
    if (c === 0) return false;
    if (c < 9 || (c > 13 && c < 32)) odd++;
  }
  return odd <= end / 100;
}

/** Well-known formats we do not import: named in the error so the user knows what they gave us. */
function otherFormat(head: Uint8Array): string | null {
  const s = ascii(head, 0, 64);
  const starts = (bytes: number[]) => bytes.every((v, i) => head[i] === v);
  if (starts([0x89, 0x50, 0x4e, 0x47])) return 'png';
  if (starts([0xff, 0xd8, 0xff])) return 'jpeg';
  if (s.startsWith('GIF8')) return 'gif';
  if (s.startsWith('%PDF')) return 'pdf';
  if (starts([0x1f, 0x8b])) return 'gzip';
  if (starts([0x37, 0x7a, 0xbc, 0xaf])) return '7z';
  if (s.startsWith('Rar!')) return 'rar';
  if (starts([0x7f, 0x45, 0x4c, 0x46])) return 'elf';
  if (s.startsWith('MZ')) return 'exe';
  if (s.startsWith('glTF')) return 'glb';
  if (/^\s*<\?xml/.test(s)) return /10303|iso_10303_28/i.test(ascii(head, 0, 4096)) ? 'step-xml' : 'xml';
  if (/^\s*0\r?\nSECTION/.test(s)) return 'dxf';
  if (/^\s*ply\r?\n/.test(s)) return 'ply';
  if (/^\s*OFF\b/.test(s)) return 'off';
  if (s.startsWith('PK\x03\x04')) return 'zip';
  return null;
}

function isStep(head: Uint8Array): boolean {
  const s = ascii(head, 0, 256)
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
    .trimStart();
  return s.toUpperCase().startsWith('ISO-10303-21;');
}

function igesVariant(head: Uint8Array): 'fixed' | 'compressed' | 'binary' | null {
  if (head[0] === 0x42 && !isText(head)) return 'binary'; // 'B' binary form (IGES 5.x and earlier)
  if (!isText(head)) return null;
  const lines = ascii(head)
    .split('\n')
    .slice(0, 4)
    .map((l) => l.replace(/\r$/, ''));
  const first = lines[0] ?? '';
  if (first.length < 73) return null;
  const seq = first.slice(73, 80);
  if (!/^[ 0-9]*\d[ 0-9]*$/.test(seq) && seq.trim() !== '') return null;
  if (first[72] === 'C') return 'compressed';
  if (first[72] !== 'S') return null;
  // the next lines keep the layout: a section letter in column 73
  return lines
    .slice(1)
    .filter((l) => l.trim())
    .every((l) => l.length >= 73 && 'SGDPT'.includes(l[72]!))
    ? 'fixed'
    : null;
}

function isBrep(head: Uint8Array): boolean {
  if (!isText(head)) return false;
  const s = ascii(head, 0, 1024);
  return /^\s*DBRep_DrawableShape/.test(s) || /^\s*CASCADE Topology V\d/m.test(s);
}

const OBJ_KEYWORDS = new Set([
  'v',
  'vt',
  'vn',
  'vp',
  'f',
  'l',
  'p',
  'o',
  'g',
  's',
  'mtllib',
  'usemtl',
  'usemap',
  'maplib',
  'cstype',
  'deg',
  'bmat',
  'step',
  'curv',
  'curv2',
  'surf',
  'parm',
  'trim',
  'hole',
  'scrv',
  'sp',
  'end',
  'con',
  'mg',
  'lod',
  'shadow_obj',
  'trace_obj',
  'ctech',
  'stech',
  'bevel',
  'c_interp',
  'd_interp',
  'call',
  'csh',
]);

function isObj(head: Uint8Array, whole: boolean): boolean {
  if (!isText(head)) return false;
  let lines = ascii(head)
    .replace(/\\\r?\n/g, ' ')
    .split('\n'); // a backslash continues a line
  if (!whole) lines = lines.slice(0, -1); // the last line may be cut by the probe
  let significant = 0;
  let vertices = 0;
  for (const raw of lines) {
    const l = raw.trim();
    if (!l || l.startsWith('#')) continue;
    const kw = l.split(/\s+/, 1)[0]!;
    if (!OBJ_KEYWORDS.has(kw)) return false;
    if (kw === 'v') vertices++;
    if (++significant >= 200) break;
  }
  return vertices > 0;
}

function isAsciiStl(head: Uint8Array): boolean {
  if (!isText(head)) return false;
  const s = ascii(head, 0, 4096).trimStart().toLowerCase();
  return s.startsWith('solid') && (/\bfacet\b/.test(s) || /\bendsolid\b/.test(s));
}

/** Binary STL: 80-byte header, u32 triangle count, 50 bytes per triangle. */
function binaryStl(probe: FileProbe): { triangles: number; expected: number; trailing: number } | null {
  if (probe.size < 84 || probe.head.length < 84) return null;
  const n = new DataView(probe.head.buffer, probe.head.byteOffset + 80, 4).getUint32(0, true);
  const expected = 84 + 50 * n;
  return { triangles: n, expected, trailing: probe.size - expected };
}

/** Names of a zip's entries from its central directory, or null when it is no readable zip. */
export function zipEntries(probe: FileProbe): { names: string[]; unzippedBytes: number } | null {
  const tail = probe.tail;
  const dv = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= Math.max(0, tail.length - 22 - 65535); i--) {
    if (dv.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  let count = dv.getUint16(eocd + 10, true);
  let cdSize = dv.getUint32(eocd + 12, true);
  let cdOffset = dv.getUint32(eocd + 16, true);
  if (
    (cdOffset === 0xffffffff || cdSize === 0xffffffff || count === 0xffff) &&
    eocd >= 20 &&
    dv.getUint32(eocd - 20, true) === 0x07064b50
  ) {
    const z64 = Number(dv.getBigUint64(eocd - 20 + 8, true));
    if (z64 < 0 || z64 + 56 > probe.size) return null;
    const rec = probe.read(z64, 56);
    const rv = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
    if (rec.length < 56 || rv.getUint32(0, true) !== 0x06064b50) return null;
    count = Number(rv.getBigUint64(32, true));
    cdSize = Number(rv.getBigUint64(40, true));
    cdOffset = Number(rv.getBigUint64(48, true));
  }
  if (cdOffset + cdSize > probe.size || cdSize > 64 * 1024 ** 2 || count > 200_000) return null;
  const cd = probe.read(cdOffset, cdSize);
  const cv = new DataView(cd.buffer, cd.byteOffset, cd.byteLength);
  const names: string[] = [];
  let unzipped = 0;
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > cd.length || cv.getUint32(p, true) !== 0x02014b50) return null;
    const nameLen = cv.getUint16(p + 28, true);
    const extraLen = cv.getUint16(p + 30, true);
    const commentLen = cv.getUint16(p + 32, true);
    const size = cv.getUint32(p + 24, true);
    const local = cv.getUint32(p + 42, true);
    if (local >= probe.size && local !== 0xffffffff) return null;
    unzipped += size === 0xffffffff ? MAX_UNZIPPED_BYTES : size;
    names.push(Buffer.from(cd.buffer, cd.byteOffset + p + 46, Math.min(nameLen, cd.length - p - 46)).toString('utf8'));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { names, unzippedBytes: unzipped };
}

/** The format by content, or a coded error. */
export function detectFormat(probe: FileProbe): Detection {
  const extensionFormat = formatFromName(probe.name);
  const { head } = probe;
  const whole = head.length >= probe.size;
  const found = (format: ImportFormat, variant: string, extra: Partial<Detection> = {}): Detection => {
    if (extensionFormat && extensionFormat !== format)
      throw new TezgahError('UPLOAD_CORRUPT', {
        reason: `the name says ${extensionFormat.toUpperCase()} but the content is ${format.toUpperCase()}`,
        extension_format: extensionFormat,
        content_format: format,
      });
    return { format, variant, extensionFormat, ...extra };
  };
  const refuse = (reason: string, recognised: string | null): never => {
    if (extensionFormat)
      throw new TezgahError('UPLOAD_CORRUPT', {
        reason,
        extension_format: extensionFormat,
        ...(recognised ? { recognised_as: recognised } : {}),
      });
    throw new TezgahError('UPLOAD_UNSUPPORTED_FORMAT', { reason, ...(recognised ? { recognised_as: recognised } : {}) });
  };

  if (isStep(head)) return found('step', 'p21');
  const iges = igesVariant(head);
  if (iges === 'fixed') return found('iges', 'fixed');
  if (iges) refuse(`IGES in the ${iges} form is not supported; export the fixed (ASCII) form`, `iges-${iges}`);
  if (isBrep(head)) return found('brep', 'text');

  const stl = binaryStl(probe);
  const stlFits = stl !== null && stl.trailing >= 0 && stl.trailing < 50 && (stl.triangles > 0 || probe.size === 84);
  if (isAsciiStl(head) && !(stlFits && stl!.triangles > 0)) return found('stl', 'ascii');
  if (stlFits && !isText(head, 84)) return found('stl', 'binary', { trailingBytes: stl!.trailing });
  if (stlFits && extensionFormat === 'stl') return found('stl', 'binary', { trailingBytes: stl!.trailing });

  if (ascii(head, 0, 4) === 'PK\x03\x04') {
    const zip = zipEntries(probe);
    if (!zip) refuse('a zip archive whose directory cannot be read', 'zip');
    if (zip!.names.includes('Document.xml')) {
      if (zip!.unzippedBytes > MAX_UNZIPPED_BYTES)
        throw new TezgahError('UPLOAD_TOO_LARGE', {
          reason: 'the FCStd unpacks to more than the limit',
          unzipped_mb: Math.round(zip!.unzippedBytes / 1024 ** 2),
          limit_mb: MAX_UNZIPPED_BYTES / 1024 ** 2,
        });
      return found('fcstd', 'zip', { zipEntries: zip!.names });
    }
    refuse('a zip archive that is not a FreeCAD document (no Document.xml)', zip!.names.some((n) => n.startsWith('3D/')) ? '3mf' : 'zip');
  }
  if (isObj(head, whole)) return found('obj', 'text');

  const other = otherFormat(head);
  if (extensionFormat === 'stl' && stl !== null && !isText(head, 84))
    refuse(`the binary STL header says ${stl.triangles} triangles (${stl.expected} bytes) but the file has ${probe.size} bytes`, other);
  return refuse(other ? `the content is ${other.toUpperCase()}, not a CAD file` : 'the content is no format Tezgah imports', other);
}
