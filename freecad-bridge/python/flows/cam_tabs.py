"""Holding tabs on a through-profile: bridges of material the cutter leaves standing on its last passes,
so the part is still held when the profile reaches the stock bottom.

The plan (electron/domains/cam/plan.ts) gives count, width (of the bridge left on the part) and height.
Here the tabs are placed on the profile's lowest lap and cut into every pass below the tab top:

- the lap is split into smooth runs: lines and large arcs joined without a kink. Small arcs (the tool
  radius rolling round a sharp corner) and kinks are corners; the lap's start, where the tool plunges,
  counts as one too. A tab sits wholly inside a run, its ramps at least a tool radius from the nearest
  corner, so no tab is ever on a corner.
- the wanted positions are spread evenly along the lap; each moves to the nearest admissible place,
  and one that would overlap a tab already placed is dropped.
- on every pass below the tab top the tool climbs a 45 degree ramp to the tab top, crosses the tab
  (width + tool diameter of tool-centre travel) and ramps back down. Arcs are split into helical
  sub-arcs, lines into lines; nothing else in the path changes.
"""
import math

from flows.errors import FlowError

_EPS = 1e-6
_XY_TOL = 1e-3
# a direction change above this between two moves of the lap is a corner
_KINK_RAD = math.radians(10)
_MOVES = ('G1', 'G01', 'G2', 'G02', 'G3', 'G03')


def _cmd(name, params):
    import Path
    return Path.Command(name, params)


def _moves(commands):
    """(index, name, start, end, params) for every command, tracking the position."""
    pos = [None, None, None]
    out = []
    for i, c in enumerate(commands):
        name = c.Name.upper()
        p = c.Parameters
        start = tuple(pos)
        for k, a in enumerate('XYZ'):
            if a in p:
                pos[k] = float(p[a])
        out.append((i, name, start, tuple(pos), p))
    return out


class _Element:
    """One XY move of the lowest lap: a line, or an arc about a centre (cw for G2)."""

    def __init__(self, name, start, end, params):
        self.start = start[:2]
        self.end = end[:2]
        self.arc = name in ('G2', 'G02', 'G3', 'G03')
        if self.arc:
            self.centre = (start[0] + float(params.get('I', 0)), start[1] + float(params.get('J', 0)))
            self.radius = math.hypot(start[0] - self.centre[0], start[1] - self.centre[1])
            a0 = math.atan2(start[1] - self.centre[1], start[0] - self.centre[0])
            a1 = math.atan2(end[1] - self.centre[1], end[0] - self.centre[0])
            cw = name in ('G2', 'G02')
            sweep = a1 - a0
            if cw:
                while sweep >= -_EPS:
                    sweep -= 2 * math.pi
            else:
                while sweep <= _EPS:
                    sweep += 2 * math.pi
            if math.hypot(end[0] - start[0], end[1] - start[1]) > _XY_TOL:
                # not a full circle: bring the sweep into (-2pi, 2pi) on the right side
                sweep = math.fmod(sweep, 2 * math.pi)
            self.a0 = a0
            self.sweep = sweep
            self.length = self.radius * abs(sweep)
        else:
            self.length = math.hypot(end[0] - start[0], end[1] - start[1])

    def point(self, t):
        if self.arc:
            a = self.a0 + t * self.sweep
            return (self.centre[0] + self.radius * math.cos(a), self.centre[1] + self.radius * math.sin(a))
        return (self.start[0] + t * (self.end[0] - self.start[0]), self.start[1] + t * (self.end[1] - self.start[1]))

    def direction(self, t):
        if self.arc:
            a = self.a0 + t * self.sweep
            s = 1 if self.sweep > 0 else -1
            return (-math.sin(a) * s, math.cos(a) * s)
        n = self.length or 1
        return ((self.end[0] - self.start[0]) / n, (self.end[1] - self.start[1]) / n)

    def same(self, start, end):
        return (math.hypot(start[0] - self.start[0], start[1] - self.start[1]) < _XY_TOL and
                math.hypot(end[0] - self.end[0], end[1] - self.end[1]) < _XY_TOL)


def _angle(u, v):
    d = max(-1.0, min(1.0, u[0] * v[0] + u[1] * v[1]))
    return math.acos(d)


def _lowest_lap(moves, final_z):
    """The longest run of consecutive XY cutting moves at the final depth."""
    best, run = [], []
    for _i, name, start, end, p in moves:
        flat = (name in _MOVES and None not in start and abs(end[2] - final_z) < 1e-4 and
                abs(start[2] - final_z) < 1e-4 and math.hypot(end[0] - start[0], end[1] - start[1]) > _EPS)
        if flat:
            run.append(_Element(name, start, end, p))
        else:
            if len(run) > len(best):
                best = run
            run = []
    return run if len(run) > len(best) else best


def _runs(lap, tool_radius):
    """Smooth runs of the lap as (s_from, s_to) in its arc length."""
    runs = []
    s = 0.0
    cur = None
    for k, e in enumerate(lap):
        corner = e.arc and e.radius <= tool_radius + 0.5
        kink = k > 0 and _angle(lap[k - 1].direction(1), e.direction(0)) > _KINK_RAD
        if corner or kink:
            if cur:
                runs.append(cur)
            cur = None
        if not corner:
            cur = [cur[0], s + e.length] if cur else [s, s + e.length]
        s += e.length
    if cur:
        runs.append(cur)
    return runs, s


def place(lap, count, width, height, tool_radius):
    """Tab centres as arc lengths along the lap, and the half length of each tab's top."""
    runs, total = _runs(lap, tool_radius)
    half_top = (width + 2 * tool_radius) / 2
    keep = half_top + height + tool_radius
    spots = [(a + keep, b - keep) for a, b in runs if b - a >= 2 * keep]
    placed = []
    for k in range(count):
        want = total * (k + 0.5) / count
        best = None
        for a, b in spots:
            s = min(max(want, a), b)
            if best is None or abs(s - want) < abs(best - want):
                best = s
        if best is None:
            break
        if all(abs(best - q) >= 2 * (half_top + height) for q in placed):
            placed.append(best)
    return sorted(placed), half_top


def _at(lap, s):
    acc = 0.0
    for e in lap:
        if s <= acc + e.length + _EPS:
            return e.point((s - acc) / e.length if e.length else 0)
        acc += e.length
    return lap[-1].end


def add_tabs(commands, holding, tool_radius):
    """The profile's commands with tabs cut in; returns (commands, [{'x','y'}], tab top Z)."""
    count = int(holding['count'])
    width = float(holding['width_mm'])
    height = float(holding['height_mm'])
    moves = _moves(commands)
    zs = [end[2] for _i, name, _s, end, _p in moves if name in _MOVES and end[2] is not None]
    if not zs:
        return commands, [], None
    final_z = min(zs)
    top = final_z + height
    lap = _lowest_lap(moves, final_z)
    if not lap:
        raise FlowError('CAM_FAILED', 'no final pass for holding tabs',
                        details={'detail': 'the profile has no closed pass at its final depth to put holding tabs on'})
    centres, half_top = place(lap, count, width, height, tool_radius)
    if not centres:
        raise FlowError('CAM_FAILED', 'no room for holding tabs',
                        details={'detail': 'no straight or gently curved stretch of the outline is long enough for a '
                                           '%s mm tab away from the corners: hold the part with an onion skin' % width})
    # each lap element's place along the lap
    spans = []
    acc = 0.0
    for e in lap:
        spans.append((e, acc, acc + e.length))
        acc += e.length

    def z_at(s, z_layer):
        d = min(abs(s - c) for c in centres) - half_top
        return max(z_layer, top - max(0.0, d))

    out = []
    for _i, name, start, end, p in moves:
        c = commands[_i]
        cutting = (name in _MOVES and None not in start and end[2] is not None and
                   abs(end[2] - start[2]) < 1e-4 and end[2] < top - 1e-4 and
                   math.hypot(end[0] - start[0], end[1] - start[1]) > _EPS)
        span = next(((e, a, b) for e, a, b in spans if cutting and e.same(start, end)), None) if cutting else None
        if span is None:
            out.append(c)
            continue
        e, a, b = span
        z_layer = end[2]
        breaks = set()
        for cs in centres:
            for d in (half_top, half_top + (top - z_layer)):
                for s in (cs - d, cs + d):
                    if a + _EPS < s < b - _EPS:
                        breaks.add(s)
        if not breaks and z_at((a + b) / 2, z_layer) <= z_layer + _EPS:
            out.append(c)
            continue
        points = [a] + sorted(breaks) + [b]
        feed = {'F': p['F']} if 'F' in p else {}
        prev = e.point(0)
        for s1 in points[1:]:
            t1 = (s1 - a) / (b - a)
            x, y = e.point(t1) if s1 < b else e.end
            z = z_at(s1, z_layer)
            params = dict(X=x, Y=y, Z=z, **feed)
            if e.arc:
                params['I'] = e.centre[0] - prev[0]
                params['J'] = e.centre[1] - prev[1]
                params['K'] = 0.0
            out.append(_cmd(name, params))
            prev = (x, y)
    return out, [dict(zip(('x', 'y'), (round(v, 3) for v in _at(lap, s)))) for s in centres], top
