"""B-rep checks, repairs and transforms for the import flow.

Solids are checked (BRepCheck), fixed with ShapeFix when invalid, and turned right side out when
their volume is negative. Loose faces and open shells (surface models, IGES face sets) are sewn; a
closed sewn shell becomes a solid. Faces without surfaces (tessellated STEP, AP242) are meshes in
disguise and go the mesh way.
"""
import math

# Sewing tolerance (mm): generous enough for the gaps of typical IGES/STEP surface exports, far below
# any feature size. --repair widens it for files with larger gaps.
SEW_TOLERANCE_MM = 0.001
SEW_TOLERANCE_REPAIR_MM = 0.05


def has_surfaceless_faces(shape):
    """True when some faces carry only a triangulation (tessellated geometry): their Surface raises."""
    for face in shape.Faces:
        try:
            face.Surface
        except Exception:  # noqa: BLE001 - "undefined surface type"
            return True
    return False


def fix_solid(solid, tolerance):
    """Returns (solid, repairs). Invalid → ShapeFix; negative volume → complemented."""
    import Part
    repairs = []
    if not solid.isValid():
        fixed = solid.copy()
        try:
            sf = Part.ShapeFix.Shape(fixed)
            sf.Precision = tolerance
            sf.MaxTolerance = max(tolerance * 1000, 0.1)
            sf.perform()
            fixed = sf.shape()
        except Exception:  # noqa: BLE001 - fall back to the simpler fixer
            fixed.fix(tolerance, tolerance, max(tolerance * 1000, 0.1))
        ok = fixed.isValid() and fixed.Solids
        repairs.append({'kind': 'fix_invalid_solid', 'count': 1, 'fixed': bool(ok)})
        if ok:
            solid = fixed.Solids[0] if len(fixed.Solids) == 1 else fixed
    if solid.ShapeType == 'Solid' and solid.Volume < 0:
        solid = solid.copy()
        solid.complement()
        repairs.append({'kind': 'turn_solid_outside_out', 'count': 1})
    return solid, repairs


def sew(faces, tolerance):
    """Sews faces into shells. Returns (solids, open_shells_or_faces)."""
    import Part
    if not faces:
        return [], []
    compound = Part.Compound([f.copy() for f in faces])
    compound.sewShape(tolerance)
    solids, rest = [], []
    used = 0
    for shell in compound.Shells:
        used += len(shell.Faces)
        if shell.isClosed():
            solid = Part.Solid(shell)
            if solid.Volume < 0:
                solid.complement()
            if solid.isValid():
                solids.append(solid)
                continue
        rest.append(shell)
    if used < len(compound.Faces):
        # faces that joined no shell
        in_shells = {f.hashCode() for s in compound.Shells for f in s.Faces}
        rest.extend(f for f in compound.Faces if f.hashCode() not in in_shells)
    return solids, rest


def loose_faces(shape):
    """Faces of the shape that belong to no solid (surfaces, open shells)."""
    in_solids = {f.hashCode() for s in shape.Solids for f in s.Faces}
    return [f for f in shape.Faces if f.hashCode() not in in_solids]


def scaled(shape, factor):
    if factor == 1:
        return shape
    return shape.scaled(factor)


def z_up_matrix():
    """Y-up (meshes from graphics tools, some CAD exports) to Z-up: +90° about X, so +Y becomes +Z."""
    import FreeCAD
    return FreeCAD.Placement(FreeCAD.Vector(0, 0, 0), FreeCAD.Rotation(FreeCAD.Vector(1, 0, 0), 90)).toMatrix()


def translation_matrix(dx, dy, dz):
    import FreeCAD
    m = FreeCAD.Matrix()
    m.move(FreeCAD.Vector(dx, dy, dz))
    return m


def transformed(shape, matrix):
    out = shape.copy()
    out.transformShape(matrix, False, False)
    return out


def refine(shape):
    """Merges coplanar/co-cylindrical neighbour faces (FreeCAD's 'refine'); keeps the input if the
    result is not valid."""
    try:
        out = shape.removeSplitter()
    except Exception:  # noqa: BLE001
        return shape
    return out if out.isValid() and not out.isNull() else shape


def tight_bbox(shape):
    return shape.optimalBoundingBox(False, False)


def coordinates_problem(bb, limit_mm):
    vals = (bb.XMin, bb.YMin, bb.ZMin, bb.XMax, bb.YMax, bb.ZMax)
    if not all(math.isfinite(v) for v in vals):
        return 'coordinates that are not finite numbers'
    if max(abs(v) for v in vals) > limit_mm:
        return 'coordinates beyond ±%g mm' % limit_mm
    return None
