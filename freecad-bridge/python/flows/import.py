"""Import flow: a user's CAD or mesh file becomes a checked, normalised part (FCStd, STEP, STL, preview,
metrics) plus the facts for the import report.

Input (electron/domains/import/flow.ts has already detected the format and the file's units from its content,
and copied the file read-only into the job dir):
  source          file name of that copy
  format          step | iges | brep | fcstd | stl | obj
  name            label of the part/document (the file name without extension)
  reader_unit_mm  mm per file unit that the reader converts by itself (STEP, IGES), else null
  user_unit_mm    the user's --units as mm per unit, else null (auto)
  z_up, center, refine, repair, require_solid   booleans (see electron/domains/import/flow.ts)
  preview_triangles   triangle budget of the preview (default 2 000 000)
  expected_triangles  triangles the text of an OBJ/ASCII STL holds (counted before), else null
Data: {'import': {scale, inferred_unit, conversions, repairs, parts, assembly, mesh, notes}}

Steps: import (read, units) → repair (check, fix, sew, mesh → solid) → normalise (Z-up, refine,
centre) → the usual outputs. Order matters: units first so every tolerance is in mm.
"""
import math
import os

from flows.errors import FlowError
from flows.outputs import (export_step, export_stl, measure, mesh_shape, rounded, save_fcstd,
                           write_preview_mesh)

import flows.import_mesh as meshes
import flows.import_read as readers
import flows.import_shape as shapes

# Coordinates beyond this are damage (a flipped exponent bit), not a part: ±1 km.
COORDINATE_LIMIT_MM = 1e6
# Preview deflection relative to the part's diagonal: a 100 mm part gets 0.17 mm.
PREVIEW_RELATIVE_DEFLECTION = 1e-3
DEFAULT_PREVIEW_TRIANGLES = 2000000
# Meshes whose largest extent is below this (in file units) are taken to be in metres.
METRE_GUESS_BELOW = 1.0
# A part smaller than this (mm) is a wrong unit, not a part: the import ends before any sewing or
# healing (which, at the file's tolerance on such geometry, can run for minutes).
MIN_PART_MM = 0.01
# A B-rep part smaller than this (mm), in the unit its file declares, gets a warning.
SMALL_PART_MM = 1.0
_UNIT_NAMES = {1.0: 'mm', 10.0: 'cm', 1000.0: 'm', 25.4: 'inch', 304.8: 'ft', 0.001: 'µm'}


class Body:
    """One output object: a B-rep (solid or shell) or a mesh that stays a mesh."""

    def __init__(self, name, path, kind, shape=None, mesh=None):
        self.name, self.path, self.kind, self.shape, self.mesh = name, path, kind, shape, mesh


class Report:
    def __init__(self):
        self.conversions = []
        self.repairs = []
        self.notes = []
        self.mesh = None
        self.scale = 1.0
        self.inferred_unit = None


def _flag(inp, key):
    return bool(inp.get(key))


def run(ctx):
    import FreeCAD
    inp = ctx.input
    fmt = str(inp.get('format') or '')
    name = str(inp.get('name') or 'part')[:120] or 'part'
    report = Report()
    src = _source_path(ctx, inp.get('source'))

    with ctx.step('import', 'import'):
        parts, tree, info = readers.read(src, fmt, name, inp.get('expected_triangles'))
        if not parts:
            raise FlowError('UPLOAD_NO_GEOMETRY', 'no surfaces or triangles in the file',
                            details={'format': fmt, 'edges': info.get('edges_only', 0), 'objects': info.get('objects', 0)})
        _apply_units(parts, fmt, inp, report, ctx)

    with ctx.step('repair', 'model'):
        bodies = _check_and_repair(parts, name, inp, report, ctx)

    with ctx.step('normalise', 'model'):
        _normalise(bodies, inp, report)
    for b in bodies:
        if b.kind != 'solid':
            rec = _part_record(b)
            details = {'part': b.name, 'faces': rec['faces'], 'area_mm2': rec['area_mm2']}
            if report.mesh is not None:
                details.update({k: report.mesh[k] for k in ('open_edges', 'non_manifold_edges', 'misoriented_triangles')})
            ctx.warn('NOT_A_SOLID', details)

    doc = FreeCAD.newDocument('TezgahImport')
    doc.Label = name
    features = []
    for i, b in enumerate(bodies):
        if b.shape is not None:
            obj = doc.addObject('Part::Feature', 'Part%03d' % i)
            obj.Shape = b.shape
        else:
            obj = doc.addObject('Mesh::Feature', 'Mesh%03d' % i)
            obj.Mesh = b.mesh
        obj.Label = b.name  # becomes the STEP product name
        features.append((b, obj))
    doc.recompute()
    breps = [obj for b, obj in features if b.shape is not None]
    compound = _compound([b.shape for b in bodies if b.shape is not None])

    with ctx.step('export_fcstd', 'export'):
        ctx.add_output('fcstd', 'model.FCStd', save_fcstd(doc, ctx.path('model.FCStd')))
    if breps:
        with ctx.step('export_step', 'export'):
            ctx.add_output('step', 'model.step', export_step(breps, ctx.path('model.step')))
    else:
        ctx.channel.send({'event': 'progress', 'job_id': ctx.job_id, 'step': 'export_step', 'status': 'skipped'})
        report.notes.append({'key': 'noStep', 'params': {'limit': meshes.MAX_SOLID_TRIANGLES}})
    with ctx.step('export_stl', 'mesh'):
        stl_mesh, stl_from_mesh = _stl_mesh(bodies, compound)
        meta = export_stl(stl_mesh, ctx.path('model.stl'))
        if stl_from_mesh:
            meta = {'format': 'binary', 'triangles': meta['triangles'], 'source': 'mesh'}
        ctx.add_output('stl', 'model.stl', meta)
    with ctx.step('tessellate', 'mesh'):
        budget = int(inp.get('preview_triangles') or DEFAULT_PREVIEW_TRIANGLES)
        if compound is not None:
            header = _adaptive_preview(compound, ctx.path('preview.mesh'), budget)
        else:
            header = meshes.write_preview(stl_mesh, ctx.path('preview.mesh'), budget)
        ctx.add_output('mesh', 'preview.mesh', header)
    with ctx.step('metrics', 'model'):
        if compound is not None:
            ctx.metrics = measure(compound, meta['triangles'])
            if any(b.shape is None for b in bodies):
                report.notes.append({'key': 'brepOnly', 'params': {}})
        else:
            ctx.metrics = meshes.measure(stl_mesh, all(b.kind == 'solid' for b in bodies))

    ctx.data['import'] = {
        'scale': report.scale,
        'inferred_unit': report.inferred_unit,
        'conversions': report.conversions,
        'repairs': report.repairs,
        'parts': [_part_record(b) for b in bodies],
        'assembly': tree,
        'mesh': report.mesh,
        'notes': report.notes,
    }


def _source_path(ctx, source):
    if not isinstance(source, str) or not source or os.sep in source or source in ('.', '..'):
        raise FlowError('VALIDATION_ERROR', 'source must be a file name in the job dir', details={'field': 'source'})
    path = ctx.path(source)
    if not os.path.isfile(path):
        raise FlowError('VALIDATION_ERROR', 'source file is missing from the job dir', details={'field': 'source'})
    return path


# --- units -------------------------------------------------------------------------------------------

def _apply_units(parts, fmt, inp, report, ctx):
    """Scales to mm. STEP/IGES readers already converted the file's own unit; the user's explicit
    choice overrides it. Meshes say nothing: the user's choice, else a guess from the size (warned)."""
    user = inp.get('user_unit_mm')
    reader = inp.get('reader_unit_mm') or 1.0
    if user:
        scale = float(user) / float(reader) if fmt in ('step', 'iges') else float(user)
    elif fmt in ('stl', 'obj'):
        extent = max(_largest_extent(p) for p in parts)
        report.inferred_unit = 'm' if 0 < extent < METRE_GUESS_BELOW else 'mm'
        scale = 1000.0 if report.inferred_unit == 'm' else 1.0
        ctx.warn('UNITS_ASSUMED', {'unit': report.inferred_unit, 'largest_extent': rounded(extent),
                                   'reason': 'the file has no unit; guessed from its size'})
    else:
        scale = 1.0
    for p in parts:
        if p.mesh is not None:
            problem = meshes.check_coordinates(p.mesh, COORDINATE_LIMIT_MM / max(scale, 1.0))
            if problem:
                raise readers.corrupt('the mesh has ' + problem)
            if scale != 1:
                m = _scale_matrix(scale)
                p.mesh.transform(m)
        else:
            problem = shapes.coordinates_problem(p.shape.BoundBox, COORDINATE_LIMIT_MM / max(scale, 1.0))
            if problem:
                raise readers.corrupt('the geometry has ' + problem)
            p.shape = shapes.scaled(p.shape, scale)
    report.scale = scale
    _check_size(parts, fmt, inp, ctx)
    if scale != 1:
        report.conversions.append({'kind': 'scale', 'factor': scale})


def _check_size(parts, fmt, inp, ctx):
    """Refuses geometry too small to be a part (UPLOAD_TOO_SMALL); warns of a B-rep part under 1 mm
    whose unit came from its file (UNITS_SUSPECT). Meshes were sized by their guess above."""
    extent = max(_largest_extent(p) for p in parts)
    user = inp.get('user_unit_mm')
    unit_mm = float(user) if user else float(inp.get('reader_unit_mm') or 1.0)
    unit = _UNIT_NAMES.get(unit_mm, '%g mm' % unit_mm)
    details = {'largest_extent_mm': float('%.3g' % extent), 'unit': unit, 'format': fmt}
    if extent < MIN_PART_MM:
        raise FlowError('UPLOAD_TOO_SMALL', 'the geometry spans only %.3g mm' % extent, details=details)
    if extent < SMALL_PART_MM and not user and fmt in ('step', 'iges', 'brep', 'fcstd'):
        ctx.warn('UNITS_SUSPECT', details)


def _largest_extent(part):
    bb = part.mesh.BoundBox if part.mesh is not None else part.shape.BoundBox
    return max(bb.XLength, bb.YLength, bb.ZLength)


def _scale_matrix(f):
    import FreeCAD
    m = FreeCAD.Matrix()
    m.scale(f, f, f)
    return m


# --- checks and repairs --------------------------------------------------------------------------------

def _check_and_repair(parts, name, inp, report, ctx):
    repair = _flag(inp, 'repair')
    require = _flag(inp, 'require_solid')
    bodies, loose = [], []
    mesh_failure = None
    for p in parts:
        if p.mesh is None and shapes.has_surfaceless_faces(p.shape):
            import MeshPart
            p.mesh = MeshPart.meshFromShape(Shape=p.shape, LinearDeflection=0.1)
            report.conversions.append({'kind': 'tessellation_to_mesh', 'part': p.name, 'triangles': int(p.mesh.CountFacets)})
            p.shape = None
        if p.mesh is not None:
            body, stats = _mesh_body(p, inp, report, ctx)
            if body is not None:
                bodies.append(body)
            if body is None or body.kind != 'solid':
                mesh_failure = stats
            continue
        solids, faces = [], shapes.loose_faces(p.shape)
        for s in p.shape.Solids:
            fixed, recs = shapes.fix_solid(s, 1e-7)
            report.repairs.extend(dict(r, part=p.name) for r in recs)
            if fixed.isValid():
                solids.append(fixed)
            else:
                faces.extend(fixed.Faces)  # not a solid after all: its faces go to the sewing below
        if solids:
            bodies.append(Body(p.name, p.path, 'solid', shape=_compound(solids)))
        if faces:
            loose.append((p, faces))
    if loose:
        bodies.extend(_sew(loose, name, repair, report))
    if not bodies:
        raise FlowError('UPLOAD_NO_GEOMETRY', 'nothing usable in the file', details={'parts': len(parts)})
    solid_bodies = [b for b in bodies if b.kind == 'solid']
    if require and not solid_bodies:
        if mesh_failure is not None:
            meshes.require_closed(mesh_failure)
        raise FlowError('UPLOAD_NO_SOLID', 'the file has no valid closed solid',
                        details={'shells': sum(1 for b in bodies if b.kind == 'shell')})
    return bodies


def _sew(loose, name, repair, report):
    tol = shapes.SEW_TOLERANCE_REPAIR_MM if repair else shapes.SEW_TOLERANCE_MM
    faces = [f for _, fs in loose for f in fs]
    owner = loose[0][0] if len(loose) == 1 else None
    label = owner.name if owner else name
    path = owner.path if owner else name
    solids, rest = shapes.sew(faces, tol)
    out = []
    if solids:
        report.conversions.append({'kind': 'sew_to_solid', 'faces': len(faces), 'solids': len(solids), 'tolerance_mm': tol})
        out.append(Body(label, path, 'solid', shape=_compound(solids)))
    if rest:
        out.append(Body(label if not solids else label + ' (surfaces)', path, 'shell', shape=_compound(rest)))
    return out


def _mesh_body(p, inp, report, ctx):
    mesh = p.mesh
    before = meshes.analyse(mesh)
    if _flag(inp, 'repair'):
        report.repairs.extend(dict(r, part=p.name) for r in meshes.repair(mesh, before))
    if _flag(inp, 'refine'):
        tol = max(mesh.BoundBox.DiagonalLength * 1e-6, 1e-6)
        mesh, merged = meshes.weld(mesh, tol)
        if merged:
            report.conversions.append({'kind': 'weld_vertices', 'part': p.name, 'merged': merged, 'tolerance_mm': tol})
    stats = meshes.analyse(mesh)
    if meshes.is_solid_candidate(stats) and meshes.flip_if_inside_out(mesh):
        report.repairs.append({'kind': 'turn_mesh_outside_out', 'count': stats['triangles'], 'part': p.name})
    report.mesh = dict(stats, before=before) if stats != before else stats
    for code, details in meshes.warnings_for(stats):
        if not _flag(inp, 'require_solid'):
            ctx.warn(code, dict(details, part=p.name))
    if not stats['triangles']:
        return None, stats
    shape = meshes.to_shape(mesh, stats, max(mesh.BoundBox.DiagonalLength * 1e-7, 1e-7))
    if shape is None:
        report.notes.append({'key': 'keptAsMesh', 'params': {'triangles': stats['triangles'], 'limit': meshes.MAX_SOLID_TRIANGLES}})
        closed = meshes.is_solid_candidate(stats)
        return Body(p.name, p.path, 'solid' if closed else 'mesh', mesh=mesh), stats
    if shape.Solids and len(shape.Solids) == len(shape.Shells) and shape.isValid():
        report.conversions.append({'kind': 'mesh_to_solid', 'part': p.name, 'triangles': stats['triangles']})
        return Body(p.name, p.path, 'solid', shape=shape), stats
    return Body(p.name, p.path, 'shell', shape=shape), stats


# --- normalisation -------------------------------------------------------------------------------------

def _normalise(bodies, inp, report):
    if _flag(inp, 'z_up'):
        m = shapes.z_up_matrix()
        _transform_all(bodies, m)
        report.conversions.append({'kind': 'z_up', 'rotation': '+90° about X (Y-up → Z-up)'})
    if _flag(inp, 'refine'):
        before = after = 0
        for b in bodies:
            if b.shape is not None and b.kind == 'solid':
                before += len(b.shape.Faces)
                b.shape = shapes.refine(b.shape)
                after += len(b.shape.Faces)
        if before:
            report.conversions.append({'kind': 'refine', 'faces_before': before, 'faces_after': after})
    if _flag(inp, 'center'):
        bb = _bbox(bodies)
        dx, dy, dz = -(bb.XMin + bb.XMax) / 2, -(bb.YMin + bb.YMax) / 2, -bb.ZMin
        _transform_all(bodies, shapes.translation_matrix(dx, dy, dz))
        report.conversions.append({'kind': 'center', 'translation_mm': [rounded(dx), rounded(dy), rounded(dz)],
                                   'rule': 'bounding box centred on X and Y, bottom on Z=0'})


def _transform_all(bodies, matrix):
    for b in bodies:
        if b.shape is not None:
            b.shape = shapes.transformed(b.shape, matrix)
        if b.mesh is not None:
            b.mesh.transform(matrix)


def _bbox(bodies):
    import FreeCAD
    bb = FreeCAD.BoundBox()
    for b in bodies:
        bb.add(shapes.tight_bbox(b.shape) if b.shape is not None else b.mesh.BoundBox)
    return bb


# --- outputs -------------------------------------------------------------------------------------------

def _compound(shapes_list):
    import Part
    if not shapes_list:
        return None
    return shapes_list[0] if len(shapes_list) == 1 else Part.Compound(shapes_list)


def _stl_mesh(bodies, compound):
    """STL from the B-rep (fixed tolerance, like every other flow), or the mesh itself when there is
    no B-rep."""
    import Mesh
    kept = [b.mesh for b in bodies if b.shape is None]
    if compound is None:
        out = Mesh.Mesh()
        for m in kept:
            out.addMesh(m)
        return out, True
    out = mesh_shape(compound)
    for m in kept:  # a tessellated part too big for a B-rep, beside B-rep parts
        out.addMesh(m)
    return out, False


def _adaptive_preview(shape, path, budget):
    """Deflection relative to the part's size; coarser until the triangles fit the budget. Each try
    tessellates a fresh copy (a triangulation, once made, would be reused by the next try)."""
    bb = shape.BoundBox  # a loose box is good enough to scale a deflection (the tight one can take seconds)
    diag = math.sqrt(bb.XLength ** 2 + bb.YLength ** 2 + bb.ZLength ** 2) or 1.0
    tol = max(diag * PREVIEW_RELATIVE_DEFLECTION, 1e-4)
    work = shape
    for _ in range(6):
        work = shape.copy(True, False)
        count = 0
        for face in work.Faces:
            count += len(face.tessellate(tol)[1])
        if count <= budget:
            break
        tol *= max(2.0, count / float(budget))
    header = write_preview_mesh(work, path, rounded(tol, 9))
    header['relative_deflection'] = PREVIEW_RELATIVE_DEFLECTION
    header['triangle_budget'] = budget
    return header


def _part_record(b):
    rec = {'name': b.name, 'path': b.path, 'kind': b.kind}
    if b.shape is not None:
        solids = b.shape.Solids
        rec.update(solids=len(solids), faces=len(b.shape.Faces), valid=bool(b.shape.isValid()),
                   volume_mm3=rounded(sum(s.Volume for s in solids)) if solids else None,
                   area_mm2=rounded(b.shape.Area))
    else:
        closed = b.kind == 'solid'
        m = meshes.measure(b.mesh, closed)
        rec.update(solids=m['solids'], faces=m['faces'], valid=closed, volume_mm3=m['volume_mm3'], area_mm2=m['area_mm2'])
    return rec
