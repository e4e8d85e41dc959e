// A FEM result as colours on the part: the analysis's nodal CSV (node, x, y, z, …, u_mm,
// von_mises_mpa) sampled at the preview mesh's vertices (inverse-distance weights of the nearest
// nodes, found through a uniform grid), a colour scale and the legend's ticks. Pure, no three.js.

export interface NodalField {
  /** x, y, z of every node (mm, part coordinates) */
  xyz: Float32Array;
  /** one value per node for each numeric column ('u_mm', 'von_mises_mpa', …); NaN where none */
  columns: Record<string, Float32Array>;
}

/** Reads the analysis's nodal CSV (header: node,x_mm,y_mm,z_mm,…). */
export function parseNodalCsv(text: string): NodalField {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const head = (lines.shift() ?? '').split(',').map((h) => h.trim());
  const ix = head.indexOf('x_mm');
  if (ix < 0 || head[ix + 1] !== 'y_mm' || head[ix + 2] !== 'z_mm') throw new Error('not a nodal result table (no x_mm,y_mm,z_mm)');
  const n = lines.length;
  const xyz = new Float32Array(3 * n);
  const names = head.filter((_h, i) => i !== 0 && (i < ix || i > ix + 2));
  const columns: Record<string, Float32Array> = Object.fromEntries(names.map((h) => [h, new Float32Array(n)]));
  const at = names.map((h) => head.indexOf(h));
  lines.forEach((line, r) => {
    const cells = line.split(',');
    for (let k = 0; k < 3; k++) xyz[3 * r + k] = Number(cells[ix + k]);
    names.forEach((h, k) => {
      const v = Number(cells[at[k]!]);
      columns[h]![r] = Number.isFinite(v) ? v : Number.NaN;
    });
  });
  return { xyz, columns };
}

/**
 * The field at each vertex: inverse-distance weights of the nodes in the nearest occupied grid
 * cells (a vertex on a node takes its value). Nodes without a value (NaN) are left out.
 */
export function sampleAtVertices(vertices: Float32Array, nodes: Float32Array, values: Float32Array): Float32Array {
  const n = values.length;
  let lo = [Infinity, Infinity, Infinity];
  let hi = [-Infinity, -Infinity, -Infinity];
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(values[i]!)) continue;
    count++;
    for (let k = 0; k < 3; k++) {
      const c = nodes[3 * i + k]!;
      if (c < lo[k]!) lo[k] = c;
      if (c > hi[k]!) hi[k] = c;
    }
  }
  const out = new Float32Array(vertices.length / 3).fill(Number.NaN);
  if (!count) return out;
  lo = lo.map((v) => v - 1e-6);
  hi = hi.map((v) => v + 1e-6);
  const size = hi.map((h, k) => h - lo[k]!);
  const volume = Math.max(
    1e-9,
    size.reduce((a, b) => a * Math.max(b, 1e-3), 1),
  );
  // about two nodes per cell
  const cell = Math.max(1e-3, Math.cbrt((volume / count) * 2));
  const dims = size.map((s) => Math.max(1, Math.ceil(s / cell)));
  const key = (a: number, b: number, c: number) => (a * dims[1]! + b) * dims[2]! + c;
  const grid = new Map<number, number[]>();
  const cellOf = (x: number, k: number) => Math.min(dims[k]! - 1, Math.max(0, Math.floor((x - lo[k]!) / cell)));
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(values[i]!)) continue;
    const kk = key(cellOf(nodes[3 * i]!, 0), cellOf(nodes[3 * i + 1]!, 1), cellOf(nodes[3 * i + 2]!, 2));
    const list = grid.get(kk);
    if (list) list.push(i);
    else grid.set(kk, [i]);
  }
  const maxRing = Math.max(...dims);
  for (let v = 0; v < out.length; v++) {
    const x = vertices[3 * v]!,
      y = vertices[3 * v + 1]!,
      z = vertices[3 * v + 2]!;
    const c = [cellOf(x, 0), cellOf(y, 1), cellOf(z, 2)];
    // widen the search until some nodes are found, then one ring more (a nearer node may sit there)
    let found = -1;
    let wsum = 0;
    let vsum = 0;
    let exact = Number.NaN;
    ring: for (let r = 1; r <= maxRing; r++) {
      wsum = 0;
      vsum = 0;
      let any = false;
      for (let a = Math.max(0, c[0]! - r); a <= Math.min(dims[0]! - 1, c[0]! + r); a++)
        for (let b = Math.max(0, c[1]! - r); b <= Math.min(dims[1]! - 1, c[1]! + r); b++)
          for (let d = Math.max(0, c[2]! - r); d <= Math.min(dims[2]! - 1, c[2]! + r); d++) {
            const list = grid.get(key(a, b, d));
            if (!list) continue;
            for (const i of list) {
              any = true;
              const d2 = (nodes[3 * i]! - x) ** 2 + (nodes[3 * i + 1]! - y) ** 2 + (nodes[3 * i + 2]! - z) ** 2;
              if (d2 < 1e-12) {
                exact = values[i]!;
                break ring;
              }
              const w = 1 / (d2 * d2);
              wsum += w;
              vsum += w * values[i]!;
            }
          }
      if (any && found < 0) found = r + 1;
      if (found >= 0 && r >= found) break;
    }
    if (!Number.isNaN(exact)) {
      out[v] = exact;
      continue;
    }
    out[v] = wsum > 0 ? vsum / wsum : Number.NaN;
  }
  return out;
}

/** The colour scale: blue (low) → cyan → green → yellow → red (high), t in [0, 1]. */
export function colourAt(t: number): [number, number, number] {
  const s = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const stops: [number, number, number][] = [
    [0.19, 0.25, 0.78],
    [0.1, 0.7, 0.9],
    [0.2, 0.78, 0.3],
    [0.98, 0.85, 0.15],
    [0.86, 0.16, 0.12],
  ];
  const x = s * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i]!,
    b = stops[i + 1]!;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/** Vertex colours (r, g, b per vertex) of values on the scale from min to max; grey where NaN. */
export function colours(values: Float32Array, min: number, max: number): Float32Array {
  const out = new Float32Array(values.length * 3);
  const span = max > min ? max - min : 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const c = Number.isNaN(v) ? ([0.6, 0.6, 0.6] as const) : colourAt((v - min) / span);
    out.set(c, 3 * i);
  }
  return out;
}

/** The smallest and largest value (NaN left out); [0, 0] when there is none. */
export function rangeOf(values: Float32Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 0];
}

/** The CSS gradient of the legend bar (left = low). */
export function legendGradient(): string {
  const steps = [0, 0.25, 0.5, 0.75, 1].map((t) => {
    const [r, g, b] = colourAt(t);
    return `rgb(${Math.round(r * 255)} ${Math.round(g * 255)} ${Math.round(b * 255)}) ${t * 100}%`;
  });
  return `linear-gradient(to right, ${steps.join(', ')})`;
}

/** A mesh's surface as the colour map draws it: separate triangles (no index), normals and colours. */
export interface FieldSurface {
  positions: Float32Array;
  normals: Float32Array;
  colors: Float32Array;
}

/**
 * The preview mesh cut into small triangles (each split uniformly until its edges are at most
 * `target` mm, fewer splits when the total would pass `maxTriangles`), with normals interpolated:
 * a box face of two triangles gets enough vertices for the field to vary across it.
 */
export function refineTriangles(
  positions: Float32Array,
  normals: Float32Array | null,
  index: ArrayLike<number> | null,
  target: number,
  maxTriangles = 400_000,
): { positions: Float32Array; normals: Float32Array } {
  const tris = index ? index.length / 3 : positions.length / 9;
  const corner = (t: number, k: number) => (index ? index[3 * t + k]! : 3 * t + k);
  const edge = (a: number, b: number) =>
    Math.hypot(
      positions[3 * a]! - positions[3 * b]!,
      positions[3 * a + 1]! - positions[3 * b + 1]!,
      positions[3 * a + 2]! - positions[3 * b + 2]!,
    );
  const splits = new Uint16Array(tris);
  let step = Math.max(target, 1e-3);
  for (;;) {
    let total = 0;
    for (let t = 0; t < tris; t++) {
      const [a, b, c] = [corner(t, 0), corner(t, 1), corner(t, 2)];
      const n = Math.min(200, Math.max(1, Math.ceil(Math.max(edge(a, b), edge(b, c), edge(c, a)) / step)));
      splits[t] = n;
      total += n * n;
    }
    if (total <= maxTriangles) {
      const pos = new Float32Array(total * 9);
      const nor = new Float32Array(total * 9);
      let o = 0;
      const put = (a: number, b: number, c: number, u: number, v: number) => {
        // the point a + u (b − a) + v (c − a)
        for (let k = 0; k < 3; k++) {
          const pa = positions[3 * a + k]!;
          pos[o + k] = pa + u * (positions[3 * b + k]! - pa) + v * (positions[3 * c + k]! - pa);
          if (normals) {
            const na = normals[3 * a + k]!;
            nor[o + k] = na + u * (normals[3 * b + k]! - na) + v * (normals[3 * c + k]! - na);
          }
        }
        o += 3;
      };
      for (let t = 0; t < tris; t++) {
        const [a, b, c] = [corner(t, 0), corner(t, 1), corner(t, 2)];
        const n = splits[t]!;
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n - i; j++) {
            put(a, b, c, i / n, j / n);
            put(a, b, c, (i + 1) / n, j / n);
            put(a, b, c, i / n, (j + 1) / n);
            if (i + j < n - 1) {
              put(a, b, c, (i + 1) / n, j / n);
              put(a, b, c, (i + 1) / n, (j + 1) / n);
              put(a, b, c, i / n, (j + 1) / n);
            }
          }
      }
      if (!normals) flatNormals(pos, nor);
      return { positions: pos, normals: nor };
    }
    step *= 1.5;
  }
}

function flatNormals(pos: Float32Array, out: Float32Array): void {
  for (let t = 0; t < pos.length; t += 9) {
    const ux = pos[t + 3]! - pos[t]!,
      uy = pos[t + 4]! - pos[t + 1]!,
      uz = pos[t + 5]! - pos[t + 2]!;
    const vx = pos[t + 6]! - pos[t]!,
      vy = pos[t + 7]! - pos[t + 1]!,
      vz = pos[t + 8]! - pos[t + 2]!;
    const nx = uy * vz - uz * vy,
      ny = uz * vx - ux * vz,
      nz = ux * vy - uy * vx;
    const l = Math.hypot(nx, ny, nz) || 1;
    for (let k = 0; k < 9; k += 3) [out[t + k], out[t + k + 1], out[t + k + 2]] = [nx / l, ny / l, nz / l];
  }
}
