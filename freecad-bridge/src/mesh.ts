// Reader for the worker's preview tessellation (preview.mesh, written by python/flows/outputs.py):
//
//   'TZMESH01' | u32 header_len | header JSON (space-padded to 4 bytes)
//   | f32 positions[3V] | u32 indices[3T] | u32 faces[4F] = (first_vertex, vertex_count, first_triangle, triangle_count)
//
// Little-endian, millimetres, CAD frame (Z up). Vertices are per B-rep face (never shared across faces).
import { TezgahError } from '../../shared/errors.js';
import { readJobFile, splitJobPath } from './jobdir.js';

export const MESH_MAGIC = 'TZMESH01';

export interface PreviewMeshHeader {
  format: string;
  units: string;
  vertices: number;
  triangles: number;
  faces: number;
  linear_deflection_mm: number;
  angular_deflection_deg: number;
}

export interface PreviewFace {
  firstVertex: number;
  vertexCount: number;
  firstTriangle: number;
  triangleCount: number;
}

export interface PreviewMesh {
  header: PreviewMeshHeader;
  /** xyz per vertex, mm */
  positions: Float32Array;
  /** three vertex indices per triangle, counter-clockwise seen from outside the solid */
  indices: Uint32Array;
  /** one entry per B-rep face, in the shape's face order */
  faces: PreviewFace[];
}

function corrupt(reason: string): TezgahError {
  return new TezgahError('FC_EXPORT_FAILED', { reason: `preview mesh: ${reason}` });
}

export function parsePreviewMesh(bytes: Uint8Array): PreviewMesh {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MESH_MAGIC) throw corrupt('not a TZMESH01 file');
  const headerLen = view.getUint32(8, true);
  if (12 + headerLen > bytes.byteLength) throw corrupt('truncated header');
  let header: PreviewMeshHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLen))) as PreviewMeshHeader;
  } catch {
    throw corrupt('header is not JSON');
  }
  const { vertices: V, triangles: T, faces: F } = header;
  if (![V, T, F].every((n) => Number.isInteger(n) && n >= 0)) throw corrupt('bad counts in header');
  let off = 12 + headerLen;
  const expected = off + 4 * (3 * V + 3 * T + 4 * F);
  if (bytes.byteLength !== expected) throw corrupt(`size ${bytes.byteLength} != ${expected}`);
  // Copies: the source offset need not be 4-byte aligned, and the result must own its memory.
  const read = (count: number) => {
    const out = new Uint32Array(count);
    for (let i = 0; i < count; i++, off += 4) out[i] = view.getUint32(off, true);
    return out;
  };
  const positions = new Float32Array(3 * V);
  for (let i = 0; i < positions.length; i++, off += 4) positions[i] = view.getFloat32(off, true);
  const indices = read(3 * T);
  const table = read(4 * F);
  for (const i of indices) if (i >= V) throw corrupt('index out of range');
  const faces: PreviewFace[] = [];
  for (let f = 0; f < F; f++) {
    const [firstVertex, vertexCount, firstTriangle, triangleCount] = [
      table[4 * f]!,
      table[4 * f + 1]!,
      table[4 * f + 2]!,
      table[4 * f + 3]!,
    ];
    if (firstVertex + vertexCount > V || firstTriangle + triangleCount > T) throw corrupt(`face ${f} out of range`);
    faces.push({ firstVertex, vertexCount, firstTriangle, triangleCount });
  }
  return { header, positions, indices, faces };
}

/** Preview meshes stay far below this; a bigger file is a worker out of line. */
const MESH_MAX_BYTES = 512 * 1024 * 1024;

/** Reads the worker's preview mesh from its job dir: no link followed, regular file, capped. */
export async function readPreviewMesh(file: string): Promise<PreviewMesh> {
  const { dir, name } = splitJobPath(file);
  return parsePreviewMesh(new Uint8Array(await readJobFile(dir, name, { maxBytes: MESH_MAX_BYTES })));
}
