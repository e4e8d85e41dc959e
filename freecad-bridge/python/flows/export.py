"""The export flow: a part (STEP or FCStd in the job dir) written in the formats asked for.

Exact formats: STEP AP242 or AP214 (OpenCASCADE's writer, the schema switched for this file only),
IGES 5.3 (trimmed surfaces) and BREP (OpenCASCADE's own). Mesh formats: 3MF (core spec, one object
per solid, millimetres), OBJ (one object per solid) and the tessellation the app turns into a GLB,
all at the STL's fixed tolerances (flows/outputs.py).

Determinism: STEP's FILE_NAME and IGES's two dates are fixed; 3MF's ZIP entries carry a fixed time
and order; numbers are written with a fixed precision. The same part gives the same bytes.
"""
import ctypes
import glob
import os
import re
import zipfile

from flows.cam_features import load_part
from flows.errors import FlowError
from flows.outputs import mesh_shape, normalise_step_header, rounded, write_preview_mesh

STEP_SCHEMAS = {'step-ap242': 'AP242DIS', 'step-ap214': 'AP214IS'}
# what the header's FILE_SCHEMA says for each (checked after writing)
_STEP_HEADER = {'AP242DIS': 'AP242_MANAGED_MODEL_BASED_3D_ENGINEERING', 'AP214IS': 'AUTOMOTIVE_DESIGN'}
_FIXED_IGES_DATE = '19700101.000000'
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _interface_static():
    """OpenCASCADE's Interface_Static (TKXSBase), already loaded by Part. FreeCAD reads its STEP
    schema preference once, when Part loads; a warm worker must switch it per file, so we call the
    same OpenCASCADE function FreeCAD's own preference page ends in."""
    libs = sorted(glob.glob('/usr/lib/*/libTKXSBase.so*') + glob.glob('/usr/lib/libTKXSBase.so*'))
    if not libs:
        raise FlowError('FC_EXPORT_FAILED', 'OpenCASCADE TKXSBase not found for the STEP schema', phase='export')
    lib = ctypes.CDLL(libs[0])
    set_c = lib._ZN16Interface_Static7SetCValEPKcS1_  # Interface_Static::SetCVal(const char*, const char*)
    set_c.restype, set_c.argtypes = ctypes.c_bool, [ctypes.c_char_p, ctypes.c_char_p]
    get_c = lib._ZN16Interface_Static4CValEPKc  # Interface_Static::CVal(const char*)
    get_c.restype, get_c.argtypes = ctypes.c_char_p, [ctypes.c_char_p]
    return set_c, get_c


def _write_step(obj, path, schema):
    import Import
    set_c, get_c = _interface_static()
    before = get_c(b'write.step.schema') or b'AP214IS'
    if not set_c(b'write.step.schema', schema.encode('ascii')):
        raise FlowError('FC_EXPORT_FAILED', 'OpenCASCADE refused the STEP schema %s' % schema, phase='export')
    try:
        Import.export([obj], path)
    finally:
        set_c(b'write.step.schema', before)  # the next job in this worker gets FreeCAD's default
    normalise_step_header(path)
    with open(path, 'rb') as f:
        head = f.read(4096).decode('latin-1')
    if _STEP_HEADER[schema] not in head:
        raise FlowError('FC_EXPORT_FAILED', 'STEP was not written as %s' % schema, phase='export')
    return {'schema': schema}


def _normalise_iges(path):
    """Fixes the global section's dates (file written, model changed): 15H + YYYYMMDD.HHNNSS. The
    replacement has the same length, so IGES's fixed 80-column records keep their layout."""
    with open(path, 'rb') as f:
        text = f.read().decode('latin-1')
    lines = text.replace('\r\n', '\n').split('\n')
    out = []
    for line in lines:
        if len(line) >= 73 and line[72] == 'G':
            line = re.sub(r'15H\d{8}\.\d{6}', '15H' + _FIXED_IGES_DATE, line)
        out.append(line)
    with open(path, 'wb') as f:
        f.write('\n'.join(out).encode('latin-1'))


def _write_iges(shape, path):
    shape.exportIges(path)
    _normalise_iges(path)
    with open(path, 'rb') as f:
        first = f.readline().decode('latin-1').rstrip('\n')
    if len(first) != 80 or first[72] != 'S':
        raise FlowError('FC_EXPORT_FAILED', 'IGES start record is not 80 columns', phase='export')
    return {}


def _num(v):
    # fixed precision (1 nm), no exponent, no "-0"
    s = '%.6f' % rounded(v, 6)
    s = s.rstrip('0').rstrip('.') if '.' in s else s
    return '0' if s in ('-0', '') else s


def _solid_meshes(shape):
    """One mesh per solid, each with shared vertices: (points, triangles)."""
    meshes = []
    for solid in shape.Solids:
        mesh = mesh_shape(solid)
        pts, facets = mesh.Topology
        meshes.append(([(p.x, p.y, p.z) for p in pts], [tuple(int(i) for i in f) for f in facets]))
    return meshes


def _write_obj(meshes, path, label):
    lines = ['# Tezgah export: %s' % re.sub(r'[\r\n]+', ' ', label), '# units: mm']
    base = 1
    for k, (pts, tris) in enumerate(meshes, 1):
        lines.append('o solid_%d' % k)
        lines.extend('v %s %s %s' % (_num(x), _num(y), _num(z)) for x, y, z in pts)
        lines.extend('f %d %d %d' % (a + base, b + base, c + base) for a, b, c in tris)
        base += len(pts)
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write('\n'.join(lines) + '\n')
    return {'triangles': sum(len(t) for _, t in meshes)}


_3MF_TYPES = ('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
              '<Default Extension="model" ContentType="application/vnd.ms-package.3dmanufacturing-3dmodel+xml"/>'
              '</Types>\n')
_3MF_RELS = ('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Target="/3D/3dmodel.model" Id="rel0" '
             'Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/>'
             '</Relationships>\n')


def _xml_text(s):
    return (s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;').replace('"', '&quot;'))


def _write_3mf(meshes, path, label):
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n',
             '<model unit="millimeter" xml:lang="en-US" '
             'xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02">\n',
             '<metadata name="Title">%s</metadata>\n' % _xml_text(label),
             '<metadata name="Application">Tezgah</metadata>\n',
             '<resources>\n']
    for k, (pts, tris) in enumerate(meshes, 1):
        parts.append('<object id="%d" type="model" name="solid_%d"><mesh><vertices>\n' % (k, k))
        parts.extend('<vertex x="%s" y="%s" z="%s"/>\n' % (_num(x), _num(y), _num(z)) for x, y, z in pts)
        parts.append('</vertices><triangles>\n')
        parts.extend('<triangle v1="%d" v2="%d" v3="%d"/>\n' % t for t in tris)
        parts.append('</triangles></mesh></object>\n')
    parts.append('</resources>\n<build>\n')
    parts.extend('<item objectid="%d"/>\n' % k for k in range(1, len(meshes) + 1))
    parts.append('</build>\n</model>\n')
    with zipfile.ZipFile(path, 'w') as z:
        for name, data in (('[Content_Types].xml', _3MF_TYPES), ('_rels/.rels', _3MF_RELS),
                           ('3D/3dmodel.model', ''.join(parts))):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            z.writestr(info, data.encode('utf-8'))
    return {'triangles': sum(len(t) for _, t in meshes)}


def run(ctx):
    import FreeCAD
    inp = ctx.input
    files = inp['files']
    formats = list(inp['formats'])
    with ctx.step('export_setup', 'model'):
        shape = load_part(ctx, inp['part'])
        doc = FreeCAD.newDocument('TezgahExport')
        obj = doc.addObject('Part::Feature', 'Part')
        obj.Label = str(inp.get('label') or 'Part')
        obj.Shape = shape
        doc.recompute()
        solids = len(shape.Solids)
        volume = rounded(sum(s.Volume for s in shape.Solids))
    written = []
    with ctx.step('export_write', 'export'):
        # exact formats first: a BREP written after meshing would carry the triangulation too
        for fmt in formats:
            path = ctx.path(files[fmt])
            if fmt in STEP_SCHEMAS:
                meta = dict(_write_step(obj, path, STEP_SCHEMAS[fmt]), solids=solids)
            elif fmt == 'iges':
                meta = dict(_write_iges(shape, path), solids=solids)
            elif fmt == 'brep':
                shape.exportBrep(path)
                meta = {'solids': solids}
            else:
                continue
            written.append((fmt, meta))
        mesh_formats = [f for f in formats if f in ('3mf', 'obj', 'glb')]
        meshes = _solid_meshes(shape) if any(f in ('3mf', 'obj') for f in mesh_formats) else None
        for fmt in mesh_formats:
            path = ctx.path(files[fmt])
            if fmt == '3mf':
                meta = _write_3mf(meshes, path, obj.Label)
            elif fmt == 'obj':
                meta = _write_obj(meshes, path, obj.Label)
            else:  # the app writes the GLB from this tessellation (freecad-bridge/src/glb.ts)
                header = write_preview_mesh(shape, path)
                meta = {'triangles': int(header['triangles'])}
            written.append((fmt, meta))
        for fmt, meta in written:
            if not os.path.isfile(ctx.path(files[fmt])) or os.path.getsize(ctx.path(files[fmt])) == 0:
                raise FlowError('FC_EXPORT_FAILED', 'no %s was written' % fmt, phase='export')
    order = {f: i for i, f in enumerate(formats)}
    written.sort(key=lambda fm: order[fm[0]])
    ctx.data['export'] = {
        'volume_mm3': volume,
        'solids': solids,
        'files': [dict({'format': fmt, 'file': files[fmt], 'bytes': os.path.getsize(ctx.path(files[fmt]))}, **meta)
                  for fmt, meta in written],
    }
