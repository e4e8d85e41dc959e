// The import fuzzer's mutants (tests/unit/import-fuzz.test.ts checks them at the text level,
// tests/integration/import-fuzz.test.ts runs some through the real FreeCAD): real files with their
// bytes flipped, cut, spliced and shuffled. Seeded: the same cases every run.
import { extname } from 'node:path';
import { readFixture } from '../fixtures/cad/corrupt.js';

export const BASES = [
  'screw.step',
  'as1-ug-214.stp',
  'c2-ug-214-surface-inch.stp',
  'catia-cube-tessellated-ap242.stp',
  'cylinder-catia-faces.igs',
  'cone-ideas-solid.igs',
  'mal_vis.brep',
  'face1.brep',
  'shape-ascii.stl',
  'cube-binary-solid-header.stl',
  'star-binary.stl',
  'halfdonut-binary-trailing-byte.stl',
  'triamid-flipped-normals.stl',
  'freecad-cube.obj',
  'joined_tetrahedra.obj',
  'fuze.obj',
  'Bague.FCStd',
];
export const CASES = 680;
export const REAL_IMPORTS = 10;
export const TS_CODES = new Set(['UPLOAD_CORRUPT', 'UPLOAD_UNSUPPORTED_FORMAT', 'UPLOAD_EMPTY', 'UPLOAD_TOO_LARGE']);

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutator = (b: Buffer, r: () => number, other: Buffer) => Buffer;
const int = (r: () => number, n: number) => Math.floor(r() * n);

const MUTATORS: Record<string, Mutator> = {
  flipBytes: (b, r) => {
    const out = Buffer.from(b);
    for (let k = 1 + int(r, 8); k > 0 && out.length; k--) out[int(r, out.length)] = int(r, 256);
    return out;
  },
  flipBits: (b, r) => {
    const out = Buffer.from(b);
    for (let k = 1 + int(r, 4); k > 0 && out.length; k--) out[int(r, out.length)]! ^= 1 << int(r, 8);
    return out;
  },
  truncate: (b, r) => b.subarray(0, int(r, b.length)),
  swapHeader: (b, r, other) => {
    const k = 1 + int(r, Math.min(512, other.length, b.length));
    return Buffer.concat([other.subarray(0, k), b.subarray(k)]);
  },
  insert: (b, r) => {
    const at = int(r, b.length + 1);
    const junk = Buffer.from(Array.from({ length: 1 + int(r, 64) }, () => int(r, 256)));
    return Buffer.concat([b.subarray(0, at), junk, b.subarray(at)]);
  },
  deleteSlice: (b, r) => {
    const at = int(r, b.length);
    return Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + int(r, 256))]);
  },
  duplicateSlice: (b, r) => {
    const at = int(r, b.length);
    const len = 1 + int(r, 512);
    return Buffer.concat([b.subarray(0, at + len), b.subarray(at, at + len), b.subarray(at + len)]);
  },
  zeroRange: (b, r) => {
    const out = Buffer.from(b);
    const at = int(r, out.length);
    out.fill(0, at, Math.min(out.length, at + 1 + int(r, 128)));
    return out;
  },
  // text formats: change one digit of a number (a coordinate, an entity reference, a count)
  changeDigit: (b, r) => {
    const out = Buffer.from(b);
    const start = int(r, out.length);
    for (let i = 0; i < out.length; i++) {
      const p = (start + i) % out.length;
      if (out[p]! >= 48 && out[p]! <= 57) {
        out[p] = 48 + int(r, 10);
        break;
      }
    }
    return out;
  },
};

export interface Mutant {
  id: number;
  base: string;
  mutator: string;
  name: string;
  bytes: Buffer;
}

export function mutants(): Mutant[] {
  const r = rng(20261121);
  const bases = BASES.map((b) => readFixture(b));
  const names = Object.keys(MUTATORS);
  return Array.from({ length: CASES }, (_, id) => {
    const bi = id % BASES.length;
    const mutator = names[int(r, names.length)]!;
    const bytes = MUTATORS[mutator]!(bases[bi]!, r, bases[int(r, bases.length)]!);
    // most keep their name; some lose the extension, so detection has only the content
    const name = r() < 0.2 ? `mutant-${id}.bin` : `mutant-${id}${extname(BASES[bi]!)}`;
    return { id, base: BASES[bi]!, mutator, name, bytes };
  });
}
