// The preview path without FreeCAD: a cube in the worker's TZMESH01 format → parsed → GLB that the
// Khronos validator accepts, with face ids the viewer can pick and the same bytes every time.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { TezgahError } from '../../shared/errors.js';
import { vertexNormals, writeGlb } from '../../freecad-bridge/src/glb.js';
import { parsePreviewMesh, type PreviewMesh } from '../../freecad-bridge/src/mesh.js';

const validator = createRequire(import.meta.url)('gltf-validator') as {
  validateBytes(b: Uint8Array): Promise<{ issues: { numErrors: number; numWarnings: number; messages: unknown[] } }>;
};

/** Writes the layout of python/flows/outputs.py write_preview_mesh(). */
function encode(positions: number[], indices: number[], faces: number[][], extraHeader: object = {}): Uint8Array {
  const header = {
    format: 'tzmesh/1',
    units: 'mm',
    vertices: positions.length / 3,
    triangles: indices.length / 3,
    faces: faces.length,
    linear_deflection_mm: 0.05,
    angular_deflection_deg: 15,
    ...extraHeader,
  };
  let hj = Buffer.from(JSON.stringify(header));
  hj = Buffer.concat([hj, Buffer.alloc((4 - (hj.length % 4)) % 4, 0x20)]);
  const out = Buffer.alloc(12 + hj.length + 4 * (positions.length + indices.length + 4 * faces.length));
  out.write('TZMESH01', 0, 'latin1');
  out.writeUInt32LE(hj.length, 8);
  hj.copy(out, 12);
  let off = 12 + hj.length;
  for (const p of positions) off = out.writeFloatLE(p, off);
  for (const i of indices) off = out.writeUInt32LE(i, off);
  for (const f of faces.flat()) off = out.writeUInt32LE(f, off);
  return new Uint8Array(out);
}

/** A 10 mm cube: 6 faces, 4 own vertices each, 2 outward (counter-clockwise) triangles each. */
function cube(): Uint8Array {
  const quads = [
    [
      [0, 0, 0],
      [0, 10, 0],
      [10, 10, 0],
      [10, 0, 0],
    ], // z = 0, normal −Z
    [
      [0, 0, 10],
      [10, 0, 10],
      [10, 10, 10],
      [0, 10, 10],
    ], // z = 10, +Z
    [
      [0, 0, 0],
      [10, 0, 0],
      [10, 0, 10],
      [0, 0, 10],
    ], // y = 0, −Y
    [
      [0, 10, 0],
      [0, 10, 10],
      [10, 10, 10],
      [10, 10, 0],
    ], // y = 10, +Y
    [
      [0, 0, 0],
      [0, 0, 10],
      [0, 10, 10],
      [0, 10, 0],
    ], // x = 0, −X
    [
      [10, 0, 0],
      [10, 10, 0],
      [10, 10, 10],
      [10, 0, 10],
    ], // x = 10, +X
  ];
  const positions: number[] = [];
  const indices: number[] = [];
  const faces: number[][] = [];
  quads.forEach((q, f) => {
    const v0 = 4 * f;
    positions.push(...q.flat());
    indices.push(v0, v0 + 1, v0 + 2, v0, v0 + 2, v0 + 3);
    faces.push([v0, 4, 2 * f, 2]);
  });
  return encode(positions, indices, faces);
}

function glbJson(glb: Uint8Array): {
  meshes: { extras: Record<string, unknown>; primitives: { attributes: Record<string, number> }[] }[];
  accessors: { count: number; componentType: number; min?: number[]; max?: number[] }[];
} {
  const len = new DataView(glb.buffer, glb.byteOffset).getUint32(12, true);
  return JSON.parse(Buffer.from(glb.subarray(20, 20 + len)).toString('utf8'));
}

describe('preview mesh → GLB', () => {
  it('parses the worker format', () => {
    const m = parsePreviewMesh(cube());
    expect(m.header).toMatchObject({ vertices: 24, triangles: 12, faces: 6, units: 'mm' });
    expect(m.faces[5]).toEqual({ firstVertex: 20, vertexCount: 4, firstTriangle: 10, triangleCount: 2 });
    expect(Array.from(m.positions.subarray(60, 63))).toEqual([10, 0, 0]);
  });

  it('writes a GLB that passes the Khronos validator with no errors or warnings', async () => {
    const glb = await writeGlb(cube(), { name: 'cube' });
    const report = await validator.validateBytes(glb);
    expect(report.issues.messages).toEqual([]);
    expect(report.issues.numErrors).toBe(0);
  });

  it('carries a face id per vertex and the face count, in mm with Z up noted', async () => {
    const json = glbJson(await writeGlb(cube(), { name: 'cube' }));
    const prim = json.meshes[0]!.primitives[0]!;
    expect(Object.keys(prim.attributes).sort()).toEqual(['NORMAL', 'POSITION', '_FACE_ID']);
    const faceId = json.accessors[prim.attributes._FACE_ID!]!;
    expect(faceId).toMatchObject({ count: 24, componentType: 5126 });
    expect(json.meshes[0]!.extras).toMatchObject({ face_count: 6, units: 'mm', up: '+Z' });
    expect(json.accessors[prim.attributes.POSITION!]).toMatchObject({ min: [0, 0, 0], max: [10, 10, 10] });
  });

  it('gives flat outward normals per face and sharp edges between faces', () => {
    const n = vertexNormals(parsePreviewMesh(cube()));
    expect(Array.from(n.subarray(0, 3))).toEqual([0, 0, -1]); // a bottom-face vertex
    expect(Array.from(n.subarray(12, 15))).toEqual([0, 0, 1]); // the same corner's top-face twin keeps its own normal
    expect(Array.from(n.subarray(60, 63))).toEqual([1, 0, 0]);
  });

  it('is deterministic: the same mesh gives the same bytes', async () => {
    const a = await writeGlb(cube(), { name: 'cube' });
    const b = await writeGlb(parsePreviewMesh(cube()) as PreviewMesh, { name: 'cube' });
    expect(createHash('sha256').update(a).digest('hex')).toBe(createHash('sha256').update(b).digest('hex'));
  });

  it('rejects damaged files with FC_EXPORT_FAILED', () => {
    const good = cube();
    const bad = (bytes: Uint8Array) => {
      try {
        parsePreviewMesh(bytes);
      } catch (e) {
        expect(e).toBeInstanceOf(TezgahError);
        return (e as TezgahError).code;
      }
      return 'parsed';
    };
    expect(bad(good.subarray(0, good.length - 4))).toBe('FC_EXPORT_FAILED');
    expect(bad(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]))).toBe('FC_EXPORT_FAILED');
    expect(bad(encode([0, 0, 0, 1, 0, 0, 0, 1, 0], [0, 1, 7], [[0, 3, 0, 1]]))).toBe('FC_EXPORT_FAILED');
    expect(bad(encode([0, 0, 0, 1, 0, 0, 0, 1, 0], [0, 1, 2], [[0, 9, 0, 1]]))).toBe('FC_EXPORT_FAILED');
  });
});
