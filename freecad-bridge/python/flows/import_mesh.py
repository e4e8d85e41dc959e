"""Triangle meshes for the import flow (STL, OBJ, tessellated STEP): checks, repairs and the way to a solid.

The checks count what a user can act on: open boundary edges and the holes they form, non-manifold
edges, degenerate and duplicate triangles, triangles facing the wrong way, separate pieces. A closed,
manifold, consistently oriented mesh becomes a B-rep solid (one planar face per triangle; refine merges
coplanar ones) up to MAX_SOLID_TRIANGLES; past that it stays a mesh (volume from the mesh itself),
because OpenCASCADE's sewing grows too slow for the import's time limit.
"""
import math

from flows.errors import FlowError

# B-rep conversion limit: ~45k triangles take ~20 s (sew, solid, validity check) on one core.
MAX_SOLID_TRIANGLES = 50000
# Holes with at most this many boundary edges are filled by --repair; bigger openings are left alone.
MAX_HOLE_EDGES = 64


def analyse(mesh):
    """Counts for the report. Edges are keyed by their sorted vertex pair: used once = open boundary,
    more than twice = non-manifold."""
    import numpy as np
    points, facets = mesh.Topology
    f = np.asarray(facets, dtype=np.int64).reshape(-1, 3)
    stats = {
        'triangles': int(len(f)),
        'vertices': int(len(points)),
        'open_edges': 0,
        'holes': 0,
        'non_manifold_edges': 0,
        'degenerate_triangles': 0,
        'duplicate_triangles': 0,
        'misoriented_triangles': int(mesh.countNonUniformOrientedFacets()) if len(f) else 0,
        'components': int(mesh.countComponents()) if len(f) else 0,
    }
    if not len(f):
        stats.update(closed=False, manifold=True, oriented=True)
        return stats
    p = np.asarray([(v.x, v.y, v.z) for v in points], dtype=np.float64)
    # degenerate: repeated vertex index or (near) zero area relative to the mesh size
    a, b, c = p[f[:, 0]], p[f[:, 1]], p[f[:, 2]]
    area2 = np.linalg.norm(np.cross(b - a, c - a), axis=1)
    diag = float(np.linalg.norm(p.max(axis=0) - p.min(axis=0))) or 1.0
    same = (f[:, 0] == f[:, 1]) | (f[:, 1] == f[:, 2]) | (f[:, 0] == f[:, 2])
    stats['degenerate_triangles'] = int((same | (area2 <= (1e-9 * diag) ** 2)).sum())
    stats['duplicate_triangles'] = int(len(f) - len(np.unique(np.sort(f, axis=1), axis=0)))
    e = np.concatenate([f[:, [0, 1]], f[:, [1, 2]], f[:, [2, 0]]])
    e.sort(axis=1)
    edges, counts = np.unique(e, axis=0, return_counts=True)
    boundary = edges[counts == 1]
    stats['open_edges'] = int(len(boundary))
    stats['non_manifold_edges'] = int((counts > 2).sum())
    stats['holes'] = _count_loops(boundary)
    stats['closed'] = stats['open_edges'] == 0
    stats['manifold'] = stats['non_manifold_edges'] == 0
    stats['oriented'] = stats['misoriented_triangles'] == 0
    return stats


def _count_loops(boundary):
    """Connected groups of boundary edges (union-find over their vertices): one per hole."""
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for u, v in boundary.tolist():
        ru, rv = find(u), find(v)
        if ru != rv:
            parent[ru] = rv
    return len({find(v) for v in list(parent)})


def check_coordinates(mesh, limit_mm):
    """NaN, infinite or absurd coordinates (a flipped exponent bit in a binary STL) are damage."""
    if mesh.hasInvalidPoints():
        return 'coordinates that are not numbers (NaN)'
    if mesh.CountPoints:
        bb = mesh.BoundBox
        vals = (bb.XMin, bb.YMin, bb.ZMin, bb.XMax, bb.YMax, bb.ZMax)
        if not all(math.isfinite(v) for v in vals) or max(abs(v) for v in vals) > limit_mm:
            return 'coordinates beyond ±%g mm' % limit_mm
    return None


def repair(mesh, before):
    """--repair: the usual clean-up, in an order where each step helps the next. Returns the repair
    records (what was done, how many) for the report."""
    done = []

    def record(kind, count, **extra):
        if count:
            done.append(dict(kind=kind, count=int(count), **extra))

    if mesh.hasInvalidPoints():
        n = mesh.CountPoints
        mesh.removeInvalidPoints()
        record('remove_invalid_points', n - mesh.CountPoints)
    n = mesh.CountFacets
    mesh.fixDegenerations(0.0)
    record('remove_degenerate_triangles', n - mesh.CountFacets)
    n = mesh.CountFacets
    mesh.removeDuplicatedFacets()
    record('remove_duplicate_triangles', n - mesh.CountFacets)
    n = mesh.CountPoints
    mesh.removeDuplicatedPoints()
    record('merge_duplicate_points', n - mesh.CountPoints)
    mesh.fixIndices()
    if before['non_manifold_edges']:
        n = mesh.CountFacets
        mesh.removeNonManifolds()
        record('remove_non_manifold_triangles', n - mesh.CountFacets)
    wrong = mesh.countNonUniformOrientedFacets()
    if wrong:
        mesh.harmonizeNormals()
        record('reorient_triangles', wrong - mesh.countNonUniformOrientedFacets())
    mid = analyse(mesh)
    if mid['open_edges']:
        n = mesh.CountFacets
        mesh.fillupHoles(MAX_HOLE_EDGES, 0)
        after = analyse(mesh)
        record('fill_holes', mid['holes'] - after['holes'], triangles_added=mesh.CountFacets - n, max_hole_edges=MAX_HOLE_EDGES)
    return done


def weld(mesh, tolerance):
    """Merges vertices closer than the tolerance (snaps them to a grid of that size and rebuilds)."""
    import FreeCAD
    import Mesh
    import numpy as np
    points, facets = mesh.Topology
    if not facets:
        return mesh, 0
    p = np.asarray([(v.x, v.y, v.z) for v in points], dtype=np.float64)
    keys = np.round(p / tolerance).astype(np.int64)
    _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    merged = len(p) - len(first)
    if not merged:
        return mesh, 0
    f = inverse.reshape(-1)[np.asarray(facets, dtype=np.int64)]
    keep = (f[:, 0] != f[:, 1]) & (f[:, 1] != f[:, 2]) & (f[:, 0] != f[:, 2])
    q = p[first]
    # points must be Vectors: FreeCAD 1.1 crashes on (tuple points, facets)
    welded = Mesh.Mesh(([FreeCAD.Vector(*v) for v in q.tolist()], [tuple(t) for t in f[keep].tolist()]))
    return welded, int(merged)


def is_solid_candidate(stats):
    return stats['triangles'] > 0 and stats['closed'] and stats['manifold'] and stats['oriented']


def to_shape(mesh, stats, tolerance):
    """A B-rep of the triangles: a solid when the mesh is closed and consistent, else a shell/faces.
    None when the mesh is too big to convert in time (it then stays a mesh)."""
    import Part
    if stats['triangles'] > MAX_SOLID_TRIANGLES:
        return None
    shape = Part.Shape()
    shape.makeShapeFromMesh(mesh.Topology, tolerance, True)
    if not is_solid_candidate(stats):
        return shape
    shells = shape.Shells
    if not shells or not all(sh.isClosed() for sh in shells):
        return shape
    solids = []
    for sh in shells:  # one per piece (Suzanne's eyes are pieces of their own)
        solid = Part.Solid(sh)
        if solid.Volume < 0:
            solid.complement()
        solids.append(solid)
    return solids[0] if len(solids) == 1 else Part.Compound(solids)


def flip_if_inside_out(mesh):
    """A closed, consistent mesh whose normals all point inwards has a negative volume."""
    if mesh.CountFacets and mesh.Volume < 0:
        mesh.flipNormals()
        return True
    return False


def _volume_and_centre(mesh):
    """Signed volume and centroid of a closed mesh in double precision (FreeCAD's own sums in float)."""
    import numpy as np
    points, facets = mesh.Topology
    p = np.asarray([(v.x, v.y, v.z) for v in points], dtype=np.float64)
    f = np.asarray(facets, dtype=np.int64).reshape(-1, 3)
    a, b, c = p[f[:, 0]], p[f[:, 1]], p[f[:, 2]]
    v = np.einsum('ij,ij->i', a, np.cross(b, c)) / 6.0
    total = float(v.sum())
    centre = ((a + b + c) * (v / 4.0)[:, None]).sum(axis=0) / total if total else None
    return total, centre


def measure(mesh, closed):
    """Metrics (shared/jobs.ts) of a mesh that stays a mesh; its bounding box is exact."""
    from flows.outputs import bbox_record, rounded
    bb = mesh.BoundBox
    volume, com = None, None
    if closed:
        signed, centre = _volume_and_centre(mesh)
        volume = abs(signed)
        if centre is not None:
            com = {'x': rounded(centre[0]), 'y': rounded(centre[1]), 'z': rounded(centre[2])}
    return {
        'solids': 1 if closed else 0,
        'shells': 0,
        'faces': int(mesh.CountFacets),
        'edges': int(mesh.CountEdges),
        'vertices': int(mesh.CountPoints),
        'volume_mm3': None if volume is None else rounded(volume),
        'area_mm2': rounded(mesh.Area),
        'bbox_mm': bbox_record(bb),
        'center_of_mass_mm': com,
        'triangles': int(mesh.CountFacets),
        'is_valid': bool(closed),
    }


def write_preview(mesh, path, budget):
    """The preview (tzmesh/1, see outputs.write_preview_mesh) of a mesh that has no B-rep: one 'face'
    holding every triangle, decimated first if it is over the triangle budget."""
    from flows.outputs import write_tzmesh
    if mesh.CountFacets > budget:
        mesh = mesh.copy()
        mesh.decimate(mesh.BoundBox.DiagonalLength * 1e-3, 1.0 - float(budget) / mesh.CountFacets)
    points, facets = mesh.Topology
    positions = [c for v in points for c in (v.x, v.y, v.z)]
    indices = [i for t in facets for i in t]
    faces = [0, len(points), 0, len(facets)] if facets else []
    return write_tzmesh(path, positions, indices, faces, {'linear_deflection_mm': 0.0, 'source': 'mesh'})


def require_closed(stats):
    """The error for a mesh that cannot be a solid, when a solid was required."""
    if stats['non_manifold_edges']:
        raise FlowError('MESH_NON_MANIFOLD', 'the mesh has non-manifold edges', details=_warn_details(stats))
    raise FlowError('MESH_NOT_CLOSED', 'the mesh is not closed', details=_warn_details(stats))


def warnings_for(stats):
    out = []
    if stats['open_edges']:
        out.append(('MESH_NOT_CLOSED', _warn_details(stats)))
    if stats['non_manifold_edges']:
        out.append(('MESH_NON_MANIFOLD', _warn_details(stats)))
    return out


def _warn_details(stats):
    return {k: stats[k] for k in ('open_edges', 'holes', 'non_manifold_edges', 'misoriented_triangles', 'triangles')}
