"""Assembly flow: components placed by joints and solved by FreeCAD 1.1's Assembly workbench (OndselSolver).

Input (electron/domains/assembly/flow.ts, schema AssemblyInput in freecad-bridge/src/flows.ts):
  components  [{id, name, grounded, placement: {pos, quat}, template?: {template, params}, file?, format?}]
              sorted by id; a template is built with the template flow's own builders, a file (STEP or
              FCStd, copied into the job dir) is read as it is
  lcs         per component, name → {pos, quat} in the component's own coordinates
  joints      [{id, type, a: {component, ref}, b: {component, ref}, limits}] sorted by id
  collision   'validate' (a clash fails the job: ASSEMBLY_CLASH) or 'allow' (reported)
  files       {fcstd}; one preview mesh per component is written as '<n>.mesh'

Each joint end becomes a joint connector detached from geometry (Detach1/2) whose placement is the
referenced frame in the component's coordinates: an LCS, the origin, the N-th hole's axis (1-based,
sorted by the axis' start point; z along the axis with its largest component positive, origin at the
start), a face (0-based like the viewer: centre, normal) or an edge (a circle's centre and axis, a
line's middle and direction). After solve() every joint's residual is measured from both sides'
global frames, since solve() reports success for conflicting joints too.
"""
import math
import os
import tempfile

from flows.errors import FlowError
from flows.outputs import measure, mesh_shape, rounded, write_preview_mesh

TOL_MM = 1e-6
TOL_RAD = 1e-5
CLASH_MM3 = 1e-6
# relative to the size of the assembly: looser than the solver's own convergence, far below any real violation
_REL = 1e-9

# spec joint type -> FreeCAD JointObject.JointTypes name
_FC_TYPE = {'fixed': 'Fixed', 'revolute': 'Revolute', 'cylindrical': 'Cylindrical', 'slider': 'Slider',
            'ball': 'Ball', 'planar': 'Distance'}


def _vec(v):
    import FreeCAD
    return FreeCAD.Vector(float(v[0]), float(v[1]), float(v[2]))


def _plc(p):
    import FreeCAD
    q = p.get('quat') or [0, 0, 0, 1]
    return FreeCAD.Placement(_vec(p['pos']), FreeCAD.Rotation(*[float(x) for x in q]))


def _frame_from_z(origin, z):
    """A placement at origin whose z is z; x is the global X (or Y when z is near X) made perpendicular
    (the same rule as lcsRotation in shared/assembly.ts)."""
    import FreeCAD
    z = FreeCAD.Vector(z).normalize()
    seed = FreeCAD.Vector(0, 1, 0) if abs(z.x) > 0.9 else FreeCAD.Vector(1, 0, 0)
    x = (seed - z * seed.dot(z)).normalize()
    y = z.cross(x)
    m = FreeCAD.Matrix(x.x, y.x, z.x, 0, x.y, y.y, z.y, 0, x.z, y.z, z.z, 0, 0, 0, 0, 1)
    return FreeCAD.Placement(FreeCAD.Vector(origin), FreeCAD.Rotation(m))


def _positive(d):
    """The direction with its largest component positive (a hole's axis, whichever way OCC has it)."""
    k = max(range(3), key=lambda i: abs(d[i]))
    return d if d[k] > 0 else d * -1


def holes(shape):
    """Cylindrical holes: concave cylinder faces grouped by axis line and radius, sorted by start point.
    Each: {axis_start, axis_end, direction, diameter, faces}."""
    import FreeCAD
    found = []
    for i, f in enumerate(shape.Faces):
        s = f.Surface
        if s.TypeId != 'Part::GeomCylinder':
            continue
        # concave: the outward normal points at the axis
        u0, u1, v0, v1 = f.ParameterRange
        u, v = (u0 + u1) / 2, (v0 + v1) / 2
        p = f.valueAt(u, v)
        n = f.normalAt(u, v)
        d = _positive(FreeCAD.Vector(s.Axis).normalize())
        c = FreeCAD.Vector(s.Center)
        radial = (p - c) - d * (p - c).dot(d)
        if radial.Length < 1e-9 or n.dot(radial) >= 0:
            continue
        ts = [(vx.Point - c).dot(d) for vx in f.Vertexes] or [(p - c).dot(d)]
        for e in f.Edges:
            ts.extend((pt - c).dot(d) for pt in e.discretize(8))
        found.append({'center': c, 'direction': d, 'radius': s.Radius, 't0': min(ts), 't1': max(ts), 'faces': [i + 1]})
    merged = []
    for h in found:
        for m in merged:
            same_axis = abs(abs(m['direction'].dot(h['direction'])) - 1) < 1e-9
            off = (h['center'] - m['center'])
            dist = (off - m['direction'] * off.dot(m['direction'])).Length
            if same_axis and dist < 1e-6 and abs(m['radius'] - h['radius']) < 1e-6:
                shift = off.dot(m['direction'])
                m['t0'] = min(m['t0'], h['t0'] + shift)
                m['t1'] = max(m['t1'], h['t1'] + shift)
                m['faces'] += h['faces']
                break
        else:
            merged.append(dict(h))
    out = []
    for m in merged:
        start = m['center'] + m['direction'] * m['t0']
        end = m['center'] + m['direction'] * m['t1']
        out.append({'start': start, 'end': end, 'direction': m['direction'], 'diameter': 2 * m['radius'],
                    'faces': sorted(m['faces'])})
    out.sort(key=lambda h: (round(h['start'].x, 6), round(h['start'].y, 6), round(h['start'].z, 6), round(h['diameter'], 6)))
    return out


def _ref_placement(comp, ref, shape, lcs, where):
    import FreeCAD

    def bad(problem, what, count=None):
        # the app words the detail in both languages from problem/component/ref/count (ASSEMBLY_TEXT.ref)
        raise FlowError('ASSEMBLY_UNKNOWN_REF', '%s: %s' % (where, what),
                        details={'field': where, 'problem': problem, 'component': comp, 'ref': ref, 'count': count,
                                 'detail': {'en': what, 'tr': what}})

    if ref == 'origin':
        return FreeCAD.Placement()
    kind, _, arg = ref.partition(':')
    if kind == 'lcs':
        if arg not in lcs:
            bad('noLcs', 'component "%s" has no LCS "%s"' % (comp, arg))
        return _plc(lcs[arg])
    if kind == 'hole':
        hs = holes(shape)
        n = int(arg)
        if n < 1 or n > len(hs):
            bad('noHole', 'component "%s" has %d holes; "%s" is not one of them' % (comp, len(hs), ref), len(hs))
        h = hs[n - 1]
        return _frame_from_z(h['start'], h['direction'])
    if kind == 'face':
        n = int(arg)
        if n < 0 or n >= len(shape.Faces):
            bad('noFace', 'component "%s" has %d faces (0…%d); "%s" is not one of them' % (comp, len(shape.Faces), len(shape.Faces) - 1, ref),
                len(shape.Faces))
        f = shape.Faces[n]
        if f.Surface.TypeId == 'Part::GeomCylinder':
            return _frame_from_z(f.Surface.Center, _positive(FreeCAD.Vector(f.Surface.Axis)))
        c = f.CenterOfMass
        u, v = f.Surface.parameter(c)
        return _frame_from_z(c, f.normalAt(u, v))
    if kind == 'edge':
        n = int(arg)
        if n < 1 or n > len(shape.Edges):
            bad('noEdge', 'component "%s" has %d edges (1…%d); "%s" is not one of them' % (comp, len(shape.Edges), len(shape.Edges), ref),
                len(shape.Edges))
        e = shape.Edges[n - 1]
        if e.Curve.TypeId == 'Part::GeomCircle':
            return _frame_from_z(e.Curve.Center, e.Curve.Axis)
        if e.Curve.TypeId == 'Part::GeomLine':
            a, b = e.Vertexes[0].Point, e.Vertexes[-1].Point
            return _frame_from_z((a + b) * 0.5, b - a)
        bad('edgeKind', 'edge %d of component "%s" is neither a circle nor a line' % (n, comp))
    bad('badRef', '"%s" is not a reference' % ref)


def _plane_face(comp, shape, where, ref):
    """The name of the component's first planar face (what makes a Distance joint a planar one)."""
    for i, f in enumerate(shape.Faces):
        if f.Surface.TypeId == 'Part::GeomPlane':
            return 'Face%d' % (i + 1)
    what = 'component "%s" has no planar face, which a planar joint needs' % comp
    raise FlowError('ASSEMBLY_UNKNOWN_REF', '%s: %s' % (where, what),
                    details={'field': where, 'problem': 'noPlane', 'component': comp, 'ref': ref, 'count': None,
                             'detail': {'en': what, 'tr': what}})


def _read_file(ctx, comp):
    import FreeCAD
    import Part
    path = ctx.path(comp['file'])
    if comp['format'] == 'step':
        shape = Part.read(path)
    else:
        doc = FreeCAD.openDocument(path, True)
        try:
            shapes = [o.Shape for o in doc.Objects
                      if hasattr(o, 'Shape') and not o.InList and not o.Shape.isNull() and o.Shape.Solids]
            shape = Part.makeCompound([s.copy() for s in shapes]) if len(shapes) != 1 else shapes[0].copy()
        finally:
            FreeCAD.closeDocument(doc.Name)
    if shape.isNull() or not shape.Solids:
        raise FlowError('ASSEMBLY_FAILED', 'component %s: the file holds no solid' % comp['id'],
                        details={'detail': {'en': 'component "%s": the file holds no solid' % comp['id'],
                                            'tr': '"%s" bileşeni: dosyada katı yok' % comp['id']}})
    return shape


def _build_shape(ctx, comp):
    from flows.template import BUILDERS
    if comp.get('template'):
        t = comp['template']
        return BUILDERS[t['template']](t['params'])
    return _read_file(ctx, comp)


class _Captured:
    """The process' stdout and stderr (file descriptors, so the solver's C++ output too) into a file."""

    def __enter__(self):
        import sys
        sys.stdout.flush()
        sys.stderr.flush()
        self.tmp = tempfile.TemporaryFile(mode='w+b')
        self.saved = (os.dup(1), os.dup(2))
        os.dup2(self.tmp.fileno(), 1)
        os.dup2(self.tmp.fileno(), 2)
        return self

    def __exit__(self, *exc):
        import sys
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(self.saved[0], 1)
        os.dup2(self.saved[1], 2)
        os.close(self.saved[0])
        os.close(self.saved[1])
        self.tmp.seek(0)
        self.text = self.tmp.read().decode('utf-8', 'replace')
        self.tmp.close()
        return False


def _angle(a, b):
    c = max(-1.0, min(1.0, a.dot(b) / (a.Length * b.Length)))
    return math.acos(c)


def residual(jtype, pa, pb):
    """How far a joint is from holding: (mm, rad) between both sides' global frames."""
    import FreeCAD
    za = pa.Rotation.multVec(FreeCAD.Vector(0, 0, 1))
    zb = pb.Rotation.multVec(FreeCAD.Vector(0, 0, 1))
    d = pb.Base - pa.Base
    off_line = (d - za * d.dot(za)).Length
    rel = pa.Rotation.inverted().multiply(pb.Rotation)
    rel_angle = abs(rel.Angle)
    rel_angle = min(rel_angle, 2 * math.pi - rel_angle)
    if jtype == 'fixed':
        return d.Length, rel_angle
    if jtype == 'revolute':
        return d.Length, _angle(za, zb)
    if jtype == 'cylindrical':
        return off_line, _angle(za, zb)
    if jtype == 'slider':
        return off_line, rel_angle
    if jtype == 'ball':
        return d.Length, 0.0
    if jtype == 'planar':
        a = _angle(za, zb)
        return abs(d.dot(za)), min(a, math.pi - a)
    raise FlowError('ASSEMBLY_SPEC_INVALID', 'unknown joint type %s' % jtype)


def _quat(rot):
    q = [float(x) for x in rot.Q]  # (x, y, z, w)
    if q[3] < 0:
        q = [-x for x in q]
    return [rounded(x, 12) for x in q]


def _placement_record(plc):
    return {'position': [rounded(plc.Base.x, 9), rounded(plc.Base.y, 9), rounded(plc.Base.z, 9)],
            'rotation_quat': _quat(plc.Rotation)}


def _bbox(bb):
    return {'xmin': rounded(bb.XMin), 'ymin': rounded(bb.YMin), 'zmin': rounded(bb.ZMin),
            'xmax': rounded(bb.XMax), 'ymax': rounded(bb.YMax), 'zmax': rounded(bb.ZMax)}


def clashes(placed):
    """Sweep and prune over the components' boxes (on X), then the exact common volume of each candidate pair.
    placed: [(id, shape)] sorted by id. Returns (collisions, checked_pairs, pruned_pairs)."""
    boxes = [(cid, s, s.BoundBox) for cid, s in placed]
    order = sorted(range(len(boxes)), key=lambda i: (boxes[i][2].XMin, boxes[i][0]))
    candidates = []
    active = []
    for i in order:
        bb = boxes[i][2]
        active = [k for k in active if boxes[k][2].XMax >= bb.XMin - 1e-9]
        for k in active:
            o = boxes[k][2]
            if o.YMin <= bb.YMax + 1e-9 and bb.YMin <= o.YMax + 1e-9 and o.ZMin <= bb.ZMax + 1e-9 and bb.ZMin <= o.ZMax + 1e-9:
                candidates.append(tuple(sorted((k, i), key=lambda x: boxes[x][0])))
        active.append(i)
    candidates.sort(key=lambda p: (boxes[p[0]][0], boxes[p[1]][0]))
    out = []
    for a, b in candidates:
        common = boxes[a][1].common(boxes[b][1])
        vol = common.Volume if not common.isNull() else 0.0
        if vol > CLASH_MM3:
            out.append({'a': boxes[a][0], 'b': boxes[b][0], 'volume_mm3': rounded(vol, 6), 'bbox_mm': _bbox(common.BoundBox)})
    n = len(boxes)
    return out, len(candidates), n * (n - 1) // 2 - len(candidates)


def _preplace(comps, joints, objs, frames):
    """The solver's starting point: walking out from the grounded components (joints in id order), each
    component the spec leaves unplaced starts where its joint frame coincides with its partner's (the
    pose a fixed joint would give), so Newton starts next to the answer instead of across the room."""
    placed = {c['id'] for c in comps if c.get('grounded') or not c.get('preplace')}
    grown = True
    while grown:
        grown = False
        for j in joints:
            a, b = j['a']['component'], j['b']['component']
            for known, new, fk, fn in ((a, b, 'a', 'b'), (b, a, 'b', 'a')):
                if known in placed and new not in placed:
                    g = objs[known].Placement.multiply(frames[(j['id'], fk)])
                    objs[new].Placement = g.multiply(frames[(j['id'], fn)].inverse())
                    placed.add(new)
                    grown = True


def _residuals(joints, jobjs, size, UtilsAssembly, override=None):
    """Each joint's residual from both sides' global frames; the joints beyond tolerance.
    override: {joint id: type} measures a joint as another type (a driven joint)."""
    residuals, violated = {}, []
    for j in joints:
        o = jobjs[j['id']]
        pa = UtilsAssembly.getJcsGlobalPlc(o.Placement1, o.Reference1)
        pb = UtilsAssembly.getJcsGlobalPlc(o.Placement2, o.Reference2)
        mm, rad = residual((override or {}).get(j['id'], j['type']), pa, pb)
        residuals[j['id']] = {'mm': float('%.3g' % mm), 'rad': float('%.3g' % rad)}
        if mm > max(TOL_MM, _REL * size) or rad > TOL_RAD:
            violated.append(j['id'])
    return residuals, violated


# (joint type, driven parameters) -> the FreeCAD joint that holds them at values, and its spec type
_DRIVEN = {('revolute', ('angle',)): ('Fixed', 'fixed'), ('cylindrical', ('angle',)): ('Slider', 'slider'),
           ('cylindrical', ('z',)): ('Revolute', 'revolute'), ('cylindrical', ('angle', 'z')): ('Fixed', 'fixed'),
           ('slider', ('z',)): ('Fixed', 'fixed')}


def _sweep(drivers, asm, doc, comps, joints, objs, jobjs, size, UtilsAssembly):
    """The kinematic sweep: the drivers step together, frame k holding each driver at its k-th value (a
    driver with fewer values holds its last). Each driven joint is made the joint that keeps its driven
    values (side a's frame turned about and moved along its z by them), solved, every joint measured.
    Afterwards the joints and the solved placements are put back as they were."""
    if not drivers:
        return None
    import FreeCAD
    by_joint = {}
    for d in drivers:
        by_joint.setdefault(d['joint'], {})[d['param']] = d['values']
    spec = {j['id']: j for j in joints}
    saved = {cid: FreeCAD.Placement(obj.Placement) for cid, obj in objs.items()}
    held = {}
    for jid, params in sorted(by_joint.items()):
        o = jobjs[jid]
        fc_type, as_type = _DRIVEN[(spec[jid]['type'], tuple(sorted(params)))]
        held[jid] = (o, fc_type, as_type, o.JointType, FreeCAD.Placement(o.Placement1), params)
    n = max(len(d['values']) for d in drivers)
    frames = []
    try:
        for k in range(n):
            values = [d['values'][min(k, len(d['values']) - 1)] for d in drivers]
            for jid, (o, fc_type, _, _, base1, params) in held.items():
                at = {p: vs[min(k, len(vs) - 1)] for p, vs in params.items()}
                off = FreeCAD.Placement(FreeCAD.Vector(0, 0, float(at.get('z', 0))),
                                        FreeCAD.Rotation(FreeCAD.Vector(0, 0, 1), float(at.get('angle', 0))))
                o.JointType = fc_type
                o.Placement1 = base1.multiply(off)
            with _Captured():
                asm.solve()
            res, bad = _residuals(joints, jobjs, size, UtilsAssembly, {jid: h[2] for jid, h in held.items()})
            frames.append({'values': values, 'valid': not bad, 'violated': bad, 'residuals': res,
                           'placements': {c['id']: _placement_record(objs[c['id']].Placement) for c in comps}})
    finally:
        for o, _, _, base_type, base1, _ in held.values():
            o.JointType = base_type
            o.Placement1 = base1
        for cid, p in saved.items():
            objs[cid].Placement = p
    return frames


# joints whose z axis is the way a component comes off its partner (a ball's is radial from the centre)
_AXIAL = ('fixed', 'revolute', 'cylindrical', 'slider', 'planar')


def exploded(spec, comps, joints, jobjs, placed, solved, UtilsAssembly):
    """The exploded view: a world offset per component and the placements it gives.
    spec {offsets: {id: [x,y,z]}} moves each named component by its offset. spec {auto, factor}: walking
    out from the grounded components (joints in id order), each component moves off the partner that
    reaches it along that joint's axis (side a's global z, turned to point from the partner's centre to
    the component's, else away from the assembly's centre), radially from the assembly's centre for a
    ball, by factor x the component's own extent that way, plus its partner's offset, so what is
    mounted on a part travels with it."""
    import FreeCAD
    shapes = dict(placed)
    centre_of = {cid: s.BoundBox.Center for cid, s in placed}
    centre = _envelope(placed).Center
    offsets = {c['id']: FreeCAD.Vector() for c in comps}
    if spec.get('offsets') is not None:
        for cid, v in (spec.get('offsets') or {}).items():
            offsets[cid] = FreeCAD.Vector(*[float(x) for x in v])
    else:
        factor = float(spec.get('factor', 1.0))
        done = {c['id'] for c in comps if c.get('grounded')}
        grown = True
        while grown:
            grown = False
            for j in joints:
                for parent, child in ((j['a']['component'], j['b']['component']), (j['b']['component'], j['a']['component'])):
                    if parent not in done or child in done:
                        continue
                    away = centre_of[child] - centre_of[parent]
                    if j['type'] in _AXIAL:
                        o = jobjs[j['id']]
                        d = UtilsAssembly.getJcsGlobalPlc(o.Placement1, o.Reference1).Rotation.multVec(FreeCAD.Vector(0, 0, 1))
                        side = d.dot(away)
                        if abs(side) < 1e-9:
                            side = d.dot(centre_of[child] - centre)
                        if side < -1e-9:
                            d = d * -1
                    else:
                        d = centre_of[child] - centre
                        d = d if d.Length > 1e-9 else FreeCAD.Vector(0, 0, 1)
                    d.normalize()
                    bb = shapes[child].BoundBox
                    extent = abs(d.x) * bb.XLength + abs(d.y) * bb.YLength + abs(d.z) * bb.ZLength
                    offsets[child] = offsets[parent] + d * (factor * extent)
                    done.add(child)
                    grown = True
    out = {}
    for c in comps:
        p = FreeCAD.Placement(solved[c['id']])
        p.Base = p.Base + offsets[c['id']]
        out[c['id']] = _placement_record(p)
    return ({cid: [rounded(v.x, 9), rounded(v.y, 9), rounded(v.z, 9)] for cid, v in offsets.items()}, out)


def _envelope(placed):
    import FreeCAD
    bb = FreeCAD.BoundBox()
    for _, s in placed:
        bb.add(s.BoundBox)
    return bb


def run(ctx):
    import FreeCAD
    import Part
    import JointObject
    import UtilsAssembly

    inp = ctx.input
    comps = inp.get('components') or []
    joints = inp.get('joints') or []
    lcs = inp.get('lcs') or {}
    mode = inp.get('collision') or 'validate'
    files = inp.get('files') or {}

    with ctx.step('assembly_components', 'model'):
        ctx.test_hook('model')
        shapes = {}
        for c in comps:
            shapes[c['id']] = _build_shape(ctx, c)
        frames = {}
        for j in joints:
            for side in ('a', 'b'):
                end = j[side]
                frames[(j['id'], side)] = _ref_placement(end['component'], end['ref'], shapes[end['component']],
                                                         lcs.get(end['component']) or {}, 'joints.%s.%s.ref' % (j['id'], side))

    with ctx.step('assembly_solve', 'model'):
        doc = FreeCAD.newDocument('TezgahAssembly')
        asm = doc.addObject('Assembly::AssemblyObject', 'Assembly')
        asm.Label = inp.get('name') or 'Assembly'
        group = asm.newObject('Assembly::JointGroup', 'Joints')
        objs = {}
        for n, c in enumerate(comps):
            o = asm.newObject('Part::Feature', 'C%03d' % (n + 1))
            o.Label = c['id']
            o.Shape = shapes[c['id']]
            o.Placement = _plc(c['placement'])
            objs[c['id']] = o
        _preplace(comps, joints, objs, frames)
        doc.recompute()
        for c in comps:
            if c.get('grounded'):
                g = group.newObject('App::FeaturePython', 'Ground_' + objs[c['id']].Name)
                JointObject.GroundedJoint(g, objs[c['id']])
                g.Label = 'ground ' + c['id']
        jobjs = {}
        for n, j in enumerate(joints):
            o = group.newObject('App::FeaturePython', 'J%03d' % (n + 1))
            JointObject.Joint(o, JointObject.JointTypes.index(_FC_TYPE[j['type']]))
            o.Label = j['id']
            o.Detach1 = True
            o.Detach2 = True
            # the connector's element names only say which part moves (and, for a planar joint, that
            # both ends are planes: a Distance joint between two planar faces is OndselSolver's planar
            # joint); the frame itself is Placement1/2
            el = {side: ['Vertex1', 'Vertex1'] for side in ('a', 'b')}
            if j['type'] == 'planar':
                for side in ('a', 'b'):
                    cid = j[side]['component']
                    el[side] = [_plane_face(cid, shapes[cid], 'joints.%s.%s.ref' % (j['id'], side), j[side]['ref']), 'Vertex1']
            o.Reference1 = [objs[j['a']['component']], el['a']]
            o.Reference2 = [objs[j['b']['component']], el['b']]
            o.Placement1 = frames[(j['id'], 'a')]
            o.Placement2 = frames[(j['id'], 'b')]
            if j['type'] == 'planar':
                o.Distance = 0
            lim = j.get('limits') or {}
            if lim.get('angle_deg'):
                o.EnableAngleMin, o.AngleMin = True, float(lim['angle_deg'][0])
                o.EnableAngleMax, o.AngleMax = True, float(lim['angle_deg'][1])
            if lim.get('z_mm'):
                o.EnableLengthMin, o.LengthMin = True, float(lim['z_mm'][0])
                o.EnableLengthMax, o.LengthMax = True, float(lim['z_mm'][1])
            jobjs[j['id']] = o
        with _Captured() as out:
            status = asm.solve()
            doc.recompute()
        redundant = 'RedundantConstraint' in out.text
        size = max([s.BoundBox.DiagonalLength for s in shapes.values()] + [1.0])
        residuals, violated = _residuals(joints, jobjs, size, UtilsAssembly)
        if violated:
            text = ', '.join('%s (%.4g mm, %.4g rad)' % (v, residuals[v]['mm'], residuals[v]['rad']) for v in violated)
            raise FlowError('FC_A4_UNSOLVED', 'joints not satisfied after solve: ' + text,
                            details={'joints': text, 'violated': violated, 'residuals': residuals,
                                     'solver_status': int(status), 'redundant': redundant})
        placements = {c['id']: _placement_record(objs[c['id']].Placement) for c in comps}
        frames = _sweep(inp.get('drivers'), asm, doc, comps, joints, objs, jobjs, size, UtilsAssembly)

    with ctx.step('assembly_clash', 'model'):
        placed = []
        for c in comps:
            s = shapes[c['id']].copy()
            s.Placement = objs[c['id']].Placement.multiply(s.Placement)
            placed.append((c['id'], s))
        collisions, checked, pruned = clashes(placed)
        explode_offsets, explode_placements = exploded(inp.get('exploded') or {'factor': 1.0}, comps, joints, jobjs, placed,
                                                       {cid: o.Placement for cid, o in objs.items()}, UtilsAssembly)
        if collisions and mode == 'validate':
            text = ', '.join('%s–%s %.6g mm³' % (k['a'], k['b'], k['volume_mm3']) for k in collisions)
            raise FlowError('ASSEMBLY_CLASH', 'components overlap: ' + text,
                            details={'pairs': text, 'collisions': collisions})

    with ctx.step('export_fcstd', 'export'):
        path = ctx.path(files['fcstd'])
        doc.saveAs(path)
        ctx.add_output('fcstd', files['fcstd'], {'freecad_document': True})
        # the saved file, opened again: the placements it keeps
        name = doc.Name
        FreeCAD.closeDocument(name)
        again = FreeCAD.openDocument(path, True)
        reopened = {}
        for c in comps:
            o = [x for x in again.Objects if x.Label == c['id'] and x.TypeId == 'Part::Feature']
            reopened[c['id']] = _placement_record(o[0].Placement) if len(o) == 1 else None
        group_again = again.getObject('Joints')
        joints_in_file = sorted(x.Label for x in group_again.Group) if group_again else []
        FreeCAD.closeDocument(again.Name)

    with ctx.step('tessellate', 'mesh'):
        for n, c in enumerate(comps):
            fname = 'component-%03d.mesh' % (n + 1)
            meta = write_preview_mesh(shapes[c['id']], ctx.path(fname))
            meta['component'] = c['id']
            ctx.add_output('mesh', fname, meta)

    with ctx.step('metrics', 'model'):
        compound = Part.makeCompound([s for _, s in placed])
        mesh = mesh_shape(compound)
        ctx.metrics = measure(compound, int(mesh.CountFacets))

    ctx.data['assembly'] = {
        'placements': placements,
        'reopened': reopened,
        'joints_in_file': joints_in_file,
        'residuals': residuals,
        'solver_status': int(status),
        'redundant': redundant,
        'collisions': collisions,
        'checked_pairs': checked,
        'pruned_pairs': pruned,
        'components': [{'id': c['id'], 'volume_mm3': rounded(shapes[c['id']].Volume, 6),
                        'bbox_mm': _bbox(placed[i][1].BoundBox)} for i, c in enumerate(comps)],
        'holes': {c['id']: len(holes(shapes[c['id']])) for c in comps},
        'frames': frames,
        'exploded': {'offsets': explode_offsets, 'placements': explode_placements},
    }
