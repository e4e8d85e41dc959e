"""Ramp entries for end mills: a straight plunge into material (a G1 down in Z alone) followed by a
straight cut becomes a zig-zag ramp along that cut, down at no more than the ramp angle, ending where
the plunge ended. Above the material (the stock top, `start_depth`) the tool still feeds straight down.
A plunge followed by an arc is left as it is and counted: the caller reports it.
"""
import math

_LINE = ('G1', 'G01')
_ARC = ('G2', 'G02', 'G3', 'G03')


def _cmd(name, **params):
    import Path
    return Path.Command(name, params)


def ramp_entries(commands, angle_deg, diameter, start_depth):
    """Returns (commands, ramps made, plunges left)."""
    out = []
    pos = {'X': None, 'Y': None, 'Z': None}
    ramps = 0
    left = 0
    tan = math.tan(math.radians(angle_deg))
    for i, c in enumerate(commands):
        name = c.Name.upper()
        p = c.Parameters
        if name in _LINE and 'Z' in p and None not in pos.values():
            x = p.get('X', pos['X'])
            y = p.get('Y', pos['Y'])
            z0, z1 = pos['Z'], p['Z']
            top = min(z0, start_depth)
            straight = abs(x - pos['X']) < 1e-6 and abs(y - pos['Y']) < 1e-6
            if straight and z1 < top - 1e-6:
                nxt = commands[i + 1] if i + 1 < len(commands) else None
                nn = nxt.Name.upper() if nxt is not None else ''
                if nn in _LINE and abs(nxt.Parameters.get('Z', z1) - z1) < 1e-6:
                    qx = nxt.Parameters.get('X', x)
                    qy = nxt.Parameters.get('Y', y)
                    seg = math.hypot(qx - x, qy - y)
                    if seg > 1e-3:
                        leg = min(seg, 2.0 * diameter)
                        ux, uy = (qx - x) / seg, (qy - y) / seg
                        bx, by = x + ux * leg, y + uy * leg
                        dz = top - z1
                        n = max(2, int(math.ceil(dz / (leg * tan))))
                        if n % 2:
                            n += 1
                        fp = {'F': p['F']} if 'F' in p else {}
                        if z0 > top + 1e-6:
                            out.append(_cmd('G1', X=x, Y=y, Z=top, **fp))
                        for k in range(1, n + 1):
                            px, py = (bx, by) if k % 2 else (x, y)
                            out.append(_cmd('G1', X=px, Y=py, Z=top - dz * k / n, **fp))
                        pos.update({'X': x, 'Y': y, 'Z': z1})
                        ramps += 1
                        continue
                elif nn in _ARC:
                    left += 1
        out.append(c)
        if name in ('G0', 'G00') + _LINE + _ARC:
            for k in ('X', 'Y', 'Z'):
                if k in p:
                    pos[k] = p[k]
    return out, ramps, left
