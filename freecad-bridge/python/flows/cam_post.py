"""Post-processing: FreeCAD's own posts (grbl, linuxcnc, fanuc) with their time-stamped headers off, and
the few fixes a controller needs that the post does not make.

- Canned drilling cycles become plain G0/G1 moves where the controller has none (grbl). FreeCAD's grbl
  post can translate them too, but it rapids back down into the hole between pecks; here a peck
  re-enters the hole at the drilling feed, so no rapid ever goes below the stock top inside the stock.
- A machine without a tool changer (grbl, LinuxCNC's manual M6) gets a safe manual change before every
  tool, the first included: spindle stop, up to a safe machine Z (G53) and over to the change position,
  then a pause (M0) with a message naming the tool and saying how to set its length (touch the stock
  top off, or the tool table when G43 follows). grbl has no M6: the post leaves it as a comment.
- The fanuc post's tool length offset reads the tool table through macro variables
  (Z-[#[2000+#4120]] H#4120), which not every Fanuc control has and no verifier can simulate; it
  becomes the standard G43 H<tool> with a move to the clearance height.
- A Fanuc tape gets its program number (O-number) after the leading '%', one safe start line
  (G17 G21 G40 G49 G80 G90 G94: plane, metric, no cutter compensation, no length offset, no canned
  cycle, absolute) and, before M30, Z home (G91 G28 Z0) and the length offset cancelled (G49).
- On LinuxCNC and Fanuc every G43 takes the length of the tool just loaded (H = T); a post that wrote
  another H is CAM_FAILED rather than a program that would crash the tool.
- Arcs in the XY plane (G17) lose a K word (FreeCAD writes K0 on some): grbl ignores it, LinuxCNC's
  interpreter rejects the block ("K word given for arc in xy plane"), as LinuxCNC's rs274 showed.
"""
import re

from flows.errors import FlowError

# Distance a chip-breaking peck (G73) backs off, as LinuxCNC does (0.010 in).
_CHIP_BREAK_MM = 0.254
_CYCLES = ('G73', 'G81', 'G82', 'G83')


def _cmd(name, **params):
    import Path
    return Path.Command(name, params)


def expand_cycles(commands):
    """Canned cycles of one operation's path as G0/G1 moves (absolute mode, XY plane, as FreeCAD's
    drilling operation writes them). Returns (commands, number of cycles expanded)."""
    out = []
    pos = {'X': None, 'Y': None, 'Z': None}
    retract_mode = 'G98'
    expanded = 0
    for c in commands:
        name = c.Name.upper()
        p = c.Parameters
        if name in ('G98', 'G99'):
            retract_mode = name
            continue
        if name == 'G80':
            continue
        if name in ('G91',):
            raise FlowError('CAM_FAILED', 'incremental moves in a drilling path cannot be expanded',
                            details={'detail': 'G91 in a drilling operation'})
        if name not in _CYCLES:
            out.append(c)
            if name in ('G0', 'G00', 'G1', 'G01', 'G2', 'G02', 'G3', 'G03'):
                for k in ('X', 'Y', 'Z'):
                    if k in p:
                        pos[k] = p[k]
            continue
        expanded += 1
        x = p.get('X', pos['X'])
        y = p.get('Y', pos['Y'])
        bottom = p['Z']
        r = p.get('R', pos['Z'])
        feed = p.get('F')
        start_z = pos['Z'] if pos['Z'] is not None else r
        clear = max(start_z, r) if retract_mode == 'G98' else r
        if start_z < r:
            out.append(_cmd('G0', Z=r))
        out.append(_cmd('G0', X=x, Y=y))
        if start_z > r:
            out.append(_cmd('G0', Z=r))
        fp = {'F': feed} if feed is not None else {}
        q = p.get('Q') if name in ('G73', 'G83') else None
        if not q or q <= 0:
            out.append(_cmd('G1', Z=bottom, **fp))
            if name == 'G82' and p.get('P'):
                out.append(_cmd('G4', P=p['P']))
        else:
            depth = r
            while depth > bottom + 1e-9:
                nxt = max(depth - q, bottom)
                out.append(_cmd('G1', Z=nxt, **fp))
                if nxt > bottom + 1e-9:
                    if name == 'G83':
                        out.append(_cmd('G0', Z=r))  # clear the chips, then feed back down
                        out.append(_cmd('G1', Z=nxt, **fp))
                    else:
                        out.append(_cmd('G0', Z=nxt + _CHIP_BREAK_MM))
                        out.append(_cmd('G1', Z=nxt, **fp))
                depth = nxt
        out.append(_cmd('G0', Z=clear))
        pos.update({'X': x, 'Y': y, 'Z': clear})
    return out, expanded


def post_args(name, opts):
    """Arguments for FreeCAD's post script: no header (it holds a time stamp), no editor."""
    args = ['--no-header', '--no-show-editor']
    if name == 'grbl':
        args += ['--no-translate_drill']  # cycles are already expanded (see expand_cycles)
        if opts.get('emit_m6'):
            args += ['--tool-change']  # this grbl build takes M6; by default the post comments it out
    if name in ('linuxcnc', 'fanuc') and not opts.get('tool_length_offset', True):
        args += ['--no-tlo']
    return ' '.join(args)


def run_post(job, name, args):
    from Path.Post.Processor import PostProcessorFactory
    job.PostProcessor = name
    job.PostProcessorArgs = args
    job.PostProcessorOutputFile = ''
    post = PostProcessorFactory.get_post_processor(job, name)
    if post is None:
        raise FlowError('CAM_FAILED', 'post-processor %s not found' % name, details={'detail': 'no %s post in FreeCAD' % name})
    sections = post.export()
    if not sections or any(text is None for _part, text in sections):
        raise FlowError('CAM_FAILED', 'post-processor %s produced nothing' % name,
                        details={'detail': 'the %s post rejected its arguments or the job' % name})
    text = ''.join(text for _part, text in sections)
    return text.replace('\r\n', '\n')


_GRBL_M6 = re.compile(r'^\(\s*M0?6\s+T(\d+)\s*\)\s*$')
_M6 = re.compile(r'^(?:M0?6\s+T(\d+)|T(\d+)\s+M0?6)$')
_FANUC_TLO = re.compile(r'^G91 G0 G43 G54 Z-\[#\[2000\+#4120\]\] H#4120$')
_FANUC_M6 = re.compile(r'^M0?6 T(\d+)$')
_ARC_CENTRE = re.compile(r'[IJ][-+]?[0-9.]')
_K_WORD = re.compile(r'\s*K[-+]?[0-9.]+')
_PLANE = re.compile(r'\bG(1[789])(?![0-9.])')


def fix_output(text, name, opts):
    """Controller fixes the post does not make; returns (text, fixes applied)."""
    lines = text.split('\n')
    fixes = []
    out = []
    tools_seen = 0
    current_tool = None
    change = opts.get('tool_change') if opts.get('manual_tool_change') else None
    plane = '17'
    k_dropped = 0
    for line in lines:
        s = line.strip()
        if not s.startswith('('):
            pm = _PLANE.search(s)
            if pm:
                plane = pm.group(1)
            code = s.split('(')[0]
            # an arc's centre words (our programs use K for nothing else: no threading cycles)
            if plane == '17' and 'K' in code and _ARC_CENTRE.search(code):
                line = _K_WORD.sub('', line, count=1)
                s = line.strip()
                k_dropped += 1
        if change:
            m = _GRBL_M6.match(s) or _M6.match(s)
            if m:
                tools_seen += 1
                n = int(m.group(1) or m.group(2))
                code = [x.strip() for x in out if x.strip() and not x.strip().startswith('(')]
                stopped = bool(code) and code[-1] == 'M5'
                touch = change['touch'][min(tools_seen, len(change['touch'])) - 1] if change.get('touch') else None
                out.extend(manual_change(name, n, opts.get('tool_names', {}).get(str(n), 'T%d' % n), change, touch, stopped))
                fixes.append('manual change to T%d: spindle stop, retract, pause' % n)
        if name == 'fanuc':
            m = _FANUC_M6.match(s)
            if m:
                current_tool = int(m.group(1))
            if _FANUC_TLO.match(s):
                if current_tool is None:
                    raise FlowError('CAM_FAILED', 'tool length offset before any tool change',
                                    details={'detail': 'fanuc post wrote G43 before M6'})
                out.append('G90 G0 G43 H%d Z%s' % (current_tool, _num(opts['clearance'])))
                fixes.append('G43 H%d instead of the macro tool length offset' % current_tool)
                continue
        out.append(line)
    if k_dropped:
        fixes.append('K word dropped from %d XY-plane arc(s)' % k_dropped)
    if name == 'fanuc':
        out = fanuc_frame(out, int(opts.get('program_number') or FANUC_PROGRAM_NUMBER))
        fixes.append('O-number, safe start line, G91 G28 Z0 and G49 before M30')
    if name in ('linuxcnc', 'fanuc'):
        check_length_offsets(out)
    return '\n'.join(out), fixes


FANUC_PROGRAM_NUMBER = 1000
FANUC_SAFE_START = 'G17 G21 G40 G49 G80 G90 G94'
_FANUC_PREAMBLE = re.compile(r'^G17 G54 G40 G49 G80 G90(?: G94)?$')
_WORD_T = re.compile(r'\bT(\d+)')
_WORD_H = re.compile(r'\bH(\d+)')
_G43 = re.compile(r'\bG43(?![0-9.])')


def fanuc_frame(lines, number):
    """O-number after '%', the safe start line for the post's preamble, Z home and G49 before M30."""
    out = list(lines)
    start = next((i for i, l in enumerate(out) if l.strip() == '%'), None)
    o_line = 'O%04d' % number
    at = 0 if start is None else start + 1
    out.insert(at, o_line)
    pre = next((i for i, l in enumerate(out) if _FANUC_PREAMBLE.match(l.strip())), None)
    if pre is None:
        out.insert(at + 1, FANUC_SAFE_START)
    else:
        out[pre] = FANUC_SAFE_START
        nxt = pre + 1
        while nxt < len(out) and out[nxt].strip().startswith('('):
            nxt += 1
        if nxt < len(out) and out[nxt].strip() == 'G21':
            del out[nxt]
    end = max((i for i, l in enumerate(out) if l.strip() in ('M30', 'M02', 'M2')), default=None)
    if end is None:
        raise FlowError('CAM_FAILED', 'fanuc program without M30', details={'detail': 'the fanuc post wrote no M30'})
    out[end:end] = ['G91 G28 Z0', 'G49', 'G90']
    return out


def check_length_offsets(lines):
    """Every G43 takes the H of the tool loaded by the last M6."""
    tool = None
    for n, line in enumerate(lines, 1):
        code = line.split('(')[0].strip().upper()
        if not code:
            continue
        if re.search(r'\bM0?6(?![0-9])', code):
            m = _WORD_T.search(code)
            if m:
                tool = int(m.group(1))
        if _G43.search(code):
            h = _WORD_H.search(code)
            if h is None or tool is None or int(h.group(1)) != tool:
                raise FlowError('CAM_FAILED', 'tool length offset does not match the tool on line %d' % n,
                                details={'detail': 'line %d: %s after T%s' % (n, code, tool)})



def manual_change(name, number, label, change, touch, stopped=False):
    """The lines of a safe manual change to tool `number` (before the post's M6 or its comment)."""
    at = change.get('machine')
    if change.get('touch_off') == 'tool-table':
        how = 'its length H%d must be in the tool table' % number
    elif touch:
        how = 'touch off the %s as Z%s' % ('faced top' if touch['faced'] else 'stock top', _num(touch['z']))
    else:
        how = 'touch off Z'
    text = _comment('Load %s, %s, then resume' % (label, how), name)
    lines = ['(%s)' % _comment('Manual tool change to T%d' % number, name)] + ([] if stopped else ['M5'])
    if at:
        lines.append('G53 G0 Z%s' % _num(at['z']))
        lines.append('G53 G0 X%s Y%s' % (_num(at['x']), _num(at['y'])))
    if name == 'linuxcnc':
        lines += ['(MSG, %s)' % text, 'M0']
    else:
        lines.append('M0 (%s)' % text)
    return lines


def _num(v):
    return '%.3f' % float(v)


def _comment(text, name):
    # Parentheses end a comment early; Fanuc reads only upper-case comments reliably.
    t = re.sub(r'[()]', '', str(text))
    return t.upper() if name == 'fanuc' else t
