"""What a part offers to CAM: its box, the holes a drill can reach from above, pocket floors and the
top faces. Read by the app before any toolpath is made, so it can choose tools and refuse what the
machine or the tools cannot do (CAM_LIMIT_EXCEEDED) without writing G-code.

Conventions: Z up, the part is machined from +Z only (one set-up). Faces are named 'FaceN' as FreeCAD
does; the same file read again gives the same names, so the app can refer to them in the next run.
"""
import math
import os

from flows.errors import FlowError
from flows.outputs import rounded

# Geometry tests run at this tolerance (mm); coordinates are reported rounded to 1 µm.
_TOL = 1e-6
_PROBE = 0.01  # how far above a face the "is this open to the top" probes sit


def load_part(ctx, name):
    """The solids of a STEP or FCStd file in the job dir, as one shape."""
    import FreeCAD
    import Part
    path = os.path.normpath(os.path.join(ctx.job_dir, str(name)))
    if os.path.dirname(path) != os.path.normpath(ctx.job_dir):
        raise FlowError('VALIDATION_ERROR', 'the part file must be in the job dir', details={'field': 'part'})
    if not os.path.isfile(path):
        raise FlowError('VALIDATION_ERROR', 'the part file is missing', details={'field': 'part', 'detail': name})
    ext = os.path.splitext(path)[1].lower()
    if ext in ('.step', '.stp'):
        shape = Part.read(path)
    elif ext == '.fcstd':
        doc = FreeCAD.openDocument(path)
        # The finished bodies: objects with a solid that nothing else in the document builds on.
        shapes = [o.Shape for o in doc.Objects
                  if hasattr(o, 'Shape') and not o.Shape.isNull() and o.Shape.Solids
                  and not [p for p in o.InList if hasattr(p, 'Shape')]]
        shape = Part.makeCompound([s.copy() for s in shapes]) if shapes else None
    else:
        raise FlowError('VALIDATION_ERROR', 'the part must be a STEP or FCStd file', details={'field': 'part', 'detail': ext})
    if shape is None or shape.isNull() or not shape.Solids:
        raise FlowError('UPLOAD_NO_SOLID', 'the part file has no solid to machine', details={'file': name})
    return Part.makeCompound(shape.Solids) if len(shape.Solids) > 1 else shape.Solids[0]


def _bbox(b):
    return {'xmin': rounded(b.XMin), 'ymin': rounded(b.YMin), 'zmin': rounded(b.ZMin),
            'xmax': rounded(b.XMax), 'ymax': rounded(b.YMax), 'zmax': rounded(b.ZMax)}


def _open_above(shape, x, y, z0, z1):
    """True when the vertical column at (x, y) from just above z0 up to z1 holds no material."""
    import FreeCAD
    if z1 <= z0 + _PROBE:
        z1 = z0 + 2 * _PROBE
    steps = 4
    for k in range(steps + 1):
        z = z0 + _PROBE + (z1 - z0 - _PROBE) * k / steps
        if shape.isInside(FreeCAD.Vector(x, y, z), _TOL, True):
            return False
    return True


def _is_vertical_axis(axis):
    return abs(abs(axis.z) - 1.0) < 1e-9


def find_holes(shape):
    """Round holes along Z that open to the top: cylindrical faces whose normal points at the axis,
    grouped by axis and radius (STEP often splits a hole into two half cylinders)."""
    import FreeCAD
    bb = shape.BoundBox
    groups = {}
    for index, face in enumerate(shape.Faces):
        surf = face.Surface
        if surf.__class__.__name__ != 'Cylinder' or not _is_vertical_axis(surf.Axis):
            continue
        u0, u1, v0, v1 = face.ParameterRange
        um, vm = (u0 + u1) / 2, (v0 + v1) / 2
        p = face.valueAt(um, vm)
        n = face.normalAt(um, vm)
        c = surf.Center
        radial = FreeCAD.Vector(p.x - c.x, p.y - c.y, 0)
        if n.dot(radial) >= 0:
            continue  # a boss (material inside the cylinder), not a hole
        key = (round(c.x, 4), round(c.y, 4), round(surf.Radius, 4))
        fb = face.BoundBox
        g = groups.setdefault(key, {'x': c.x, 'y': c.y, 'r': surf.Radius, 'zmin': fb.ZMin, 'zmax': fb.ZMax,
                                    'span': 0.0, 'faces': []})
        g['zmin'] = min(g['zmin'], fb.ZMin)
        g['zmax'] = max(g['zmax'], fb.ZMax)
        g['span'] += abs(u1 - u0)
        g['faces'].append('Face%d' % (index + 1))
    holes = []
    for key in sorted(groups):
        g = groups[key]
        if g['span'] < 2 * math.pi - 1e-6:
            continue  # a partial arc (a rounded slot end, a fillet), not a round hole
        if not _open_above(shape, g['x'], g['y'], g['zmax'], bb.ZMax + 1.0):
            continue  # covered from above: a drill cannot reach it
        through = abs(g['zmin'] - bb.ZMin) < 1e-6 and not shape.isInside(
            FreeCAD.Vector(g['x'], g['y'], bb.ZMin - _PROBE), _TOL, True)
        holes.append({
            'x': rounded(g['x']), 'y': rounded(g['y']), 'diameter': rounded(2 * g['r']),
            'top_z': rounded(g['zmax']), 'bottom_z': rounded(g['zmin']),
            'depth': rounded(g['zmax'] - g['zmin']), 'through': bool(through),
            'face': g['faces'][0], 'faces': g['faces'],
        })
    return holes


def _inside_point(face):
    """A point inside a planar face (its centre of mass may sit in an island)."""
    p = face.CenterOfMass
    if face.isInside(p, _TOL, True):
        return p
    pts, tris = face.tessellate(0.5)
    for t in tris:
        q = (pts[t[0]] + pts[t[1]] + pts[t[2]]) * (1.0 / 3.0)
        if face.isInside(q, _TOL, True):
            return q
    return p


def _max_inset(face):
    """Largest radius r for which the face shrunk by r still has area: a cutter of diameter 2r is the
    widest that fits everywhere it must go. Found by bisection on makeOffset2D."""
    import Part
    bb = face.BoundBox
    lo, hi = 0.0, max(bb.XLength, bb.YLength) / 2 + 1.0
    boundary = Part.makeCompound(face.Wires)

    def fits(r):
        try:
            off = face.makeOffset2D(-r, join=0, fill=False, openResult=False, intersection=False)
        except Exception:  # noqa: BLE001 - OCC throws when the offset vanishes
            return False
        if off.isNull() or not off.Wires:
            return False
        # Past the real limit OCC may return an inverted, turned-inside-out wire: every offset wire
        # must still keep r away from every wall (the outline and the islands).
        return all(w.distToShape(boundary)[0] >= r - 1e-3 for w in off.Wires)

    for _ in range(14):
        mid = (lo + hi) / 2
        if fits(mid):
            lo = mid
        else:
            hi = mid
    return lo


def _flat_faces_up(shape):
    """(name, face, z) of every planar face lying flat and looking up (+Z)."""
    for index, face in enumerate(shape.Faces):
        if face.Surface.__class__.__name__ != 'Plane' or face.BoundBox.ZLength > 1e-6:
            continue
        u0, u1, v0, v1 = face.ParameterRange
        if face.normalAt((u0 + u1) / 2, (v0 + v1) / 2).z < 1 - 1e-9:
            continue
        yield 'Face%d' % (index + 1), face, face.BoundBox.ZMin


def find_pockets(shape):
    """Pocket floors: faces looking up (+Z) below the part's top with nothing above them."""
    bb = shape.BoundBox
    pockets = []
    for name, face, z in _flat_faces_up(shape):
        if z >= bb.ZMax - 1e-6 or z <= bb.ZMin + 1e-6:
            continue
        p = _inside_point(face)
        if not _open_above(shape, p.x, p.y, z, bb.ZMax + 1.0):
            continue
        pockets.append({
            'face': name, 'floor_z': rounded(z), 'depth': rounded(bb.ZMax - z),
            'min_width': rounded(2 * _max_inset(face), 3), 'area': rounded(face.Area, 3),
            'islands': len(face.Wires) - 1, 'bbox': _bbox(face.BoundBox),
        })
    return pockets


def top_faces(shape):
    """The faces a facing operation flattens: flat, looking up, at the part's top."""
    top = shape.BoundBox.ZMax
    return [name for name, _face, z in _flat_faces_up(shape) if abs(z - top) < 1e-6]


def _is_hole_bottom(pocket, holes):
    b = pocket['bbox']
    for h in holes:
        r = h['diameter'] / 2
        if (abs(pocket['floor_z'] - h['bottom_z']) < 1e-6 and abs(b['xmin'] - (h['x'] - r)) < 1e-3
                and abs(b['xmax'] - (h['x'] + r)) < 1e-3 and abs(b['ymin'] - (h['y'] - r)) < 1e-3
                and abs(b['ymax'] - (h['y'] + r)) < 1e-3):
            return True
    return False


def analyse(shape):
    holes = find_holes(shape)
    # A blind hole's flat bottom looks like a pocket floor; the drill makes it.
    pockets = [p for p in find_pockets(shape) if not _is_hole_bottom(p, holes)]
    return {
        'bbox': _bbox(shape.BoundBox),
        'volume_mm3': rounded(shape.Volume, 3),
        'holes': holes,
        'pockets': pockets,
        'top_faces': top_faces(shape),
        'faces': len(shape.Faces),
    }
