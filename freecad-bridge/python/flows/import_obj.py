"""Our own OBJ reader for the import flow: FreeCAD's reads none of the faces of many real files.

What real exporters (Rhino, Blender, SketchUp, scanners) write and this reads:
- faces with any number of corners (`f 1 2 3 4 5 …`), triangulated by ear clipping in the face's
  own plane, so concave outlines (an L-shaped cap) come out right, with the face's winding kept;
- corner tokens `v`, `v/vt`, `v//vn`, `v/vt/vn`, with negative (relative) indices;
- lines continued with a trailing backslash; comments; `o`/`g` groups (counted, faces of all
  groups form the one mesh); `mtllib`/`usemtl` naming a .mtl file that is not there (ignored, as are
  texture coordinates, normals, lines, points and smoothing groups);
- vertex lines with a fourth (w) or colour values after x y z.
An index out of range, a face corner that is not a number or a vertex that is not three numbers is
UPLOAD_CORRUPT with its line number; a face whose corners collapse to fewer than three is skipped
and counted.
"""
from flows.errors import FlowError

MAX_VERTICES = 50_000_000
MAX_TRIANGLES = 50_000_000


def _lines(text):
    """Logical lines with their first physical line number: a trailing backslash joins the next."""
    buf, start = [], None
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if start is None:
            start = n
        if line.endswith('\\'):
            buf.append(line[:-1])
            continue
        buf.append(line)
        yield start, ' '.join(buf)
        buf, start = [], None
    if buf:
        yield start, ' '.join(buf)


def _corrupt(n, why):
    return FlowError('UPLOAD_CORRUPT', 'OBJ line %d: %s' % (n, why), details={'reason': 'line %d: %s' % (n, why), 'line': n})


def _newell(pts):
    nx = ny = nz = 0.0
    k = len(pts)
    for i in range(k):
        x1, y1, z1 = pts[i]
        x2, y2, z2 = pts[(i + 1) % k]
        nx += (y1 - y2) * (z1 + z2)
        ny += (z1 - z2) * (x1 + x2)
        nz += (x1 - x2) * (y1 + y2)
    return nx, ny, nz


def _inside(p, a, b, c):
    """p inside or on the triangle abc (2D, counter-clockwise)."""
    def cross(o, u, v):
        return (u[0] - o[0]) * (v[1] - o[1]) - (u[1] - o[1]) * (v[0] - o[0])
    return cross(a, b, p) >= 0 and cross(b, c, p) >= 0 and cross(c, a, p) >= 0


def triangulate(pts):
    """Triangles (as index triples into pts) covering the planar polygon pts, in its winding."""
    k = len(pts)
    if k == 3:
        return [(0, 1, 2)]
    nx, ny, nz = _newell(pts)
    ax = max(range(3), key=lambda i: abs((nx, ny, nz)[i]))
    # project on the plane of the two other axes, oriented so that the polygon runs counter-clockwise
    u, v = [(1, 2), (2, 0), (0, 1)][ax]
    flip = (nx, ny, nz)[ax] < 0
    p2 = [(p[u], p[v]) if not flip else (p[v], p[u]) for p in pts]
    idx = list(range(k))
    out = []

    def convex(a, b, c):
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]) > 1e-18

    guard = 0
    while len(idx) > 3 and guard < 4 * k * k:
        guard += 1
        m = len(idx)
        for j in range(m):
            ia, ib, ic = idx[j - 1], idx[j], idx[(j + 1) % m]
            a, b, c = p2[ia], p2[ib], p2[ic]
            if not convex(a, b, c):
                continue
            if any(_inside(p2[q], a, b, c) for q in idx if q not in (ia, ib, ic)):
                continue
            out.append((ia, ib, ic))
            del idx[j]
            break
        else:
            break  # no ear: degenerate or self-intersecting outline, fan the rest
    for j in range(1, len(idx) - 1):
        out.append((idx[0], idx[j], idx[j + 1]))
    return out


def parse_obj(text):
    """(vertices, triangles as vertex-index triples, facts) from OBJ text."""
    verts = []
    tris = []
    groups = set()
    skipped = 0
    ngons = 0
    for n, line in _lines(text):
        s = line.strip()
        if not s or s[0] == '#':
            continue
        parts = s.split()
        tag = parts[0]
        if tag == 'v':
            if len(parts) < 4:
                raise _corrupt(n, 'a vertex needs x y z')
            try:
                verts.append((float(parts[1]), float(parts[2]), float(parts[3])))
            except ValueError:
                raise _corrupt(n, 'a vertex coordinate is not a number')
            if len(verts) > MAX_VERTICES:
                raise FlowError('SIM_LIMIT_EXCEEDED', 'too many vertices', details={'reason': 'more than %d vertices' % MAX_VERTICES})
        elif tag == 'f':
            corners = []
            count = len(verts)
            for tok in parts[1:]:
                head = tok.split('/', 1)[0]
                try:
                    i = int(head)
                except ValueError:
                    raise _corrupt(n, 'face corner %r is not a vertex number' % tok[:40])
                j = i - 1 if i > 0 else count + i
                if i == 0 or j < 0 or j >= count:
                    raise _corrupt(n, 'face corner %d names no vertex (%d defined so far)' % (i, count))
                if not corners or corners[-1] != j:
                    corners.append(j)
            if len(corners) > 1 and corners[0] == corners[-1]:
                corners.pop()
            if len(set(corners)) < 3:
                skipped += 1
                continue
            if len(corners) > 3:
                ngons += 1
            for a, b, c in triangulate([verts[j] for j in corners]):
                tris.append((corners[a], corners[b], corners[c]))
            if len(tris) > MAX_TRIANGLES:
                raise FlowError('SIM_LIMIT_EXCEEDED', 'too many triangles', details={'reason': 'more than %d triangles' % MAX_TRIANGLES})
        elif tag in ('o', 'g'):
            groups.add(' '.join(parts[1:]) or '(unnamed)')
    return verts, tris, {'groups': len(groups), 'ngons': ngons, 'degenerate_faces': skipped}


def read_obj_mesh(path):
    """A FreeCAD mesh of the OBJ file's faces (empty when it has none), and what the reading found."""
    import Mesh
    with open(path, 'rb') as f:
        text = f.read().decode('utf-8', errors='replace')
    verts, tris, facts = parse_obj(text)
    mesh = Mesh.Mesh()
    if tris:
        mesh.addFacets([[verts[a], verts[b], verts[c]] for a, b, c in tris])
    return mesh, facts
