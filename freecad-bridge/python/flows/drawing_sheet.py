"""The sheet of a drawing, without FreeCAD: scales, the layout of the views, ISO 129 dimension
geometry and the SVG text. Pure Python (no FreeCAD import), so it can be checked on its own.

Coordinates are the sheet's, in mm, y down (as SVG); a view's own coordinates are TechDraw's
(unscaled model mm around the view's centre, y down as viewPartAsSvg writes them).
"""
import math
import re

# ISO 5455 scales, largest first (enlargement, full size, reduction).
SCALES = (10.0, 5.0, 2.0, 1.0, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01)

# Sheets: paper size, the frame's drawing space (ISO 5457: 20 mm left, 10 mm elsewhere) and the title
# block's corner (the FreeCAD ISO 5457 minimal templates: 180 mm wide, its upper row 48 mm high).
SHEETS = {
    'A4': {'w': 297.0, 'h': 210.0, 'template': 'A4_Landscape_ISO5457_minimal.svg', 'frame': (20.0, 10.0, 287.0, 200.0),
           'title_block': (107.0, 152.0)},
    'A3': {'w': 420.0, 'h': 297.0, 'template': 'A3_Landscape_ISO5457_minimal.svg', 'frame': (20.0, 10.0, 410.0, 287.0),
           'title_block': (230.0, 239.0)},
}

# Line widths and lettering (ISO 128-2 group 0.5, ISO 3098 type B 3.5 mm).
VISIBLE_W = 0.5
HIDDEN_W = 0.25
THIN_W = 0.25
TEXT_H = 3.5
FONT = 'osifont'
# ISO 129-1: extension lines start a small gap off the feature and run 2 mm past the dimension
# line; the first dimension line 10 mm off the outline, the next 7 mm further; arrows 3 mm, 30°.
EXT_GAP = 1.0
EXT_OVER = 2.0
FIRST_OFFSET = 10.0
NEXT_OFFSET = 7.0
ARROW_L = 3.0
ARROW_HALF_ANGLE = math.radians(15)
TEXT_LIFT = 1.0
# Space between views beyond their dimensions, and kept inside the frame.
GAP = 6.0
MARGIN = 4.0


def num(v):
    """A length as a drawing shows it: up to two decimals, no trailing zeros (FreeCAD's %.2w)."""
    s = '%.2f' % (round(v, 2) + 0.0)
    s = s.rstrip('0').rstrip('.')
    return '0' if s in ('-0', '') else s


def fx(v):
    """A coordinate in the SVG: fixed decimals, so the same drawing gives the same bytes."""
    s = '%.3f' % (round(v, 3) + 0.0)
    s = s.rstrip('0').rstrip('.')
    return '0' if s in ('-0', '') else s


def scale_text(s):
    if s >= 1:
        return '%s:1' % num(s)
    return '1:%s' % num(1 / s)


def esc(text):
    return (str(text).replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;').replace('"', '&quot;'))


def text_box(x, y, text, vertical=False, anchor='middle'):
    """The box (x0, y0, x1, y1) a line of text takes: osifont is narrow, about 0.62 × the height per
    character; the baseline at y (horizontal) or x (vertical, read from the right)."""
    w = max(1, len(text)) * TEXT_H * 0.62
    if vertical:
        y0 = y - w / 2 if anchor == 'middle' else y - w
        return (x - TEXT_H, y0, x, y0 + w)
    x0 = x - w / 2 if anchor == 'middle' else (x - w if anchor == 'end' else x)
    return (x0, y - TEXT_H, x0 + w, y)


def boxes_overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# --- layout --------------------------------------------------------------------------------------

def grid_cells(projection, views):
    """(row, col) of each main view. First angle (ISO E): the top view below the front view, the
    view from the right on its left; third angle: top above, right on the right."""
    if projection == 'third':
        cells = {'top': (0, 1), 'front': (1, 1), 'right': (1, 2)}
    else:
        cells = {'right': (0, 0), 'front': (0, 1), 'top': (1, 1)}
    return {v: cells[v] for v in views if v in cells}


def layout(sheet, scale, projection, sizes, bands, views):
    """Places the views at one scale. sizes: view -> (w, h) at 1:1; bands: view -> (top, right,
    bottom, left) room its dimensions need (sheet mm). Returns {view: {x, y, w, h, scale}} with x, y
    the view's centre, or None when the main views do not fit. The isometric view takes the largest
    scale up to the main one that fits a free part of the sheet; it is left out when none does."""
    sh = SHEETS[sheet]
    fx0, fy0, fx1, fy1 = sh['frame']
    L, T, R, B = fx0 + MARGIN, fy0 + MARGIN, fx1 - MARGIN, fy1 - MARGIN
    tbx, tby = sh['title_block']
    title = (tbx - GAP, tby - GAP, fx1, fy1)
    cells = grid_cells(projection, views)
    if not cells:
        return None
    rows = sorted({rc[0] for rc in cells.values()})
    cols = sorted({rc[1] for rc in cells.values()})

    def outer(v):
        w, h = sizes[v]
        t, r, b, l = bands.get(v, (0, 0, 0, 0))
        return w * scale + l + r, h * scale + t + b

    # Views in one row share their centre line, in one column their axis (projection alignment).
    def span(members, k):
        lead = max(bands.get(v, (0, 0, 0, 0))[3 if k == 0 else 0] for v in members)
        size = max(sizes[v][k] * scale for v in members)
        trail = max(bands.get(v, (0, 0, 0, 0))[1 if k == 0 else 2] for v in members)
        return lead, size, trail

    col_s = {c: span([v for v, rc in cells.items() if rc[1] == c], 0) for c in cols}
    row_s = {r: span([v for v, rc in cells.items() if rc[0] == r], 1) for r in rows}
    col_w = {c: sum(col_s[c]) for c in cols}
    row_h = {r: sum(row_s[r]) for r in rows}
    grid_w = sum(col_w.values()) + GAP * (len(cols) - 1)
    grid_h = sum(row_h.values()) + GAP * (len(rows) - 1)
    if grid_w > R - L or grid_h > B - T:
        return None

    def place(x0, y0):
        out = {}
        col_x, x = {}, x0
        for c in cols:
            col_x[c] = x + col_s[c][0] + col_s[c][1] / 2
            x += col_w[c] + GAP
        row_y, y = {}, y0
        for r in rows:
            row_y[r] = y + row_s[r][0] + row_s[r][1] / 2
            y += row_h[r] + GAP
        for v, (r, c) in cells.items():
            w, h = sizes[v]
            t, rr, b, l = bands.get(v, (0, 0, 0, 0))
            cx, cy = col_x[c], row_y[r]
            out[v] = {'x': cx, 'y': cy, 'w': w * scale, 'h': h * scale, 'scale': scale,
                      'box': (cx - w * scale / 2 - l, cy - h * scale / 2 - t, cx + w * scale / 2 + rr, cy + h * scale / 2 + b)}
        return out

    def clear(placed):
        return all(not boxes_overlap(p['box'], title) and p['box'][0] >= L - 1e-6 and p['box'][2] <= R + 1e-6
                   and p['box'][1] >= T - 1e-6 and p['box'][3] <= B + 1e-6 for p in placed.values())

    iso = 'iso' in views and 'iso' in sizes
    # Where the grid may go: centred above the title block, else pushed to the top left.
    candidates = []
    above_h = title[1] - T
    for x0 in ((L + R - grid_w) / 2, L + (R - L - grid_w) / 4, L):
        for y0 in (T + max(0.0, (above_h - grid_h) / 2), T):
            candidates.append((x0, y0))
    best = None
    for x0, y0 in candidates:
        placed = place(x0, y0)
        if not clear(placed):
            continue
        if not iso:
            return placed
        got = place_iso(placed, sizes['iso'], scale, (L, T, R, B), title, cells, x0, y0, grid_w, grid_h)
        if got and (best is None or got['scale'] > best['iso']['scale']):
            best = dict(placed, iso=got)
            if got['scale'] >= scale:
                break
        elif best is None:
            best = placed
    return best


def place_iso(placed, size, scale, area, title, cells, x0, y0, grid_w, grid_h):
    """The isometric view in the largest free rectangle it fits: right of the grid above the title
    block, or the grid's empty cell; at the main scale or up to two standard steps smaller."""
    L, T, R, B = area
    regions = [(x0 + grid_w + GAP, T, R, title[1])]
    if x0 - L > GAP:
        regions.append((L, T, x0 - GAP, B))
    # the empty cell of a 2×2 grid (bottom left in first angle, top right in third angle)
    boxes = [p['box'] for p in placed.values()]
    if len(cells) == 3:
        used = set(cells.values())
        at = {rc: placed[v]['box'] for v, rc in cells.items() if v in placed}
        for r, c in ((1, 0), (0, 2), (1, 2), (0, 0)):
            if (r, c) in used:
                continue
            # free rectangle: bounded by the views in the columns and rows beside it, else the frame
            cx0 = max([b[2] + GAP for (rr, cc), b in at.items() if cc < c] or [L])
            cx1 = min([b[0] - GAP for (rr, cc), b in at.items() if cc > c] or [R])
            cy0 = max([b[3] + GAP for (rr, cc), b in at.items() if rr < r] or [T])
            cy1 = min([b[1] - GAP for (rr, cc), b in at.items() if rr > r] or [B])
            if cx1 > cx0 and cy1 > cy0:
                regions.append((cx0, cy0, cx1, cy1))
    steps = [s for s in SCALES if s <= scale + 1e-12][:3]
    for s in steps:
        w, h = size[0] * s, size[1] * s + TEXT_H + 3  # room for its scale note below
        for (rx0, ry0, rx1, ry1) in regions:
            if rx1 - rx0 < w or ry1 - ry0 < h:
                continue
            cx = (rx0 + rx1) / 2
            cy = ry0 + (ry1 - ry0 - h) / 2 + size[1] * s / 2
            box = (cx - w / 2, cy - size[1] * s / 2, cx + w / 2, cy - size[1] * s / 2 + h)
            if boxes_overlap(box, title) or any(boxes_overlap(box, b) for b in boxes):
                continue
            return {'x': cx, 'y': cy, 'w': size[0] * s, 'h': size[1] * s, 'scale': s, 'box': box}
    return None


# --- ISO 129 dimensions ---------------------------------------------------------------------------

def arrow(tip, direction):
    """A filled arrowhead: its tip at `tip`, pointing along `direction` (unit vector)."""
    dx, dy = direction
    bx, by = tip[0] - dx * ARROW_L, tip[1] - dy * ARROW_L
    half = ARROW_L * math.tan(ARROW_HALF_ANGLE)
    nx, ny = -dy, dx
    return [tip, (bx + nx * half, by + ny * half), (bx - nx * half, by - ny * half)]


def linear_dim(p1, p2, axis, side, offset, text):
    """A linear dimension of the distance along `axis` ('x' or 'y') between the feature points p1
    and p2 (sheet mm), with its dimension line `offset` mm beyond the outer one of them on `side`
    (-1: above/left, +1: below/right). Extension lines start EXT_GAP off each feature point and
    end EXT_OVER past the dimension line; arrows inside, or outside when there is no room; the
    text above the line (left of a vertical one, read from the right). Returns the geometry."""
    if axis == 'x':
        outer = min(p1[1], p2[1]) if side < 0 else max(p1[1], p2[1])
        ly = outer + side * offset
        a, b = sorted((p1[0], p2[0]))
        pa, pb = (p1, p2) if p1[0] <= p2[0] else (p2, p1)
        ext = [((pa[0], pa[1] + side * EXT_GAP), (a, ly + side * EXT_OVER)),
               ((pb[0], pb[1] + side * EXT_GAP), (b, ly + side * EXT_OVER))]
        start, end = (a, ly), (b, ly)
        u = (1.0, 0.0)
        tx, ty = (a + b) / 2, ly - TEXT_LIFT
        vertical = False
    else:
        outer = min(p1[0], p2[0]) if side < 0 else max(p1[0], p2[0])
        lx = outer + side * offset
        a, b = sorted((p1[1], p2[1]))
        pa, pb = (p1, p2) if p1[1] <= p2[1] else (p2, p1)
        ext = [((pa[0] + side * EXT_GAP, pa[1]), (lx + side * EXT_OVER, a)),
               ((pb[0] + side * EXT_GAP, pb[1]), (lx + side * EXT_OVER, b))]
        start, end = (lx, a), (lx, b)
        u = (0.0, 1.0)
        tx, ty = lx - TEXT_LIFT, (a + b) / 2
        vertical = True
    length = b - a
    inside = length >= 2 * ARROW_L + 1.0
    if inside:
        arrows = [arrow(start, (-u[0], -u[1])), arrow(end, u)]
        line = (start, end)
    else:
        # arrows outside, pointing at the extension lines, the line carried past them
        arrows = [arrow(start, u), arrow(end, (-u[0], -u[1]))]
        line = ((start[0] - u[0] * (ARROW_L + 2), start[1] - u[1] * (ARROW_L + 2)),
                (end[0] + u[0] * (ARROW_L + 2), end[1] + u[1] * (ARROW_L + 2)))
    box = text_box(tx, ty, text, vertical=vertical)
    return {'ext': ext, 'line': line, 'arrows': arrows, 'text': text, 'tx': tx, 'ty': ty, 'vertical': vertical,
            'box': box}


def diameter_leader(c, r, text, angle_deg=45.0):
    """A diameter by a leader (ISO 129: ⌀ before the value): the arrow touches the circle from
    outside, pointing at its centre, the leader bends to a horizontal shoulder that carries the text
    (to the right for a leader leaving to the right, else to the left)."""
    a = math.radians(angle_deg)
    u = (math.cos(a), -math.sin(a))  # angle counted anticlockwise from +x on a y-down sheet
    tip = (c[0] + u[0] * r, c[1] + u[1] * r)
    knee = (c[0] + u[0] * (r + 7.0), c[1] + u[1] * (r + 7.0))
    w = max(1, len(text)) * TEXT_H * 0.62
    right = u[0] >= 0
    end = (knee[0] + (w + 2.0) * (1 if right else -1), knee[1])
    tx = knee[0] + (1.0 if right else -1.0)
    anchor = 'start' if right else 'end'
    box = text_box(tx, knee[1] - TEXT_LIFT, text, anchor=anchor)
    return {'leader': [tip, knee, end], 'arrows': [arrow(tip, (-u[0], -u[1]))], 'text': text,
            'tx': tx, 'ty': knee[1] - TEXT_LIFT, 'anchor': anchor, 'box': box}


# Leader directions tried in turn: up and right first (where a reader looks), then around.
LEADER_ANGLES = (45.0, 30.0, 60.0, 135.0, 150.0, 120.0, 15.0, 75.0, 165.0, 105.0, -45.0, -135.0, -30.0, -150.0)


def segment_clear_of_circle(p, q, c, r):
    """Whether the segment p-q stays outside the circle (c, r)."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    n = dx * dx + dy * dy
    t = 0.0 if n == 0 else max(0.0, min(1.0, ((c[0] - p[0]) * dx + (c[1] - p[1]) * dy) / n))
    x, y = p[0] + t * dx, p[1] + t * dy
    return math.hypot(x - c[0], y - c[1]) > r


def leader_clear(g, own, circles, boxes):
    """A leader that crosses no other hole, whose text and shoulder overlap no circle or box taken."""
    tip, knee, end = g['leader']
    for c, r in circles:
        if (c, r) == own:
            continue
        if not segment_clear_of_circle(tip, knee, c, r + 0.5) or not segment_clear_of_circle(knee, end, c, r + 0.5):
            return False
    text = g['box']
    shoulder = (min(knee[0], end[0]), knee[1] - 0.3, max(knee[0], end[0]), knee[1] + 0.3)
    for c, r in circles:
        cb = (c[0] - r, c[1] - r, c[0] + r, c[1] + r)
        if boxes_overlap(text, cb) or boxes_overlap(shoulder, cb):
            return False
    return not any(boxes_overlap(text, b) or boxes_overlap(shoulder, b) for b in boxes)


def segment_box(p, q, pad=0.4):
    return (min(p[0], q[0]) - pad, min(p[1], q[1]) - pad, max(p[0], q[0]) + pad, max(p[1], q[1]) + pad)


def taken_boxes(g):
    """What a drawn dimension occupies: its text box and its lines as thin boxes."""
    out = [g['box']]
    for p, q in g.get('ext', []):
        out.append(segment_box(p, q))
    if 'line' in g:
        out.append(segment_box(*g['line']))
    pts = g.get('leader') or []
    out.extend(segment_box(p, q) for p, q in zip(pts, pts[1:]))
    return out


def dim_svg(d, cls):
    out = ['<g class="dimension %s">' % cls]
    for (p, q) in d.get('ext', []):
        out.append('<path d="M %s %s L %s %s"/>' % (fx(p[0]), fx(p[1]), fx(q[0]), fx(q[1])))
    if 'line' in d:
        (p, q) = d['line']
        out.append('<path d="M %s %s L %s %s"/>' % (fx(p[0]), fx(p[1]), fx(q[0]), fx(q[1])))
    if 'leader' in d:
        pts = d['leader']
        out.append('<path d="M %s"/>' % ' L '.join('%s %s' % (fx(x), fx(y)) for x, y in pts))
    for tri in d['arrows']:
        out.append('<path class="arrow" fill="#000" stroke="none" d="M %s Z"/>' % ' L '.join('%s %s' % (fx(x), fx(y)) for x, y in tri))
    anchor = d.get('anchor', 'middle')
    if d.get('vertical'):
        out.append('<text x="%s" y="%s" text-anchor="%s" fill="#000" stroke="none" transform="rotate(-90 %s %s)">%s</text>' % (
            fx(d['tx']), fx(d['ty']), anchor, fx(d['tx']), fx(d['ty']), esc(d['text'])))
    else:
        out.append('<text x="%s" y="%s" text-anchor="%s" fill="#000" stroke="none">%s</text>' % (fx(d['tx']), fx(d['ty']), anchor, esc(d['text'])))
    out.append('</g>')
    return '\n'.join(out)


def centre_mark(c, r):
    """Centre lines of a hole seen end on: two thin chain lines 3 mm past its circle."""
    e = r + 3.0
    return '<path class="centre" stroke-dasharray="6 0.75 0.5 0.75" d="M %s %s L %s %s M %s %s L %s %s"/>' % (
        fx(c[0] - e), fx(c[1]), fx(c[0] + e), fx(c[1]), fx(c[0]), fx(c[1] - e), fx(c[0]), fx(c[1] + e))


# --- the template's texts ---------------------------------------------------------------------------

_EDITABLE = re.compile(r'(<text\b[^>]*\bfreecad:editable="([^"]+)"[^>]*>)(.*?)(</text>)', re.S)
_LABEL = re.compile(r'(<text\b[^>]*\bid="([^"]+)"[^>]*>)([^<]*)(</text>)')


def fill_template(svg, fields, labels):
    """The template's SVG with its editable texts set (what TechDrawGui does on screen) and its
    label texts replaced (the Turkish title block). Unknown names are left as they are."""
    def editable(m):
        name = m.group(2)
        if name not in fields:
            return m.group(0)
        return '%s<tspan>%s</tspan>%s' % (m.group(1), esc(fields[name]), m.group(4))

    def label(m):
        ident = m.group(2)
        if ident not in labels:
            return m.group(0)
        return '%s%s%s' % (m.group(1), esc(labels[ident]), m.group(4))

    svg = _EDITABLE.sub(editable, svg)
    svg = _LABEL.sub(label, svg)
    return svg


def template_body(svg):
    """The template's drawing: what is inside its <svg> root, without the XML prolog, its
    <title> and <metadata> (neither shows; the sheet gets its own)."""
    m = re.search(r'<svg\b[^>]*>(.*)</svg>\s*$', svg, re.S)
    body = m.group(1) if m else svg
    body = re.sub(r'<metadata\b.*?</metadata>', '', body, flags=re.S)
    body = re.sub(r'<title\b.*?</title>', '', body, flags=re.S)
    return body.strip()


_G = re.compile(r'<g\b[^>]*>(.*?)</g>', re.S)
_ID = re.compile(r'\s+id\s*=\s*"[^"]*"')


def view_groups(fragment):
    """viewPartAsSvg's groups: the first holds the visible edges, the ones after it hidden edges.
    Their numeric ids repeat in every view, so they go."""
    groups = [_ID.sub('', g.strip()) for g in _G.findall(fragment)]
    return (groups[0] if groups else ''), groups[1:]


def view_svg(name, placed, fragment, hidden_dashed=True):
    """One view: viewPartAsSvg's edges (already at the view's scale) moved to its place; hidden
    edges thin and dashed under the visible ones (ISO 128 line types)."""
    visible, hidden = view_groups(fragment)
    out = ['<g id="view-%s" class="view" transform="translate(%s %s)" fill="none" stroke="#000" '
           'stroke-linecap="round" stroke-linejoin="round">' % (name, fx(placed['x']), fx(placed['y']))]
    for h in hidden if hidden_dashed else []:
        out.append('<g class="hidden" stroke-width="%s" stroke-dasharray="3 1.5">%s</g>' % (fx(HIDDEN_W), h))
    out.append('<g class="visible" stroke-width="%s">%s</g>' % (fx(VISIBLE_W), visible))
    out.append('</g>')
    return '\n'.join(out)


def mirror_projection_symbol(body, projection):
    """The templates carry the first-angle symbol; third angle is its mirror image."""
    if projection != 'third':
        return body
    m = re.search(r'<path id="first_angle_horizontal" d="m ([\d.]+),[\d.]+ h ([\d.]+)"', body)
    if not m:
        return body
    c = float(m.group(1)) + float(m.group(2)) / 2
    start = body.find('<g id="extras_outlines"')
    if start < 0:
        return body
    end = body.find('</g>', body.find('<g id="extras_centre_lines"')) + 4
    return (body[:start] + '<g id="third_angle" transform="translate(%s 0) scale(-1 1)">' % fx(2 * c) +
            body[start:end] + '</g>' + body[end:])


def sheet_svg(sheet, template, views_svg, dims_svg, extras_svg):
    sh = SHEETS[sheet]
    w, h = sh['w'], sh['h']
    return '\n'.join([
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:freecad="https://www.freecad.org/wiki/index.php?title=Svg_Namespace" '
        'width="%smm" height="%smm" viewBox="0 0 %s %s" version="1.1">' % (fx(w), fx(h), fx(w), fx(h)),
        '<rect x="0" y="0" width="%s" height="%s" fill="#fff"/>' % (fx(w), fx(h)),
        '<g id="template">', template, '</g>',
        '<g id="views">', views_svg, '</g>',
        '<g id="dimensions" fill="none" stroke="#000" stroke-width="%s" font-family="%s" font-size="%s">' % (
            fx(THIN_W), FONT, fx(TEXT_H)),
        dims_svg, '</g>',
        extras_svg,
        '</svg>', ''])
