"""Output writers shared by the flows: FCStd, STEP, STL, the preview tessellation and metrics.

Determinism: STEP gets a fixed FILE_NAME header; STL and the preview use fixed, absolute meshing
tolerances (recorded in each output's meta), so the same shape gives the same bytes.
"""
import array
import json
import math
import os
import re
import struct
import sys

from flows.errors import FlowError

# Meshing tolerances for STL and the preview (absolute, not relative to the part size).
LINEAR_DEFLECTION_MM = 0.05
ANGULAR_DEFLECTION_DEG = 15.0
STEP_SCHEMA = 'AP214IS'
MESH_MAGIC = b'TZMESH01'
MESH_FORMAT = 'tzmesh/1'

# FILE_NAME fields that vary from run to run (time stamp) or by user (author, organisation).
_FIXED_TIMESTAMP = '1970-01-01T00:00:00'
_FIXED_PARTY = 'Tezgah'


def save_fcstd(doc, path):
    doc.saveAs(path)
    return {'freecad_document': True}


def export_step(objects, path):
    import Import
    Import.export(objects, path)
    normalise_step_header(path)
    with open(path, 'rb') as f:
        head = f.read(4096).decode('latin-1')
    if 'AUTOMOTIVE_DESIGN' not in head:
        raise FlowError('FC_EXPORT_FAILED', 'STEP was not written as AP214', phase='export')
    return {'schema': STEP_SCHEMA, 'header_normalised': True, 'units': 'mm'}


def _split_step_args(text):
    """Splits a STEP parameter list at top-level commas, respecting '...' strings and (...)."""
    args, depth, cur, i = [], 0, [], 0
    while i < len(text):
        c = text[i]
        if c == "'":
            j = i + 1
            while j < len(text):
                if text[j] == "'" and j + 1 < len(text) and text[j + 1] == "'":
                    j += 2
                    continue
                if text[j] == "'":
                    break
                j += 1
            cur.append(text[i:j + 1])
            i = j + 1
            continue
        if c == '(':
            depth += 1
        elif c == ')':
            depth -= 1
        if c == ',' and depth == 0:
            args.append(''.join(cur).strip())
            cur = []
        else:
            cur.append(c)
        i += 1
    args.append(''.join(cur).strip())
    return args


def _step_str(s):
    return "'" + s.replace("'", "''") + "'"


def normalise_step_header(path):
    """Rewrites FILE_NAME(name, time_stamp, author, organization, preprocessor, system, authorization)
    with fixed name/time/author/organisation/authorization; keeps the exporter's own version strings."""
    with open(path, 'rb') as f:
        raw = f.read()
    text = raw.decode('latin-1')
    end = text.find('ENDSEC;')
    m = re.search(r'FILE_NAME\s*\((.*?)\)\s*;', text[:end] if end > 0 else text, re.S)
    if not m:
        raise FlowError('FC_EXPORT_FAILED', 'STEP header has no FILE_NAME', phase='export')
    args = _split_step_args(m.group(1))
    if len(args) != 7:
        raise FlowError('FC_EXPORT_FAILED', 'unexpected STEP FILE_NAME with %d fields' % len(args), phase='export')
    args[0] = _step_str(os.path.basename(path))
    args[1] = _step_str(_FIXED_TIMESTAMP)
    args[2] = '(' + _step_str(_FIXED_PARTY) + ')'
    args[3] = '(' + _step_str(_FIXED_PARTY) + ')'
    args[6] = _step_str('')
    text = text[:m.start()] + 'FILE_NAME(' + ','.join(args) + ');' + text[m.end():]
    text = text.replace('\r\n', '\n')
    with open(path, 'wb') as f:
        f.write(text.encode('latin-1'))


def mesh_shape(shape):
    """One mesh of the whole shape with the fixed tolerances. It also leaves the triangulation on the
    shape's faces, so the per-face preview below reuses exactly these triangles."""
    import MeshPart
    return MeshPart.meshFromShape(Shape=shape, LinearDeflection=LINEAR_DEFLECTION_MM,
                                  AngularDeflection=math.radians(ANGULAR_DEFLECTION_DEG), Relative=False)


def export_stl(mesh, path):
    mesh.write(path)  # binary STL, constant 80-byte header
    triangles = int(mesh.CountFacets)
    size = os.path.getsize(path)
    if size != 84 + 50 * triangles:
        raise FlowError('FC_EXPORT_FAILED', 'STL is not the expected binary size', phase='export')
    return {'format': 'binary', 'triangles': triangles, 'linear_deflection_mm': LINEAR_DEFLECTION_MM,
            'angular_deflection_deg': ANGULAR_DEFLECTION_DEG, 'relative': False}


def _face_triangles(face, tol):
    pts, tris = face.tessellate(tol)
    if not tris:
        return pts, tris, False
    # Triangles must face out of the solid. FreeCAD applies the face orientation already; check the
    # largest triangle against the surface normal there and flip the whole face if they disagree.
    best, best_area = None, -1.0
    for t in tris:
        n = (pts[t[1]] - pts[t[0]]).cross(pts[t[2]] - pts[t[0]])
        a = n.Length
        if a > best_area:
            best, best_area = (t, n), a
    flipped = False
    try:
        t, n = best
        c = (pts[t[0]] + pts[t[1]] + pts[t[2]]) * (1.0 / 3.0)
        u, v = face.Surface.parameter(c)
        if face.normalAt(u, v).dot(n) < 0:
            tris = [(a, c2, b) for (a, b, c2) in tris]
            flipped = True
    except Exception:  # noqa: BLE001 - a surface without parameters keeps FreeCAD's orientation
        pass
    return pts, tris, flipped


def write_preview_mesh(shape, path, linear_deflection_mm=LINEAR_DEFLECTION_MM):
    """Compact binary tessellation for the GLB preview (read by freecad-bridge/src/glb.ts):

      magic 'TZMESH01' | u32 header_len | header JSON (space-padded to 4 bytes)
      | f32 positions[3*V] | u32 indices[3*T] | u32 faces[4*F] = (first_vertex, vertex_count,
        first_triangle, triangle_count) per B-rep face, in shape.Faces order

    All little-endian. Vertices are per face (not shared across faces), so the viewer can colour and
    pick faces and edges stay sharp. The deflection is the fixed one unless a flow picks its own
    (the import flow scales it with the part)."""
    positions = array.array('f')
    indices = array.array('I')
    faces = array.array('I')
    flipped = 0
    for face in shape.Faces:
        pts, tris, was_flipped = _face_triangles(face, linear_deflection_mm)
        flipped += 1 if was_flipped else 0
        first_vertex = len(positions) // 3
        first_tri = len(indices) // 3
        for p in pts:
            positions.extend((p.x, p.y, p.z))
        for a, b, c in tris:
            indices.extend((first_vertex + a, first_vertex + b, first_vertex + c))
        faces.extend((first_vertex, len(pts), first_tri, len(tris)))
    header = write_tzmesh(path, positions, indices, faces, {'linear_deflection_mm': linear_deflection_mm})
    return dict(header, faces_flipped=flipped)


def write_tzmesh(path, positions, indices, faces, header_extra=None):
    """Writes the tzmesh/1 file above from flat sequences (xyz per vertex, three indices per
    triangle, four numbers per face); returns its header."""
    positions = positions if isinstance(positions, array.array) else array.array('f', positions)
    indices = indices if isinstance(indices, array.array) else array.array('I', indices)
    faces = faces if isinstance(faces, array.array) else array.array('I', faces)
    if indices.itemsize != 4 or positions.itemsize != 4:
        raise FlowError('FC_EXPORT_FAILED', 'platform array sizes are not 32-bit', phase='mesh')
    if sys.byteorder != 'little':
        for a in (positions, indices, faces):
            a.byteswap()
    vertex_count, triangle_count, face_count = len(positions) // 3, len(indices) // 3, len(faces) // 4
    header = {
        'format': MESH_FORMAT, 'units': 'mm', 'vertices': vertex_count, 'triangles': triangle_count,
        'faces': face_count, 'linear_deflection_mm': LINEAR_DEFLECTION_MM,
        'angular_deflection_deg': ANGULAR_DEFLECTION_DEG,
    }
    header.update(header_extra or {})
    hj = json.dumps(header, sort_keys=True, separators=(',', ':')).encode('utf-8')
    hj += b' ' * ((4 - len(hj) % 4) % 4)
    with open(path, 'wb') as f:
        f.write(MESH_MAGIC)
        f.write(struct.pack('<I', len(hj)))
        f.write(hj)
        f.write(positions.tobytes())
        f.write(indices.tobytes())
        f.write(faces.tobytes())
    return header


def rounded(x, nd=6):
    # Rounded so that float noise (1e-13) does not make equal parts look different in the metrics.
    v = round(float(x), nd)
    return 0.0 if v == 0 else v


def bbox_record(bb):
    return {'xmin': rounded(bb.XMin), 'ymin': rounded(bb.YMin), 'zmin': rounded(bb.ZMin),
            'xmax': rounded(bb.XMax), 'ymax': rounded(bb.YMax), 'zmax': rounded(bb.ZMax)}


def measure(shape, triangles):
    """Metrics per shared/jobs.ts. Mass is left to the app (it knows the material's density)."""
    solids = shape.Solids
    volume = sum(s.Volume for s in solids) if solids else None
    com = None
    if solids and volume and volume > 0:
        acc = [0.0, 0.0, 0.0]
        for s in solids:  # volume-weighted over solids
            c = s.CenterOfMass
            acc[0] += s.Volume * c.x
            acc[1] += s.Volume * c.y
            acc[2] += s.Volume * c.z
        com = {'x': rounded(acc[0] / volume), 'y': rounded(acc[1] / volume), 'z': rounded(acc[2] / volume)}
    bb = shape.optimalBoundingBox(False, False)  # tight: exact geometry, no tolerance gap
    return {
        'solids': len(solids),
        'shells': len(shape.Shells),
        'faces': len(shape.Faces),
        'edges': len(shape.Edges),
        'vertices': len(shape.Vertexes),
        'volume_mm3': None if volume is None else rounded(volume),
        'area_mm2': rounded(shape.Area),
        'bbox_mm': bbox_record(bb),
        'center_of_mass_mm': com,
        'triangles': int(triangles),
        'is_valid': bool(shape.isValid()),
    }


def standard_outputs(ctx, doc, obj, shape, stem='model'):
    """The usual set for a part: FCStd, STEP, STL, preview mesh and metrics, each its own step."""
    with ctx.step('export_fcstd', 'export'):
        name = stem + '.FCStd'
        ctx.add_output('fcstd', name, save_fcstd(doc, ctx.path(name)))
    with ctx.step('export_step', 'export'):
        name = stem + '.step'
        ctx.add_output('step', name, export_step([obj], ctx.path(name)))
    with ctx.step('export_stl', 'mesh'):
        name = stem + '.stl'
        mesh = mesh_shape(shape)
        meta = export_stl(mesh, ctx.path(name))
        ctx.add_output('stl', name, meta)
    with ctx.step('tessellate', 'mesh'):
        name = 'preview.mesh'
        ctx.add_output('mesh', name, write_preview_mesh(shape, ctx.path(name)))
    with ctx.step('metrics', 'model'):
        ctx.metrics = measure(shape, meta['triangles'])
        if not ctx.metrics['solids']:
            ctx.warn('NOT_A_SOLID')
