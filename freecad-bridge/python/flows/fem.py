"""FEM flow: a linear static or modal analysis of a part with FreeCAD FEM, Gmsh and CalculiX.

Input (electron/domains/fem/flow.ts, schema freecad-bridge/python/schemas/fem.json):
  part        STEP/FCStd file in the job dir
  analysis    'static' | 'modal'
  material    {name, youngs_modulus_mpa, poisson_ratio, density_kg_m3}
  constraints [{type: 'fixed', faces: [selector, ...]}]
  loads       [{type: 'force', faces, force_n, direction: [x, y, z]} | {type: 'pressure', faces, pressure_mpa}]
  mesh        {size_mm, second_order}
  modes       eigenfrequencies wanted (modal)
  max_nodes   the model's limit (SIM_LIMIT_EXCEEDED past it, with a suggested size)
  threads     CalculiX's OpenMP threads
  files       {fcstd, inp, frd, csv, vtu}

A face selector is a face name as the viewer shows it ("Face3") or a side of the part's box:
'x-min', 'x-max', 'y-min', 'y-max', 'z-min', 'z-max' (also 'bottom' = z-min, 'top' = z-max): the
planar faces lying in that side's plane.

FreeCAD builds the analysis and writes the CalculiX deck (its writer); ccx runs as a child of this
worker (so a cancel that kills the worker's group kills ccx too) with its output streamed as
progress; the results are read back from the .frd (nodal displacements and stresses) and the .dat
(reaction totals, eigenfrequencies), and von Mises is computed here from the stress tensor.
"""
import math
import os
import re
import subprocess
import time

from flows.cam_features import load_part
from flows.errors import FlowError

CCX = '/usr/bin/ccx'
GMSH = '/usr/bin/gmsh'
SIDES = {'x-min': (0, -1), 'x-max': (0, 1), 'y-min': (1, -1), 'y-max': (1, 1), 'z-min': (2, -1), 'z-max': (2, 1),
         'bottom': (2, -1), 'top': (2, 1)}
FACE = re.compile(r'^Face(\d+)$')
#: tetrahedra per (size³) of volume, measured on gmsh's output (a regular tet fills size³/8.5)
TETS_PER_SIZE3 = 6.0
#: nodes per tetrahedron in a large mesh: ~1.7 for 2nd order (10 nodes shared), ~0.2 for 1st
NODES_PER_TET = {True: 1.7, False: 0.2}
#: lines of ccx's output and how far the solve is when they appear
CCX_PHASES = (('Determining the structure', 0.1), ('Factoring the system', 0.3), ('Calculating the eigen', 0.5),
              ('Using up to', 0.2), ('stress calculation', 0.8), ('Job finished', 1.0))


def configure():
    import FreeCAD
    ccx = FreeCAD.ParamGet('User parameter:BaseApp/Preferences/Mod/Fem/Ccx')
    ccx.SetBool('UseStandardCcxLocation', False)
    ccx.SetString('ccxBinaryPath', CCX)
    gmsh = FreeCAD.ParamGet('User parameter:BaseApp/Preferences/Mod/Fem/Gmsh')
    gmsh.SetBool('UseStandardGmshLocation', False)
    gmsh.SetString('gmshBinaryPath', GMSH)
    FreeCAD.ParamGet('User parameter:BaseApp/Preferences/Mod/Fem/General').SetBool('KeepResultsOnReRun', False)


def resolve_faces(shape, selectors, field):
    """Face names of the shape for a list of selectors; an empty selection is FEM_SELECTION_EMPTY."""
    bb = shape.BoundBox
    lo = (bb.XMin, bb.YMin, bb.ZMin)
    hi = (bb.XMax, bb.YMax, bb.ZMax)
    tol = max(1e-6, 1e-6 * bb.DiagonalLength)
    out = []
    for sel in selectors:
        m = FACE.match(sel)
        names = []
        if m:
            i = int(m.group(1))
            if 1 <= i <= len(shape.Faces):
                names = [sel]
        elif sel in SIDES:
            axis, sign = SIDES[sel]
            plane = hi[axis] if sign > 0 else lo[axis]
            for i, f in enumerate(shape.Faces):
                fb = f.BoundBox
                fmin = (fb.XMin, fb.YMin, fb.ZMin)[axis]
                fmax = (fb.XMax, fb.YMax, fb.ZMax)[axis]
                if abs(fmin - plane) <= tol and abs(fmax - plane) <= tol:
                    names.append('Face%d' % (i + 1))
        if not names:
            raise FlowError('FEM_SELECTION_EMPTY', 'selector %r matches no face' % sel,
                            details={'field': field, 'selector': sel, 'faces': len(shape.Faces),
                                     'known': 'Face1…Face%d, %s' % (len(shape.Faces), ', '.join(SIDES))})
        out.extend(n for n in names if n not in out)
    return out


def direction_object(doc, name, vector):
    """A helper edge along the force's direction (FreeCAD's force takes its direction from geometry)."""
    import FreeCAD
    import Part
    v = FreeCAD.Vector(*vector)
    if v.Length == 0:
        raise FlowError('VALIDATION_ERROR', 'a force direction of length 0', details={'field': 'loads.direction'})
    line = doc.addObject('Part::Feature', name)
    line.Shape = Part.makeLine(FreeCAD.Vector(0, 0, 0), v)
    line.Visibility = False
    return line, v.normalize()


def build(ctx, doc, part, inp):
    import FreeCAD
    import ObjectsFem
    analysis = ObjectsFem.makeAnalysis(doc, 'Analysis')
    solver = ObjectsFem.makeSolverCalculiX(doc, 'CalculiX')
    solver.AnalysisType = 'frequency' if inp['analysis'] == 'modal' else 'static'
    if inp['analysis'] == 'modal':
        solver.EigenmodesCount = int(inp['modes'])
        solver.EigenmodeLowLimit = 0.0
        solver.EigenmodeHighLimit = 1.0e7
    analysis.addObject(solver)

    mat = inp['material']
    mobj = ObjectsFem.makeMaterialSolid(doc, 'Material')
    m = mobj.Material
    m['Name'] = str(mat['name'])
    m['YoungsModulus'] = '%r MPa' % float(mat['youngs_modulus_mpa'])
    m['PoissonRatio'] = '%r' % float(mat['poisson_ratio'])
    m['Density'] = '%r kg/m^3' % float(mat['density_kg_m3'])
    mobj.Material = m
    analysis.addObject(mobj)

    resolved = {'constraints': [], 'loads': []}
    for i, c in enumerate(inp['constraints']):
        faces = resolve_faces(part.Shape, c['faces'], 'constraints.%d.faces' % i)
        fx = ObjectsFem.makeConstraintFixed(doc, 'Fixed%d' % (i + 1))
        fx.References = [(part, f) for f in faces]
        analysis.addObject(fx)
        resolved['constraints'].append(faces)

    checks = []
    applied = [0.0, 0.0, 0.0]
    for i, load in enumerate(inp['loads']):
        faces = resolve_faces(part.Shape, load['faces'], 'loads.%d.faces' % i)
        if load['type'] == 'force':
            line, want = direction_object(doc, 'ForceDirection%d' % (i + 1), load['direction'])
            fo = ObjectsFem.makeConstraintForce(doc, 'Force%d' % (i + 1))
            fo.References = [(part, f) for f in faces]
            fo.Force = '%r N' % float(load['force_n'])
            fo.Direction = (line, ['Edge1'])
            fo.Reversed = False
            analysis.addObject(fo)
            checks.append((fo, want))
            if applied is not None:
                applied = [a + float(load['force_n']) * c for a, c in zip(applied, want)]
        else:
            pr = ObjectsFem.makeConstraintPressure(doc, 'Pressure%d' % (i + 1))
            pr.References = [(part, f) for f in faces]
            pr.Pressure = '%r MPa' % float(load['pressure_mpa'])
            # positive pressure pushes on the face (into the material)
            pr.Reversed = False
            analysis.addObject(pr)
            if applied is not None:
                f = pressure_force(part.Shape, faces, float(load['pressure_mpa']))
                applied = None if f is None else [a + b for a, b in zip(applied, f)]
        resolved['loads'].append(faces)
    doc.recompute()
    # FreeCAD's direction from an edge has come out flipped before: hold it to the vector asked for.
    for fo, want in checks:
        got = fo.DirectionVector
        if got.dot(want) < 0:
            fo.Reversed = True
            doc.recompute()
            got = fo.DirectionVector
        if got.dot(want) < 1 - 1e-6:
            raise FlowError('INTERNAL', 'force direction %r is not the one asked for %r' % (tuple(got), tuple(want)))

    mesh = ObjectsFem.makeMeshGmsh(doc, 'Mesh')
    mesh.Shape = part
    mesh.ElementOrder = '2nd' if inp['mesh']['second_order'] else '1st'
    mesh.CharacteristicLengthMax = '%r mm' % float(inp['mesh']['size_mm'])
    mesh.CharacteristicLengthMin = '%r mm' % (float(inp['mesh']['size_mm']) / 10.0)
    analysis.addObject(mesh)
    doc.recompute()
    resolved['applied_n'] = applied
    return analysis, solver, mesh, resolved


def pressure_force(shape, faces, pressure):
    """The force a pressure puts on planar faces (pressure × area, into the material); None for a curved face."""
    total = [0.0, 0.0, 0.0]
    for name in faces:
        face = shape.getElement(name)
        if face.Surface.TypeId != 'Part::GeomPlane':
            return None
        u0, u1, v0, v1 = face.ParameterRange
        n = face.normalAt((u0 + u1) / 2, (v0 + v1) / 2)
        probe = face.CenterOfMass + n * (1e-3 * max(1.0, shape.BoundBox.DiagonalLength))
        if shape.isInside(probe, 1e-7, True):
            n = -n  # the outward normal
        total = [t - pressure * face.Area * c for t, c in zip(total, n)]
    return total


def default_size(shape):
    """A quarter of the part's thinnest side, at most 1/20 of its diagonal."""
    bb = shape.BoundBox
    thinnest = min(v for v in (bb.XLength, bb.YLength, bb.ZLength) if v > 0)
    return round(max(0.05, min(thinnest / 4.0, bb.DiagonalLength / 20.0)), 3)


def suggested_size(size, nodes, max_nodes):
    return round(size * (nodes / float(max_nodes)) ** (1.0 / 3.0) * 1.1, 3)


def make_mesh(ctx, mesh, shape, inp):
    size = float(inp['mesh']['size_mm'])
    second = bool(inp['mesh']['second_order'])
    limit = int(inp['max_nodes'])
    # a mesh far beyond the limit is refused before gmsh spends minutes on it
    estimate = shape.Volume / size ** 3 * TETS_PER_SIZE3 * NODES_PER_TET[second]
    if estimate > 3 * limit:
        raise FlowError('SIM_LIMIT_EXCEEDED', 'about %d nodes expected, the limit is %d' % (estimate, limit),
                        details={'nodes': int(estimate), 'limit': limit, 'estimated': True,
                                 'suggested_mm': suggested_size(size, estimate, limit)})
    from femmesh.gmshtools import GmshTools
    try:
        err = GmshTools(mesh).create_mesh()
    except Exception as e:  # noqa: BLE001
        raise FlowError('FEM_MESH_FAILED', str(e), details={'detail': str(e)[:500]}) from e
    fm = mesh.FemMesh
    if err or fm is None or fm.VolumeCount == 0:
        why = str(err or 'gmsh made no volume elements')
        raise FlowError('FEM_MESH_FAILED', why, details={'detail': why[:500]})
    if fm.NodeCount > limit:
        raise FlowError('SIM_LIMIT_EXCEEDED', '%d nodes, the limit is %d' % (fm.NodeCount, limit),
                        details={'nodes': fm.NodeCount, 'limit': limit, 'estimated': False,
                                 'suggested_mm': suggested_size(size, fm.NodeCount, limit)})
    return fm.NodeCount, fm.VolumeCount


def run_ccx(ctx, wd, deck, threads):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), CCX_NPROC_STIFFNESS=str(threads),
               CCX_NPROC_EQUATION_SOLVER=str(threads))
    log = []
    t0 = time.perf_counter()
    fraction = 0.0
    proc = subprocess.Popen([CCX, '-i', deck], cwd=wd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, text=True, errors='replace')
    for line in proc.stdout:
        line = line.rstrip()
        log.append(line)
        # ccx's own phases as the step's progress
        for marker, f in CCX_PHASES:
            if marker in line and f > fraction:
                fraction = f
                ctx.channel.send({'event': 'progress', 'job_id': ctx.job_id, 'step': 'fem_solve', 'status': 'running',
                                  'fraction': f})
                break
    rc = proc.wait()
    seconds = round(time.perf_counter() - t0, 3)
    with open(os.path.join(wd, 'ccx.log'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(log) + '\n')
    text = '\n'.join(log)
    errors = [l.strip() for l in log if '*ERROR' in l]
    if rc != 0 or errors or 'Job finished' not in text:
        why = (errors[0] if errors else 'ccx exited with %d' % rc)[:500]
        if re.search(r'singular|zero pivot|pivot|rigid body|not positive definite', text, re.I):
            raise FlowError('FEM_RIGID_BODY', why, details={'detail': why,
                                                           'free': {'en': 'some directions', 'tr': 'bazı yönlerde'}})
        raise FlowError('FEM_SOLVER_FAILED', why, details={'detail': why})
    return seconds, log


def read_reactions(dat_text):
    """Sum of the 'total force' lines of the .dat (one per fixed constraint set)."""
    total = [0.0, 0.0, 0.0]
    found = False
    lines = dat_text.splitlines()
    for i, l in enumerate(lines):
        if 'total force' in l:
            for nxt in lines[i + 1:i + 4]:
                parts = nxt.split()
                if len(parts) == 3:
                    v = [float(p.replace('D', 'E')) for p in parts]
                    total = [a + b for a, b in zip(total, v)]
                    found = True
                    break
    return total if found else None


def read_frequencies(dat_text):
    """(mode, cycles/time) rows of the .dat's eigenvalue table."""
    out = []
    lines = dat_text.splitlines()
    for i, l in enumerate(lines):
        if 'E I G E N V A L U E   O U T P U T' in l:
            for nxt in lines[i + 1:]:
                parts = nxt.split()
                if len(parts) == 5 and parts[0].isdigit():
                    out.append(float(parts[3].replace('D', 'E')))
                elif out and not nxt.strip():
                    break
                elif out and parts and not parts[0].isdigit():
                    break
            break
    return out


def von_mises(s):
    sx, sy, sz, sxy, syz, szx = s
    return math.sqrt(0.5 * ((sx - sy) ** 2 + (sy - sz) ** 2 + (sz - sx) ** 2) + 3.0 * (sxy ** 2 + syz ** 2 + szx ** 2))


def r6(v):
    return round(float(v), 6)


def post(ctx, wd, deck, inp, mesh_counts, part_shape, mesh_obj):
    from feminout import importCcxFrdResults as frd_reader
    frd_path = os.path.join(wd, deck + '.frd')
    if not os.path.isfile(frd_path):
        raise FlowError('FEM_SOLVER_FAILED', 'ccx wrote no results', details={'detail': 'no .frd file'})
    res = frd_reader.read_frd_result(frd_path)
    nodes = res['Nodes']
    results = res['Results']
    with open(os.path.join(wd, deck + '.dat'), encoding='utf-8', errors='replace') as f:
        dat = f.read()
    data = {'analysis': inp['analysis'], 'nodes': mesh_counts[0], 'elements': mesh_counts[1],
            'max_von_mises_mpa': None, 'max_von_mises_at_mm': None,
            'max_displacement_mm': None, 'max_displacement_at_mm': None,
            'reaction_n': None, 'applied_n': None, 'frequencies_hz': None}
    files = inp['files']
    if inp['analysis'] == 'static':
        if not results:
            raise FlowError('FEM_SOLVER_FAILED', 'the .frd holds no results', details={'detail': 'empty .frd'})
        r = results[0]
        disp = r.get('disp') or {}
        stress = r.get('stress') or {}
        if not disp:
            raise FlowError('FEM_SOLVER_FAILED', 'the .frd holds no displacements', details={'detail': 'no DISP'})
        best_u, at_u = -1.0, None
        best_s, at_s = -1.0, None
        rows = []
        for nid in sorted(disp):
            u = disp[nid]
            mag = math.sqrt(u[0] ** 2 + u[1] ** 2 + u[2] ** 2)
            vm = von_mises(stress[nid]) if nid in stress else float('nan')
            p = nodes[nid]
            if mag > best_u:
                best_u, at_u = mag, p
            if nid in stress and vm > best_s:
                best_s, at_s = vm, p
            rows.append((nid, p[0], p[1], p[2], u[0], u[1], u[2], mag, vm))
        data['max_displacement_mm'] = r6(best_u)
        data['max_displacement_at_mm'] = [r6(c) for c in at_u]
        if at_s is not None:
            data['max_von_mises_mpa'] = r6(best_s)
            data['max_von_mises_at_mm'] = [r6(c) for c in at_s]
        data['reaction_n'] = [r6(v) for v in (read_reactions(dat) or (0.0, 0.0, 0.0))]
        with open(ctx.path(files['csv']), 'w', encoding='utf-8', newline='\n') as f:
            f.write('node,x_mm,y_mm,z_mm,ux_mm,uy_mm,uz_mm,u_mm,von_mises_mpa\n')
            for row in rows:
                f.write('%d,%s\n' % (row[0], ','.join('%.9g' % v for v in row[1:])))
    else:
        freqs = read_frequencies(dat)
        if not freqs:
            raise FlowError('FEM_SOLVER_FAILED', 'no eigenfrequencies in the .dat', details={'detail': 'no eigenvalue table'})
        data['frequencies_hz'] = [round(v, 4) for v in freqs[:int(inp['modes'])]]
        modes = [r for r in results if r.get('disp')][:len(data['frequencies_hz'])]
        with open(ctx.path(files['csv']), 'w', encoding='utf-8', newline='\n') as f:
            cols = ''.join(',mode%d_ux,mode%d_uy,mode%d_uz' % (k + 1, k + 1, k + 1) for k in range(len(modes)))
            f.write('node,x_mm,y_mm,z_mm%s\n' % cols)
            for nid in sorted(nodes):
                p = nodes[nid]
                vals = list(p)
                for mres in modes:
                    vals.extend(mres['disp'].get(nid, (0.0, 0.0, 0.0)))
                f.write('%d,%s\n' % (nid, ','.join('%.9g' % v for v in vals)))
    ctx.add_output('csv', files['csv'], {'analysis': inp['analysis']})
    return data


def write_vtu(ctx, wd, deck, name):
    """FreeCAD's frd → VTK converter: a .vtm and one .vtu per result step; the first step is kept."""
    import shutil
    import Fem
    try:
        Fem.frdToVTK(os.path.join(wd, deck + '.frd'), True)
    except Exception as e:  # noqa: BLE001 - results stand without their VTK copy
        ctx.warn('FEM_OUTPUT_SKIPPED', {'file': name, 'detail': str(e)[:300]})
        return
    found = []
    for root, _dirs, fs in os.walk(wd):
        found.extend(os.path.join(root, f) for f in fs if f.endswith('.vtu'))
    if not found:
        ctx.warn('FEM_OUTPUT_SKIPPED', {'file': name, 'detail': 'no .vtu written'})
        return
    shutil.copyfile(sorted(found)[0], ctx.path(name))
    ctx.add_output('vtu', name, {'steps': len(found)})


def run(ctx):
    import shutil
    import FreeCAD
    inp = ctx.input
    files = inp['files']
    configure()
    with ctx.step('fem_setup', 'model'):
        shape = load_part(ctx, inp['part'])
        if inp['analysis'] == 'static' and not inp['constraints']:
            raise FlowError('FEM_RIGID_BODY', 'a static model without supports moves as a rigid body',
                            details={'free': ['x', 'y', 'z', 'rx', 'ry', 'rz']})
        if inp['mesh'].get('size_mm') is None:
            inp['mesh']['size_mm'] = default_size(shape)
        doc = FreeCAD.newDocument('TezgahFem')
        part = doc.addObject('Part::Feature', 'Part')
        part.Label = str(inp.get('label') or 'Part')
        part.Shape = shape
        doc.recompute()
        analysis, solver, mesh, resolved = build(ctx, doc, part, inp)
    with ctx.step('fem_mesh', 'mesh'):
        counts = make_mesh(ctx, mesh, shape, inp)
    wd = ctx.path('ccx')
    os.makedirs(wd, exist_ok=True)
    with ctx.step('fem_solve', 'solve'):
        from femsolver.calculix import calculixtools
        solver.WorkingDirectory = wd
        tool = calculixtools.CalculiXTools(solver)
        tool.prepare()
        deck = tool.input_deck
        ccx_seconds, _log = run_ccx(ctx, wd, deck, int(inp['threads']))
    with ctx.step('fem_post', 'post'):
        data = post(ctx, wd, deck, inp, counts, shape, mesh)
        write_vtu(ctx, wd, deck, files['vtu'])
        shutil.copyfile(os.path.join(wd, deck + '.inp'), ctx.path(files['inp']))
        ctx.add_output('inp', files['inp'], {})
        shutil.copyfile(os.path.join(wd, deck + '.frd'), ctx.path(files['frd']))
        ctx.add_output('frd', files['frd'], {})
        doc.saveAs(ctx.path(files['fcstd']))
        ctx.add_output('fcstd', files['fcstd'], {'freecad_document': True, 'analysis': analysis.Name})
    shutil.rmtree(wd, ignore_errors=True)
    if inp['analysis'] == 'static' and resolved['applied_n'] is not None:
        data['applied_n'] = [r6(v) for v in resolved['applied_n']]
    data['faces'] = {'constraints': resolved['constraints'], 'loads': resolved['loads']}
    data['mesh_size_mm'] = float(inp['mesh']['size_mm'])
    data['second_order'] = bool(inp['mesh']['second_order'])
    data['volume_mm3'] = r6(shape.Volume)
    data['ccx_seconds'] = ccx_seconds
    ctx.data['fem'] = data
