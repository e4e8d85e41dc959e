"""Script flow: an untrusted FreeCAD script (AI answer or user file) run under the runtime guard in a
fresh, one-shot, OS-sandboxed process; the worker, not the script, exports the result.

Input: {"source": canonical script (already through the static policy), "name": label,
        "rules": rules.json (the one list of what scripts may touch)}
Steps: sandbox_run (preload, compile, run, validate the result), then the usual exports.

The script hands its shape over as `result` (or a `build()` function, or — as in the seeds'
examples — by showing Part features in a document it made). It must be valid solid geometry: one
solid, or a compound of valid solids (a gear train); anything else is FC_GEOM_INVALID_SHAPE.
"""
import builtins
import gc
import hashlib
import os
import resource
import signal
import types

import guard as guard_mod
from flows.errors import FlowError
from flows.outputs import standard_outputs

# What a script may import is preloaded here, before the guard is installed: while the script runs,
# no new module may be loaded (that would read and execute new code). Draft costs 0.6 s, so it is
# only loaded for scripts that mention it; the exporters (MeshPart 0.6 s, Import) load after the
# script, in the export phase, so a refused script costs no more than it must.
# numpy.ma: np.unique loads it on first use.
PRELOAD = ('FreeCAD', 'Part', 'PartEnums', 'PartDesign', 'Sketcher', 'Mesh', 'math', 'numpy', 'numpy.ma')
FILE_SIZE_LIMIT = 2 << 30  # bytes per file written by this process (exports included)
_MIN_VOLUME_MM3 = 1e-9
_WORKER_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _preload(source):
    import importlib
    import FreeCAD
    for name in PRELOAD + (('Draft',) if 'Draft' in source else ()):
        importlib.import_module(name)
    return FreeCAD


def _snapshot(job_dir):
    out = {}
    for name in os.listdir(job_dir):
        try:
            st = os.lstat(os.path.join(job_dir, name))
        except OSError:
            continue
        out[name] = (st.st_size, st.st_mtime_ns, st.st_mode)
    return out


def _violation_error(v, lines=None):
    line = v.line or (lines[-1][0] if lines else None)
    details = {'symbol': v.symbol, 'layer': v.layer, 'line': line}
    if v.detail:
        details['detail'] = v.detail
    return FlowError('SECURITY_VIOLATION', 'not allowed: %s' % v.symbol, details=details, phase='model')


def _is_freecad_type(obj):
    # FreeCAD's own (static) types only: a Python subclass could run script code on any method call
    return not (type(obj).__flags__ & guard_mod.HEAPTYPE)


def _as_shape(value, Part, FreeCAD):
    """The script's result as a Part shape, or a reason why not."""
    if isinstance(value, Part.Shape) and _is_freecad_type(value):
        return value, None
    if isinstance(value, FreeCAD.DocumentObject) and _is_freecad_type(value):
        shape = value.Shape if value.isDerivedFrom('Part::Feature') else None
        return (shape, None) if shape is not None else (None, 'result is a %s without a shape' % value.TypeId)
    if type(value) in (list, tuple) and value:
        parts = []
        for item in value:
            s, why = _as_shape(item, Part, FreeCAD)
            if why:
                return None, why
            parts.append(s)
        return Part.makeCompound(parts), None
    return None, 'result is a %s, not a Part shape' % type(value).__name__


def _shown_shapes(FreeCAD, docs_before):
    """Top-level solids shown in documents the script made (Part.show(…) without `result`)."""
    shapes = []
    for name, doc in FreeCAD.listDocuments().items():
        if name in docs_before:
            continue
        doc.recompute()
        for obj in doc.Objects:
            if obj.InList or not obj.isDerivedFrom('Part::Feature'):
                continue
            shape = obj.Shape
            if not shape.isNull() and shape.Solids:
                shapes.append(shape)
    return shapes


def _leaves(shape):
    if shape.ShapeType == 'Compound':
        for child in shape.childShapes():
            yield from _leaves(child)
    else:
        yield shape


def validate_solid(shape):
    """One solid, or a compound of solids; each non-null, valid and of positive volume."""
    def bad(reason, **details):
        raise FlowError('FC_GEOM_INVALID_SHAPE', reason, operation='result', details=dict(reason=reason, **details))

    if shape is None or shape.isNull():
        bad('the result shape is null')
    if shape.ShapeType not in ('Solid', 'CompSolid', 'Compound'):
        bad('the result is a %s, not a solid' % shape.ShapeType, shape_type=shape.ShapeType)
    leaves = list(_leaves(shape))
    if not leaves:
        bad('the result is an empty compound', shape_type='Compound')
    for i, leaf in enumerate(leaves):
        if leaf.ShapeType not in ('Solid', 'CompSolid'):
            bad('part %d of the result is a %s, not a solid' % (i + 1, leaf.ShapeType), shape_type=leaf.ShapeType)
        if not leaf.isValid():
            bad('part %d of the result is not a valid solid' % (i + 1))
        if not leaf.Volume > _MIN_VOLUME_MM3:
            bad('part %d of the result has no volume (%.3g mm³)' % (i + 1, leaf.Volume))
    if not shape.isValid():
        bad('the result shape is not valid')
    return shape


def _script_error(exc, lines):
    """The FlowError for an exception the script ended with (messages taken in the script phase)."""
    if isinstance(exc, guard_mod.SecurityViolation):
        return _violation_error(exc, lines)
    if isinstance(exc, SyntaxError):
        return FlowError('INVALID_SYNTAX', exc.msg or 'invalid syntax',
                         details={'line': exc.lineno, 'detail': exc.msg, 'symbol': (exc.text or '').strip()[:60]})
    cls = type(exc).__name__
    try:
        msg = str(exc)
    except Exception:  # noqa: BLE001
        msg = cls
    details = {'exception_class': cls, 'script_trace': ['line %d, in %s' % l for l in lines]}
    if lines:
        details['line'] = lines[-1][0]
    if isinstance(exc, MemoryError):
        return FlowError('MEMORY_LIMIT', 'the script ran out of memory', details=details)
    if isinstance(exc, NameError) and _hidden_builtin(exc):
        v = guard_mod.SecurityViolation(exc.name, 'builtins', detail='not a builtin in the sandbox')
        return _violation_error(v, lines)
    if isinstance(exc, FlowError):
        return exc
    return FlowError(None, '%s: %s' % (cls, msg) if msg else cls, details=details)


def _hidden_builtin(exc):
    name = getattr(exc, 'name', None)
    return isinstance(name, str) and hasattr(builtins, name)


def _take_result(guard, namespace, FreeCAD, Part, docs_before):
    """(shape, why-not, failure) from what the script left: `result`, `build()`, or shown parts."""
    result = namespace.get('result')
    build = namespace.get('build')
    if result is None and isinstance(build, types.FunctionType):
        result, failure = guard.call(build)
        if failure is not None:
            return None, None, failure
    try:
        if result is None:
            shown = _shown_shapes(FreeCAD, docs_before)
            if shown:
                result = shown[0] if len(shown) == 1 else Part.makeCompound(shown)
        if result is None:
            return None, 'the script produced no shape: assign it to `result`', None
        shape, why = _as_shape(result, Part, FreeCAD)
        return (shape.copy() if shape is not None else None), why, None
    except Exception as e:  # noqa: BLE001 - FreeCAD errors while reading the result
        return None, None, e


def run(ctx):
    inp = ctx.input
    source = inp.get('source')
    if not isinstance(source, str) or not source.strip():
        raise FlowError('VALIDATION_ERROR', 'no script', details={'field': 'source', 'detail': 'empty'})
    label = str(inp.get('name') or 'script')[:80]
    test = inp.get('__test') if ctx.test_hooks and isinstance(inp.get('__test'), dict) else {}
    ctx.data['script_hash'] = hashlib.sha256(source.encode('utf-8')).hexdigest()

    with ctx.step('sandbox_run', 'model'):
        try:
            guard = guard_mod.Guard(inp.get('rules'), ctx.job_dir, _WORKER_DIR)
        except (KeyError, TypeError, ValueError) as e:
            raise FlowError('INTERNAL', 'the script rules are missing or malformed: %s' % e) from None
        # Test-only (TEZGAH_TEST_HOOKS=1): switch the compile layer off to prove the others alone.
        guard.check_compile = 'compile' not in (test.get('guard_off') or [])
        FreeCAD = _preload(source)
        import Part
        resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized write fails with EFBIG instead
        try:
            code = guard.compile(source)
        except guard_mod.SecurityViolation as v:
            raise _violation_error(v) from None
        except SyntaxError as e:
            raise _script_error(e, []) from None
        namespace = guard.namespace()
        docs_before = set(FreeCAD.listDocuments())
        files_before = _snapshot(ctx.job_dir)
        guard.install()

        # ---- script phase: the audit hook refuses everything outside its allowlist ----------
        shape = why = error = latched = None
        try:
            failure = guard.run(code, namespace)
            if failure is None:
                shape, why, failure = _take_result(guard, namespace, FreeCAD, Part, docs_before)
            if failure is not None:
                error = _script_error(failure, guard.script_lines(failure))
                failure = None
        finally:
            for name in list(FreeCAD.listDocuments()):
                if name not in docs_before:
                    FreeCAD.closeDocument(name)
            namespace.clear()
            gc.collect()  # the script's finalizers (generators' finally blocks …) run under its rules
            latched = guard.first_violation()
            guard.leave()
        # ---- export phase: only the job dir is writable; no processes, network or ctypes ----

        if latched is not None:
            raise _violation_error(latched, guard.script_lines(latched))
        new_files = sorted(n for n, st in _snapshot(ctx.job_dir).items() if files_before.get(n) != st)
        if new_files:
            for n in new_files:
                if n not in files_before:
                    try:
                        os.remove(os.path.join(ctx.job_dir, n))
                    except OSError:
                        pass
            raise _violation_error(guard_mod.SecurityViolation('file %s' % new_files[0], 'files',
                                                               detail='the script wrote into the job dir'))
        if error is not None:
            raise error
        if why is not None:
            raise FlowError('FC_GEOM_INVALID_SHAPE', why, operation='result', details={'reason': why})
        validate_solid(shape)

    doc = FreeCAD.newDocument('TezgahJob')
    obj = doc.addObject('Part::Feature', 'Part')
    obj.Label = label  # the STEP product name
    obj.Shape = shape
    doc.recompute()
    standard_outputs(ctx, doc, obj, obj.Shape)
    late = guard.first_violation()  # e.g. script code a library called back during the exports
    if late is not None:
        for o in ctx.outputs:
            try:
                os.remove(ctx.path(o['file']))
            except OSError:
                pass
        ctx.outputs = []
        raise _violation_error(late)
    ctx.data['solids'] = len(shape.Solids)
    ctx.data['shape_type'] = shape.ShapeType
