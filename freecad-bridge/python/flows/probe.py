"""Probe flow: versions of the runtime, and optionally the measurements of a STEP/IGES/BREP file in the
job dir (used by `tezgah doctor` and to read exported files back in tests).

Input: {"file"?: name relative to the job dir}
Data:  {"freecad_version", "freecad_build", "occt_version", "python_version", "measure"?: {...}}
"""
import os
import sys

from flows.errors import FlowError
from flows.outputs import rounded


def run(ctx):
    import FreeCAD
    import Part
    v = FreeCAD.Version()
    ctx.data.update({
        'freecad_version': '.'.join(v[:3]),
        'freecad_build': v[3] if len(v) > 3 else None,
        'occt_version': getattr(Part, 'OCC_VERSION', None),
        'python_version': sys.version.split()[0],
    })
    name = ctx.input.get('file')
    if not name:
        return
    path = os.path.normpath(os.path.join(ctx.job_dir, str(name)))
    if os.path.dirname(path) != os.path.normpath(ctx.job_dir) and not path.startswith(os.path.normpath(ctx.job_dir) + os.sep):
        raise FlowError('VALIDATION_ERROR', 'file must be inside the job dir', details={'field': 'file'})
    with ctx.step('import', 'import'):
        shape = Part.Shape()
        shape.read(path)
    with ctx.step('metrics', 'model'):
        solids = shape.Solids
        bb = shape.optimalBoundingBox(False, False)
        ctx.data['measure'] = {
            'solids': len(solids),
            'faces': len(shape.Faces),
            'edges': len(shape.Edges),
            'volume_mm3': rounded(sum(s.Volume for s in solids)) if solids else None,
            'area_mm2': rounded(shape.Area),
            'bbox_mm': {'xmin': rounded(bb.XMin), 'ymin': rounded(bb.YMin), 'zmin': rounded(bb.ZMin),
                        'xmax': rounded(bb.XMax), 'ymax': rounded(bb.YMax), 'zmax': rounded(bb.ZMax)},
            'is_valid': bool(shape.isValid()),
        }
