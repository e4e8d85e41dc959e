"""Template flow: the parametric parts of shared/templates.ts, built from Part primitives and booleans.

Input: {"template": id, "params": {name: number}} (already validated by the app; sizes in mm).
Conventions (the app, the viewer and the tests rely on them):
  prism-with-hole          box (0,0,0)-(length,width,height); hole centred at (length/2, width/2) through Z
  block                    box (0,0,0)-(length,width,height)
  flange                   centred on the origin, Z 0..thickness; bolt holes start on +X
  shaft                    along Z 0..length, centred on the origin; both end edges chamfered (0 = none)
  l-bracket                horizontal leg along +X on XY (Z 0..thickness), vertical leg along +Z at
                           X 0..thickness, width along Y; inner fillet on the inside corner edge
                           (0 = none); one hole per leg centred on the leg's free part (0 = none)
  plate-with-hole-pattern  corner at the origin, size from plateSize(); holes at margin + i*pitch
"""
import math

from flows.errors import FlowError, check_solid, operation
from flows.outputs import standard_outputs

# Tools for through holes overshoot the part, so no boolean works on coplanar faces.
_OVERSHOOT = 1.0
_EPS = 1e-6


def _p(params, name):
    v = params.get(name)
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise FlowError('VALIDATION_ERROR', 'parameter %s is missing or not a number' % name,
                        details={'field': name, 'detail': 'must be a number'})
    return float(v)


def _cut(shape, tools, label):
    if not tools:
        return shape
    with operation('cut'):
        result = shape.cut(tools if len(tools) > 1 else tools[0])
    return check_solid(result, label, expect_solids=1)


def _z_hole(x, y, z0, depth, diameter):
    import FreeCAD
    import Part
    return Part.makeCylinder(diameter / 2, depth + 2 * _OVERSHOOT, FreeCAD.Vector(x, y, z0 - _OVERSHOOT))


def prism_with_hole(p):
    import FreeCAD
    import Part
    length, width, height, d = _p(p, 'length'), _p(p, 'width'), _p(p, 'height'), _p(p, 'hole_diameter')
    box = Part.makeBox(length, width, height, FreeCAD.Vector(0, 0, 0))
    return _cut(box, [_z_hole(length / 2, width / 2, 0, height, d)], 'hole')


def block(p):
    import FreeCAD
    import Part
    return check_solid(Part.makeBox(_p(p, 'length'), _p(p, 'width'), _p(p, 'height'), FreeCAD.Vector(0, 0, 0)), 'box', expect_solids=1)


def flange(p):
    import Part
    od, t, bore = _p(p, 'outer_diameter'), _p(p, 'thickness'), _p(p, 'bore_diameter')
    count = int(round(_p(p, 'bolt_count')))
    bcd, bh = _p(p, 'bolt_circle_diameter'), _p(p, 'bolt_hole_diameter')
    disk = Part.makeCylinder(od / 2, t)
    tools = [_z_hole(0, 0, 0, t, bore)]
    for i in range(count):
        a = 2 * math.pi * i / count  # i = 0 sits on +X
        tools.append(_z_hole(bcd / 2 * math.cos(a), bcd / 2 * math.sin(a), 0, t, bh))
    return _cut(disk, tools, 'bore and bolt holes')


def shaft(p):
    import Part
    d, length, c = _p(p, 'diameter'), _p(p, 'length'), _p(p, 'chamfer')
    body = Part.makeCylinder(d / 2, length)
    if c <= 0:
        return check_solid(body, 'shaft', expect_solids=1)
    ends = [e for e in body.Edges if e.Curve.__class__.__name__ == 'Circle']
    with operation('chamfer'):
        result = body.makeChamfer(c, ends)
    return check_solid(result, 'chamfer', expect_solids=1)


def l_bracket(p):
    import FreeCAD
    import Part
    a, b, t, w = _p(p, 'leg_a'), _p(p, 'leg_b'), _p(p, 'thickness'), _p(p, 'width')
    r, d = _p(p, 'fillet'), _p(p, 'hole_diameter')
    V = FreeCAD.Vector
    # One L profile in XZ extruded along Y: a single solid with no seam between the legs.
    profile = Part.makePolygon([V(0, 0, 0), V(a, 0, 0), V(a, 0, t), V(t, 0, t), V(t, 0, b), V(0, 0, b), V(0, 0, 0)])
    with operation('extrude'):
        body = Part.Face(profile).extrude(V(0, w, 0))
    body = check_solid(body, 'extrude', expect_solids=1)
    if r > 0:
        inner = [e for e in body.Edges
                 if all(abs(v.X - t) < _EPS and abs(v.Z - t) < _EPS for v in e.Vertexes)]
        if len(inner) != 1:
            raise FlowError('FC_GEOM_INVALID_SHAPE', 'inner corner edge not found', operation='fillet')
        with operation('fillet'):
            body = body.makeFillet(r, inner)
        body = check_solid(body, 'fillet', expect_solids=1)
    if d > 0:
        # Each hole sits in the middle of its leg's free part (past the thickness and the fillet).
        hx = (t + r + a) / 2
        hz = (t + r + b) / 2
        tools = [
            _z_hole(hx, w / 2, 0, t, d),
            Part.makeCylinder(d / 2, t + 2 * _OVERSHOOT, V(-_OVERSHOOT, w / 2, hz), V(1, 0, 0)),
        ]
        body = _cut(body, tools, 'leg holes')
    return body


def plate_size(p):
    # Same formula as plateSize() in shared/templates.ts.
    return ((p['columns'] - 1) * p['pitch_x'] + 2 * p['margin'],
            (p['rows'] - 1) * p['pitch_y'] + 2 * p['margin'])


def plate_with_hole_pattern(p):
    import Part
    vals = {k: _p(p, k) for k in ('thickness', 'rows', 'columns', 'pitch_x', 'pitch_y', 'margin', 'hole_diameter')}
    rows, cols = int(round(vals['rows'])), int(round(vals['columns']))
    length, width = plate_size(vals)
    t, m, d = vals['thickness'], vals['margin'], vals['hole_diameter']
    plate = Part.makeBox(length, width, t)
    tools = [_z_hole(m + i * vals['pitch_x'], m + j * vals['pitch_y'], 0, t, d)
             for j in range(rows) for i in range(cols)]
    return _cut(plate, tools, 'hole pattern')


BUILDERS = {
    'prism-with-hole': prism_with_hole,
    'block': block,
    'flange': flange,
    'shaft': shaft,
    'l-bracket': l_bracket,
    'plate-with-hole-pattern': plate_with_hole_pattern,
}


def run(ctx):
    import FreeCAD
    template = ctx.input.get('template')
    params = ctx.input.get('params') or {}
    builder = BUILDERS.get(template)
    if builder is None:
        raise FlowError('UNKNOWN_TEMPLATE', 'unknown template %r' % (template,),
                        details={'templates': sorted(BUILDERS)})
    with ctx.step('model', 'model'):
        ctx.test_hook('model')
        shape = builder(params)
        doc = FreeCAD.newDocument('TezgahJob')
        obj = doc.addObject('Part::Feature', 'Part')
        obj.Label = template  # becomes the STEP product name
        obj.Shape = shape
    with ctx.step('recompute', 'recompute'):
        doc.recompute()
        bad = [o.Name for o in doc.Objects if 'Invalid' in o.State or 'Error' in o.State]
        if bad:
            raise FlowError('FC_RECOMPUTE_FAILED', 'recompute failed for %s' % ', '.join(bad), details={'object': bad[0]})
        check_solid(obj.Shape, 'recompute', expect_solids=1)
    standard_outputs(ctx, doc, obj, obj.Shape)
    ctx.data['template'] = template
