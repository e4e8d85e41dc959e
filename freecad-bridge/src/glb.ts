// The GLB preview, written here because FreeCAD's own glTF export is empty without a GUI.
// One mesh, one primitive: POSITION, NORMAL, indices, and _FACE_ID (the B-rep face index of each
// vertex, so the viewer can pick and highlight faces). Same mesh in → same bytes out.
import { Document, NodeIO } from '@gltf-transform/core';
import { parsePreviewMesh, readPreviewMesh, type PreviewMesh } from './mesh.js';

export interface GlbOptions {
  /** node and mesh name (e.g. the template id) */
  name: string;
}

/** Positions stay in mm, Z up; the root node turns that into glTF's metres, Y up. */
const MM_TO_M = 0.001;
const Z_UP_TO_Y_UP: [number, number, number, number] = [-Math.SQRT1_2, 0, 0, Math.SQRT1_2];

/**
 * Smooth normals inside each B-rep face (area-weighted), sharp between faces: vertices are per face,
 * so a cylinder looks round and a box keeps its edges.
 */
export function vertexNormals(mesh: PreviewMesh): Float32Array {
  const { positions: p, indices } = mesh;
  const acc = new Float64Array(p.length);
  for (let t = 0; t < indices.length; t += 3) {
    const a = 3 * indices[t]!,
      b = 3 * indices[t + 1]!,
      c = 3 * indices[t + 2]!;
    const ux = p[b]! - p[a]!,
      uy = p[b + 1]! - p[a + 1]!,
      uz = p[b + 2]! - p[a + 2]!;
    const vx = p[c]! - p[a]!,
      vy = p[c + 1]! - p[a + 1]!,
      vz = p[c + 2]! - p[a + 2]!;
    // the cross product's length is twice the area: larger triangles weigh more
    const nx = uy * vz - uz * vy,
      ny = uz * vx - ux * vz,
      nz = ux * vy - uy * vx;
    for (const i of [a, b, c]) {
      acc[i] = acc[i]! + nx;
      acc[i + 1] = acc[i + 1]! + ny;
      acc[i + 2] = acc[i + 2]! + nz;
    }
  }
  const out = new Float32Array(p.length);
  for (let i = 0; i < p.length; i += 3) {
    const x = acc[i]!,
      y = acc[i + 1]!,
      z = acc[i + 2]!;
    const len = Math.hypot(x, y, z);
    // a vertex no triangle uses still needs a unit normal to be valid glTF
    if (len > 0) [out[i], out[i + 1], out[i + 2]] = [x / len, y / len, z / len];
    else out[i + 2] = 1;
  }
  return out;
}

function faceIds(mesh: PreviewMesh): Float32Array {
  // FLOAT: glTF allows no UNSIGNED_INT vertex attributes, and face counts can pass 65535.
  const ids = new Float32Array(mesh.positions.length / 3);
  mesh.faces.forEach((f, i) => ids.fill(i, f.firstVertex, f.firstVertex + f.vertexCount));
  return ids;
}

export async function writeGlb(mesh: string | Uint8Array | PreviewMesh, opts: GlbOptions): Promise<Uint8Array> {
  const m = typeof mesh === 'string' ? await readPreviewMesh(mesh) : mesh instanceof Uint8Array ? parsePreviewMesh(mesh) : mesh;
  const doc = new Document();
  doc.getRoot().getAsset().generator = 'Tezgah';
  const buffer = doc.createBuffer();
  const position = doc.createAccessor('position').setType('VEC3').setArray(new Float32Array(m.positions)).setBuffer(buffer);
  const normal = doc.createAccessor('normal').setType('VEC3').setArray(vertexNormals(m)).setBuffer(buffer);
  const faceId = doc.createAccessor('face_id').setType('SCALAR').setArray(faceIds(m)).setBuffer(buffer);
  const indices = doc.createAccessor('indices').setType('SCALAR').setArray(new Uint32Array(m.indices)).setBuffer(buffer);
  const material = doc.createMaterial('part').setBaseColorFactor([0.72, 0.74, 0.78, 1]).setMetallicFactor(0.2).setRoughnessFactor(0.6);
  const primitive = doc
    .createPrimitive()
    .setAttribute('POSITION', position)
    .setAttribute('NORMAL', normal)
    .setAttribute('_FACE_ID', faceId)
    .setIndices(indices)
    .setMaterial(material);
  const gltfMesh = doc.createMesh(opts.name).addPrimitive(primitive).setExtras({
    face_count: m.faces.length,
    units: 'mm',
    up: '+Z',
    linear_deflection_mm: m.header.linear_deflection_mm,
    angular_deflection_deg: m.header.angular_deflection_deg,
  });
  const node = doc.createNode(opts.name).setMesh(gltfMesh).setScale([MM_TO_M, MM_TO_M, MM_TO_M]).setRotation(Z_UP_TO_Y_UP);
  doc.getRoot().setDefaultScene(doc.createScene(opts.name).addChild(node));
  return new NodeIO().writeBinary(doc);
}
