// Fuzzing the import: real files with their bytes flipped, cut, spliced and shuffled. Every mutant
// must come out of the text-level checks (electron/domains/import/source.ts) as a detected format or a coded
// UPLOAD_* error — never another exception, never a hang — and a bounded number of the mutants the
// checks let through go on through the real FreeCAD import, which must end in a sane result or a
// coded error. Seeded: the same cases every run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isErrorCode, TezgahError } from '../../shared/errors.js';
import { readSource } from '../../electron/domains/import/source.js';
import { Workbench } from '../../electron/app.js';
import { readFixture } from '../fixtures/cad/corrupt.js';

const BASES = [
  'screw.step', 'as1-ug-214.stp', 'c2-ug-214-surface-inch.stp', 'catia-cube-tessellated-ap242.stp',
  'cylinder-catia-faces.igs', 'cone-ideas-solid.igs', 'mal_vis.brep', 'face1.brep',
  'shape-ascii.stl', 'cube-binary-solid-header.stl', 'star-binary.stl', 'halfdonut-binary-trailing-byte.stl',
  'triamid-flipped-normals.stl', 'freecad-cube.obj', 'joined_tetrahedra.obj', 'fuze.obj', 'Bague.FCStd',
];
const CASES = 680;
const REAL_IMPORTS = 10;
const TS_CODES = new Set(['UPLOAD_CORRUPT', 'UPLOAD_UNSUPPORTED_FORMAT', 'UPLOAD_EMPTY', 'UPLOAD_TOO_LARGE']);

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

interface Mutant {
  id: number;
  base: string;
  mutator: string;
  name: string;
  bytes: Buffer;
}

function mutants(): Mutant[] {
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

describe('import fuzzing', () => {
  let dir: string;
  let dataDir: string;
  const accepted: (Mutant & { path: string })[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tezgah-import-fuzz-'));
    dataDir = mkdtempSync(join(tmpdir(), 'tezgah-import-fuzz-data-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`${CASES} mutants through the text-level checks: a format or a coded UPLOAD_* error, quickly`, async () => {
    const outcomes: Record<string, number> = {};
    for (const m of mutants()) {
      const path = join(dir, m.name);
      writeFileSync(path, m.bytes);
      const t0 = performance.now();
      let outcome: string;
      try {
        const facts = await readSource(path, { maxBytes: 64 * 1024 ** 2 });
        expect(facts.size).toBe(m.bytes.length);
        expect(facts.sha256).toMatch(/^[0-9a-f]{64}$/);
        outcome = `ok:${facts.format}`;
        accepted.push({ ...m, path });
      } catch (e) {
        if (!(e instanceof TezgahError)) throw new Error(`mutant ${m.id} (${m.base}, ${m.mutator}) threw ${String(e)}`);
        expect(TS_CODES.has(e.code), `mutant ${m.id}: ${e.code}`).toBe(true);
        outcome = e.code;
      }
      expect(performance.now() - t0, `mutant ${m.id} took too long`).toBeLessThan(2000);
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    // the mutants exercise both sides: many are refused, many still read as their format
    expect(outcomes.UPLOAD_CORRUPT ?? 0).toBeGreaterThan(CASES / 10);
    expect(accepted.length).toBeGreaterThan(CASES / 10);
  }, 120_000);

  it(`${REAL_IMPORTS} accepted mutants through the real FreeCAD import: a sane result or a coded error`, async () => {
    // one mutant per base format and mutator kind first, so the real runs see varied damage
    const seen = new Set<string>();
    const chosen = accepted.filter((m) => {
      const key = `${extname(m.base)}:${m.mutator}`;
      if (seen.has(key) || m.mutator === 'truncate') return false;
      seen.add(key);
      return true;
    }).slice(0, REAL_IMPORTS);
    expect(chosen.length).toBe(REAL_IMPORTS);
    const wb = new Workbench({ dataDir, poolSize: 1 });
    try {
      for (const m of chosen) {
        const label = `mutant ${m.id} (${m.base}, ${m.mutator})`;
        let job;
        try {
          job = await wb.jobs.submit({ type: 'import', path: m.path, timeout_s: 60 });
        } catch (e) {
          expect(e instanceof TezgahError && isErrorCode(e.code) && e.code !== 'INTERNAL', `${label}: ${String(e)}`).toBe(true);
          continue;
        }
        const done = await wb.jobs.waitFor(job.id);
        if (done.status === 'succeeded') {
          const mm = done.metrics!;
          for (const v of Object.values(mm.bbox_mm)) expect(Number.isFinite(v) && Math.abs(v) <= 1e6, label).toBe(true);
          expect(Number.isFinite(mm.area_mm2), label).toBe(true);
          expect(mm.volume_mm3 === null || (Number.isFinite(mm.volume_mm3) && mm.volume_mm3 > 0), label).toBe(true);
          expect(wb.jobs.artefactsOf(done.id).length, label).toBeGreaterThanOrEqual(4);
        } else {
          expect(done.status, label).toBe('failed');
          expect(done.error && isErrorCode(done.error.code) && !['INTERNAL', 'FC_CRASHED'].includes(done.error.code), `${label}: ${JSON.stringify(done.error)}`).toBe(true);
          expect(wb.jobs.artefactsOf(done.id), label).toEqual([]);
        }
      }
    } finally {
      await wb.dispose();
    }
  }, 600_000);
});
