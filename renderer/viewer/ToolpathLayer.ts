// The toolpath in the 3D view: one batch of line segments per operation and kind (rapids dashed in
// one colour, cuts in the operation's colour), each toggled on its own; the stock as a wire box;
// a highlight for the segments of the selected G-code line; and picking a segment by clicking near it.
import {
  BoxGeometry,
  CylinderGeometry,
  Mesh,
  MeshBasicMaterial,
  Quaternion,
  Vector3,
  BufferAttribute,
  BufferGeometry,
  EdgesGeometry,
  Group,
  LineBasicMaterial,
  LineDashedMaterial,
  LineSegments,
  Points,
  PointsMaterial,
  type Raycaster,
} from 'three';
import type { CamToolpath } from '../../shared/api/index.js';
import type { BBox } from '../../shared/jobs.js';
import { segmentBatches, segmentsBox, type SegmentBatch } from './toolpath.js';

/** Cut colours by operation, in order (the operation list shows the same). */
export const OPERATION_COLOURS = ['#1f6feb', '#1a9b6c', '#8a4fd8', '#c2410c', '#0e7490', '#b8326a', '#4d7c0f', '#6b4ea0'];
export const RAPID_COLOUR = '#e8590c';
export const BETWEEN_COLOUR = '#7d8b9b';
const HIGHLIGHT = 0xffc400;
/** at most this many highlighted segments are drawn as tubes (the rest as lines) */
const MAX_TUBES = 400;
const STOCK = 0x8a96a3;

export function operationColour(op: number): string {
  return op < 0 ? BETWEEN_COLOUR : OPERATION_COLOURS[op % OPERATION_COLOURS.length]!;
}

interface Batch extends SegmentBatch {
  object: LineSegments;
}

export class ToolpathLayer {
  readonly group = new Group();
  readonly box: BBox;
  private readonly batches: Batch[];
  private readonly highlight: LineSegments;
  private readonly markers: Points;
  private readonly tubes = new Group();
  private readonly tubeMaterial = new MeshBasicMaterial({ color: HIGHLIGHT, depthTest: false, transparent: true, opacity: 0.9 });
  private hiddenOps = new Set<number>();
  private rapids = true;

  constructor(
    private readonly toolpath: CamToolpath,
    /** called when something changed that needs a new frame */
    private readonly redraw: () => void,
  ) {
    const seg = toolpath.segments;
    const stock = toolpath.stock_mm;
    const pathBox = segmentsBox(seg);
    this.box = unionOf(pathBox, stock) ?? { xmin: 0, ymin: 0, zmin: 0, xmax: 1, ymax: 1, zmax: 1 };

    this.batches = segmentBatches(seg).map((b) => {
      const g = new BufferGeometry();
      g.setAttribute('position', new BufferAttribute(b.positions, 3));
      const size = Math.max(this.box.xmax - this.box.xmin, this.box.ymax - this.box.ymin, 1);
      const material =
        b.kind === 'rapid'
          ? new LineDashedMaterial({ color: RAPID_COLOUR, dashSize: size / 90, gapSize: size / 140, transparent: true, opacity: 0.85 })
          : new LineBasicMaterial({ color: operationColour(b.op) });
      const object = new LineSegments(g, material);
      if (b.kind === 'rapid') object.computeLineDistances();
      object.userData = { op: b.op, kind: b.kind };
      object.renderOrder = 2;
      this.group.add(object);
      return { ...b, object };
    });

    if (stock) {
      const geo = new BoxGeometry(stock.xmax - stock.xmin, stock.ymax - stock.ymin, stock.zmax - stock.zmin);
      const box = new LineSegments(new EdgesGeometry(geo), new LineBasicMaterial({ color: STOCK, transparent: true, opacity: 0.7 }));
      geo.dispose();
      box.position.set((stock.xmin + stock.xmax) / 2, (stock.ymin + stock.ymax) / 2, (stock.zmin + stock.zmax) / 2);
      box.name = 'stock';
      box.raycast = () => undefined;
      this.group.add(box);
    }

    this.highlight = new LineSegments(new BufferGeometry(), new LineBasicMaterial({ color: HIGHLIGHT, depthTest: false }));
    this.highlight.renderOrder = 20;
    this.highlight.raycast = () => undefined;
    this.markers = new Points(
      new BufferGeometry(),
      new PointsMaterial({ color: HIGHLIGHT, size: 9, sizeAttenuation: false, depthTest: false }),
    );
    this.markers.renderOrder = 21;
    this.markers.raycast = () => undefined;
    this.tubes.renderOrder = 19;
    this.group.add(this.highlight, this.markers, this.tubes);
  }

  /** Shows or hides one operation's segments (-1: the moves between operations). */
  setOperationVisible(op: number, visible: boolean): void {
    if (visible) this.hiddenOps.delete(op);
    else this.hiddenOps.add(op);
    this.apply();
  }

  setRapidsVisible(visible: boolean): void {
    this.rapids = visible;
    this.apply();
  }

  setStockVisible(visible: boolean): void {
    const s = this.group.getObjectByName('stock');
    if (s) s.visible = visible;
    this.redraw();
  }

  private apply(): void {
    for (const b of this.batches) b.object.visible = !this.hiddenOps.has(b.op) && (b.kind === 'cut' || this.rapids);
    this.redraw();
  }

  /** Highlights these segments (global indices) above everything, with a dot where each ends. */
  setHighlight(indices: number[]): void {
    const c = this.toolpath.segments.coords;
    const lines = new Float32Array(indices.length * 6);
    const ends = new Float32Array(indices.length * 3);
    indices.forEach((g, k) => {
      for (let j = 0; j < 6; j++) lines[6 * k + j] = c[6 * g + j]!;
      for (let j = 0; j < 3; j++) ends[3 * k + j] = c[6 * g + 3 + j]!;
    });
    this.highlight.geometry.dispose();
    this.highlight.geometry = new BufferGeometry().setAttribute('position', new BufferAttribute(lines, 3));
    this.markers.geometry.dispose();
    this.markers.geometry = new BufferGeometry().setAttribute('position', new BufferAttribute(ends, 3));
    // lines are one pixel wide: the selected move also gets a tube, so it reads at a glance
    for (const m of [...this.tubes.children] as Mesh[]) {
      this.tubes.remove(m);
      m.geometry.dispose();
    }
    const r = Math.max(0.15, Math.hypot(this.box.xmax - this.box.xmin, this.box.ymax - this.box.ymin, this.box.zmax - this.box.zmin) / 400);
    const up = new Vector3(0, 1, 0);
    for (const g of indices.slice(0, MAX_TUBES)) {
      const a = new Vector3(c[6 * g]!, c[6 * g + 1]!, c[6 * g + 2]!);
      const b = new Vector3(c[6 * g + 3]!, c[6 * g + 4]!, c[6 * g + 5]!);
      const len = a.distanceTo(b);
      if (len < 1e-9) continue;
      const tube = new Mesh(new CylinderGeometry(r, r, len, 8, 1), this.tubeMaterial);
      tube.position.copy(a).add(b).multiplyScalar(0.5);
      tube.quaternion.copy(new Quaternion().setFromUnitVectors(up, b.clone().sub(a).normalize()));
      tube.renderOrder = 19;
      tube.raycast = () => undefined;
      this.tubes.add(tube);
    }
    this.redraw();
  }

  /** The visible segment nearest the ray (global index), or null. */
  pick(ray: Raycaster): number | null {
    const size = Math.hypot(this.box.xmax - this.box.xmin, this.box.ymax - this.box.ymin, this.box.zmax - this.box.zmin);
    ray.params.Line = { threshold: Math.max(0.2, size / 150) };
    const visible = this.batches.filter((b) => b.object.visible);
    const hits = ray.intersectObjects(
      visible.map((b) => b.object),
      false,
    );
    // the nearest to the ray among the first hits along it, cuts before rapids
    const best = hits
      .slice(0, 12)
      .sort((a, b) => (a.distanceToRay ?? 0) - (b.distanceToRay ?? 0) || (a.object.userData.kind === 'cut' ? -1 : 1))[0];
    if (!best || best.index === undefined) return null;
    const batch = visible.find((b) => b.object === best.object);
    return batch ? (batch.indices[Math.floor(best.index / 2)] ?? null) : null;
  }

  /** The middle of a segment (for tests and for pointing at it). */
  midpoint(index: number): [number, number, number] {
    const c = this.toolpath.segments.coords;
    return [
      (c[6 * index]! + c[6 * index + 3]!) / 2,
      (c[6 * index + 1]! + c[6 * index + 4]!) / 2,
      (c[6 * index + 2]! + c[6 * index + 5]!) / 2,
    ];
  }
}

function unionOf(a: BBox | null, b: BBox | null): BBox | null {
  if (!a) return b;
  if (!b) return a;
  return {
    xmin: Math.min(a.xmin, b.xmin),
    ymin: Math.min(a.ymin, b.ymin),
    zmin: Math.min(a.zmin, b.zmin),
    xmax: Math.max(a.xmax, b.xmax),
    ymax: Math.max(a.ymax, b.ymax),
    zmax: Math.max(a.zmax, b.zmax),
  };
}
