// The 3D viewer: a three.js scene in CAD coordinates (mm, Z up) showing one job's GLB preview.
// Renders on demand (no animation loop: the CPU is shared with FreeCAD), keeps its drawing buffer
// so screenshots and tests can read pixels, and owns everything it creates (dispose()).
import {
  AmbientLight,
  Box3,
  BufferAttribute,
  BufferGeometry,
  Color,
  DirectionalLight,
  DoubleSide,
  EdgesGeometry,
  BackSide,
  FrontSide,
  Group,
  HemisphereLight,
  Line,
  LineBasicMaterial,
  LineSegments,
  Mesh,
  MeshBasicMaterial,
  MeshStandardMaterial,
  PerspectiveCamera,
  Plane,
  Raycaster,
  Scene,
  SphereGeometry,
  Vector2,
  Vector3,
  WebGLRenderer,
  type InterleavedBufferAttribute,
  type Intersection,
  type Material,
  type Object3D,
} from 'three';
import { GLTFLoader } from 'three/addons/loaders/GLTFLoader.js';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import type { BBox } from '../../shared/jobs.js';
import {
  choosePlacement,
  fitDistance,
  sectionPlane,
  trianglesArea,
  trianglesByFace,
  viewDirection,
  viewUp,
  type Axis,
  type Vec3,
  type ViewName,
} from './geometry.js';

export interface FacePick {
  faceId: number | null;
  /** mm² (computed from the preview mesh) */
  area: number;
  triangles: number;
  point: Vec3;
}

export interface MeasureState {
  points: Vec3[];
  /** mm, when two points are picked */
  distance: number | null;
}

export interface ModelInfo {
  triangles: number;
  faces: number;
  box: BBox;
  hasFaceIds: boolean;
}

export type ViewerMode = 'pick' | 'measure';

/** Makes a result field's coloured surfaces from the part's meshes (see setFieldSurfaces). */
export type FieldPainter = (
  meshes: { positions: Float32Array; normals: Float32Array | null; index: ArrayLike<number> | null }[],
) => ({ positions: Float32Array; normals: Float32Array; colors: Float32Array } | null)[];

export interface SectionState {
  enabled: boolean;
  axis: Axis;
  /** 0..1 across the part */
  t: number;
  flip: boolean;
}

interface MeshFaces {
  mesh: Mesh;
  /** de-interleaved copies (GLB writers often interleave position, normal and _FACE_ID) */
  positions: Float32Array;
  faceIds: Float32Array | null;
  index: ArrayLike<number> | null;
  byFace: Map<number, number[]>;
}

/** One component-packed array from a (possibly interleaved) attribute. */
function plain(attr: BufferAttribute | InterleavedBufferAttribute): Float32Array {
  const out = new Float32Array(attr.count * attr.itemSize);
  for (let i = 0; i < attr.count; i++) for (let c = 0; c < attr.itemSize; c++) out[i * attr.itemSize + c] = attr.getComponent(i, c);
  return out;
}

const COLORS = {
  part: 0x9aa8b8,
  cut: 0xd0694b,
  edges: 0x1f2933,
  wire: 0x3b4a5a,
  pick: 0x2f80ed,
  measure: 0xe8a317,
  /** faces a finding names (the part page's Manufacturability panel) */
  focus: 0xd64545,
  background: 0xeef1f4,
};

export class PartViewer {
  readonly renderer: WebGLRenderer;
  private readonly scene = new Scene();
  private readonly camera = new PerspectiveCamera(35, 1, 0.1, 100_000);
  private readonly controls: OrbitControls;
  private readonly model = new Group();
  private readonly overlay = new Group();
  private readonly clip = new Plane(new Vector3(0, 0, -1), 0);
  private readonly resize: ResizeObserver;
  private readonly meshes: MeshFaces[] = [];
  private readonly materials: Material[] = [];
  private edges: LineSegments[] = [];
  private box: BBox | null = null;
  /** the part's own box, and that of extra layers (a toolpath, the stock) */
  private modelBox: BBox | null = null;
  private readonly layers = new Group();
  private layerBox: BBox | null = null;
  private opacity = 1;
  private frame = 0;
  private wireframe = false;
  private showEdges = true;
  private section: SectionState = { enabled: false, axis: 'z', t: 0.5, flip: false };
  private mode: ViewerMode = 'pick';
  private measurePoints: Vec3[] = [];
  private down: { x: number; y: number } | null = null;
  private disposed = false;

  onPick: (p: FacePick | null) => void = () => undefined;
  onMeasure: (m: MeasureState) => void = () => undefined;
  /** a click the layers want first (a toolpath segment); true when it was theirs */
  onClickRay: ((ray: Raycaster) => boolean) | null = null;

  constructor(private readonly container: HTMLElement) {
    this.renderer = new WebGLRenderer({ antialias: true, preserveDrawingBuffer: true, alpha: false });
    this.renderer.setPixelRatio(Math.min(2, window.devicePixelRatio || 1));
    this.renderer.localClippingEnabled = true;
    this.renderer.setClearColor(new Color(COLORS.background));
    const canvas = this.renderer.domElement;
    canvas.className = 'viewer-canvas';
    container.appendChild(canvas);

    this.camera.up.set(0, 0, 1);
    this.scene.add(new HemisphereLight(0xffffff, 0x8a96a3, 1.4));
    this.scene.add(new AmbientLight(0xffffff, 0.25));
    const key = new DirectionalLight(0xffffff, 1.6);
    key.position.set(0.5, 1, 0.9); // camera space: above right, so top faces read light
    this.camera.add(key);
    const fill = new DirectionalLight(0xffffff, 0.5);
    fill.position.set(-1, -0.3, 0.6);
    this.camera.add(fill);
    this.scene.add(this.camera, this.model, this.layers, this.overlay);

    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.enableDamping = false;
    this.controls.screenSpacePanning = true;
    this.controls.addEventListener('change', () => this.requestRender());

    canvas.addEventListener('pointerdown', this.onPointerDown);
    canvas.addEventListener('pointerup', this.onPointerUp);
    this.resize = new ResizeObserver(() => this.onResize());
    this.resize.observe(container);
    this.onResize();
  }

  /** Loads a GLB; `reference` (the job's measured bbox) places it in CAD mm, `offset` moves it (part → work coordinates). */
  async load(url: string, reference?: BBox | null, offset?: Vec3): Promise<ModelInfo> {
    const gltf = await new GLTFLoader().loadAsync(url);
    if (this.disposed) return { triangles: 0, faces: 0, box: emptyBox(), hasFaceIds: false };
    const root = gltf.scene;
    root.updateMatrixWorld(true);
    const raw = new Box3().setFromObject(root);
    const placement = choosePlacement(toBBox(raw), reference);
    const holder = new Group();
    holder.scale.setScalar(placement.scale);
    if (placement.yUp) holder.rotation.x = Math.PI / 2;
    holder.add(root);
    if (offset) this.model.position.set(...offset);
    this.model.add(holder);
    this.model.updateMatrixWorld(true);

    let triangles = 0;
    const faceIds = new Set<number>();
    const meshes: Mesh[] = [];
    root.traverse((o: Object3D) => {
      if ((o as Mesh).isMesh) meshes.push(o as Mesh);
    });
    for (const mesh of meshes) {
      const geom = mesh.geometry as BufferGeometry;
      if (!geom.getAttribute('normal')) geom.computeVertexNormals();
      const positions = plain(geom.getAttribute('position'));
      const idAttr = geom.getAttribute('_face_id') ?? geom.getAttribute('_FACE_ID');
      const ids = idAttr ? plain(idAttr) : null;
      const index = geom.getIndex() ? plain(geom.getIndex()!) : null;
      const count = positions.length / 3;
      const byFace = ids ? trianglesByFace(index, ids, count) : new Map<number, number[]>();
      for (const id of byFace.keys()) faceIds.add(id);
      triangles += Math.floor((index ? index.length : count) / 3);
      this.meshes.push({ mesh, positions, faceIds: ids, index, byFace });

      const front = this.track(
        new MeshStandardMaterial({
          color: COLORS.part,
          metalness: 0.15,
          roughness: 0.55,
          side: FrontSide,
          clippingPlanes: [this.clip],
          polygonOffset: true,
          polygonOffsetFactor: 1,
          polygonOffsetUnits: 1,
        }),
      );
      mesh.material = front;
      // The inside of a sectioned part shows in a cut colour (back faces seen through the cut).
      const inside = new Mesh(geom, this.track(new MeshBasicMaterial({ color: COLORS.cut, side: BackSide, clippingPlanes: [this.clip] })));
      inside.name = 'inside';
      inside.raycast = () => undefined;
      mesh.add(inside);
      const edges = new LineSegments(
        new EdgesGeometry(geom, 25),
        this.track(new LineBasicMaterial({ color: COLORS.edges, clippingPlanes: [this.clip] })),
      );
      edges.raycast = () => undefined;
      mesh.add(edges);
      this.edges.push(edges);
    }
    this.model.updateMatrixWorld(true);
    this.modelBox = toBBox(new Box3().setFromObject(this.model));
    this.updateBounds();
    this.applyDisplay();
    this.applySection();
    this.view('iso');
    return { triangles, faces: faceIds.size, box: this.modelBox, hasFaceIds: this.meshes.some((m) => m.faceIds !== null) };
  }

  /** Draws something with the part (in CAD mm); its box counts for fitting. Disposed with the viewer. */
  addLayer(obj: Object3D, box: BBox): void {
    this.layers.add(obj);
    this.layerBox = this.layerBox ? unionBox(this.layerBox, box) : box;
    const first = !this.box;
    this.updateBounds();
    if (first) this.view('iso');
    this.requestRender();
  }

  private updateBounds(): void {
    this.box = this.modelBox && this.layerBox ? unionBox(this.modelBox, this.layerBox) : (this.modelBox ?? this.layerBox);
  }

  /** A ray through a point of the canvas (client coordinates). */
  rayAt(clientX: number, clientY: number): Raycaster {
    const rect = this.renderer.domElement.getBoundingClientRect();
    const ndc = new Vector2(((clientX - rect.left) / rect.width) * 2 - 1, -((clientY - rect.top) / rect.height) * 2 + 1);
    const ray = new Raycaster();
    ray.setFromCamera(ndc, this.camera);
    return ray;
  }

  /** Where a point in CAD mm is on the canvas (client coordinates), for tests and overlays. */
  screenOf(p: Vec3): { x: number; y: number } {
    const rect = this.renderer.domElement.getBoundingClientRect();
    const v = new Vector3(...p).project(this.camera);
    return { x: rect.left + ((v.x + 1) / 2) * rect.width, y: rect.top + ((1 - v.y) / 2) * rect.height };
  }

  /** See-through part (the toolpath runs inside and around it); 1 = solid. */
  setOpacity(opacity: number): void {
    this.opacity = opacity;
    this.applyDisplay();
  }

  setModelVisible(on: boolean): void {
    this.model.visible = on;
    this.requestRender();
  }

  get bounds(): BBox | null {
    return this.box;
  }

  fit(): void {
    if (!this.box) return;
    const dir = new Vector3().subVectors(this.camera.position, this.controls.target).normalize();
    this.placeCamera(dir.lengthSq() > 0 ? [dir.x, dir.y, dir.z] : viewDirection('iso'), [
      this.camera.up.x,
      this.camera.up.y,
      this.camera.up.z,
    ]);
  }

  view(v: ViewName): void {
    this.placeCamera(viewDirection(v), viewUp(v));
  }

  private placeCamera(dir: Vec3, up: Vec3): void {
    if (!this.box) return;
    const b = this.box;
    const center = new Vector3((b.xmin + b.xmax) / 2, (b.ymin + b.ymax) / 2, (b.zmin + b.zmax) / 2);
    const radius = Math.max(1e-3, 0.5 * Math.hypot(b.xmax - b.xmin, b.ymax - b.ymin, b.zmax - b.zmin));
    const dist = fitDistance(radius, this.camera.fov, this.camera.aspect) * 1.08;
    this.camera.up.set(...up);
    this.camera.position.set(center.x + dir[0] * dist, center.y + dir[1] * dist, center.z + dir[2] * dist);
    this.camera.near = Math.max(0.01, dist / 1000);
    this.camera.far = dist * 20 + radius * 4;
    this.camera.updateProjectionMatrix();
    this.controls.target.copy(center);
    this.controls.update();
    this.requestRender();
  }

  setWireframe(on: boolean): void {
    this.wireframe = on;
    this.applyDisplay();
  }

  setEdges(on: boolean): void {
    this.showEdges = on;
    this.applyDisplay();
  }

  /** The loaded meshes' geometry (CAD mm as the GLB holds it), in load order. */
  meshGeometry(): { positions: Float32Array; normals: Float32Array | null; index: ArrayLike<number> | null }[] {
    return this.meshes.map((m) => {
      const n = (m.mesh.geometry as BufferGeometry).getAttribute('normal');
      return { positions: m.positions, normals: n ? plain(n) : null, index: m.index };
    });
  }

  /**
   * Draws a result field over the part: one coloured surface per mesh (in load order, the mesh's own
   * coordinates), not pickable; null takes it away.
   */
  setFieldSurfaces(surfaces: ({ positions: Float32Array; normals: Float32Array; colors: Float32Array } | null)[] | null): void {
    this.meshes.forEach(({ mesh }, i) => {
      for (const child of [...mesh.children]) {
        if (child.name !== 'field') continue;
        mesh.remove(child);
        (child as Mesh).geometry.dispose();
      }
      const s = surfaces?.[i];
      if (!s) return;
      const geom = new BufferGeometry();
      geom.setAttribute('position', new BufferAttribute(s.positions, 3));
      geom.setAttribute('normal', new BufferAttribute(s.normals, 3));
      geom.setAttribute('color', new BufferAttribute(s.colors, 3));
      const field = new Mesh(
        geom,
        this.track(
          new MeshStandardMaterial({
            vertexColors: true,
            metalness: 0,
            roughness: 0.8,
            side: FrontSide,
            clippingPlanes: [this.clip],
            polygonOffset: true,
            polygonOffsetFactor: -1,
            polygonOffsetUnits: -1,
          }),
        ),
      );
      field.name = 'field';
      field.raycast = () => undefined;
      mesh.add(field);
    });
    this.applyDisplay();
  }

  private applyDisplay(): void {
    for (const { mesh } of this.meshes) {
      const m = mesh.material as MeshStandardMaterial;
      m.wireframe = this.wireframe;
      m.color.set(this.wireframe ? COLORS.wire : COLORS.part);
      m.transparent = this.opacity < 1;
      m.opacity = this.opacity;
      m.depthWrite = this.opacity >= 1;
      // back faces only matter where a section opens the part (elsewhere they would flicker at silhouettes)
      for (const child of mesh.children) {
        if (child.name === 'inside') child.visible = !this.wireframe && this.section.enabled;
        if (child.name === 'field') child.visible = !this.wireframe;
      }
    }
    for (const e of this.edges) e.visible = this.showEdges && !this.wireframe;
    this.requestRender();
  }

  setSection(s: SectionState): void {
    this.section = s;
    this.applySection();
  }

  private applySection(): void {
    if (!this.box) return;
    this.applyDisplay();
    if (!this.section.enabled) {
      // A plane far outside the part clips nothing.
      this.clip.set(new Vector3(0, 0, -1), 1e9);
    } else {
      const p = sectionPlane(this.section.axis, this.section.t, this.box, this.section.flip);
      this.clip.set(new Vector3(...p.normal), p.constant);
    }
    this.requestRender();
  }

  setMode(mode: ViewerMode): void {
    this.mode = mode;
    this.clearMeasure();
    this.renderer.domElement.style.cursor = mode === 'measure' ? 'crosshair' : '';
  }

  clearMeasure(): void {
    this.measurePoints = [];
    this.clearOverlay('measure');
    this.onMeasure({ points: [], distance: null });
  }

  clearPick(): void {
    this.clearOverlay('pick');
    this.onPick(null);
  }

  private onPointerDown = (e: PointerEvent) => {
    this.down = { x: e.clientX, y: e.clientY };
  };

  private onPointerUp = (e: PointerEvent) => {
    const d = this.down;
    this.down = null;
    if (!d || e.button !== 0 || Math.hypot(e.clientX - d.x, e.clientY - d.y) > 4) return;
    this.clickAt(e.clientX, e.clientY);
  };

  /** A click at client coordinates: picks a face, or adds a measure point. */
  clickAt(clientX: number, clientY: number): void {
    if (this.mode === 'pick' && this.onClickRay?.(this.rayAt(clientX, clientY))) return;
    const found = this.hitTest(clientX, clientY);
    if (this.mode === 'measure') {
      if (!found) return;
      const p: Vec3 = [found.hit.point.x, found.hit.point.y, found.hit.point.z];
      if (this.measurePoints.length >= 2) {
        this.measurePoints = [];
        this.clearOverlay('measure');
      }
      this.measurePoints.push(p);
      this.addMarker(p);
      if (this.measurePoints.length === 2) {
        const [a, b] = this.measurePoints as [Vec3, Vec3];
        const line = new Line(
          new BufferGeometry().setFromPoints([new Vector3(...a), new Vector3(...b)]),
          this.track(new LineBasicMaterial({ color: COLORS.measure, depthTest: false })),
        );
        line.name = 'measure';
        line.renderOrder = 10;
        this.overlay.add(line);
      }
      this.onMeasure({
        points: [...this.measurePoints],
        distance:
          this.measurePoints.length === 2
            ? new Vector3(...this.measurePoints[0]!).distanceTo(new Vector3(...this.measurePoints[1]!))
            : null,
      });
      this.requestRender();
      return;
    }
    this.clearOverlay('pick');
    if (!found || found.onSection) {
      this.onPick(null);
      this.requestRender();
      return;
    }
    this.onPick(this.highlightFace(found.hit));
    this.requestRender();
  }

  /**
   * The visible surface under the cursor. Raycasting knows nothing of clipping, so hits on the
   * cut-away side are skipped; a ray that enters the part through the section (hitting the inside
   * of a face) ends on the section plane instead: that is the surface drawn there.
   */
  private hitTest(clientX: number, clientY: number): { hit: Intersection; onSection: boolean } | null {
    const rect = this.renderer.domElement.getBoundingClientRect();
    const ndc = new Vector2(((clientX - rect.left) / rect.width) * 2 - 1, -((clientY - rect.top) / rect.height) * 2 + 1);
    const ray = new Raycaster();
    ray.setFromCamera(ndc, this.camera);
    const meshes = this.meshes.map((m) => m.mesh);
    const sides = meshes.map((m) => (m.material as Material).side);
    for (const m of meshes) (m.material as Material).side = DoubleSide;
    const hits = ray.intersectObjects(meshes, false);
    meshes.forEach((m, i) => ((m.material as Material).side = sides[i]!));
    const hit = hits.find((h) => !this.section.enabled || this.clip.distanceToPoint(h.point) >= 0);
    if (!hit) return null;
    const normal = hit.face?.normal.clone().transformDirection(hit.object.matrixWorld);
    const inside = !!normal && normal.dot(ray.ray.direction) > 0;
    if (!inside) return { hit, onSection: false };
    if (!this.section.enabled) return null;
    const point = ray.ray.intersectPlane(this.clip, new Vector3());
    return point ? { hit: { ...hit, point }, onSection: true } : null;
  }

  private highlightFace(hit: Intersection): FacePick {
    const entry = this.meshes.find((m) => m.mesh === hit.object)!;
    const { positions, index: idx, faceIds } = entry;
    const point: Vec3 = [hit.point.x, hit.point.y, hit.point.z];
    const tri = hit.faceIndex ?? 0;
    const a = idx ? idx[3 * tri]! : 3 * tri;
    const faceId = faceIds ? Math.round(faceIds[a]!) : null;
    const tris = faceId !== null ? (entry.byFace.get(faceId) ?? [tri]) : [tri];
    const matrix = entry.mesh.matrixWorld.elements;
    const area = trianglesArea(positions, idx, tris, matrix);

    this.overlay.add(this.faceOverlay(entry, tris, COLORS.pick, 'pick'));
    return { faceId, area, triangles: tris.length, point };
  }

  /**
   * Colours the faces with these ids (0-based, the GLB's face ids: FreeCAD's 'Face3' is 2) and
   * frames them; an empty list clears it. Returns how many of them the model has.
   */
  highlightFaces(ids: readonly number[]): number {
    this.clearOverlay('focus');
    let found = 0;
    const box = new Box3();
    for (const entry of this.meshes) {
      const tris = ids.flatMap((id) => entry.byFace.get(id) ?? []);
      found += ids.filter((id) => entry.byFace.has(id)).length;
      if (!tris.length) continue;
      const m = this.faceOverlay(entry, tris, COLORS.focus, 'focus');
      m.geometry.computeBoundingBox();
      box.union(m.geometry.boundingBox!);
      this.overlay.add(m);
    }
    if (found && !box.isEmpty()) this.controls.target.copy(box.getCenter(new Vector3()));
    this.controls.update();
    this.requestRender();
    return found;
  }

  /** A see-through copy of some triangles of one mesh, drawn over the part. */
  private faceOverlay(entry: MeshFaces, tris: number[], color: number, name: string): Mesh {
    const { positions, index: idx } = entry;
    const verts = new Float32Array(tris.length * 9);
    const v = new Vector3();
    tris.forEach((t, k) => {
      for (let j = 0; j < 3; j++) {
        const vi = idx ? idx[3 * t + j]! : 3 * t + j;
        v.fromArray(positions, 3 * vi).applyMatrix4(entry.mesh.matrixWorld);
        verts.set([v.x, v.y, v.z], 9 * k + 3 * j);
      }
    });
    const g = new BufferGeometry();
    g.setAttribute('position', new BufferAttribute(verts, 3));
    const m = new Mesh(
      g,
      this.track(
        new MeshBasicMaterial({
          color,
          transparent: true,
          opacity: 0.55,
          side: DoubleSide,
          depthWrite: false,
          clippingPlanes: [this.clip],
          polygonOffset: true,
          polygonOffsetFactor: -2,
          polygonOffsetUnits: -2,
        }),
      ),
    );
    m.name = name;
    return m;
  }

  private addMarker(p: Vec3): void {
    const r = this.box
      ? 0.012 * Math.hypot(this.box.xmax - this.box.xmin, this.box.ymax - this.box.ymin, this.box.zmax - this.box.zmin)
      : 1;
    const s = new Mesh(new SphereGeometry(r, 16, 12), this.track(new MeshBasicMaterial({ color: COLORS.measure, depthTest: false })));
    s.position.set(...p);
    s.renderOrder = 11;
    s.name = 'measure';
    this.overlay.add(s);
  }

  private clearOverlay(name: string): void {
    for (const o of [...this.overlay.children]) {
      if (o.name !== name) continue;
      this.overlay.remove(o);
      (o as Mesh).geometry?.dispose();
    }
    this.requestRender();
  }

  private track<M extends Material>(m: M): M {
    this.materials.push(m);
    return m;
  }

  private onResize(): void {
    const w = Math.max(1, this.container.clientWidth);
    const h = Math.max(1, this.container.clientHeight);
    this.renderer.setSize(w, h, true);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    this.requestRender();
  }

  requestRender(): void {
    if (this.frame || this.disposed) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.renderNow();
    });
  }

  renderNow(): void {
    if (!this.disposed) this.renderer.render(this.scene, this.camera);
  }

  dispose(): void {
    this.disposed = true;
    cancelAnimationFrame(this.frame);
    this.resize.disconnect();
    this.controls.dispose();
    const canvas = this.renderer.domElement;
    canvas.removeEventListener('pointerdown', this.onPointerDown);
    canvas.removeEventListener('pointerup', this.onPointerUp);
    this.scene.traverse((o) => (o as Mesh).geometry?.dispose());
    this.layers.traverse((o) => {
      const m = (o as Mesh).material;
      for (const x of Array.isArray(m) ? m : m ? [m] : []) x.dispose();
    });
    for (const m of this.materials) m.dispose();
    this.renderer.dispose();
    canvas.remove();
  }
}

function toBBox(b: Box3): BBox {
  return { xmin: b.min.x, ymin: b.min.y, zmin: b.min.z, xmax: b.max.x, ymax: b.max.y, zmax: b.max.z };
}
function unionBox(a: BBox, b: BBox): BBox {
  return {
    xmin: Math.min(a.xmin, b.xmin),
    ymin: Math.min(a.ymin, b.ymin),
    zmin: Math.min(a.zmin, b.zmin),
    xmax: Math.max(a.xmax, b.xmax),
    ymax: Math.max(a.ymax, b.ymax),
    zmax: Math.max(a.zmax, b.zmax),
  };
}
function emptyBox(): BBox {
  return { xmin: 0, ymin: 0, zmin: 0, xmax: 0, ymax: 0, zmax: 0 };
}
