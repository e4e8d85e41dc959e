"""Drawing flow: a part's technical drawing (TechDraw, headless), driven by electron/domains/drawing/flow.ts.

Input (freecad-bridge/src/flows.ts DrawingInput): the part file in the job dir, the sheet ('A4', 'A3'
or 'auto'), the scale (a number or null = the largest ISO 5455 scale that fits), the projection
('first' = ISO E, 'third'), the views, the title block's texts and labels, the output file names.

Steps: drawing_views (DrawPage + DrawSVGTemplate + one DrawViewPart per view, recomputed), drawing_dimensions
(DrawViewDimension between the extreme vertices and on the hole circles for the values, our ISO 129 geometry for the sheet), drawing_export
(the sheet's SVG composed here: TechDrawGui, which writes whole pages, cannot load in freecadcmd; the
PDF by rsvg-convert from it; the DXF by TechDraw.writeDXFPage; the FCStd with the page).

Same input, same bytes: coordinates are written with fixed decimals, the PDF gets SOURCE_DATE_EPOCH,
the FCStd is re-zipped with fixed times and without its random ids.
"""
import math
import os
import re
import subprocess
import zipfile

from flows import drawing_sheet as S
from flows.cam_features import find_holes, load_part
from flows.errors import FlowError

TEMPLATES = '/usr/share/freecad/Mod/TechDraw/Templates/ISO'
RSVG = '/usr/bin/rsvg-convert'

# Direction (towards the viewer) and the sheet's +x of each view.
VIEWS = {
    'front': ((0, -1, 0), (1, 0, 0)),
    'top': ((0, 0, 1), (1, 0, 0)),
    'right': ((1, 0, 0), (0, 1, 0)),
    'iso': ((1, -1, 1), (1, 1, 0)),
}


def _vec(t):
    import FreeCAD
    return FreeCAD.Vector(*t)


def _edges_box(view):
    """The view's extents (TechDraw's view coordinates at 1:1) from its visible and hidden edges."""
    import Part
    edges = list(view.getVisibleEdges()) + list(view.getHiddenEdges())
    if not edges:
        return None
    bb = Part.makeCompound(edges).BoundBox
    return bb.XMin, bb.YMin, bb.XMax, bb.YMax


def _outline_points(view):
    """The visible edges' end points at 1:1 (TechDraw scales its geometry with the view)."""
    return [(p.Point.x, p.Point.y) for e in view.getVisibleEdges() for p in e.Vertexes]


def _indexed(view, getter):
    """(index, item) of a view's edges or vertices as References2D names them ('Edge3', 'Vertex0'):
    TechDraw has no count, so read until it says the index is wrong."""
    out = []
    get = getattr(view, getter)
    while True:
        try:
            out.append((len(out), get(len(out))))
        except (ValueError, IndexError):
            return out


def _extreme_vertices(view, axis):
    """The names of the view's vertices at its least and greatest x (axis 0) or y (axis 1): a
    DistanceX/DistanceY between them is the view's extent (TechDraw.makeExtentDim needs the GUI's App)."""
    pts = [(i, (v.X, v.Y)) for i, v in _indexed(view, 'getVertexByIndex')]
    if len(pts) < 2:
        raise FlowError('DRAWING_FAILED', 'the view has fewer than two vertices', details={'detail': view.Name})
    lo = min(pts, key=lambda q: (q[1][axis], q[0]))
    hi = max(pts, key=lambda q: (q[1][axis], -q[0]))
    return 'Vertex%d' % lo[0], 'Vertex%d' % hi[0], hi[1][axis] - lo[1][axis]


def _spanning_circle(view, axis, lo, hi):
    """A whole circle of the view that spans it from lo to hi along x (axis 0) or y (1): a round
    part's outline seen end on, dimensioned by its diameter. (edge name, centre x, y, radius) or None."""
    for i, e in _indexed(view, 'getEdgeByIndex'):
        c = e.Curve
        if c.__class__.__name__ != 'Circle' or not e.isClosed():
            continue
        centre = (c.Center.x, c.Center.y)
        if abs(centre[axis] - c.Radius - lo) < 1e-3 and abs(centre[axis] + c.Radius - hi) < 1e-3:
            return 'Edge%d' % i, centre[0], centre[1], c.Radius
    return None


def _template_path(sheet):
    return os.path.join(TEMPLATES, S.SHEETS[sheet]['template'])


def run(ctx):
    import FreeCAD
    import TechDraw
    inp = ctx.input
    files = inp['files']
    views = [v for v in inp['views'] if v in VIEWS]
    projection = inp.get('projection') or 'first'
    with ctx.step('drawing_views', 'drawing'):
        shape = load_part(ctx, inp['part'])
        doc = FreeCAD.newDocument('TezgahDrawing')
        part = doc.addObject('Part::Feature', 'Part')
        part.Label = str(inp.get('label') or 'Part')
        part.Shape = shape
        page = doc.addObject('TechDraw::DrawPage', 'Page')
        tpl = doc.addObject('TechDraw::DrawSVGTemplate', 'Template')
        # a page takes views only once it has a template; the sheet's own is set after the layout
        tpl.Template = _template_path('A4' if inp.get('sheet') in (None, 'auto') else inp['sheet'])
        page.Template = tpl
        objs = {}
        for name in views:
            d, xd = VIEWS[name]
            v = doc.addObject('TechDraw::DrawViewPart', name.capitalize())
            page.addView(v)
            v.Source = [part]
            v.Direction = _vec(d)
            v.XDirection = _vec(xd)
            v.ScaleType = 'Custom'
            v.Scale = 1.0
            v.HardHidden = name != 'iso'
            objs[name] = v
        doc.recompute()
        # TechDraw's geometry does not depend on the scale: measure once, then lay out.
        boxes = {}
        points = {}
        for name, v in objs.items():
            b = _edges_box(v)
            if b is None:
                raise FlowError('DRAWING_FAILED', 'the %s view has no edges' % name, details={'detail': name})
            boxes[name] = b
            points[name] = _outline_points(v)
        holes = _holes(shape, objs.get('top'), boxes.get('top'))
        bands = _bands(views, holes)
        sizes = {n: (b[2] - b[0], b[3] - b[1]) for n, b in boxes.items()}
        sheet, scale, placed = _choose(inp, projection, sizes, bands, views)
        sh = S.SHEETS[sheet]
        tpl.Template = _template_path(sheet)
        page.Template = tpl
        for name, v in objs.items():
            p = placed.get(name)
            if p is None:
                continue
            v.Scale = p['scale']
            # TechDraw places a view by its centre on a y-up page; ours is y down
            cx, cy = _centre(boxes[name])
            v.X = p['x'] - cx * p['scale']
            v.Y = sh['h'] - (p['y'] - cy * p['scale'])
        omitted = [n for n in objs if n not in placed]
        for n in omitted:
            page.removeView(objs[n])
            doc.removeObject(objs[n].Name)
            del objs[n]
            ctx.warn('DRAWING_VIEW_OMITTED', {'view': n})
        texts = tpl.EditableTexts
        # the template's sample entries (names, a material, 'YYYY-MM-DD') never reach the sheet
        fields = {k: '' for k in texts}
        fields.update({k: str(v) for k, v in (inp.get('fields') or {}).items()})
        fields['scale'] = S.scale_text(scale)
        for k, val in fields.items():
            if k in texts:
                texts[k] = str(val)
        tpl.EditableTexts = texts
        doc.recompute()
    with ctx.step('drawing_dimensions', 'drawing'):
        dims, dims_svg = _dimensions(doc, page, objs, placed, boxes, points, holes, shape)
        doc.recompute()
        _check_values(dims)
    with ctx.step('drawing_export', 'drawing'):
        with open(_template_path(sheet), encoding='utf-8') as f:
            template = S.fill_template(f.read(), fields, inp.get('labels') or {})
        template = S.mirror_projection_symbol(S.template_body(template), projection)
        views_svg = '\n'.join(S.view_svg(n, _shifted(placed[n], boxes[n]), TechDraw.viewPartAsSvg(objs[n]),
                                         hidden_dashed=n != 'iso') for n in views if n in objs)
        extras = _extras(sheet, projection, placed, scale, inp.get('labels') or {})
        svg = S.sheet_svg(sheet, template, views_svg, dims_svg, extras)
        with open(ctx.path(files['svg']), 'w', encoding='utf-8', newline='\n') as f:
            f.write(svg)
        ctx.add_output('svg', files['svg'], {'sheet': sheet})
        _pdf(ctx, files['svg'], files['pdf'])
        ctx.add_output('pdf', files['pdf'], {'sheet': sheet})
        TechDraw.writeDXFPage(page, ctx.path(files['dxf']))
        ctx.add_output('dxf', files['dxf'], {'sheet': sheet})
        doc.saveAs(ctx.path(files['fcstd']))
        _normalise_fcstd(ctx.path(files['fcstd']))
        ctx.add_output('fcstd', files['fcstd'], {'freecad_document': True, 'page': page.Name})
    ctx.data['drawing'] = {
        'sheet': sheet,
        'scale': scale,
        'scale_text': S.scale_text(scale),
        'projection': projection,
        'views': [{
            'name': n,
            'direction': list(VIEWS[n][0]),
            'scale': placed[n]['scale'],
            'x_mm': round(placed[n]['x'], 3),
            'y_mm': round(placed[n]['y'], 3),
            'width_mm': round(placed[n]['w'], 3),
            'height_mm': round(placed[n]['h'], 3),
        } for n in views if n in objs],
        'dimensions': [{k: d[k] for k in ('view', 'type', 'value_mm', 'text', 'count', 'freecad_text', 'box') if k in d}
                       for d in dims],
        'omitted_views': omitted,
    }


def _centre(b):
    return (b[0] + b[2]) / 2, (b[1] + b[3]) / 2


def _shifted(p, box):
    """Where the view's own origin lands: its extents' centre is at the placed centre."""
    cx, cy = _centre(box)
    return dict(p, x=p['x'] - cx * p['scale'], y=p['y'] - cy * p['scale'])


def _choose(inp, projection, sizes, bands, views):
    """The sheet and the scale: the given ones, else the largest ISO 5455 scale that fits; with
    sheet 'auto' the A4 unless only the A3 holds the part at full size (or at its best scale)."""
    auto_sheet = inp.get('sheet') in (None, 'auto')
    sheets = ['A4', 'A3'] if auto_sheet else [inp['sheet']]
    want = inp.get('scale')
    found = []
    for sheet in sheets:
        for s in ([float(want)] if want else S.SCALES):
            placed = S.layout(sheet, s, projection, sizes, bands, views)
            if placed is not None:
                found.append((sheet, s, placed))
                break
    if not found:
        w = max(sz[0] for sz in sizes.values())
        h = max(sz[1] for sz in sizes.values())
        raise FlowError('DRAWING_DOES_NOT_FIT', 'the part does not fit the sheet at any standard scale',
                        details={'sheet': '/'.join(sheets), 'scale': S.scale_text(float(want)) if want else 'auto',
                                 'size': '%s x %s mm' % (S.num(w), S.num(h))})
    target = min(1.0, max(f[1] for f in found))
    return next(f for f in found if f[1] >= target - 1e-12)


def _holes(shape, top, box):
    """Round holes along Z, with their circles in the top view (TechDraw's coordinates)."""
    if top is None:
        return []
    found = find_holes(shape)
    circles = []
    for i, e in _indexed(top, 'getEdgeByIndex'):
        c = e.Curve
        if c.__class__.__name__ == 'Circle' and e.isClosed():
            circles.append((i, c.Center.x, c.Center.y, c.Radius))
    bb = shape.BoundBox
    cx, cy = (bb.XMin + bb.XMax) / 2, (bb.YMin + bb.YMax) / 2
    out = []
    for h in found:
        r = h['diameter'] / 2
        vx, vy = h['x'] - cx, -(h['y'] - cy)
        match = [c for c in circles if abs(c[3] - r) < 1e-3]
        match.sort(key=lambda c: (c[1] - vx) ** 2 + (c[2] - vy) ** 2)
        if match and math.hypot(match[0][1] - vx, match[0][2] - vy) < 0.05 + 1e-3 * r:
            out.append(dict(h, edge='Edge%d' % match[0][0], vx=match[0][1], vy=match[0][2], r=r))
    out.sort(key=lambda h: (h['diameter'], h['x'], h['y']))
    return out


def _datum_ok(holes):
    """Hole positions from the datum corner when few distinct positions; else a bolt circle."""
    xs = {round(h['x'], 3) for h in holes}
    ys = {round(h['y'], 3) for h in holes}
    return holes and len(xs) <= 3 and len(ys) <= 3


def _bolt_circle(holes):
    """≥ 3 holes of one size on one circle (a flange's bolt holes beside its bore): (centre x, y,
    diameter) in view coordinates, or None."""
    by_size = {}
    for h in holes:
        by_size.setdefault(h['diameter'], []).append(h)
    for _, group in sorted(by_size.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if len(group) < 3:
            return None
        cx = sum(h['vx'] for h in group) / len(group)
        cy = sum(h['vy'] for h in group) / len(group)
        rs = [math.hypot(h['vx'] - cx, h['vy'] - cy) for h in group]
        if min(rs) > 1e-3 and max(rs) - min(rs) <= 1e-3:
            return cx, cy, 2 * rs[0]
    return None


def _bands(views, holes):
    """Room (top, right, bottom, left) each view's dimensions take on the sheet, in mm."""
    one = S.FIRST_OFFSET + S.EXT_OVER + S.TEXT_H
    bands = {v: (0.0, 0.0, 0.0, 0.0) for v in views}
    if 'front' in views:
        bands['front'] = (one, one, 0.0, 0.0)
    if 'top' in views:
        nx = ny = 0
        if holes and not _bolt_circle(holes) and _datum_ok(holes):
            nx = len({round(h['x'], 3) for h in holes})
            ny = len({round(h['y'], 3) for h in holes})
        below = one + S.NEXT_OFFSET * (nx - 1) if nx else 0.0
        left = one + S.NEXT_OFFSET * (ny - 1) if ny else 0.0
        bands['top'] = (8.0 if holes else 0.0, one, below, left)
    return bands


def _to_sheet(p, q):
    """A point of a view (TechDraw's coordinates) on the sheet."""
    return (p['x'] + q[0] * p['scale'], p['y'] + q[1] * p['scale'])


def _extreme(pts, axis, value, side):
    """The outline point at x (axis 'x') or y == value nearest the dimension's side, so an extension
    line starts at the feature and not at the box's corner."""
    best = None
    for c in pts:
            k = 0 if axis == 'x' else 1
            if abs(c[k] - value) > 1e-6:
                continue
            o = c[1 - k] * side
            if best is None or o > best[0]:
                best = (o, c)
    return best[1] if best else None


def _dimensions(doc, page, objs, placed, boxes, points, holes, shape):
    dims = []
    parts = []
    drawn = []

    def freecad_dim(kind, view, ref=None, direction=None):
        d = doc.addObject('TechDraw::DrawViewDimension', 'Dim')
        if kind == 'extent':
            a, b, _ = _extreme_vertices(view, direction)
            d.Type = 'DistanceX' if direction == 0 else 'DistanceY'
            d.References2D = [(view, a), (view, b)]
        else:
            d.Type = kind
            d.References2D = [(view, ref)]
        page.addView(d)
        d.FormatSpec = ('⌀' if kind == 'Diameter' else '') + '%.2w'
        return d

    def place_label(d, view_placed, box, tx, ty):
        # DXF text position: relative to the view's centre, page y up
        cx, cy = _centre(box)
        d.X = (tx - view_placed['x']) / view_placed['scale'] + cx
        d.Y = -((ty - view_placed['y']) / view_placed['scale'] + cy)

    def extent(vname, axis, side, offset=S.FIRST_OFFSET):
        view = objs[vname]
        pl = _shifted(placed[vname], boxes[vname])
        b = boxes[vname]
        k = 0 if axis == 'x' else 1
        lo, hi = (b[0], b[2]) if axis == 'x' else (b[1], b[3])
        value = hi - lo
        circle = None
        if abs(_extreme_vertices(view, k)[2] - value) < 1e-3:
            fd = freecad_dim('extent', view, direction=k)
        else:
            # no vertices at the outline's ends (a round outline): its circle's diameter, else ours alone
            circle = _spanning_circle(view, k, lo, hi)
            fd = freecad_dim('Diameter', view, ref=circle[0]) if circle else None
        if circle:
            # the extension lines leave the circle where it touches the extent
            p1 = (lo, circle[2]) if axis == 'x' else (circle[1], lo)
            p2 = (hi, circle[2]) if axis == 'x' else (circle[1], hi)
        else:
            p1 = _extreme(points[vname], axis, lo, side) or ((lo, b[1] if side < 0 else b[3]) if axis == 'x' else (b[0] if side < 0 else b[2], lo))
            p2 = _extreme(points[vname], axis, hi, side) or ((hi, b[1] if side < 0 else b[3]) if axis == 'x' else (b[0] if side < 0 else b[2], hi))
        text = ('⌀' if circle else '') + S.num(value)
        g = S.linear_dim(_to_sheet(pl, p1), _to_sheet(pl, p2), axis, side, offset, text)
        # the dimension line sits `offset` beyond the view's box, not beyond the points
        edge = (pl['y'] + (b[1] if side < 0 else b[3]) * pl['scale']) if axis == 'x' else (pl['x'] + (b[0] if side < 0 else b[2]) * pl['scale'])
        g = _at(g, axis, edge + side * offset, side)
        if fd is not None:
            place_label(fd, pl, (0, 0, 0, 0), g['tx'], g['ty'])
        kind = 'diameter' if circle else 'length'
        dims.append({'view': vname, 'type': kind, 'value_mm': round(value, 4), 'text': text, 'fd': fd,
                     'box': [round(x, 3) for x in g['box']]})
        parts.append(S.dim_svg(g, kind))
        drawn.append(g)

    if 'front' in objs:
        extent('front', 'x', -1)
        extent('front', 'y', 1)
    if 'top' in objs:
        extent('top', 'y', 1)
        # a round part's diameter in the top view says what the front view's width would repeat
        if dims[-1]['type'] == 'diameter' and 'front' in objs and abs(dims[0]['value_mm'] - dims[-1]['value_mm']) < 1e-3:
            dup = dims.pop(0)
            parts.pop(0)
            drawn.pop(0)
            if dup.get('fd') is not None:
                page.removeView(dup['fd'])
                doc.removeObject(dup['fd'].Name)
        pl = _shifted(placed['top'], boxes['top'])
        view = objs['top']
        b = boxes['top']
        marks = []
        for h in holes:
            marks.append(S.centre_mark(_to_sheet(pl, (h['vx'], h['vy'])), h['r'] * pl['scale']))
        bc = _bolt_circle(holes)
        if bc:
            c = _to_sheet(pl, (bc[0], bc[1]))
            r = bc[2] / 2 * pl['scale']
            marks.append('<circle class="centre" cx="%s" cy="%s" r="%s" stroke-dasharray="6 0.75 0.5 0.75"/>' % (
                S.fx(c[0]), S.fx(c[1]), S.fx(r)))
            text = '⌀' + S.num(bc[2])
            # a diameter dimension across the bolt circle, along its horizontal
            g = S.linear_dim((c[0] - r, c[1]), (c[0] + r, c[1]), 'x', -1, 0.0, text)
            g['ext'] = []
            # its text left of the centre, between a bore on the centre and the bolt hole, off the centre lines
            on_circle = [h for h in holes if abs(math.hypot(h['vx'] - bc[0], h['vy'] - bc[1]) - bc[2] / 2) < 1e-3]
            inner = max([h['r'] for h in holes if math.hypot(h['vx'] - bc[0], h['vy'] - bc[1]) < 1e-3] or [0.0])
            g['tx'] = c[0] - (inner * pl['scale'] + r - on_circle[0]['r'] * pl['scale']) / 2
            g['box'] = S.text_box(g['tx'], g['ty'], text)
            dims.append({'view': 'top', 'type': 'bolt_circle', 'value_mm': round(bc[2], 4), 'text': text,
                         'box': [round(x, 3) for x in g['box']]})
            parts.append(S.dim_svg(g, 'bolt-circle'))
            drawn.append(g)
        elif _datum_ok(holes):
            # positions from the datum corner (the view's lower left: the part's xmin, ymin)
            datum = (b[0], b[3])
            for i, x in enumerate(sorted({round(h['x'], 3) for h in holes})):
                h = next(q for q in holes if round(q['x'], 3) == x)
                value = h['vx'] - b[0]
                g = S.linear_dim(_to_sheet(pl, datum), _to_sheet(pl, (h['vx'], h['vy'] + h['r'])), 'x', 1, 0, S.num(value))
                g = _at(g, 'x', pl['y'] + b[3] * pl['scale'] + S.FIRST_OFFSET + S.NEXT_OFFSET * i, 1)
                dims.append({'view': 'top', 'type': 'position', 'value_mm': round(value, 4), 'text': S.num(value),
                             'box': [round(x, 3) for x in g['box']]})
                parts.append(S.dim_svg(g, 'position'))
                drawn.append(g)
            for i, y in enumerate(sorted({round(h['y'], 3) for h in holes})):
                h = next(q for q in holes if round(q['y'], 3) == y)
                value = b[3] - h['vy']
                g = S.linear_dim(_to_sheet(pl, datum), _to_sheet(pl, (h['vx'] - h['r'], h['vy'])), 'y', -1, 0, S.num(value))
                g = _at(g, 'y', pl['x'] + b[0] * pl['scale'] - S.FIRST_OFFSET - S.NEXT_OFFSET * i, -1)
                dims.append({'view': 'top', 'type': 'position', 'value_mm': round(value, 4), 'text': S.num(value),
                             'box': [round(x, 3) for x in g['box']]})
                parts.append(S.dim_svg(g, 'position'))
                drawn.append(g)
        # one diameter per hole size, with the count
        by_size = {}
        for h in holes:
            by_size.setdefault(h['diameter'], []).append(h)
        circles = [(_to_sheet(pl, (q['vx'], q['vy'])), q['r'] * pl['scale']) for q in holes]
        # the view's outline and every dimension drawn so far are in the way of a leader's text
        taken = [(pl['x'] + b[0] * pl['scale'], pl['y'] + b[1] * pl['scale'], pl['x'] + b[2] * pl['scale'], pl['y'] + b[1] * pl['scale'] + 0.01),
                 (pl['x'] + b[0] * pl['scale'], pl['y'] + b[3] * pl['scale'] - 0.01, pl['x'] + b[2] * pl['scale'], pl['y'] + b[3] * pl['scale'])]
        for g0 in drawn:
            taken.extend(S.taken_boxes(g0))
        for dia, hs in sorted(by_size.items()):
            text = ('%d× ' % len(hs) if len(hs) > 1 else '') + '⌀' + S.num(dia)
            # the upper right hole first; the first leader direction that is clear of the others
            choice = None
            for h in sorted(hs, key=lambda q: (q['vy'], -q['vx'])):
                own = (_to_sheet(pl, (h['vx'], h['vy'])), h['r'] * pl['scale'])
                for angle in S.LEADER_ANGLES:
                    g = S.diameter_leader(own[0], own[1], text, angle)
                    if S.leader_clear(g, own, circles, taken):
                        choice = (h, g)
                        break
                if choice:
                    break
            if choice is None:
                h = min(hs, key=lambda q: (q['vy'], -q['vx']))
                choice = (h, S.diameter_leader(_to_sheet(pl, (h['vx'], h['vy'])), h['r'] * pl['scale'], text, 45.0))
            h, g = choice
            taken.extend(S.taken_boxes(g))
            fd = freecad_dim('Diameter', view, ref=h['edge'])
            place_label(fd, pl, (0, 0, 0, 0), g['tx'], g['ty'])
            dims.append({'view': 'top', 'type': 'diameter', 'value_mm': round(dia, 4), 'text': text, 'count': len(hs),
                         'fd': fd, 'box': [round(x, 3) for x in g['box']]})
            parts.append(S.dim_svg(g, 'diameter'))
        parts.extend(marks)
    parts.extend(_side_centre_lines(objs, placed, boxes, holes, shape))
    return dims, '\n'.join(parts)


def _side_centre_lines(objs, placed, boxes, holes, shape):
    """The holes' axes in the front and right views (where they show as hidden lines): thin chain
    lines 3 mm past the hole's ends. TechDraw centres a view on the part's box."""
    bb = shape.BoundBox
    cx, cy, cz = (bb.XMin + bb.XMax) / 2, (bb.YMin + bb.YMax) / 2, (bb.ZMin + bb.ZMax) / 2
    out = []
    for name, coord, centre in (('front', 'x', cx), ('right', 'y', cy)):
        if name not in objs:
            continue
        pl = _shifted(placed[name], boxes[name])
        seen = set()
        for h in holes:
            u = h[coord] - centre
            key = (round(u, 3), round(h['top_z'], 3), round(h['bottom_z'], 3))
            if key in seen:
                continue
            seen.add(key)
            p = _to_sheet(pl, (u, -(h['top_z'] - cz)))
            q = _to_sheet(pl, (u, -(h['bottom_z'] - cz)))
            y0, y1 = min(p[1], q[1]) - 3.0, max(p[1], q[1]) + 3.0
            out.append('<path class="centre" stroke-dasharray="6 0.75 0.5 0.75" d="M %s %s L %s %s"/>' % (
                S.fx(p[0]), S.fx(y0), S.fx(p[0]), S.fx(y1)))
    return out


def _at(g, axis, line, side):
    """The same dimension with its dimension line at `line` (sheet y for 'x', sheet x for 'y')."""
    (p, _), (q, _) = g['ext']
    text = g['text']
    if axis == 'x':
        p1 = (p[0], p[1] - side * S.EXT_GAP)
        p2 = (q[0], q[1] - side * S.EXT_GAP)
        outer = max(p1[1], p2[1]) if side > 0 else min(p1[1], p2[1])
        return S.linear_dim(p1, p2, 'x', side, abs(line - outer), text)
    p1 = (p[0] - side * S.EXT_GAP, p[1])
    p2 = (q[0] - side * S.EXT_GAP, q[1])
    outer = max(p1[0], p2[0]) if side > 0 else min(p1[0], p2[0])
    return S.linear_dim(p1, p2, 'y', side, abs(line - outer), text)


def _check_values(dims):
    """Our numbers must be FreeCAD's: each dimension FreeCAD made is compared with what we draw."""
    for d in dims:
        fd = d.pop('fd', None)
        if fd is None:
            continue
        raw = fd.getRawValue()
        d['freecad_text'] = fd.getText()
        if abs(raw - d['value_mm']) > 1e-3:
            raise FlowError('DRAWING_FAILED', 'dimension %s: FreeCAD measured %s, the sheet says %s' % (
                d['text'], raw, d['value_mm']), details={'detail': d['text']})


def _extras(sheet, projection, placed, scale, labels):
    """The projection symbol in the title block's upper row and the isometric view's own scale."""
    out = []
    iso = placed.get('iso')
    if iso and abs(iso['scale'] - scale) > 1e-12:
        out.append('<text x="%s" y="%s" text-anchor="middle" font-family="%s" font-size="%s" fill="#000">(%s)</text>' % (
            S.fx(iso['x']), S.fx(iso['y'] + iso['h'] / 2 + S.TEXT_H + 2), S.FONT, S.fx(S.TEXT_H), S.scale_text(iso['scale'])))
    return '\n'.join(out)


def _pdf(ctx, svg_name, pdf_name):
    """rsvg-convert (librsvg, in the runtime) turns the sheet into a PDF; no shell, a fixed date."""
    env = {'SOURCE_DATE_EPOCH': '0', 'HOME': os.environ.get('HOME', '/tmp'), 'LANG': 'C.UTF-8',
           'PATH': '/usr/bin:/bin'}
    try:
        r = subprocess.run([RSVG, '--format=pdf', '--output', ctx.path(pdf_name), ctx.path(svg_name)],
                           env=env, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise FlowError('DRAWING_FAILED', 'rsvg-convert could not run: %s' % e, details={'detail': 'rsvg-convert'}) from e
    if r.returncode != 0 or not os.path.isfile(ctx.path(pdf_name)):
        raise FlowError('DRAWING_FAILED', 'rsvg-convert failed: %s' % r.stderr.decode('utf-8', 'replace')[:500],
                        details={'detail': 'rsvg-convert'})


_DOC_IDS = [
    (re.compile(rb'(<Property name="(?:Uid|Id)" type="App::PropertyUUID"[^>]*>\s*<Uuid value=")[^"]*(")'), rb'\g<1>00000000-0000-0000-0000-000000000000\g<2>'),
    (re.compile(rb'(<Property name="(?:CreationDate|LastModifiedDate)" type="App::PropertyString"[^>]*>\s*<String value=")[^"]*(")'), rb'\g<1>1970-01-01T00:00:00Z\g<2>'),
    (re.compile(rb'(<Property name="(?:CreatedBy|LastModifiedBy)" type="App::PropertyString"[^>]*>\s*<String value=")[^"]*(")'), rb'\g<1>Tezgah\g<2>'),
]


_OBJECT_ID = re.compile(rb'(<Object type="[^"]*" name="[^"]*" id=")(\d+)(")')


def _renumber_objects(data):
    """Object ids count every object the process ever made (a warm worker's earlier jobs too):
    numbered from 1 in document order. Nothing else in the file refers to them."""
    n = [0]

    def rep(m):
        n[0] += 1
        return m.group(1) + str(n[0]).encode() + m.group(3)
    return _OBJECT_ID.sub(rep, data)


def _normalise_fcstd(path):
    """FreeCAD writes a random document id, the save time and zip entry times: rewritten so the same
    drawing is the same file."""
    with zipfile.ZipFile(path) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    out = []
    for name, data in entries:
        if name == 'Document.xml':
            for rx, rep in _DOC_IDS:
                data = rx.sub(rep, data)
            data = _renumber_objects(data)
        out.append((name, data))
    tmp = path + '.tmp'
    with zipfile.ZipFile(tmp, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, data in out:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    os.replace(tmp, path)
