"""DFM flow: can this part be made? Manufacturability checks on the real B-rep for 3-axis milling and
FDM printing.

Input (electron/domains/dfm/flow.ts, schema freecad-bridge/python/schemas/dfm.json):
  part      STEP/FCStd file in the job dir
  process   'milling' | 'fdm'
  setups    tool directions of the milling setups ('+z' = a vertical tool coming from above)
  tools     the library's tools a milling check may use: {id, type, diameter_mm, flute_length_mm}
  envelope  the machine's (milling) or the bed's (FDM) travel {x, y, z}, or null (no envelope check)
  limits    {min_wall_mm, min_hole_mm, max_hole_depth_ratio, overhang_deg, nozzle_mm, layer_mm, infill,
             print_speed_mm_s, supports}
  samples   sample points per face side (a grid of samples × samples in the face's parameters)
  exact_rays  every ray as a Part section of the whole solid (the slow cross-check of Probe)

Every finding is {code, severity, faces, measured, allowed, unit, at_mm, params}; faces are
FreeCAD's 1-based names ('Face3') as the viewer names them; the texts are rendered from the
catalogue on the TypeScript side (shared/i18n/dfm.ts) with `params`.

How the checks measure:
- reach (undercuts): each face's sample points are cast along every setup direction from just off
  the surface (Part section of the solid with the ray); a point is reachable from a direction when
  its normal does not face away from the tool and nothing of the part lies above it along that
  direction. Planar faces lying on the part's box, facing out, are stock faces and exempt.
- wall thickness: a ray from each sample point opposite its normal to the first exit of the
  solid; the thinnest sample is refined by a pattern search in the face's (u, v), so the thinnest
  spot is located, not only the grid's best.
- inner vertical corners: concave cylindrical faces (not full holes) and sharp concave line edges
  parallel to a setup direction, against the smallest endmill's radius.
- holes: concave cylindrical faces grouped by axis and radius covering the full circle, along a
  setup direction; a drill of that size, an endmill of that size (plunge) or a smaller endmill
  (interpolation) makes them, to its flute length and (drills) a depth/diameter ratio.
- FDM: sample normals against -Z (the bed face excluded), thickness against the nozzle, holes
  narrower than 2.5 nozzle widths (they print undersized or close up), box
  against the bed, and a print time from the volume, the layer height and the speed.
"""
import math

from flows.cam_features import load_part
from flows.errors import FlowError

DIRS = {'+x': (1, 0, 0), '-x': (-1, 0, 0), '+y': (0, 1, 0), '-y': (0, -1, 0), '+z': (0, 0, 1), '-z': (0, 0, -1)}
SEVERITY = {'error': 0, 'warning': 1, 'info': 2}
#: how far off the surface a reach ray starts (mm)
REACH_EPS = 0.02
#: how far inside the material a thickness ray starts (mm)
WALL_EPS = 1e-3
#: at most this many sample points over all faces (a large import gets fewer per face)
SAMPLE_BUDGET = 6000
#: a hole's diameter matches a tool's within this (mm)
SIZE_TOL = 0.05
ANGLE_TOL = 1e-3


def r3(x):
    v = round(float(x), 3)
    return 0.0 if v == 0 else v


def pt(p):
    return [r3(p.x), r3(p.y), r3(p.z)]


def face_name(i):
    return 'Face%d' % (i + 1)


def face_index(name):
    return int(name[4:])


def finding(code, severity, faces, measured=None, allowed=None, unit='mm', at=None, **params):
    return {'code': code, 'severity': severity, 'faces': sorted(set(faces), key=face_index),
            'measured': None if measured is None else r3(measured),
            'allowed': None if allowed is None else r3(allowed),
            'unit': unit, 'at_mm': None if at is None else pt(at),
            'params': {k: (r3(v) if isinstance(v, float) else v) for k, v in sorted(params.items())}}


class Probe:
    """Rays against the solid: the nearest crossing of its boundary along a direction.

    Faces whose boxes the ray passes through (a vectorised slab test) are intersected in order of
    where the ray enters their box, each by its surface (GeomAPI_IntCS through Surface.intersect) and
    the hit kept when it lies inside the face's trim; the search stops once no nearer box is left.
    A Part section of the whole solid with the ray gives the same answer but costs time in the number
    of faces (15 ms a ray at 440 faces against ~0.3 ms here); `exact=True` uses it (the tests compare).
    """

    def __init__(self, shape, exact=False):
        import numpy as np
        self.np = np
        self.shape = shape
        self.exact = exact
        self.length = shape.BoundBox.DiagonalLength * 2 + 10
        self.rays = 0
        self.faces = list(shape.Faces)
        self.surfaces = [f.Surface for f in self.faces]
        self.ranges = [f.ParameterRange for f in self.faces]
        self.periodic = [(_periodic(s, 'U'), _periodic(s, 'V')) for s in self.surfaces]
        self.polygons = {}
        tol = 1e-6 * max(1.0, shape.BoundBox.DiagonalLength)
        boxes = [f.BoundBox for f in self.faces]
        self.lo = np.array([[b.XMin - tol, b.YMin - tol, b.ZMin - tol] for b in boxes])
        self.hi = np.array([[b.XMax + tol, b.YMax + tol, b.ZMax + tol] for b in boxes])

    def first_hit(self, start, d):
        self.rays += 1
        if self.exact:
            return self._section_hit(start, d)
        import FreeCAD
        import Part
        np = self.np
        o = np.array([start.x, start.y, start.z])
        dv = np.array([d.x, d.y, d.z])
        flat = np.abs(dv) < 1e-12
        with np.errstate(divide='ignore', invalid='ignore'):
            inv = np.where(flat, 0.0, 1.0 / np.where(flat, 1.0, dv))
            t1 = (self.lo - o) * inv
            t2 = (self.hi - o) * inv
        tmin = np.where(flat, -np.inf, np.minimum(t1, t2)).max(axis=1)
        tmax = np.where(flat, np.inf, np.maximum(t1, t2)).min(axis=1)
        inside_flat = np.where(flat, (o >= self.lo) & (o <= self.hi), True).all(axis=1)
        cand = np.nonzero(inside_flat & (tmax >= np.maximum(tmin, 0.0)) & (tmin <= self.length))[0]
        if not len(cand):
            return None
        order = cand[np.argsort(tmin[cand], kind='stable')]
        line = Part.Line(start, start + d)
        best = None
        for k in order:
            k = int(k)
            if best is not None and tmin[k] > best:
                break
            try:
                pts = self.surfaces[k].intersect(line)[0]
            except Exception:  # noqa: BLE001 - a line the surface cannot intersect (tangent, degenerate)
                continue
            for q in pts:
                p = FreeCAD.Vector(q.X, q.Y, q.Z)
                t = (p - start).dot(d)
                if t <= 1e-7 or (best is not None and t >= best) or t > self.length:
                    continue
                if self._on_face(k, p):
                    best = t
        return best

    def _on_face(self, k, p):
        try:
            u, v = self.surfaces[k].parameter(p)
        except Exception:  # noqa: BLE001
            return False
        u0, u1, v0, v1 = self.ranges[k]
        pu, pv = self.periodic[k]
        if pu:
            u = _wrap(u, u0, u1, pu)
        if pv:
            v = _wrap(v, v0, v1, pv)
        return self.inside(k, u, v)

    def inside(self, k, u, v):
        """(u, v) lies inside face k's trim."""
        poly = self.polygons.get(k, False)
        if poly is False:
            poly = self.polygons[k] = _PlanarTrim.of(self.faces[k], self.surfaces[k], self.np)
        if poly is not None:
            inside = poly.classify(u, v)
            if inside is not None:
                return inside
        return self.faces[k].isPartOfDomain(u, v)

    def _section_hit(self, start, d):
        import Part
        edge = Part.makeLine(start, start + d * self.length)
        best = None
        for v in self.shape.section(edge).Vertexes:
            t = (v.Point - start).dot(d)
            if t > 1e-7 and (best is None or t < best):
                best = t
        return best


class _PlanarTrim:
    """A planar face's trim as polygons in its (u, v): an even-odd test in numpy instead of
    isPartOfDomain, which costs ~1 ms on a face with many holes. Points nearer the polygons than
    MARGIN are left to isPartOfDomain (classify returns None), so discretisation never decides."""

    DEFLECTION = 2e-3
    MARGIN = 4e-3
    MIN_EDGES = 12

    def __init__(self, a, b, np):
        self.a, self.b, self.np = a, b, np
        self.vlo = np.minimum(a[:, 1], b[:, 1]) - self.MARGIN
        self.vhi = np.maximum(a[:, 1], b[:, 1]) + self.MARGIN

    @classmethod
    def of(cls, face, surface, np):
        if type(surface).__name__ != 'Plane' or len(face.Edges) < cls.MIN_EDGES:
            return None
        try:
            starts, ends = [], []
            for w in face.Wires:
                pts = w.discretize(Deflection=cls.DEFLECTION)
                uv = [surface.parameter(p) for p in pts]
                if len(uv) < 3:
                    return None
                if uv[0] != uv[-1]:
                    uv.append(uv[0])
                starts.extend(uv[:-1])
                ends.extend(uv[1:])
            return cls(np.array(starts, dtype=float), np.array(ends, dtype=float), np)
        except Exception:  # noqa: BLE001 - fall back to isPartOfDomain
            return None

    def classify(self, u, v):
        np = self.np
        # only segments whose v-range (widened by the margin) holds v can cross the ray or be near
        keep = (self.vlo <= v) & (self.vhi >= v)
        a, b = self.a[keep], self.b[keep]
        if not len(a):
            return False
        d = b - a
        q = np.array([u, v])
        t = np.clip(((q - a) * d).sum(axis=1) / np.maximum((d * d).sum(axis=1), 1e-300), 0.0, 1.0)
        near = a + d * t[:, None]
        if ((near - q) ** 2).sum(axis=1).min() < self.MARGIN ** 2:
            return None
        crosses = (a[:, 1] > v) != (b[:, 1] > v)
        with np.errstate(divide='ignore', invalid='ignore'):
            x = a[:, 0] + (v - a[:, 1]) * d[:, 0] / d[:, 1]
        return bool(np.count_nonzero(crosses & (u < x)) % 2)


def _periodic(surface, which):
    try:
        if getattr(surface, 'is%sPeriodic' % which)():
            return getattr(surface, '%sPeriod' % which)()
    except Exception:  # noqa: BLE001
        pass
    return 0.0


def _wrap(x, lo, hi, period):
    """x moved by whole periods into [lo, hi] when it fits there (a periodic surface's parameter)."""
    mid = (lo + hi) / 2
    return x + period * round((mid - x) / period)


def face_samples(probe, k, n):
    """(u, v, point, normal) on an n × n grid of face k's parameters, inside its trim."""
    face = probe.faces[k]
    u0, u1, v0, v1 = face.ParameterRange
    out = []
    for i in range(n):
        for j in range(n):
            u = u0 + (u1 - u0) * (i + 0.5) / n
            v = v0 + (v1 - v0) * (j + 0.5) / n
            if probe.inside(k, u, v):
                out.append((u, v, face.valueAt(u, v), face.normalAt(u, v)))
    if not out:
        # a thin or odd-shaped face: the point of the face nearest its centre of mass
        try:
            u, v = face.Surface.parameter(face.CenterOfMass)
            out.append((u, v, face.valueAt(u, v), face.normalAt(u, v)))
        except Exception:  # noqa: BLE001
            pass
    return out


def is_stock_face(face, bb):
    """A planar face lying on the part's box and facing out of it: the stock's own surface."""
    if type(face.Surface).__name__ != 'Plane':
        return False
    fb = face.BoundBox
    tol = 1e-6 * max(1.0, bb.DiagonalLength)
    u0, u1, v0, v1 = face.ParameterRange
    n = face.normalAt((u0 + u1) / 2, (v0 + v1) / 2)
    sides = ((n.x, fb.XMin, fb.XMax, bb.XMin, bb.XMax), (n.y, fb.YMin, fb.YMax, bb.YMin, bb.YMax),
             (n.z, fb.ZMin, fb.ZMax, bb.ZMin, bb.ZMax))
    for c, lo, hi, blo, bhi in sides:
        if c < -1 + ANGLE_TOL and abs(lo - blo) <= tol and abs(hi - blo) <= tol:
            return True
        if c > 1 - ANGLE_TOL and abs(lo - bhi) <= tol and abs(hi - bhi) <= tol:
            return True
    return False


def is_bed_face(face, bb):
    if type(face.Surface).__name__ != 'Plane':
        return False
    fb = face.BoundBox
    tol = 1e-6 * max(1.0, bb.DiagonalLength)
    u0, u1, v0, v1 = face.ParameterRange
    n = face.normalAt((u0 + u1) / 2, (v0 + v1) / 2)
    return n.z < -1 + ANGLE_TOL and abs(fb.ZMin - bb.ZMin) <= tol and abs(fb.ZMax - bb.ZMin) <= tol


# --- wall thickness --------------------------------------------------------------------------------

def thickness_at(probe, k, u, v, checked=False):
    """(thickness, surface point, exit point) of the ray from face k's (u, v) opposite the normal, or None."""
    face = probe.faces[k]
    if not checked and not probe.inside(k, u, v):
        return None
    p = face.valueAt(u, v)
    n = face.normalAt(u, v)
    if n.Length < 1e-12:
        return None
    n = n.normalize()
    d = n * -1
    start = p + d * WALL_EPS
    t = probe.first_hit(start, d)
    if t is None:
        return None
    return t + WALL_EPS, p, start + d * t


def refine_thin(probe, k, u, v, best, n):
    """A pattern search in (u, v) from a thin sample to the locally thinnest spot."""
    u0, u1, v0, v1 = probe.ranges[k]
    su, sv = (u1 - u0) / n / 2, (v1 - v0) / n / 2
    for _ in range(60):
        moved = False
        for du, dv in ((su, 0), (-su, 0), (0, sv), (0, -sv)):
            r = thickness_at(probe, k, u + du, v + dv)
            if r is not None and r[0] < best[0] - 1e-9:
                best, u, v, moved = r, u + du, v + dv, True
                break
        if not moved:
            su, sv = su / 2, sv / 2
            if su < 1e-6 * max(1.0, u1 - u0) and sv < 1e-6 * max(1.0, v1 - v0):
                break
    return best


def check_walls(probe, faces, samples, n, min_wall, code_params):
    """Thin walls: every sample's thickness; the faces under the minimum and the thinnest spot."""
    thin = set()
    best = None
    for i, face in enumerate(faces):
        for (u, v, _p, _nrm) in samples[i]:
            r = thickness_at(probe, i, u, v, checked=True)
            if r is None:
                continue
            if r[0] < min_wall:
                thin.add(i)
            if best is None or r[0] < best[0][0] - 1e-9:
                best = (r, i, u, v)
    if best is None or not thin:
        return [], None if best is None else r3(best[0][0])
    (r, i, u, v) = best
    r = refine_thin(probe, i, u, v, r, n)
    t, p, q = r
    thin.add(i)
    # the face the thinnest ray left through
    import Part
    for j, f in enumerate(faces):
        if f.distToShape(Part.Vertex(q))[0] < 1e-4:
            thin.add(j)
            break
    mid = (p + q) * 0.5
    return [finding('DFM_THIN_WALL', 'error', [face_name(k) for k in thin], t, min_wall, at=mid, **code_params)], r3(t)


# --- milling ---------------------------------------------------------------------------------------

def check_reach(probe, shape, faces, samples, setups):
    import FreeCAD
    bb = shape.BoundBox
    dirs = [FreeCAD.Vector(*DIRS[s]) for s in setups]
    bad = []
    area = 0.0
    for i, face in enumerate(faces):
        if is_stock_face(face, bb):
            continue
        pts = samples[i]
        if not pts:
            continue
        blocked = 0
        for (_u, _v, p, nrm) in pts:
            nn = nrm.normalize() if nrm.Length > 1e-12 else nrm
            ok = False
            for d in dirs:
                if nn.dot(d) < -ANGLE_TOL:
                    continue
                start = p + nn * REACH_EPS + d * REACH_EPS
                if probe.first_hit(start, d) is None:
                    ok = True
                    break
            if not ok:
                blocked += 1
        if blocked:
            bad.append(i)
            area += face.Area * blocked / len(pts)
    if not bad:
        return []
    return [finding('DFM_UNDERCUT', 'error', [face_name(i) for i in bad], area, 0, unit='mm2',
                    setups=', '.join(setups), count=len(bad))]


def _cyl_axis(face):
    s = face.Surface
    a = s.Axis
    a = a.normalize()
    return s.Center, a, s.Radius


def _concave_cylinder(face):
    """True when the material lies outside the cylinder (a hole or an inner corner)."""
    c, a, _r = _cyl_axis(face)
    u0, u1, v0, v1 = face.ParameterRange
    u, v = (u0 + u1) / 2, (v0 + v1) / 2
    p = face.valueAt(u, v)
    n = face.normalAt(u, v)
    w = p - c
    radial = w - a * w.dot(a)
    return n.dot(radial) < 0


def _axis_key(c, a, r):
    # sign-free axis, its line's point nearest the origin, and the radius: one key per hole
    if a.z < -1e-9 or (abs(a.z) <= 1e-9 and (a.y < -1e-9 or (abs(a.y) <= 1e-9 and a.x < 0))):
        a = a * -1
    foot = c - a * c.dot(a)
    return (round(a.x, 4) + 0.0, round(a.y, 4) + 0.0, round(a.z, 4) + 0.0,
            round(foot.x, 3) + 0.0, round(foot.y, 3) + 0.0, round(foot.z, 3) + 0.0, round(r, 4)), a


def check_cylinders(shape, faces, setups, tools, max_ratio):
    """Inner vertical corner radii and holes (depth, matching tool)."""
    import FreeCAD
    dirs = [FreeCAD.Vector(*DIRS[s]) for s in setups]
    mills = [t for t in tools if t['type'] in ('endmill', 'ball')]
    drills = [t for t in tools if t['type'] == 'drill']
    smallest = min(mills, key=lambda t: (t['diameter_mm'], t['id'])) if mills else None
    groups = {}
    for i, face in enumerate(faces):
        if type(face.Surface).__name__ != 'Cylinder' or not _concave_cylinder(face):
            continue
        c, a, r = _cyl_axis(face)
        if not any(abs(a.dot(d)) > 1 - ANGLE_TOL for d in dirs):
            continue
        key, axis = _axis_key(c, a, r)
        u0, u1, v0, v1 = face.ParameterRange
        g = groups.setdefault(key, {'faces': [], 'span': 0.0, 'lo': None, 'hi': None, 'r': r, 'axis': axis, 'c': c})
        g['faces'].append(i)
        g['span'] += u1 - u0
        for vv in (v0, v1):
            t = face.valueAt((u0 + u1) / 2, vv).dot(axis)
            g['lo'] = t if g['lo'] is None else min(g['lo'], t)
            g['hi'] = t if g['hi'] is None else max(g['hi'], t)
    out = []
    corners = {}
    for key in sorted(groups):
        g = groups[key]
        names = [face_name(i) for i in g['faces']]
        d = 2 * g['r']
        if g['span'] < 2 * math.pi - 1e-3:
            if smallest is not None and g['r'] < smallest['diameter_mm'] / 2 - 1e-6:
                corners.setdefault(r3(g['r']), []).extend(names)
            continue
        depth = g['hi'] - g['lo']
        exact_drills = [t for t in drills if abs(t['diameter_mm'] - d) <= SIZE_TOL]
        exact_mills = [t for t in mills if abs(t['diameter_mm'] - d) <= SIZE_TOL]
        smaller_mills = [t for t in mills if t['diameter_mm'] < d - SIZE_TOL]
        reach = []  # (usable depth, tool id)
        for t in exact_drills:
            reach.append((min(t['flute_length_mm'], max_ratio * d), t['id']))
        for t in exact_mills + smaller_mills:
            reach.append((t['flute_length_mm'], t['id']))
        below = [t['diameter_mm'] for t in drills if t['diameter_mm'] < d - SIZE_TOL]
        above = [t['diameter_mm'] for t in drills if t['diameter_mm'] > d + SIZE_TOL]
        nearest = [r3(x) for x in ([max(below)] if below else []) + ([min(above)] if above else [])]
        if not reach:
            out.append(finding('DFM_NO_DRILL', 'error', names, d, None, diameter=r3(d), nearest=nearest))
            continue
        if not exact_drills and not exact_mills:
            mill = max(smaller_mills, key=lambda t: (t['diameter_mm'], t['id']))
            out.append(finding('DFM_NO_DRILL', 'info', names, d, None, diameter=r3(d), nearest=nearest, tool=mill['id']))
        best = max(reach)
        if depth > best[0] + 1e-6:
            out.append(finding('DFM_DEEP_HOLE', 'error', names, depth, best[0], diameter=r3(d), tool=best[1],
                               ratio=r3(depth / d), max_ratio=r3(max_ratio)))
    out = _merge(out)
    if corners:
        for r in sorted(corners):
            out.append(finding('DFM_INNER_RADIUS', 'error', corners[r], r, smallest['diameter_mm'] / 2, tool=smallest['id']))
    return out


def check_small_holes(faces, min_hole):
    """FDM: holes (full concave cylinders, any axis) narrower than the nozzle prints them."""
    groups = {}
    for i, face in enumerate(faces):
        if type(face.Surface).__name__ != 'Cylinder' or not _concave_cylinder(face):
            continue
        c, a, r = _cyl_axis(face)
        key, _axis = _axis_key(c, a, r)
        u0, u1, _v0, _v1 = face.ParameterRange
        g = groups.setdefault(key, {'faces': [], 'span': 0.0, 'r': r})
        g['faces'].append(i)
        g['span'] += u1 - u0
    out = []
    for key in sorted(groups):
        g = groups[key]
        d = 2 * g['r']
        if g['span'] >= 2 * math.pi - 1e-3 and d < min_hole - 1e-6:
            out.append(finding('DFM_SMALL_HOLE', 'warning', [face_name(i) for i in g['faces']], d, min_hole, diameter=r3(d)))
    return _merge(out)


def _merge(findings):
    """Findings that differ only in their faces (holes of one size and depth) as one, faces joined."""
    merged = {}
    for f in findings:
        key = (f['code'], f['severity'], f['measured'], f['allowed'], f['unit'], repr(sorted(f['params'].items())))
        if key in merged:
            merged[key]['faces'] = sorted(set(merged[key]['faces']) | set(f['faces']), key=face_index)
        else:
            merged[key] = f
    return list(merged.values())


def check_sharp_corners(shape, faces, setups, tools):
    """Sharp concave line edges along a setup direction: an inner corner of radius 0."""
    import FreeCAD
    import Part
    mills = [t for t in tools if t['type'] in ('endmill', 'ball')]
    if not mills:
        return []
    smallest = min(mills, key=lambda t: (t['diameter_mm'], t['id']))
    dirs = [FreeCAD.Vector(*DIRS[s]) for s in setups]
    # the faces each edge bounds, once (ancestorsOfType walks the whole shape per edge)
    index = {}
    for i, f in enumerate(faces):
        for fe in f.Edges:
            bucket = index.setdefault(fe.hashCode(), [])
            if not any(j == i and ge.isSame(fe) for (j, _g, ge) in bucket):
                bucket.append((i, f, fe))
    hits = []
    for e in shape.Edges:
        if type(e.Curve).__name__ != 'Line' or e.Length < 1e-6:
            continue
        t = (e.Vertexes[-1].Point - e.Vertexes[0].Point)
        if t.Length < 1e-9:
            continue
        t = t.normalize()
        if not any(abs(t.dot(d)) > 1 - ANGLE_TOL for d in dirs):
            continue
        adj = [(i, g) for (i, g, ge) in index.get(e.hashCode(), []) if ge.isSame(e)]
        if len(adj) != 2:
            continue
        m = e.valueAt((e.FirstParameter + e.LastParameter) / 2)
        (i1, f1), (i2, f2) = adj
        n1 = _normal_near(f1, m)
        n2 = _normal_near(f2, m)
        if n1 is None or n2 is None or abs(n1.dot(n2)) > 1 - ANGLE_TOL:
            continue
        # the direction within face 1 away from the edge; concave when face 2's normal points there
        w = n1.cross(t)
        eps = 1e-3 * max(1.0, e.Length)
        if f1.distToShape(Part.Vertex(m + w * eps))[0] > f1.distToShape(Part.Vertex(m - w * eps))[0]:
            w = w * -1
        if n2.dot(w) > ANGLE_TOL:
            hits.extend([face_name(i1), face_name(i2)])
    if not hits:
        return []
    return [finding('DFM_INNER_RADIUS', 'error', hits, 0, smallest['diameter_mm'] / 2, tool=smallest['id'])]


def _normal_near(face, p):
    try:
        u, v = face.Surface.parameter(p)
        n = face.normalAt(u, v)
        return n.normalize() if n.Length > 1e-12 else None
    except Exception:  # noqa: BLE001
        return None


def check_envelope(bb, envelope, code):
    if not envelope:
        return []
    dx, dy, dz = bb.XLength, bb.YLength, bb.ZLength
    ex, ey, ez = envelope['x'], envelope['y'], envelope['z']
    dims = {'sx': r3(dx), 'sy': r3(dy), 'sz': r3(dz), 'ex': r3(ex), 'ey': r3(ey), 'ez': r3(ez)}
    # the part as placed, or turned 90° about Z: the orientation that overshoots least
    worst = []
    for pairs in (((dx, ex), (dy, ey), (dz, ez)), ((dy, ex), (dx, ey), (dz, ez))):
        worst.append(max(pairs, key=lambda p: p[0] - p[1]))
    size_, allowed = min(worst, key=lambda p: p[0] - p[1])
    if size_ <= allowed + 1e-6:
        return []
    return [finding(code, 'error', [], size_, allowed, **dims)]


# --- FDM -------------------------------------------------------------------------------------------

def check_overhangs(shape, faces, samples, limit_deg, supports):
    bb = shape.BoundBox
    bad = []
    worst = 0.0
    area = 0.0
    for i, face in enumerate(faces):
        if is_bed_face(face, bb):
            continue
        pts = samples[i]
        over = 0
        for (_u, _v, _p, nrm) in pts:
            if nrm.Length < 1e-12:
                continue
            c = -nrm.normalize().z  # cos of the angle between the normal and -Z
            if c <= 1e-9:
                continue
            angle = 90.0 - math.degrees(math.acos(min(1.0, c)))  # from vertical
            if angle > limit_deg + 1e-6:
                over += 1
                worst = max(worst, angle)
        if over:
            bad.append(i)
            area += face.Area * over / len(pts)
    if not bad:
        return []
    return [finding('DFM_OVERHANG', 'warning' if supports else 'error', [face_name(i) for i in bad], worst, limit_deg,
                    unit='deg', area_mm2=r3(area))]


def print_estimate(shape, limits):
    layer = float(limits['layer_mm'])
    width = float(limits['nozzle_mm']) * 1.125
    height = shape.BoundBox.ZLength
    layers = max(1, int(math.ceil(height / layer - 1e-9)))
    volume = shape.Volume
    shell = min(volume, shape.Area * 2 * width / 2)
    printed = shell + float(limits['infill']) * max(0.0, volume - shell)
    seconds = printed / (layer * width * float(limits['print_speed_mm_s'])) + layers * 1.0
    return {'layers': layers, 'printed_mm3': r3(printed), 'print_time_s': int(round(seconds))}


# --- the flow --------------------------------------------------------------------------------------

def sort_key(f):
    return (SEVERITY[f['severity']], f['code'], [face_index(x) for x in f['faces']], f['measured'] if f['measured'] is not None else -1)


def run(ctx):
    inp = ctx.input
    process = inp['process']
    setups = list(inp.get('setups') or ['+z'])
    tools = sorted(inp.get('tools') or [], key=lambda t: (t['diameter_mm'], t['id']))
    limits = inp['limits']
    envelope = inp.get('envelope')
    with ctx.step('dfm_load', 'model'):
        shape = load_part(ctx, inp['part'])
        probe = Probe(shape, exact=bool(inp.get('exact_rays')))
        faces = probe.faces
        if not faces:
            raise FlowError('UPLOAD_NO_SOLID', 'the part has no faces', details={'file': inp['part']})
        n = int(inp.get('samples') or 6)
        # a large import gets fewer samples per face, down to one (its centre in parameters)
        n = max(1, min(n, int(math.sqrt(SAMPLE_BUDGET / len(faces)))))
        samples = [face_samples(probe, k, n) for k in range(len(faces))]
    findings = []
    summary = {}
    with ctx.step('dfm_check', 'check'):
        bb = shape.BoundBox
        if process == 'milling':
            findings += check_reach(probe, shape, faces, samples, setups)
            findings += check_cylinders(shape, faces, setups, tools, float(limits['max_hole_depth_ratio']))
            findings += check_sharp_corners(shape, faces, setups, tools)
            walls, thinnest = check_walls(probe, faces, samples, n, float(limits['min_wall_mm']), {})
            findings += walls
            findings += check_envelope(bb, envelope, 'DFM_ENVELOPE')
        else:
            findings += check_overhangs(shape, faces, samples, float(limits['overhang_deg']), bool(limits['supports']))
            nozzle = float(limits['nozzle_mm'])
            walls, thinnest = check_walls(probe, faces, samples, n, float(limits['min_wall_mm']), {'nozzle': r3(nozzle)})
            findings += walls
            findings += check_small_holes(faces, float(limits['min_hole_mm']))
            findings += check_envelope(bb, envelope, 'DFM_BED_SIZE')
            summary.update(print_estimate(shape, limits))
            findings.append(finding('DFM_PRINT_ESTIMATE', 'info', [], summary['print_time_s'] / 60.0, None, unit='min',
                                    volume_cm3=r3(shape.Volume / 1000.0), layers=summary['layers'],
                                    layer=r3(limits['layer_mm'])))
    findings.sort(key=sort_key)
    summary.update({
        'faces': len(faces),
        'samples_per_face': n,
        'rays': probe.rays,
        'volume_mm3': r3(shape.Volume),
        'area_mm2': r3(shape.Area),
        'size_mm': [r3(bb.XLength), r3(bb.YLength), r3(bb.ZLength)],
        'thinnest_mm': thinnest,
    })
    ctx.data['dfm'] = {'findings': findings, 'summary': summary}
