// Format detection from content, and the text-level checks that refuse damaged files before FreeCAD:
// real files made by other tools (tests/fixtures/cad/SOURCES.md) and damaged copies of them.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TezgahError } from '../../shared/errors.js';
import { detectFormat, type FileProbe } from '../../electron/domains/import/detect.js';
import { readSource } from '../../electron/domains/import/source.js';
import { badFiles, fixture, readFixture, zipOf } from '../fixtures/cad/corrupt.js';

function probe(name: string, bytes: Buffer): FileProbe {
  return {
    name,
    size: bytes.length,
    head: bytes.subarray(0, 65536),
    tail: bytes.subarray(Math.max(0, bytes.length - 65536)),
    read: (o, n) => bytes.subarray(o, o + n),
  };
}

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof TezgahError) return e.code;
    throw e;
  }
  return 'ok';
};

const GOOD: [string, string, string][] = [
  ['screw.step', 'step', 'p21'],
  ['as1-ug-214.stp', 'step', 'p21'],
  ['base_interface_AP203.STEP', 'step', 'p21'],
  ['catia-cube-tessellated-ap242.stp', 'step', 'p21'],
  ['cylinder-catia-faces.igs', 'iges', 'fixed'],
  ['cone-ideas-solid.igs', 'iges', 'fixed'],
  ['rhino-no-unit-flag.igs', 'iges', 'fixed'],
  ['mal_vis.brep', 'brep', 'text'],
  ['face1.brep', 'brep', 'text'],
  ['shape-ascii.stl', 'stl', 'ascii'],
  ['featuretype.STL', 'stl', 'binary'],
  ['cube-binary-solid-header.stl', 'stl', 'binary'],
  ['halfdonut-binary-trailing-byte.stl', 'stl', 'binary'],
  ['blender-empty-binary.stl', 'stl', 'binary'],
  ['freecad-cube.obj', 'obj', 'text'],
  ['fuze.obj', 'obj', 'text'],
  ['Bague.FCStd', 'fcstd', 'zip'],
];

describe('format detection by content', () => {
  it.each(GOOD)('%s is %s (%s)', (name, format, variant) => {
    const d = detectFormat(probe(name, readFixture(name)));
    expect([d.format, d.variant]).toEqual([format, variant]);
  });

  it.each(GOOD)('%s is found without its extension too', (name, format) => {
    expect(detectFormat(probe('upload.bin', readFixture(name))).format).toBe(format);
    expect(detectFormat(probe('upload', readFixture(name))).format).toBe(format);
  });

  it('takes a binary STL whose header starts with "solid" for binary (the size decides)', () => {
    const bytes = readFixture('cube-binary-solid-header.stl');
    expect(bytes.subarray(0, 6).toString()).toBe(' solid');
    expect(detectFormat(probe('c.stl', bytes))).toMatchObject({ format: 'stl', variant: 'binary', trailingBytes: 0 });
  });

  it('accepts a few bytes of padding after the last triangle, not a whole missing triangle', () => {
    expect(detectFormat(probe('h.stl', readFixture('halfdonut-binary-trailing-byte.stl'))).trailingBytes).toBe(1);
    const star = readFixture('star-binary.stl');
    expect(codeOf(() => detectFormat(probe('s.stl', star.subarray(0, star.length - 50))))).toBe('UPLOAD_CORRUPT');
    expect(codeOf(() => detectFormat(probe('s.stl', Buffer.concat([star, Buffer.alloc(50)]))))).toBe('UPLOAD_CORRUPT');
  });

  it('refuses an STL whose triangle count lies, naming both numbers', () => {
    const star = Buffer.from(readFixture('star-binary.stl'));
    star.writeUInt32LE(1000, 80);
    try {
      detectFormat(probe('lying.stl', star));
      expect.unreachable();
    } catch (e) {
      expect((e as TezgahError).code).toBe('UPLOAD_CORRUPT');
      expect(String((e as TezgahError).details?.reason)).toMatch(/1000 triangles.*3484 bytes/);
    }
  });

  it('a picture named .step is corrupt, named .png it is unsupported; both say it is a PNG', () => {
    const png = badFiles().find((f) => f.name === 'picture.png')!.bytes;
    for (const [name, code] of [
      ['part.step', 'UPLOAD_CORRUPT'],
      ['part.png', 'UPLOAD_UNSUPPORTED_FORMAT'],
    ] as const) {
      try {
        detectFormat(probe(name, png));
        expect.unreachable();
      } catch (e) {
        expect((e as TezgahError).code).toBe(code);
        expect((e as TezgahError).details?.recognised_as).toBe('png');
      }
    }
  });

  it('content of one format under another extension is not what its name says', () => {
    expect(codeOf(() => detectFormat(probe('part.step', readFixture('shape-ascii.stl'))))).toBe('UPLOAD_CORRUPT');
    expect(codeOf(() => detectFormat(probe('part.obj', readFixture('screw.step'))))).toBe('UPLOAD_CORRUPT');
    expect(codeOf(() => detectFormat(probe('part.igs', readFixture('mal_vis.brep'))))).toBe('UPLOAD_CORRUPT');
  });

  it('tells zip archives apart: FCStd needs Document.xml; 3MF and plain zips are refused', () => {
    expect(detectFormat(probe('doc.zip', zipOf({ 'Document.xml': '<Document/>' }))).format).toBe('fcstd');
    expect(codeOf(() => detectFormat(probe('x.FCStd', zipOf({ 'a.txt': 'x' }))))).toBe('UPLOAD_CORRUPT');
    try {
      detectFormat(probe('model.3mf', zipOf({ '3D/3dmodel.model': '<model/>' })));
      expect.unreachable();
    } catch (e) {
      expect((e as TezgahError).code).toBe('UPLOAD_UNSUPPORTED_FORMAT');
      expect((e as TezgahError).details?.recognised_as).toBe('3mf');
    }
  });

  it('refuses the IGES compressed form and other formats it does not import', () => {
    const iges = readFixture('cone-ideas-solid.igs').toString('latin1');
    const compressed = iges.replace(/^(.{72})S/, '$1C');
    expect(codeOf(() => detectFormat(probe('c.igs', Buffer.from(compressed, 'latin1'))))).toBe('UPLOAD_CORRUPT');
    expect(codeOf(() => detectFormat(probe('c.dat', Buffer.from(compressed, 'latin1'))))).toBe('UPLOAD_UNSUPPORTED_FORMAT');
    for (const text of ['0\nSECTION\n2\nHEADER\n', 'ply\nformat ascii 1.0\n', '<?xml version="1.0"?><iso_10303_28/>', '%PDF-1.7\n'])
      expect(codeOf(() => detectFormat(probe('x', Buffer.from(text))))).toBe('UPLOAD_UNSUPPORTED_FORMAT');
  });
});

describe('reading a source file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tezgah-import-detect-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const MB512 = 512 * 1024 ** 2;

  it.each(badFiles().filter((f) => f.beforeJob))('refuses $name with $code', async (bad) => {
    const path = join(dir, bad.name);
    writeFileSync(path, bad.bytes);
    await expect(readSource(path, { maxBytes: MB512 })).rejects.toMatchObject({ code: bad.code });
  });

  it('says what is wrong with a damaged STEP: truncation, a dangling reference, an id used twice', async () => {
    const screw = readFixture('screw.step').toString('latin1');
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text, 'latin1');
      return join(dir, name);
    };
    const reason = async (p: string) => ((await readSource(p, { maxBytes: MB512 }).catch((e) => e)) as TezgahError).details?.reason;
    expect(await reason(write('t.step', screw.slice(0, 40000)))).toMatch(/END-ISO-10303-21/);
    expect(
      await reason(
        write('r.step', screw.replace('#6 = SHAPE_DEFINITION_REPRESENTATION(#7,#11);', '#6 = SHAPE_DEFINITION_REPRESENTATION(#7,#99999);')),
      ),
    ).toMatch(/#99999/);
    expect(await reason(write('d.step', screw.replace('#9 = PRODUCT_DEFINITION_FORMATION', '#8 = PRODUCT_DEFINITION_FORMATION')))).toMatch(
      /defined twice: #8/,
    );
    // references inside strings and comments are text, not references
    const commented = screw.replace('DATA;', "DATA;\n/* see #424242 */\n#999998 = PRODUCT('see #777777','x','',(#3));");
    await expect(readSource(write('c.step', commented), { maxBytes: MB512 })).resolves.toMatchObject({ format: 'step' });
  });

  it('enforces the size limit and refuses empty files, folders and missing paths', async () => {
    await expect(readSource(fixture('screw.step'), { maxBytes: 1000 })).rejects.toMatchObject({
      code: 'UPLOAD_TOO_LARGE',
      details: { limit_mb: 0 },
    });
    writeFileSync(join(dir, 'zero.obj'), '');
    await expect(readSource(join(dir, 'zero.obj'), { maxBytes: MB512 })).rejects.toMatchObject({ code: 'UPLOAD_EMPTY' });
    await expect(readSource(dir, { maxBytes: MB512 })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(readSource(join(dir, 'nope.step'), { maxBytes: MB512 })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
  });

  it('copies the checked bytes read-only, with the same SHA-256', async () => {
    const copy = join(dir, 'copy.step');
    const facts = await readSource(fixture('as1-ug-214.stp'), { maxBytes: MB512, copyTo: copy });
    expect(readFileSync(copy).equals(readFixture('as1-ug-214.stp'))).toBe(true);
    expect(statSync(copy).mode & 0o222).toBe(0);
    expect(facts.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(facts.size).toBe(readFixture('as1-ug-214.stp').length);
    // a refused file leaves no copy behind
    await expect(readSource(join(dir, 'r.step'), { maxBytes: MB512, copyTo: join(dir, 'copy2.step') })).rejects.toBeInstanceOf(TezgahError);
    expect(() => statSync(join(dir, 'copy2.step'))).toThrow();
    expect(() => statSync(join(dir, 'copy2.step.partial'))).toThrow();
  });

  it('counts OBJ faces across continued lines and polygons, and ASCII STL facets', async () => {
    writeFileSync(join(dir, 'poly.obj'), 'v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nf 1 2 \\\n 3 4\nf -4 -3 -2\n');
    expect((await readSource(join(dir, 'poly.obj'), { maxBytes: MB512 })).mesh).toMatchObject({ vertices: 4, triangles: 3, problems: [] });
    expect((await readSource(fixture('shape-ascii.stl'), { maxBytes: MB512 })).mesh).toMatchObject({ triangles: 494, vertices: 1482 });
    writeFileSync(join(dir, 'neg.obj'), 'v 0 0 0\nv 1 0 0\nf -1 -2 -3\n');
    await expect(readSource(join(dir, 'neg.obj'), { maxBytes: MB512 })).rejects.toMatchObject({ code: 'UPLOAD_CORRUPT' });
  });
});
