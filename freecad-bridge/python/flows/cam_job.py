"""Builds a FreeCAD CAM job from the app's plan: the part, a box stock, one tool controller per tool and
cutting data, and the operations with every depth, height and step set explicitly.

The plan comes from the app (electron/domains/cam/plan.ts), which has already chosen the tools, checked the
machine's limits and computed feeds and speeds; nothing here picks a value on its own. FreeCAD's
SetupSheet expressions are cleared first: left in place they would overwrite the plan's depths and
heights on every recompute.
"""
import contextlib

from flows.errors import FlowError

# FreeCAD ToolBit shapes for our tool types (ball and face mills are cut by the same rules as an end
# mill here; the shape only changes how FreeCAD draws the bit).
_SHAPES = {
    'endmill': ('endmill', 'Endmill'),
    'face_mill': ('endmill', 'Endmill'),
    'ball': ('ballend', 'Ballend'),
    'drill': ('drill', 'Drill'),
    'chamfer': ('chamfer', 'Chamfer'),
}
_CUTTING = ('G1', 'G01', 'G2', 'G02', 'G3', 'G03', 'G73', 'G81', 'G82', 'G83')


def _mm(v):
    return '%s mm' % repr(float(v))


def _feed(v):
    return '%s mm/min' % repr(float(v))


class _ToolControllerChoice:
    """Stands in for FreeCAD's GUI prompt: with several tool controllers in a job, creating an
    operation asks the user which one to use (PathUtils.UserInput). Headless, the plan decides."""

    def __init__(self, tc):
        self.tc = tc

    def selectedToolController(self):
        return self.tc

    def chooseToolController(self, controllers):
        return self.tc


@contextlib.contextmanager
def _choosing(tc):
    import PathScripts.PathUtils as PathUtils
    before = PathUtils.UserInput
    PathUtils.UserInput = _ToolControllerChoice(tc)
    try:
        yield
    finally:
        PathUtils.UserInput = before


def _clear_expressions(obj):
    for prop, _expr in list(obj.ExpressionEngine):
        obj.setExpression(prop, None)


def _toolbit(doc, tool):
    from Path.Tool.toolbit import ToolBit
    shape, shape_type = _SHAPES.get(tool['type'], ('endmill', 'Endmill'))
    params = {
        'Diameter': _mm(tool['diameter_mm']),
        'Length': _mm(tool['overall_length_mm']),
        'ShankDiameter': _mm(tool['shank_mm']),
        'Flutes': int(tool['flutes']),
    }
    if shape == 'drill':
        params['TipAngle'] = '%s deg' % repr(float(tool.get('tip_angle_deg') or 118))
    else:
        params['CuttingEdgeHeight'] = _mm(tool['flute_length_mm'])
    if shape == 'chamfer':
        params['CuttingEdgeAngle'] = '%s deg' % repr(float(tool.get('tip_angle_deg') or 90))
    bit = ToolBit.from_dict({'name': tool['name'], 'shape': shape + '.fcstd', 'shape-type': shape_type,
                             'parameter': params, 'attribute': {}})
    return bit.attach_to_doc(doc=doc)


def build_job(doc, part, plan):
    """Returns (job, ops) with ops as [(plan_op, freecad_op)] in the plan's order."""
    import FreeCAD
    import Path.Main.Job as PathJob
    import Path.Main.Stock as PathStock
    import Path.Tool.Controller as PathToolController

    job = PathJob.Create('Job', [part], None)
    job.Label = 'CAM ' + part.Label
    # The job starts with FreeCAD's default 5 mm end mill and a stock grown 1 mm around the part.
    for tc in list(job.Tools.Group):
        tool = tc.Tool
        doc.removeObject(tc.Name)
        if tool is not None:
            doc.removeObject(tool.Name)
    job.Tools.Group = []
    s = plan['stock']
    old_stock = job.Stock
    job.Stock = PathStock.CreateBox(
        job, FreeCAD.Vector(s['xmax'] - s['xmin'], s['ymax'] - s['ymin'], s['zmax'] - s['zmin']),
        FreeCAD.Placement(FreeCAD.Vector(s['xmin'], s['ymin'], s['zmin']), FreeCAD.Rotation()))
    doc.removeObject(old_stock.Name)

    sheet = job.SetupSheet
    _clear_expressions(sheet)
    for prop in ('StartDepthExpression', 'FinalDepthExpression', 'StepDownExpression',
                 'SafeHeightExpression', 'ClearanceHeightExpression'):
        setattr(sheet, prop, '')
    h = plan['heights']
    sheet.SafeHeightOffset = _mm(h['safe'] - s['zmax'])
    sheet.ClearanceHeightOffset = _mm(h['clearance'] - s['zmax'])

    tcs = {}
    for t in plan['tool_controllers']:
        tool = _toolbit(doc, t['tool'])
        tc = PathToolController.Create(t['label'], tool, int(t['tool']['number']))
        tc.Label = t['label']
        tc.SpindleSpeed = float(t['rpm'])
        tc.SpindleDir = 'Forward'
        tc.HorizFeed = _feed(t['feed_mm_min'])
        tc.VertFeed = _feed(t['plunge_mm_min'])
        job.Proxy.addToolController(tc)
        tcs[t['id']] = tc

    model = job.Model.Group[0]
    names = set('Face%d' % (i + 1) for i in range(len(model.Shape.Faces)))
    ops = []
    for p in plan['ops']:
        tc = tcs.get(p['tc'])
        if tc is None:
            raise FlowError('CAM_FAILED', 'operation %s has no tool controller' % p['label'],
                            details={'detail': 'unknown tool controller %s' % p['tc']})
        for f in p.get('faces', []):
            if f not in names:
                raise FlowError('CAM_FAILED', 'face %s is not on the part' % f, details={'detail': 'face %s not found' % f})
        op = _BUILDERS[p['kind']](job, model, tc, dict(p, heights=plan['heights']))
        ops.append((p, op))
    return job, ops


def _create(module, job, tc, p):
    with _choosing(tc):
        op = module.Create(p['id'], parentJob=job)
    op.Label = p['label']
    op.ToolController = tc
    _clear_expressions(op)
    return op


def _common(op, model, p):
    """What every operation gets from the plan: its faces, depths, heights, steps and coolant."""
    op.Base = [(model, p['faces'])] if p.get('faces') else []  # none: the whole model
    op.StartDepth = _mm(p['start_depth'])
    op.FinalDepth = _mm(p['final_depth'])
    op.ClearanceHeight = _mm(p['heights']['clearance'])
    op.SafeHeight = _mm(p['heights']['safe'])
    if hasattr(op, 'StepDown') and p.get('step_down') is not None:
        op.StepDown = _mm(p['step_down'])
    if hasattr(op, 'StepOver') and p.get('step_over_percent') is not None:
        op.StepOver = int(p['step_over_percent'])
    if hasattr(op, 'CoolantMode'):
        op.CoolantMode = p.get('coolant') or 'None'
    if hasattr(op, 'MinTravel'):
        # Unsorted, Path.Area emits the pieces of an offset pattern in an order that changes from run
        # to run; sorted by travel, the same input gives the same G-code.
        op.MinTravel = True
    return op


def _facing(job, model, tc, p):
    import Path.Op.MillFace as PathMillFace
    op = _create(PathMillFace, job, tc, p)
    op.BoundaryShape = 'Stock'  # face the whole stock top, not only the part's outline
    op.ClearEdges = True
    op.ClearingPattern = 'ZigZag'
    op.CutMode = 'Climb'
    return _common(op, model, p)


def _profile(job, model, tc, p):
    import Path.Op.Profile as PathProfile
    op = _create(PathProfile, job, tc, p)
    op.Side = 'Outside'  # of the model's outline (no faces given)
    op.Direction = 'CW'  # climb milling around the outside with the spindle turning clockwise
    op.UseComp = True
    op.processPerimeter = True
    op.processHoles = False
    op.processCircles = False
    return _common(op, model, p)


def _pocket(job, model, tc, p):
    import Path.Op.PocketShape as PathPocketShape
    op = _create(PathPocketShape, job, tc, p)
    op.CutMode = 'Climb'
    op.ClearingPattern = 'Offset'
    return _common(op, model, p)


def _adaptive(job, model, tc, p):
    import Path.Op.Adaptive as PathAdaptive
    op = _create(PathAdaptive, job, tc, p)
    op.OperationType = 'Clearing'
    op.Side = p.get('side', 'Inside')
    op.UseOutline = p.get('side') == 'Outside'
    # Between cuts the tool lifts clear of the stock: a rapid below the stock top is only safe where
    # the material is already gone, and no verifier can tell that from the G-code alone.
    op.KeepToolDownRatio = _mm(0)
    op.LiftDistance = _mm(p['heights']['safe'] - p['final_depth'])
    return _common(op, model, p)


def _drill(job, model, tc, p):
    import Path.Op.Drilling as PathDrilling
    op = _create(PathDrilling, job, tc, p)
    op.RetractHeight = _mm(p['heights']['retract'])
    op.KeepToolDown = False  # G98: back to the start height between holes
    op.ExtraOffset = 'Drill Tip' if p.get('through') else 'None'
    peck = p.get('peck_depth')
    op.PeckEnabled = bool(peck)
    op.PeckDepth = _mm(peck or 1)
    op.DwellEnabled = False
    op.chipBreakEnabled = False
    return _common(op, model, p)


_BUILDERS = {
    'facing': _facing,
    'profile': _profile,
    'pocket': _pocket,
    'adaptive': _adaptive,
    'drill': _drill,
}


def check_paths(ops):
    """Every operation must cut something; an empty path means FreeCAD found nothing to do."""
    summary = []
    for p, op in ops:
        if 'Invalid' in op.State or 'Error' in op.State:
            raise FlowError('CAM_FAILED', 'operation %s failed to compute' % p['label'],
                            details={'detail': '%s (%s) did not compute' % (p['label'], p['kind'])})
        cmds = op.Path.Commands
        cutting = sum(1 for c in cmds if c.Name in _CUTTING)
        if cutting == 0:
            raise FlowError('CAM_FAILED', 'operation %s made no cutting moves' % p['label'],
                            details={'detail': '%s (%s) made no cutting moves' % (p['label'], p['kind'])})
        summary.append({'id': p['id'], 'label': p['label'], 'kind': p['kind'], 'commands': len(cmds),
                        'cutting_moves': cutting, 'tool_number': int(op.ToolController.ToolNumber)})
    return summary
