"""Runtime guard for untrusted FreeCAD scripts (AI answers, user scripts): the second sandbox layer,
inside the FreeCAD process, under the OS sandbox (bubblewrap: no network, read-only runtime, only
the job dir writable, CPU/memory/wall limits) and above the static policy (TypeScript).

It does not trust that the static policy ran. In order:

  compile   the script is parsed here again and refused on the rules of rules.json (forbidden names,
            modules, attributes and writer/loader prefixes, dunders, decorators, metaclasses …);
            every attribute read is rewritten to go through the guard (format strings, object
            types, path constructors are checked on the live objects).
  builtins  the script gets a small builtins dict: no open, exec, eval, compile, getattr, type, vars …
  import    `import` hands out restricted views of the allowed, preloaded modules only (no module
            attribute can be set; numpy is cut to its numeric subset; modules reached through
            attributes are views too); a meta-path finder refuses new modules.
  audit     a sys.addaudithook hook, installed after the worker's own imports, refuses while the
            script runs every event outside a short allowlist (so: any file open but reads of the
            runtime, sockets, subprocess, os.system, ctypes, compile/exec of new code, frame and
            gc introspection, new imports, thread starts …). It cannot be removed. After the script,
            in the export phase, it still refuses processes, network and ctypes, and lets files be
            written only inside the job dir.
  files     the job dir is listed before and after the script: FreeCAD's own C++ writers are not
            visible to audit hooks, so any file the script phase left there is a violation.

Every refusal is latched: a script that catches the exception still fails with SECURITY_VIOLATION.
The script's result is only accepted as FreeCAD's own shape types (never a Python subclass), copied,
and the script's documents are closed and its objects collected before the export phase starts.
"""
import ast
import builtins
import dis
import os
import re
import string
import sys
import types
import unicodedata

SCRIPT_FILENAME = '<tezgah-script>'
SCRIPT_MODULE = 'tezgah_script'
# Folders an untrusted process may read while the script runs (the read-only runtime: Python's
# linecache reads library sources). Nothing there is secret; the job dir is not among them.
READ_ROOTS = ('/usr/',)
HEAPTYPE = 1 << 9
MAX_PRINT_BYTES = 64 * 1024

_PHASE_SETUP, _PHASE_SCRIPT, _PHASE_EXPORT = 0, 1, 2
_IMPORT_NAME = dis.opmap['IMPORT_NAME']

SAFE_BUILTINS = (
    'abs', 'all', 'any', 'ascii', 'bin', 'bool', 'bytearray', 'bytes', 'callable', 'chr',
    'classmethod', 'complex', 'dict', 'divmod', 'enumerate', 'filter', 'float', 'format', 'frozenset',
    'hash', 'hex', 'id', 'int', 'isinstance', 'issubclass', 'iter', 'len', 'list', 'map', 'max', 'min',
    'next', 'object', 'oct', 'ord', 'pow', 'property', 'range', 'repr', 'reversed', 'round', 'set',
    'slice', 'sorted', 'staticmethod', 'str', 'sum', 'super', 'tuple', 'zip', 'True', 'False', 'None',
    'NotImplemented', 'Ellipsis', 'ArithmeticError', 'AssertionError', 'AttributeError', 'Exception',
    'FloatingPointError', 'IndexError', 'KeyError', 'LookupError', 'NameError', 'NotImplementedError',
    'OverflowError', 'RecursionError', 'RuntimeError', 'StopIteration', 'TypeError', 'UnboundLocalError',
    'ValueError', 'ZeroDivisionError',
)

# Audit events that are harmless whatever the phase.
_ALWAYS_OK = frozenset(('builtins.id', 'sys._getframemodulename', 'time.sleep'))
# Never, once the script has started: processes, network, native code, hooks, introspection.
_NEVER_PREFIXES = ('socket.', 'subprocess.', 'ctypes.', 'pty.', 'mmap.', 'winreg.', 'msvcrt.', 'syslog.',
                   'sqlite3.', 'urllib.', 'http.', 'ftplib.', 'smtplib.', 'poplib.', 'imaplib.', 'nntplib.',
                   'telnetlib.', 'webbrowser.', 'gc.', 'sys.monitoring', 'resource.', 'signal.',
                   '_thread.', 'threading.', 'faulthandler.', 'tracemalloc.', 'pdb.')
# Imports the trusted export phase never needs (it may load FreeCAD's own exporters lazily).
_EXPORT_DENIED_IMPORTS = frozenset(('socket', '_socket', 'ssl', '_ssl', 'subprocess', '_posixsubprocess', 'ctypes',
                                    '_ctypes', 'multiprocessing', '_multiprocessing', 'asyncio', 'http', 'urllib',
                                    'ftplib', 'smtplib', 'poplib', 'imaplib', 'telnetlib', 'xmlrpc', 'socketserver',
                                    'webbrowser', 'pty', 'mmap', 'select', 'selectors', 'FreeCADGui', 'PySide',
                                    'PySide2', 'PySide6', 'shiboken6'))
_NEVER = frozenset(('os.system', 'os.exec', 'os.spawn', 'os.posix_spawn', 'os.fork', 'os.forkpty', 'os.kill',
                    'os.killpg', 'os.startfile', 'os.putenv', 'os.unsetenv', 'os.chdir', 'os.add_dll_directory',
                    'sys.addaudithook', 'sys.settrace', 'sys.setprofile', 'sys._current_frames',
                    'sys._current_exceptions', 'sys.remote_exec', 'code.__new__', 'function.__new__',
                    'builtins.input', 'builtins.breakpoint', 'pickle.find_class', 'shutil.rmtree', 'os.setxattr',
                    'os.removexattr', 'os.chflags', 'os.lchflags', 'os.chown', 'os.mkfifo', 'os.mknod',
                    'os.symlink', 'os.link', 'os.truncate'))


class SecurityViolation(Exception):
    """Raised into the script when the guard refuses something; also latched by the guard."""

    def __init__(self, symbol, layer, detail=None, line=None):
        super().__init__('not allowed: %s' % symbol)
        self.symbol = symbol
        self.layer = layer
        self.detail = detail
        self.line = line


class Rules:
    """rules.json (freecad-bridge/src/policy), handed over by the app in the request. A missing or
    malformed list refuses the script: the guard fails closed."""

    def __init__(self, data):
        if not isinstance(data, dict):
            raise ValueError('rules missing')

        def strings(key):
            v = data[key]
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                raise ValueError('rules.%s is not a list of names' % key)
            return frozenset(v)

        self.allowed_modules = strings('allowed_modules')
        self.wildcard_allowed = strings('wildcard_import_allowed')
        self.numpy_allowed = strings('numpy_allowed')
        self.forbidden_names = strings('forbidden_names')
        self.forbidden_modules = strings('forbidden_modules')
        self.forbidden_attributes = strings('forbidden_attributes')
        self.forbidden_prefixes = tuple(p.lower() for p in strings('forbidden_attribute_prefixes') if p != '_')
        self.format_methods = strings('format_methods')
        self.allowed_decorators = strings('allowed_decorators')
        self.allowed_decorator_attributes = strings('allowed_decorator_attributes')
        self.allowed_dunder_definitions = strings('allowed_dunder_definitions')
        self.path_constructors = strings('path_constructors')
        mfa = data['module_forbidden_attributes']
        self.module_forbidden = {k: frozenset(v) for k, v in mfa.items() if not k.startswith('$')}
        ot = data['object_types']
        self.denied_object_types = frozenset(ot['denied'])
        self.denied_object_substrings = tuple(ot['denied_substrings'])
        self.denied_property_substrings = tuple(data['property_types']['denied_substrings'])
        self.qt_name = re.compile(data['qt_name_pattern'])

    # -- names, as the static policy judges them ------------------------------------------------

    def name_problem(self, name):
        """Why a bare name (variable, function, builtin, import alias) is refused, or None."""
        if name in self.forbidden_names:
            return name
        if name in self.forbidden_modules or self.qt_name.match(name):
            return name
        if _is_dunder(name) or name.startswith('_tz_'):
            return name
        return None

    def attribute_problem(self, name):
        """Why `obj.name` is refused whatever obj is, or None."""
        if name.startswith('_'):
            return name
        if name in self.forbidden_attributes or name in self.forbidden_names or name in self.forbidden_modules:
            return name
        if self.qt_name.match(name):
            return name
        lower = name.lower()
        if any(lower.startswith(p) for p in self.forbidden_prefixes):
            return name
        return None

    def module_attribute_problem(self, module, name):
        """Why `<module>.name` is refused (on top of attribute_problem), or None."""
        if module == 'numpy' and name not in self.numpy_allowed:
            return 'numpy.' + name
        if name in self.module_forbidden.get(module, ()):
            return module + '.' + name
        return None

    def module_allowed(self, qualname):
        root = qualname.split('.')[0]
        return root not in self.forbidden_modules and not self.qt_name.match(root)


def _is_dunder(name):
    return len(name) > 4 and name.startswith('__') and name.endswith('__')


def _nfkc(name):
    return unicodedata.normalize('NFKC', name)


# ---- compile layer -------------------------------------------------------------------------------

class _Checker(ast.NodeVisitor):
    """Refuses what a geometry script never needs, on the syntax tree (names are NFKC already)."""

    def __init__(self, rules):
        self.rules = rules
        self.class_depth = 0

    def refuse(self, node, symbol):
        raise SecurityViolation(symbol, 'compile', line=getattr(node, 'lineno', None))

    def check_name(self, node, name):
        bad = self.rules.name_problem(_nfkc(name))
        if bad:
            self.refuse(node, bad)

    def check_attribute(self, node, name):
        bad = self.rules.attribute_problem(_nfkc(name))
        if bad:
            self.refuse(node, bad)

    def visit_Name(self, node):
        self.check_name(node, node.id)

    def visit_Attribute(self, node):
        self.generic_visit(node)  # inner first: findings come in source order
        self.check_attribute(node, node.attr)

    def visit_arg(self, node):
        self.check_name(node, node.arg)
        self.generic_visit(node)

    def visit_keyword(self, node):
        if node.arg is not None and _is_dunder(node.arg):
            self.refuse(node, node.arg)
        self.generic_visit(node)

    def _function(self, node):
        name = _nfkc(node.name)
        in_class = self.class_depth > 0 and getattr(node, '_tz_method', False)
        if not (_is_dunder(name) and in_class and name in self.rules.allowed_dunder_definitions):
            self.check_name(node, name)
        for d in node.decorator_list:
            self.check_decorator(d)

    def visit_FunctionDef(self, node):
        self._function(node)
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        self.check_name(node, node.name)
        for d in node.decorator_list:
            self.check_decorator(d)
        for kw in node.keywords:
            self.refuse(kw, 'metaclass' if kw.arg == 'metaclass' else '**%s' % (kw.arg or 'kwargs'))
        for stmt in node.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                stmt._tz_method = True
        self.class_depth += 1
        self.generic_visit(node)
        self.class_depth -= 1

    def check_decorator(self, d):
        ok = (isinstance(d, ast.Name) and d.id in self.rules.allowed_decorators) or (
            isinstance(d, ast.Attribute) and isinstance(d.value, ast.Name)
            and d.attr in self.rules.allowed_decorator_attributes)
        if not ok:
            self.refuse(d, 'decorator @%s' % _short(ast.unparse(d)))

    def visit_Import(self, node):
        for alias in node.names:
            if alias.name not in self.rules.allowed_modules:
                self.refuse(node, 'import %s' % alias.name)
            if alias.asname:
                self.check_name(node, alias.asname)

    def visit_ImportFrom(self, node):
        mod = node.module or ''
        if node.level or mod not in self.rules.allowed_modules:
            self.refuse(node, 'from %s%s import' % ('.' * node.level, mod))
        for alias in node.names:
            if alias.name == '*':
                if mod not in self.rules.wildcard_allowed:
                    self.refuse(node, 'from %s import *' % mod)
                continue
            self.check_attribute(node, alias.name)
            bad = self.rules.module_attribute_problem(mod, alias.name)
            if bad:
                self.refuse(node, bad)
            if alias.asname:
                self.check_name(node, alias.asname)

    def visit_Global(self, node):
        for n in node.names:
            self.check_name(node, n)

    visit_Nonlocal = visit_Global

    def visit_ExceptHandler(self, node):
        if node.name:
            self.check_name(node, node.name)
        self.generic_visit(node)

    def visit_MatchClass(self, node):
        for a in node.kwd_attrs:
            self.check_attribute(node, a)
        self.generic_visit(node)

    def visit_MatchAs(self, node):
        if node.name:
            self.check_name(node, node.name)
        self.generic_visit(node)

    def visit_MatchStar(self, node):
        if node.name:
            self.check_name(node, node.name)

    def visit_MatchMapping(self, node):
        if node.rest:
            self.check_name(node, node.rest)
        self.generic_visit(node)


class _AttributeRewriter(ast.NodeTransformer):
    """`obj.name` (read) → `_tz_getattr_(obj, 'name')`, so live objects are checked too;
    `obj.name = v` / `del obj.name` → `_tz_writable_(obj, 'name').name …`, so a script cannot patch
    a library class or module (code FreeCAD or the worker would run later). Value patterns in
    `match` must stay dotted names (their objects are module views, which check anyway)."""

    def visit_MatchValue(self, node):
        return node

    def visit_Attribute(self, node):
        self.generic_visit(node)
        helper = '_tz_getattr_' if isinstance(node.ctx, ast.Load) else '_tz_writable_'
        call = ast.copy_location(ast.Call(func=ast.Name(id=helper, ctx=ast.Load()),
                                          args=[node.value, ast.Constant(value=node.attr)], keywords=[]), node)
        if isinstance(node.ctx, ast.Load):
            return call
        node.value = call
        return node


def _short(text, n=40):
    text = ' '.join(text.split())
    return text if len(text) <= n else text[:n - 1] + '…'


# ---- views of modules and checked callables -------------------------------------------------------

class Guard:
    """One per untrusted job: compiles, runs and watches the script."""

    def __init__(self, rules, job_dir, worker_dir):
        self.rules = rules if isinstance(rules, Rules) else Rules(rules)
        self.job_dir = os.path.realpath(job_dir)
        self.worker_dir = os.path.realpath(worker_dir)
        self.check_compile = True
        self._views = {}
        self._installed = False
        self._printed = 0
        self._code = None

    # -- compile ----------------------------------------------------------------------------------

    def compile(self, source):
        """The checked, rewritten code object (SyntaxError and SecurityViolation propagate)."""
        tree = ast.parse(source, filename=SCRIPT_FILENAME, mode='exec')
        if self.check_compile:
            _Checker(self.rules).visit(tree)
            tree = ast.fix_missing_locations(_AttributeRewriter().visit(tree))
        self._code = compile(tree, SCRIPT_FILENAME, 'exec', dont_inherit=True)
        return self._code

    # -- the script's world -------------------------------------------------------------------------

    def namespace(self):
        real = builtins.__dict__
        b = {name: real[name] for name in SAFE_BUILTINS
             if name in real and name not in self.rules.forbidden_names}
        b['__build_class__'] = real['__build_class__']
        b['__import__'] = self._import
        b['print'] = self._print
        b['_tz_getattr_'] = self._getattr
        b['_tz_writable_'] = self._writable
        return {'__builtins__': b, '__name__': SCRIPT_MODULE, '__doc__': None}

    def _print(self, *args, sep=' ', end='\n', **_ignored):
        text = (str(sep).join(str(a) for a in args) + str(end))
        data = text.encode('utf-8', 'replace')
        if self._printed + len(data) > MAX_PRINT_BYTES:
            return
        self._printed += len(data)
        sys.stderr.write('script: ' + text)

    def _import(self, name, globals=None, locals=None, fromlist=(), level=0):
        name = _nfkc(str(name))
        if not self._called_by_import_statement():
            # C code (numpy, FreeCAD) importing through PyImport_Import while the script's frame is
            # current: it takes the module from sys.modules and ignores what this returns. Anything
            # else calling __import__ directly gets a stand-in that refuses every use.
            if name in sys.modules:
                return self._refused_module(name)
            self._violation('import %s' % name, 'import')
        if level != 0 or name not in self.rules.allowed_modules:
            self._violation('import %s' % name, 'import')
        module = sys.modules.get(name)
        if module is None:
            self._violation('import %s' % name, 'import', detail='not preloaded in the sandbox')
        if fromlist and '*' in fromlist:
            if name not in self.rules.wildcard_allowed:
                self._violation('from %s import *' % name, 'import')
            # a detached copy: `from math import *` must not hand out the real module
            copy = types.ModuleType(name)
            for k, v in vars(module).items():
                if not k.startswith('_'):
                    setattr(copy, k, v)
            return copy
        return self.view(module, name)

    def _called_by_import_statement(self):
        """True when the caller is an `import` statement of the script (not C code, not a call)."""
        self._trust(1)
        try:
            frame = sys._getframe(2)
            code = frame.f_code
            return code.co_filename == SCRIPT_FILENAME and frame.f_lasti >= 0 and code.co_code[frame.f_lasti] == _IMPORT_NAME
        finally:
            self._trust(-1)

    def _refused_module(self, name):
        guard = self

        def getattribute(_self, attr):
            if attr == '__class__':
                return Refused
            guard._violation('%s.%s' % (name, attr), 'import', detail='module %s is not allowed' % name)

        Refused = type(name, (), {'__slots__': (), '__getattribute__': getattribute})
        return Refused()

    def view(self, module, qualname):
        """A read-only view of a module: attribute reads checked, writes refused."""
        key = id(module)
        cached = self._views.get(key)
        if cached is not None:
            return cached
        guard = self

        def getattribute(_self, name):
            if name == '__class__':  # isinstance() falls back to it
                return ModuleView
            return guard._module_attr(module, qualname, name)

        def setattr_(_self, name, value):
            guard._violation('%s.%s = …' % (qualname, name), 'import')

        def delattr_(_self, name):
            guard._violation('del %s.%s' % (qualname, name), 'import')

        def repr_(_self):
            return '<module %s (restricted)>' % qualname

        # built with type(): setting attributes on a class later is an audited event
        ModuleView = type(qualname, (), {'__slots__': (), '__getattribute__': getattribute, '__setattr__': setattr_,
                                         '__delattr__': delattr_, '__repr__': repr_})
        v = ModuleView()
        self._views[key] = v
        return v

    def _module_attr(self, module, qualname, name):
        name = _nfkc(str(name))
        bad = self.rules.attribute_problem(name) or self.rules.module_attribute_problem(qualname, name)
        if bad:
            self._violation(bad if '.' in bad else '%s.%s' % (qualname, bad), 'attribute')
        try:
            value = getattr(module, name)
        except AttributeError:
            raise AttributeError("module '%s' has no attribute '%s'" % (qualname, name)) from None
        full = '%s.%s' % (qualname, name)
        if full in self.rules.path_constructors:
            return self._path_constructor(value, full)
        return self._checked_value(value, full)

    def _checked_value(self, value, what):
        if issubclass(type(value), types.ModuleType):
            mod_name = getattr(value, '__name__', what) or what
            if not self.rules.module_allowed(mod_name):
                self._violation(what, 'import', detail='module %s' % mod_name)
            return self.view(value, what)
        return value

    def _path_constructor(self, ctor, what):
        guard = self

        def checked(*args, **kwargs):
            if args and issubclass(type(args[0]), (str, bytes, os.PathLike)):
                guard._violation('%s(<path>)' % what, 'attribute', detail='reads a file')
            return ctor(*args, **kwargs)
        return checked

    def _getattr(self, obj, name):
        """Every attribute read in the script: `obj.name`."""
        name = _nfkc(str(name))
        bad = self.rules.attribute_problem(name)
        if bad:
            self._violation(bad, 'attribute')
        kind = type(obj)  # not isinstance(): that may ask obj.__class__, which a script class may define
        if issubclass(kind, types.ModuleType):
            # the script only ever holds views; a real module here means something slipped through
            self._violation(name, 'attribute', detail='attribute of a raw module')
        if name in self.rules.format_methods and (issubclass(kind, str) or (issubclass(kind, type) and issubclass(obj, str))):
            return self._formatter(obj, name)
        value = getattr(obj, name)
        if name in ('addObject', 'newObject') and callable(value):
            return self._typed_call(value, name, self._object_type_problem)
        if name == 'addProperty' and callable(value):
            return self._typed_call(value, name, self._property_type_problem)
        return self._checked_value(value, name)

    def _writable(self, obj, name):
        """`obj` itself, if the script may set or delete its attribute `name`: instances and the
        script's own classes yes; library classes, functions' code and modules no."""
        kind = type(obj)
        if issubclass(kind, type) and not (kind is type and obj.__dict__.get('__module__') == SCRIPT_MODULE):
            self._violation('setattr %s.%s' % (getattr(obj, '__name__', '?'), name), 'attribute',
                            detail='attributes of library classes cannot be changed')
        if issubclass(kind, types.ModuleType):
            self._violation('setattr %s' % name, 'attribute')
        return obj

    def _formatter(self, receiver, name):
        """str.format / format_map that refuse replacement fields reaching attributes or items
        ('{0.__class__}', '{0[x]}'): the C formatter would otherwise read them unchecked."""
        guard = self

        def fields(template):
            for _, field, spec, _ in string.Formatter().parse(template):
                if field is not None and ('.' in field or '[' in field):
                    guard._violation('{%s}' % field, 'attribute', detail='format string field')
                if spec:
                    fields(spec)

        if isinstance(receiver, str):
            def bound(*args, **kwargs):
                fields(receiver)
                return getattr(receiver, name)(*args, **kwargs)
            return bound

        def unbound(template, *args, **kwargs):
            if not isinstance(template, str):
                raise TypeError('%s expects a str' % name)
            fields(template)
            return getattr(str, name)(template, *args, **kwargs)
        return unbound

    def _object_type_problem(self, t):
        if not isinstance(t, str):
            return 'non-string type'
        if t in self.rules.denied_object_types or any(s in t for s in self.rules.denied_object_substrings):
            return t
        return None

    def _property_type_problem(self, t):
        if not isinstance(t, str):
            return 'non-string type'
        if any(s in t for s in self.rules.denied_property_substrings):
            return t
        return None

    def _typed_call(self, method, name, problem):
        guard = self

        def checked(*args, **kwargs):
            t = args[0] if args else kwargs.get('type')
            bad = problem(t)
            if bad:
                guard._violation('%s(%r)' % (name, bad), 'attribute')
            return method(*args, **kwargs)
        return checked

    # -- audit hook, import gate and phases -------------------------------------------------------

    def install(self):
        """Adds the audit hook and the import gate (once per process; they cannot be removed)."""
        if self._installed:
            return
        self._installed = True
        rules = self.rules
        job_dir = self.job_dir
        worker_dir = self.worker_dir
        phase = [_PHASE_SETUP]
        busy = [False]
        trusted = [0]
        allowed_code = [None]
        latched = []
        realpath = os.path.realpath
        proc_self = realpath('/proc/self')

        def under(path, roots):
            return any(path == r.rstrip('/') or path.startswith(r if r.endswith('/') else r + '/') for r in roots)

        def clean_path(p):
            # exact types only: a PathLike from the script would run its own __fspath__ here
            if type(p) is bytes:
                p = os.fsdecode(p)
            if type(p) is not str:
                return None
            return realpath(p)

        def read_only(mode, flags):
            if type(mode) is str and any(c in mode for c in 'wax+'):
                return False
            return type(flags) is int and (flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND)) == 0

        def decide(event, args):
            """None to allow, else (symbol, detail)."""
            p = phase[0]
            if event in _ALWAYS_OK:
                return None
            if event in _NEVER or event.startswith(_NEVER_PREFIXES):
                return event, None
            if event == 'open':
                path = clean_path(args[0])
                mode = args[1] if len(args) > 1 else 'r'
                flags = args[2] if len(args) > 2 else 0
                if path is None:
                    return 'open(%s)' % type(args[0]).__name__, None
                ro = read_only(mode, flags)
                if ro and under(path, READ_ROOTS + (worker_dir,)):
                    return None
                if p == _PHASE_EXPORT and (under(path, (job_dir,)) or (ro and under(path, (proc_self,)))):
                    return None
                return 'open(%r, %r)' % (path, mode), None
            if event == 'exec':
                code = args[0]
                if code is allowed_code[0]:
                    return None
                if p == _PHASE_EXPORT and isinstance(code, types.CodeType) and under(code.co_filename, READ_ROOTS + (worker_dir,)):
                    return None
                return 'exec', None
            if event == 'import':
                name = args[0] if type(args[0]) is str else '?'
                root = name.split('.')[0]
                if p == _PHASE_SCRIPT and root in rules.allowed_modules and rules.module_allowed(root):
                    return None
                if p == _PHASE_EXPORT and root not in _EXPORT_DENIED_IMPORTS:
                    return None
                return 'import %s' % name, None
            if event == 'sys._getframe':
                if trusted[0]:
                    return None
                frame = args[0]
                fname = frame.f_code.co_filename if frame is not None else ''
                if fname == SCRIPT_FILENAME or under(fname, (worker_dir,)):
                    return 'sys._getframe', None
                return None
            if event == 'object.__getattr__':
                if p == _PHASE_EXPORT or trusted[0]:
                    return None
                return '%s' % (args[1] if len(args) > 1 else event), None
            if event in ('object.__setattr__', 'object.__delattr__'):
                obj, name = args[0], args[1] if len(args) > 1 else '?'
                if p == _PHASE_EXPORT:
                    return None
                if type(obj) is type and obj.__dict__.get('__module__') == SCRIPT_MODULE and not _is_dunder(str(name)):
                    return None
                return '%s %s' % ('setattr' if event.endswith('setattr__') else 'delattr', name), None
            if p == _PHASE_EXPORT:
                if event.startswith(('os.', 'shutil.', 'glob.')):
                    paths = [clean_path(a) for a in args if type(a) in (str, bytes)]
                    if paths and all(x is not None and under(x, (job_dir,)) for x in paths):
                        return None
                    return event, None
                return None
            return event, None

        def hook(event, args):
            if phase[0] == _PHASE_SETUP or busy[0]:
                return
            busy[0] = True
            try:
                verdict = decide(event, args)
            except Exception:  # noqa: BLE001 - a hook that cannot decide refuses
                verdict = (event, 'guard error')
            finally:
                busy[0] = False
            if verdict is not None:
                exc = SecurityViolation(verdict[0], 'audit', detail=verdict[1] or event)
                latched.append(exc)
                raise exc

        class ImportGate:
            """Second line behind the 'import' audit event: no finder gets to load a refused module."""

            @staticmethod
            def find_spec(name, path=None, target=None):
                root = name.split('.')[0]
                if phase[0] == _PHASE_SETUP:
                    return None
                if (phase[0] == _PHASE_SCRIPT and (root not in rules.allowed_modules or not rules.module_allowed(root))) \
                        or root in _EXPORT_DENIED_IMPORTS:
                    exc = SecurityViolation('import %s' % name, 'import')
                    latched.append(exc)
                    raise exc
                return None

            @staticmethod
            def invalidate_caches():
                return None

        def enter(code):
            allowed_code[0] = code
            phase[0] = _PHASE_SCRIPT

        def leave():
            allowed_code[0] = None
            phase[0] = _PHASE_EXPORT

        def trust(delta):
            trusted[0] += delta

        def record(exc):
            latched.append(exc)

        self._enter, self._leave, self._trust, self._record = enter, leave, trust, record
        self._latched = latched
        self._watch_script_code(lambda: phase[0] == _PHASE_EXPORT)
        sys.meta_path.insert(0, ImportGate)
        sys.addaudithook(hook)

    def _watch_script_code(self, after_script):
        """After the script phase no code of the script may start or resume — a callback a library
        kept, a generator resumed later: sys.monitoring refuses it (and the refusal is latched)."""
        if self._code is None:
            raise RuntimeError('compile the script before installing the guard')
        mon = sys.monitoring
        for tool in (4, 3):
            try:
                mon.use_tool_id(tool, 'tezgah-guard')
                break
            except ValueError:
                continue
        else:
            raise RuntimeError('no sys.monitoring tool id is free')

        def started(code, offset):
            if after_script():
                self._violation('script code %s() after the script phase' % code.co_name, 'monitor')

        mon.register_callback(tool, mon.events.PY_START, started)
        mon.register_callback(tool, mon.events.PY_RESUME, started)
        stack = [self._code]
        while stack:
            code = stack.pop()
            mon.set_local_events(tool, code, mon.events.PY_START | mon.events.PY_RESUME)
            stack.extend(c for c in code.co_consts if isinstance(c, types.CodeType))

    def _violation(self, symbol, layer, detail=None):
        exc = SecurityViolation(symbol, layer, detail=detail)
        if self._installed:
            self._record(exc)
        raise exc

    def first_violation(self):
        return self._latched[0] if self._installed and self._latched else None

    # -- running ---------------------------------------------------------------------------------

    def run(self, code, namespace):
        """Runs the compiled script in the script phase. Returns (outcome, namespace) where outcome
        is None or the exception the script ended with. The caller must call finish() while still in
        the script phase, then leave()."""
        self._enter(code)
        try:
            exec(code, namespace)
            return None
        except BaseException as e:  # noqa: BLE001 - even SystemExit ends the script, not the worker
            return e

    def call(self, fn):
        """Calls a script function (build()) in the script phase."""
        try:
            return fn(), None
        except BaseException as e:  # noqa: BLE001
            return None, e

    def script_lines(self, exc):
        """(line, function) of the script's frames in exc's traceback, innermost last. Reads
        traceback frames, which the audit hook only allows inside this trusted section."""
        out = []
        self._trust(1)
        try:
            tb = exc.__traceback__
            while tb is not None:
                code = tb.tb_frame.f_code
                if code.co_filename == SCRIPT_FILENAME:
                    out.append((tb.tb_lineno, code.co_name))
                tb = tb.tb_next
        finally:
            self._trust(-1)
        return out

    def leave(self):
        """Ends the script phase: from here on no code of the script may start or resume."""
        self._leave()
