"""Tezgah's FreeCAD worker: runs inside freecadcmd (started with -c, never with positional files).

Modes (env TEZGAH_MODE):
  oneshot  serve the request named by TEZGAH_REQUEST, then exit (untrusted code, custom limits)
  warm     import FreeCAD's modules once, then serve requests named by JSON lines on stdin
  spare    a one-shot worker started ahead of need: import FreeCAD and the flows, say "ready", wait
           for one request line on stdin (with the job's limits, which it can only lower), serve
           it and exit. Its job dir is empty until the bridge moves the job's files in.

Protocol: requests and results are JSON files in the job dir; progress and "done" are JSON lines on
the fd named by TEZGAH_PROGRESS_FD. FreeCAD prints banners and OpenCASCADE chatter on stdout, so
stdout is never used for data. Every exception is caught and written to result.json: in -c mode an
uncaught exception would still exit 0 and look like success.
"""
import importlib
import io
import json
import math
import os
import resource
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # the python dir is mounted read-only
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from flows.errors import FlowError  # noqa: E402


class Channel:
    """JSON lines to the bridge on a dedicated fd (not stdout: FreeCAD writes noise there)."""

    def __init__(self, fd):
        self._out = io.open(fd, 'wb', buffering=0, closefd=False)

    def send(self, event):
        data = (json.dumps(event, separators=(',', ':'), allow_nan=False) + '\n').encode('utf-8')
        self._out.write(data)


def _status_kb(field):
    try:
        with open('/proc/self/status') as f:
            for line in f:
                if line.startswith(field + ':'):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def rss_mb():
    kb = _status_kb('VmRSS')
    return None if kb is None else round(kb / 1024, 1)


def peak_rss_mb():
    kb = _status_kb('VmHWM')
    return None if kb is None else round(kb / 1024, 1)


def reset_peak_rss():
    # Writing 5 to clear_refs resets VmHWM, so a warm worker reports each job's own peak.
    try:
        with open('/proc/self/clear_refs', 'w') as f:
            f.write('5')
    except OSError:
        pass


def set_cpu_budget(seconds):
    """Per-job CPU limit for a warm worker: RLIMIT_CPU counts the whole process life, so the soft
    limit is moved to (CPU used so far + this job's budget). Past it the kernel sends SIGXCPU."""
    if not seconds:
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = usage.ru_utime + usage.ru_stime
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    want = int(math.ceil(used)) + int(seconds)
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (want, hard))


def freecad_version():
    import FreeCAD
    v = FreeCAD.Version()
    return '.'.join(v[:3])


def configure_freecad():
    """Preferences that must be set before Part/Import load (the STEP scheme is read at Part's init)."""
    import FreeCAD
    FreeCAD.ParamGet('User parameter:BaseApp/Preferences/Mod/Part/STEP').SetString('Scheme', 'AP214IS')
    FreeCAD.ParamGet('User parameter:BaseApp/Preferences/Document').SetBool('CreateBackupFiles', False)


def preload():
    # The expensive imports (MeshPart alone ~0.6 s) are paid once per warm worker.
    import Part  # noqa: F401
    import Import  # noqa: F401
    import Mesh  # noqa: F401
    import MeshPart  # noqa: F401


class JobContext:
    """What a flow sees: its input, its job dir, and helpers to report steps, outputs and warnings."""

    def __init__(self, request, channel, test_hooks):
        self.job_id = request['job_id']
        self.job_dir = request['job_dir']
        self.input = request.get('input') or {}
        self.channel = channel
        self.test_hooks = test_hooks
        self.outputs = []
        self.warnings = []
        self.data = {}
        self.metrics = None
        self.durations_ms = {}
        self.phase = 'model'
        self.step_name = None

    def path(self, name):
        return os.path.join(self.job_dir, name)

    def add_output(self, kind, file, meta=None):
        self.outputs.append({'kind': kind, 'file': file, 'meta': meta or {}})

    def warn(self, code, details=None):
        self.warnings.append({'code': code, 'details': details or {}})

    def step(self, name, phase):
        return _Step(self, name, phase)

    def test_hook(self, point):
        """Test-only behaviour (sleep, CPU spin, crash), honoured only when the bridge enabled hooks."""
        hook = self.input.get('__test') if self.test_hooks else None
        if not isinstance(hook, dict) or hook.get('at', 'model') != point:
            return
        if hook.get('sleep_s'):
            time.sleep(float(hook['sleep_s']))
        if hook.get('spin_s'):
            end = time.process_time() + float(hook['spin_s'])
            while time.process_time() < end:
                pass
        if hook.get('crash'):
            import signal
            os.kill(os.getpid(), signal.SIGSEGV)
        if hook.get('raise'):
            raise RuntimeError(str(hook['raise']))
        if hook.get('python'):
            # Stands in for a guard bypass or a parser exploit: code with the worker's own rights,
            # to prove what the OS sandbox and Node hold on their own.
            exec(compile(str(hook['python']), '<tezgah-test-hook>', 'exec'), {'ctx': self, 'os': os, '__name__': '__tezgah_test__'})


class _Step:
    def __init__(self, ctx, name, phase):
        self.ctx, self.name, self.phase = ctx, name, phase

    def __enter__(self):
        self.ctx.phase = self.phase
        self.ctx.step_name = self.name
        self.t0 = time.perf_counter()
        self.ctx.channel.send({'event': 'progress', 'job_id': self.ctx.job_id, 'step': self.name, 'status': 'running'})
        return self

    def __exit__(self, exc_type, exc, tb):
        ms = round((time.perf_counter() - self.t0) * 1000, 1)
        self.ctx.durations_ms[self.name] = ms
        status = 'failed' if exc_type else 'done'
        self.ctx.channel.send({'event': 'progress', 'job_id': self.ctx.job_id, 'step': self.name, 'status': status, 'duration_ms': ms})
        return False


def error_record(exc, ctx):
    """Structured error for the bridge; the bridge maps it to a stable code."""
    inner = exc.__cause__ if isinstance(exc, FlowError) and exc.__cause__ is not None else exc
    record = {
        'exception_class': type(inner).__name__,
        'message': str(inner) or type(inner).__name__,
        'phase': getattr(exc, 'phase', None) or (ctx.phase if ctx else 'model'),
        'step': ctx.step_name if ctx else None,
        'traceback': ''.join(traceback.format_exception(type(exc), exc, exc.__traceback__))[-6000:],
    }
    if isinstance(exc, FlowError):
        if exc.code:
            record['code'] = exc.code
        if exc.operation:
            record['operation'] = exc.operation
        if exc.details:
            record['details'] = exc.details
        if exc.__cause__ is None:
            record['message'] = exc.message
    return record


def write_json(path, obj):
    tmp = path + '.tmp'
    with open(tmp, 'w', encoding='utf-8') as f:
        json.dump(obj, f, separators=(',', ':'), allow_nan=False, sort_keys=True)
    os.replace(tmp, path)  # the bridge never sees a half-written result


def serve(request_path, channel, test_hooks, warm):
    t0 = time.perf_counter()
    ctx = None
    result_path = os.path.join(os.path.dirname(request_path), 'result.json')
    doc_names_before = None
    try:
        if warm:
            reset_peak_rss()
        with open(request_path, encoding='utf-8') as f:
            request = json.load(f)
        result_path = os.path.join(request['job_dir'], 'result.json')
        if warm:
            set_cpu_budget(request.get('cpu_seconds'))
        ctx = JobContext(request, channel, test_hooks)
        import FreeCAD
        doc_names_before = set(FreeCAD.listDocuments().keys())
        flow_name = request['flow']
        if not isinstance(flow_name, str) or not flow_name.isidentifier():
            raise FlowError('FC_RUNTIME', 'bad flow name')
        try:
            flow = importlib.import_module('flows.' + flow_name)
        except ModuleNotFoundError as e:
            raise FlowError('FC_RUNTIME', 'flow %r is not installed in this worker' % flow_name) from e
        ctx.test_hook('start')
        flow.run(ctx)
        ctx.test_hook('end')
        result = {
            'ok': True,
            'outputs': ctx.outputs,
            'metrics': ctx.metrics,
            'warnings': ctx.warnings,
            'data': ctx.data,
        }
    except BaseException as exc:  # noqa: BLE001 - even sys.exit() in a flow becomes a structured error
        result = {'ok': False, 'error': error_record(exc, ctx)}
    finally:
        # Each job gets fresh documents; close whatever this job opened so a warm worker stays clean.
        try:
            import FreeCAD
            for name in list(FreeCAD.listDocuments().keys()):
                if doc_names_before is None or name not in doc_names_before:
                    FreeCAD.closeDocument(name)
        except Exception:  # noqa: BLE001
            pass
    if ctx is not None:
        ctx.durations_ms['total'] = round((time.perf_counter() - t0) * 1000, 1)
        result['durations_ms'] = ctx.durations_ms
        if result.get('metrics') is not None:
            result['metrics']['durations_ms'] = ctx.durations_ms
    else:
        result['durations_ms'] = {'total': round((time.perf_counter() - t0) * 1000, 1)}
    result['freecad_version'] = freecad_version()
    result['worker_peak_rss_mb'] = peak_rss_mb()
    if result.get('metrics') is not None:
        result['metrics']['worker_peak_rss_mb'] = result['worker_peak_rss_mb']
    sys.stderr.flush()
    try:
        write_json(result_path, result)
    except Exception as exc:  # noqa: BLE001
        # Most likely non-finite numbers or an unwritable dir: report that instead of dying silently.
        write_json(result_path, {'ok': False, 'error': error_record(exc, ctx), 'durations_ms': result.get('durations_ms', {}),
                                 'freecad_version': result['freecad_version'], 'worker_peak_rss_mb': result['worker_peak_rss_mb']})
    channel.send({'event': 'done', 'job_id': ctx.job_id if ctx else None, 'result': result_path,
                  'rss_mb': rss_mb(), 'peak_rss_mb': result['worker_peak_rss_mb']})


def limit_processes():
    """RLIMIT_NPROC, set here inside the sandbox's user namespace (there it counts the sandbox's own
    processes; set before bwrap it would count every process of the user). Before any input is read;
    without capabilities it cannot be raised again."""
    n = os.environ.get('TEZGAH_NPROC')
    if n:
        resource.setrlimit(resource.RLIMIT_NPROC, (int(n), int(n)))


SPARE_FLOWS = ('import', 'cam', 'script', 'template', 'drawing', 'export')


def preload_flows():
    for name in SPARE_FLOWS:
        try:
            importlib.import_module('flows.' + name)
        except Exception as e:  # noqa: BLE001 - a flow that cannot load fails its own job later
            sys.stderr.write('tezgah worker: cannot preload flow %s: %s\n' % (name, e))


def lower_limits(limits):
    """The job's own limits for a spare (started with the defaults): each one only ever goes down,
    and the hard CPU limit comes with it, so the job cannot raise its budget again."""
    if not isinstance(limits, dict):
        return
    def lower(res, value):
        soft, hard = resource.getrlimit(res)
        value = int(value)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(res, (min(value, soft) if soft != resource.RLIM_INFINITY else value, value))
    if limits.get('as_bytes'):
        lower(resource.RLIMIT_AS, limits['as_bytes'])
    if limits.get('fsize_bytes'):
        lower(resource.RLIMIT_FSIZE, limits['fsize_bytes'])
    if limits.get('cpu_seconds'):
        usage = resource.getrusage(resource.RUSAGE_SELF)
        used = int(math.ceil(usage.ru_utime + usage.ru_stime))
        soft = used + int(limits['cpu_seconds'])
        _, hard = resource.getrlimit(resource.RLIMIT_CPU)
        want_hard = soft + 5 if hard == resource.RLIM_INFINITY else min(hard, soft + 5)
        resource.setrlimit(resource.RLIMIT_CPU, (min(soft, want_hard), want_hard))


def main():
    limit_processes()
    channel = Channel(int(os.environ.get('TEZGAH_PROGRESS_FD', '3')))
    test_hooks = os.environ.get('TEZGAH_TEST_HOOKS') == '1'
    mode = os.environ.get('TEZGAH_MODE', 'oneshot')
    t0 = time.perf_counter()
    configure_freecad()
    if mode == 'warm':
        preload()
        channel.send({'event': 'ready', 'pid': os.getpid(), 'freecad_version': freecad_version(),
                      'startup_ms': round((time.perf_counter() - t0) * 1000, 1), 'rss_mb': rss_mb()})
        stdin = io.open(0, 'rb', closefd=False)
        while True:
            line = stdin.readline()
            if not line:
                break  # the bridge closed stdin: retire
            line = line.strip()
            if not line:
                continue
            try:
                msg = json.loads(line)
            except ValueError:
                sys.stderr.write('tezgah worker: ignoring a bad request line\n')
                continue
            serve(msg['request'], channel, test_hooks, warm=True)
    elif mode == 'spare':
        preload()
        preload_flows()
        channel.send({'event': 'ready', 'pid': os.getpid(), 'freecad_version': freecad_version(),
                      'startup_ms': round((time.perf_counter() - t0) * 1000, 1), 'rss_mb': rss_mb()})
        line = io.open(0, 'rb', closefd=False).readline().strip()
        if not line:
            return  # retired before a job came
        msg = json.loads(line)
        lower_limits(msg.get('limits'))
        reset_peak_rss()
        serve(msg['request'], channel, test_hooks, warm=False)
    else:
        serve(os.environ['TEZGAH_REQUEST'], channel, test_hooks, warm=False)


if __name__ == '__main__':
    main()
