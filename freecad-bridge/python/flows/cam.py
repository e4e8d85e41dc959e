"""CAM flow: a part, a stock, tools and a machine's post become G-code.

Two modes, both driven by the app (electron/domains/cam/flow.ts):

  analyse   {"mode": "analyse", "part": "part.step"}
            -> data.part = {bbox, holes, pockets, top_faces, ...} (see cam_features). Nothing is written:
               the app checks the machine's limits and plans the job from this before any toolpath.
  generate  {"mode": "generate", "part": ..., "shift": [dx, dy, dz], "plan": {...}, "post": {...},
             "files": {"gcode": name, "fcstd": name}}
            -> steps toolpath and post; outputs 'gcode' (the post's body, without a header: the app adds
               its own comment block) and 'fcstd' (the CAM job); data.operations, data.post.

The part is moved by `shift` first, so the G-code is in the work coordinates the app chose (the part's
own, the stock corner or the stock centre).
"""
from flows.cam_features import analyse, load_part
from flows.cam_job import build_job, check_paths
from flows.cam_ramp import ramp_entries
from flows.cam_tabs import add_tabs
from flows.cam_post import expand_cycles, fix_output, post_args, run_post
from flows.errors import FlowError


def _cheap_log_caller():
    """FreeCAD's CAM modules call Path.Log.debug/track hundreds of times per job; each call finds its
    caller with traceback.extract_stack, which reads source lines, even when nothing is logged. The
    same answer (module, line, function) read from the frame costs a fraction of that, and that
    was a large share of a warm CAM job's time."""
    import os
    import sys
    import Path.Log as PathLog
    if getattr(PathLog._caller, 'tezgah', False):
        return

    def _caller():
        f = sys._getframe(2)
        return os.path.splitext(os.path.basename(f.f_code.co_filename))[0], f.f_lineno, f.f_code.co_name
    _caller.tezgah = True
    PathLog._caller = _caller


def run(ctx):
    _cheap_log_caller()
    mode = ctx.input.get('mode')
    if mode == 'analyse':
        shape = load_part(ctx, ctx.input.get('part'))
        ctx.data['part'] = analyse(shape)
        return
    if mode == 'generate':
        generate(ctx)
        return
    raise FlowError('VALIDATION_ERROR', 'unknown CAM mode %r' % (mode,), details={'field': 'mode'})


def generate(ctx):
    import FreeCAD
    inp = ctx.input
    plan = inp['plan']
    post = inp['post']
    files = inp['files']
    with ctx.step('toolpath', 'cam'):
        shape = load_part(ctx, inp['part'])
        dx, dy, dz = (float(v) for v in inp.get('shift') or (0, 0, 0))
        if dx or dy or dz:
            shape.translate(FreeCAD.Vector(dx, dy, dz))
        doc = FreeCAD.newDocument('TezgahCam')
        part = doc.addObject('Part::Feature', 'Part')
        part.Label = str(inp.get('label') or 'Part')
        part.Shape = shape
        doc.recompute()
        job, ops = build_job(doc, part, plan)
        doc.recompute()
        operations = check_paths(ops)
        ramps = []
        for p, op in ops:
            if p.get('ramp_deg') and p['kind'] in ('facing', 'pocket', 'profile', 'adaptive'):
                import Path
                diameter = float(op.ToolController.Tool.Diameter)
                cmds, made, left = ramp_entries(op.Path.Commands, float(p['ramp_deg']), diameter, float(p['start_depth']))
                if made:
                    op.Path = Path.Path(cmds)
                ramps.append({'id': p['id'], 'ramps': made, 'plunges_left': left})
        tabs = []
        for p, op in ops:
            if p.get('tabs'):
                import Path
                radius = float(op.ToolController.Tool.Diameter) / 2
                cmds, positions, top = add_tabs(op.Path.Commands, p['tabs'], radius)
                op.Path = Path.Path(cmds)
                tabs.append({'id': p['id'], 'top_z': round(top, 4), 'positions': positions})
    with ctx.step('post', 'cam'):
        expanded = 0
        if post.get('expand_cycles'):
            import Path
            for _p, op in ops:
                cmds, n = expand_cycles(op.Path.Commands)
                if n:
                    # The FCStd keeps these plain moves until the operation is recomputed.
                    op.Path = Path.Path(cmds)
                    expanded += n
        args = post_args(post['name'], post)
        text = run_post(job, post['name'], args)
        text, fixes = fix_output(text, post['name'], post)
        if expanded:
            fixes.insert(0, '%d canned drilling cycle(s) expanded to G0/G1 moves' % expanded)
        with open(ctx.path(files['gcode']), 'w', encoding='utf-8', newline='\n') as f:
            f.write(text)
        ctx.add_output('gcode', files['gcode'], {'post': post['name'], 'post_args': args})
        doc.saveAs(ctx.path(files['fcstd']))
        ctx.add_output('fcstd', files['fcstd'], {'freecad_document': True, 'cam_job': job.Name})
    ctx.data['operations'] = operations
    ctx.data['tabs'] = tabs
    ctx.data['ramps'] = ramps
    ctx.data['post'] = {'name': post['name'], 'args': args, 'fixes': fixes}
