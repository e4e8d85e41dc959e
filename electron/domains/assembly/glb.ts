// The assembly's GLB: one named node per component (its solved placement as the node's translation
// and rotation, in mm under a root that turns Z-up mm into glTF's Y-up metres), each with its own
// mesh from the worker's per-component tessellation. Same meshes and placements in → same bytes out.
import { Document, NodeIO } from '@gltf-transform/core';
import { vertexNormals } from '../../../freecad-bridge/src/glb.js';
import type { PreviewMesh } from '../../../freecad-bridge/src/mesh.js';
import type { AssemblyPlacement } from '../../../shared/results/assembly.js';

const MM_TO_M = 0.001;
const Z_UP_TO_Y_UP: [number, number, number, number] = [-Math.SQRT1_2, 0, 0, Math.SQRT1_2];

/** A distinct, stable colour per component (golden-angle hues). */
function colour(i: number): [number, number, number, number] {
  const h = (i * 137.508) % 360;
  const c = 0.45,
    x = c * (1 - Math.abs(((h / 60) % 2) - 1)),
    m = 0.35;
  const [r, g, b] = h < 60 ? [c, x, 0] : h < 120 ? [x, c, 0] : h < 180 ? [0, c, x] : h < 240 ? [0, x, c] : h < 300 ? [x, 0, c] : [c, 0, x];
  return [r + m, g + m, b + m, 1];
}

export interface GlbComponent {
  id: string;
  mesh: PreviewMesh;
  placement: AssemblyPlacement;
}

export async function writeAssemblyGlb(name: string, components: GlbComponent[]): Promise<Uint8Array> {
  const doc = new Document();
  doc.getRoot().getAsset().generator = 'Tezgah';
  const buffer = doc.createBuffer();
  const root = doc.createNode(name).setScale([MM_TO_M, MM_TO_M, MM_TO_M]).setRotation(Z_UP_TO_Y_UP);
  components.forEach((c, i) => {
    const m = c.mesh;
    const position = doc.createAccessor(`${c.id}.position`).setType('VEC3').setArray(new Float32Array(m.positions)).setBuffer(buffer);
    const normal = doc.createAccessor(`${c.id}.normal`).setType('VEC3').setArray(vertexNormals(m)).setBuffer(buffer);
    const indices = doc.createAccessor(`${c.id}.indices`).setType('SCALAR').setArray(new Uint32Array(m.indices)).setBuffer(buffer);
    const material = doc.createMaterial(c.id).setBaseColorFactor(colour(i)).setMetallicFactor(0.2).setRoughnessFactor(0.6);
    const primitive = doc
      .createPrimitive()
      .setAttribute('POSITION', position)
      .setAttribute('NORMAL', normal)
      .setIndices(indices)
      .setMaterial(material);
    const mesh = doc.createMesh(c.id).addPrimitive(primitive).setExtras({ face_count: m.faces.length, units: 'mm', up: '+Z' });
    const node = doc
      .createNode(c.id)
      .setMesh(mesh)
      .setTranslation(c.placement.position)
      .setRotation(c.placement.rotation_quat)
      .setExtras({ component: c.id });
    root.addChild(node);
  });
  doc.getRoot().setDefaultScene(doc.createScene(name).addChild(root));
  return new NodeIO().writeBinary(doc);
}
