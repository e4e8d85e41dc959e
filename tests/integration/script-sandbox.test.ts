// The runtime sandbox for untrusted scripts, against the real FreeCAD 1.1 in bubblewrap. Every
// escape attempt runs THROUGH THE RUNTIME with the static policy bypassed (runScript's test-only
// switch), each in its own fresh process (one attempt may leave the process in any state, so
// attempts are never batched). For every attempt: the job fails with the expected code and symbol,
// no file appeared outside the job dir (a host canary dir the scripts aim at stays empty), the
// script left no file in its job dir, and a TCP listener on 127.0.0.1 never saw a connection.
process.env.TEZGAH_TEST_HOOKS = '1'; // before the bridge reads it; honoured only in tests

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TezgahError, type ErrorCode } from '../../shared/errors.js';
import type { JobRecord } from '../../shared/jobs.js';
import { FreeCadBridge } from '../../freecad-bridge/src/bridge.js';
import { locateFreeCad } from '../../freecad-bridge/src/locate.js';
import { checkScript } from '../../freecad-bridge/src/policy/index.js';
import type { FreeCadRuntime, ResourceLimits } from '../../freecad-bridge/src/types.js';
import { runScript, type ScriptRun } from '../../electron/domains/script/flow.js';
import { flowContext, type FlowContext } from '../../electron/jobs/flow.js';

let runtime: FreeCadRuntime;
let jobsRoot: string;
let canary: string;
let bridge: FreeCadBridge;
let listener: net.Server;
let port = 0;
let connections = 0;
let seq = 0;

const HEADER = 'import FreeCAD as App\nimport Part\n';

function context(b: FreeCadBridge, id: string): FlowContext {
  return flowContext({
    job: { id } as JobRecord,
    jobDir: path.join(jobsRoot, id),
    signal: new AbortController().signal,
    step: async (_name, fn) => fn(),
    onBridgeProgress: () => {},
    bridge: async () => b,
    log: () => {},
  });
}

interface Outcome {
  run: ScriptRun | null;
  error: TezgahError | null;
  /** files in the run's job dir afterwards */
  files: string[];
}

interface Options {
  /** run with the static policy (default: bypassed) */
  policy?: boolean;
  guardOff?: string[];
  limits?: Partial<ResourceLimits>;
  via?: FreeCadBridge;
}

async function attempt(body: string, opts: Options = {}): Promise<Outcome> {
  const id = `a${++seq}`;
  const runDir = path.join(jobsRoot, id, 'run');
  const source = (HEADER + body).replaceAll('CANARY', canary).replaceAll('PORT', String(port));
  let run: ScriptRun | null = null;
  let error: TezgahError | null = null;
  try {
    run = await runScript(context(opts.via ?? bridge, id), source, {
      name: 'attempt',
      runDir,
      unsafeSkipPolicy: !opts.policy,
      ...(opts.guardOff ? { testInput: { guard_off: opts.guardOff } } : {}),
      ...(opts.limits ? { limits: opts.limits } : {}),
    });
  } catch (e) {
    if (!(e instanceof TezgahError)) throw e;
    error = e;
  }
  return { run, error, files: fs.existsSync(runDir) ? fs.readdirSync(runDir).sort() : [] };
}

/** The attempt was stopped with `code` (and the symbol), and left nothing behind. */
async function expectStopped(o: Outcome, code: ErrorCode | ErrorCode[], symbol?: RegExp, layer?: string) {
  expect(o.run, 'the script ran to completion').toBeNull();
  expect(o.error).not.toBeNull();
  const codes = Array.isArray(code) ? code : [code];
  expect(codes, JSON.stringify(o.error!.details).slice(0, 600)).toContain(o.error!.code);
  if (symbol) expect(String(o.error!.details?.symbol)).toMatch(symbol);
  if (layer) expect(o.error!.details?.layer).toBe(layer);
  // only the bridge's own files: no export, nothing the script wrote
  expect(o.files.filter((f) => f !== 'request.json' && f !== 'result.json')).toEqual([]);
  expect(fs.readdirSync(canary)).toEqual([]);
}

beforeAll(async () => {
  runtime = await locateFreeCad();
  jobsRoot = await fsp.mkdtemp(path.join(os.tmpdir(), 'tezgah-sandbox-it-'));
  canary = await fsp.mkdtemp(path.join(os.tmpdir(), 'tezgah-canary-'));
  bridge = new FreeCadBridge({ runtime, jobsRoot, poolSize: 1, testHooks: true });
  listener = net.createServer((s) => {
    connections++;
    s.destroy();
  });
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  port = (listener.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await bridge?.dispose();
  await new Promise<void>((r) => (listener ? listener.close(() => r()) : r()));
  if (jobsRoot) await fsp.rm(jobsRoot, { recursive: true, force: true });
  if (canary) await fsp.rm(canary, { recursive: true, force: true });
});

type Case = [name: string, body: string, code: ErrorCode | ErrorCode[], symbol?: RegExp];

// ---- with the whole runtime guard (static policy bypassed) -------------------------------------
const GUARDED: Case[] = [
  // subclass walks
  ['tuple → object → subclasses', 'subs = ().__class__.__bases__[0].__subclasses__()', 'SECURITY_VIOLATION', /__class__/],
  ['list mro walk', 'x = [].__class__.__mro__[-1].__subclasses__()', 'SECURITY_VIOLATION', /__class__/],
  ['object.__subclasses__ directly', 'subs = object.__subclasses__()', 'SECURITY_VIOLATION', /__subclasses__/],
  ['walk inside a loop', 'for c in (1).__class__.__base__.__subclasses__():\n    pass', 'SECURITY_VIOLATION', /__class__/],
  // frames and generators
  ['generator frame → caller globals', 'g = (i for i in [1])\nf = g.gi_frame.f_back.f_globals', 'SECURITY_VIOLATION', /gi_frame/],
  ['generator code object', 'def gen():\n    yield 1\nc = gen().gi_code', 'SECURITY_VIOLATION', /gi_code/],
  ['traceback frame', 'try:\n    1 / 0\nexcept Exception as e:\n    tb = e.__traceback__', 'SECURITY_VIOLATION', /__traceback__/],
  ['with_traceback', 'try:\n    1 / 0\nexcept Exception as e:\n    f = e.with_traceback(None)', 'SECURITY_VIOLATION', /with_traceback/],
  ['coroutine frame', 'async def co():\n    pass\nfr = co().cr_frame', 'SECURITY_VIOLATION', /cr_frame/],
  ['function globals', 'f = lambda: 0\ng = f.__globals__', 'SECURITY_VIOLATION', /__globals__/],
  ['import sys for _getframe', 'import sys\nf = sys._getframe()', 'SECURITY_VIOLATION', /import sys/],
  // format strings reading attributes (the C formatter reads them, not the script)
  ['str.format dunder field', "s = '{0.__class__.__base__.__subclasses__}'.format(1)", 'SECURITY_VIOLATION', /\{0\.__class__/],
  ['str.format via the type', "s = str.format('{0.__init__.__globals__}', Part.makeBox)", 'SECURITY_VIOLATION', /__globals__/],
  ['format_map', "t = '{x.__class__}'\ns = t.format_map({'x': 1})", 'SECURITY_VIOLATION', /\{x\.__class__\}/],
  ['nested format spec field', "s = '{0:{1.__class__}}'.format(1, 2)", 'SECURITY_VIOLATION', /\{1\.__class__\}/],
  ['escaped dunder in a format field', "s = '{0.\\x5f\\x5fclass\\x5f\\x5f}'.format(1)", 'SECURITY_VIOLATION', /__class__/],
  ['item access in a format field', "s = '{0[0]}'.format(['x'])", 'SECURITY_VIOLATION', /\{0\[0\]\}/],
  ['f-string attribute', "s = f'{(1).__class__}'", 'SECURITY_VIOLATION', /__class__/],
  // decorators and default arguments
  ['decorator exec', '@exec\ndef f():\n    pass', 'SECURITY_VIOLATION', /exec/],
  ['decorator with a FreeCAD call', '@Part.show\ndef g():\n    pass', 'SECURITY_VIOLATION', /decorator/],
  ['default argument __import__', "def f(x=__import__('os')):\n    pass", 'SECURITY_VIOLATION', /__import__/],
  ['lambda default __builtins__', 'f = lambda b=__builtins__: b', 'SECURITY_VIOLATION', /__builtins__/],
  ['metaclass keyword', 'class A(metaclass=Part.Shape):\n    pass', 'SECURITY_VIOLATION', /metaclass/],
  ['finalizer method', 'class K:\n    def __del__(self):\n        pass', 'SECURITY_VIOLATION', /__del__/],
  ['__getattr__ hook', 'class K:\n    def __getattr__(self, n):\n        return n', 'SECURITY_VIOLATION', /__getattr__/],
  // numpy file I/O
  ['np.save', "import numpy as np\nnp.save('/tmp/job/x.npy', np.zeros(3))", 'SECURITY_VIOLATION', /save/],
  ['np.load', "import numpy as np\nd = np.load('/etc/passwd')", 'SECURITY_VIOLATION', /load/],
  ['ndarray.tofile', "import numpy as np\na = np.zeros(3)\na.tofile('CANARY/a.bin')", 'SECURITY_VIOLATION', /tofile/],
  ['np.fromfile', "import numpy as np\nd = np.fromfile('/etc/passwd')", 'SECURITY_VIOLATION', /fromfile/],
  [
    'numpy through an alias (genfromtxt)',
    "import numpy as np\nm = [np][0]\nd = m.genfromtxt('/etc/passwd')",
    'SECURITY_VIOLATION',
    /numpy\.genfromtxt/,
  ],
  ['numpy.lib through an alias', 'import numpy as np\nm = np\nr = m.lib', 'SECURITY_VIOLATION', /numpy\.lib/],
  ['np.memmap', "import numpy as np\nm = np.memmap('CANARY/m', mode='w+', shape=(3,))", 'SECURITY_VIOLATION', /memmap/],
  ['ndarray.dump', "import numpy as np\nnp.zeros(3).dump('/tmp/job/a.pkl')", 'SECURITY_VIOLATION', /dump/],
  ['ndarray.ctypes', 'import numpy as np\np = np.zeros(1).ctypes', 'SECURITY_VIOLATION', /ctypes/],
  // FreeCAD's own writers and loaders (C++: invisible to audit hooks)
  ['doc.saveAs', "doc = App.newDocument('x')\ndoc.saveAs('CANARY/a.FCStd')", 'SECURITY_VIOLATION', /saveAs/],
  ['doc.save', "doc = App.newDocument('x')\ndoc.save()", 'SECURITY_VIOLATION', /^save$/],
  ['shape.exportStep', "b = Part.makeBox(1, 1, 1)\nb.exportStep('/tmp/job/b.step')", 'SECURITY_VIOLATION', /exportStep/],
  ['unbound Shape.exportStl', "b = Part.makeBox(1, 1, 1)\nPart.Shape.exportStl(b, 'CANARY/b.stl')", 'SECURITY_VIOLATION', /exportStl/],
  ['mesh.write', "import Mesh\nm = Mesh.Mesh()\nm.write('/tmp/job/m.stl')", 'SECURITY_VIOLATION', /write/],
  ['Mesh.export', "import Mesh\nMesh.export([], '/tmp/job/x.stl')", 'SECURITY_VIOLATION', /export/],
  ['import Import (Import.export)', "import Import\nImport.export([], 'CANARY/x.step')", 'SECURITY_VIOLATION', /import Import/],
  ['Part.insert through the module', "Part.insert('/etc/passwd', 'x')", 'SECURITY_VIOLATION', /Part\.insert/],
  ['Mesh.Mesh(path) reads a file', "import Mesh\nm = Mesh.Mesh('/etc/passwd')", 'SECURITY_VIOLATION', /Mesh\.Mesh/],
  [
    'file-backed object type built at run time',
    "doc = App.newDocument('x')\nt = 'App::Document' + 'ObjectFileIncluded'\no = doc.addObject(t, 'f')",
    'SECURITY_VIOLATION',
    /addObject/,
  ],
  [
    'file property built at run time',
    "doc = App.newDocument('x')\no = doc.addObject('Part::Feature', 'p')\no.addProperty('App::Property' + 'File', 'F')",
    'SECURITY_VIOLATION',
    /addProperty/,
  ],
  ['ParamGet', "p = App.ParamGet('User parameter:BaseApp')", 'SECURITY_VIOLATION', /ParamGet/],
  ['openDocument', "d = App.openDocument('/etc/passwd')", 'SECURITY_VIOLATION', /openDocument/],
  ['mergeProject', "doc = App.newDocument('x')\ndoc.mergeProject('/etc/passwd')", 'SECURITY_VIOLATION', /mergeProject/],
  ['from FreeCAD import ParamGet', 'from FreeCAD import ParamGet', 'SECURITY_VIOLATION', /ParamGet/],
  ['document observer (FreeCAD would call it after the script)', 'App.addDocumentObserver(1)', 'SECURITY_VIOLATION', /addDocumentObserver/],
  ['monkey-patching a module', 'Part.makeBox = len', 'SECURITY_VIOLATION', /Part\.makeBox = /],
  [
    'patching a library class (FreeCAD would call it later)',
    'import Draft\nDraft.Wire.execute = len',
    'SECURITY_VIOLATION',
    /setattr Wire\.execute/,
  ],
  [
    'patching a library class in a tuple target',
    'import Draft\na, Draft.Wire.onChanged = 1, len',
    'SECURITY_VIOLATION',
    /setattr Wire\.onChanged/,
  ],
  // encoded names
  ['fullwidth exec (NFKC)', "ｅｘｅｃ('1')", 'SECURITY_VIOLATION', /exec/],
  ['getattr with an escaped name', "getattr(Part, '\\x5f\\x5fdict\\x5f\\x5f')", 'SECURITY_VIOLATION', /getattr/],
  ['module __dict__ by a built name', "e = 'ev' + 'al'\nf = Part.__dict__[e]", 'SECURITY_VIOLATION', /__dict__/],
  ['globals()', "b = globals()['__builtins__']", 'SECURITY_VIOLATION', /globals/],
  ['fullwidth attribute (NFKC)', "b = Part.makeBox(1, 1, 1)\nb.ｅxportStep('/tmp/job/x.step')", 'SECURITY_VIOLATION', /exportStep/],
  // sockets
  ['import socket', "import socket\ns = socket.create_connection(('127.0.0.1', PORT))", 'SECURITY_VIOLATION', /import socket/],
  ['import _socket', 'import _socket', 'SECURITY_VIOLATION', /import _socket/],
  ['socket through FreeCAD', 'x = App.socket', 'SECURITY_VIOLATION', /socket/],
  // processes
  ['os.system', "import os\nos.system('touch CANARY/x')", 'SECURITY_VIOLATION', /import os/],
  ['import subprocess', "import subprocess\nsubprocess.run(['touch', 'CANARY/x'])", 'SECURITY_VIOLATION', /import subprocess/],
  ['from os import system', "from os import system\nsystem('touch CANARY/x')", 'SECURITY_VIOLATION', /from os import/],
  ['os through Draft', "import Draft\nDraft.os.system('touch CANARY/x')", 'SECURITY_VIOLATION', /os/],
  ['module builtins', 'b = App.__builtins__', 'SECURITY_VIOLATION', /__builtins__/],
  // ctypes and other host access
  ['import ctypes', "import ctypes\nctypes.CDLL(None).system(b'touch CANARY/x')", 'SECURITY_VIOLATION', /import ctypes/],
  ['open()', "open('CANARY/x', 'w').write('x')", 'SECURITY_VIOLATION', /^open$/],
  ['exec()', "exec('import os')", 'SECURITY_VIOLATION', /^exec$/],
  ['compile()', "c = compile('1', 's', 'exec')", 'SECURITY_VIOLATION', /^compile$/],
  ['type() to build classes', "T = type('T', (), {})", 'SECURITY_VIOLATION', /^type$/],
  ['breakpoint()', 'breakpoint()', 'SECURITY_VIOLATION', /breakpoint/],
  ['relative import', 'from . import worker', 'SECURITY_VIOLATION', /from \./],
  // resource exhaustion
  ['memory bomb (one huge string)', "x = 'a' * (10 ** 10)", 'MEMORY_LIMIT'],
  ['memory bomb (growing)', 'chunks = []\nwhile True:\n    chunks.append(bytes(50000000))', 'MEMORY_LIMIT'],
  ['runaway recursion', 'def f(n):\n    return f(n + 1)\nf(0)', 'FC_RUNTIME'],
];

// ---- with the compile layer switched off: builtins, import hook, audit hook and file check alone
const WALK = "w = [c for c in ().__class__.__base__.__subclasses__() if c.__name__ == '_wrap_close'][0]\ng = w.__init__.__globals__\n";
const AUDIT_ONLY: [name: string, body: string, symbol: RegExp, layer: string][] = [
  ['open is not a builtin', "open('CANARY/x', 'w')", /^open$/, 'builtins'],
  ['__import__ hands out a refusing stand-in', "__import__('os').system('touch CANARY/x')", /os\.system/, 'import'],
  ['import statement for socket', "import socket\nsocket.create_connection(('127.0.0.1', PORT))", /import socket/, 'import'],
  ['os.system reached by a subclass walk', `${WALK}g['system']('touch CANARY/x')`, /os\.system/, 'audit'],
  ['os.open reached by a subclass walk', `${WALK}g['open']('CANARY/x', g['O_WRONLY'] | g['O_CREAT'])`, /open\(/, 'audit'],
  ['real builtins open', `${WALK}g['__builtins__']['open']('CANARY/x', 'w')`, /open\(/, 'audit'],
  ['real open inside the job dir, while the script runs', `${WALK}g['__builtins__']['open']('/tmp/job/x', 'w')`, /open\(/, 'audit'],
  [
    'ctypes already loaded, dlopen refused',
    `${WALK}c = g['__builtins__']['__import__']('ctypes')\nc.CDLL(None).system(b'touch CANARY/x')`,
    /ctypes/,
    'audit',
  ],
  [
    'real import of socket, then connect',
    `${WALK}s = g['__builtins__']['__import__']('socket')\ns.create_connection(('127.0.0.1', PORT))`,
    /import socket/,
    'audit',
  ],
  ['sys._getframe of the script', `${WALK}s = g['__builtins__']['__import__']('sys')\nf = s._getframe()`, /sys\._getframe/, 'audit'],
  ['gc.get_objects', `${WALK}s = g['__builtins__']['__import__']('sys')\no = s.modules['gc'].get_objects()`, /gc\.get_objects/, 'audit'],
  ['exec of new code', `${WALK}g['__builtins__']['exec']('x = 1')`, /compile|exec/, 'audit'],
  ['generator frame', 'g = (i for i in [1])\nf = g.gi_frame', /gi_frame/, 'audit'],
  ['adding an audit hook', `${WALK}s = g['__builtins__']['__import__']('sys')\ns.addaudithook(len)`, /addaudithook/, 'audit'],
  ['fork', `${WALK}g['fork']()`, /os\.fork/, 'audit'],
  ['listing the file system', `${WALK}g['listdir']('/')`, /os\.listdir/, 'audit'],
  [
    'thread start',
    `${WALK}s = g['__builtins__']['__import__']('sys')\ns.modules['_thread'].start_new_thread(len, ((),))`,
    /_thread/,
    'audit',
  ],
  [
    'caught refusal still fails the job',
    `${WALK}try:\n    g['system']('touch CANARY/x')\nexcept:\n    pass\nresult = Part.makeBox(1, 1, 1)`,
    /os\.system/,
    'audit',
  ],
  [
    'script code FreeCAD calls back after the script (document observer)',
    `${WALK}s = g['__builtins__']['__import__']('sys')\nclass Obs:\n    def slotCreatedObject(self, obj):\n        pass\ns.modules['FreeCAD'].addDocumentObserver(Obs())\nresult = Part.makeBox(1, 1, 1)`,
    /slotCreatedObject\(\) after the script phase/,
    'monitor',
  ],
  [
    'FreeCAD C++ writer into the job dir',
    "Part.makeBox(1, 1, 1).exportStep('/tmp/job/evil.step')\nresult = Part.makeBox(1, 1, 1)",
    /file evil\.step/,
    'files',
  ],
  [
    'doc.saveAs into the job dir',
    "doc = App.newDocument('x')\ndoc.saveAs('/tmp/job/evil.FCStd')\nresult = Part.makeBox(1, 1, 1)",
    /file evil\.FCStd/,
    'files',
  ],
];

describe('runtime sandbox for untrusted scripts (real FreeCAD 1.1, static policy bypassed)', () => {
  it('runs on the sandboxed runtime', () => {
    expect(runtime.kind).toBe('rootfs');
    expect(runtime.sandboxed).toBe(true);
  });

  it(`has at least 60 escape attempts`, () => {
    expect(GUARDED.length + AUDIT_ONLY.length + 2).toBeGreaterThanOrEqual(60);
  });

  it.each(GUARDED)('stops: %s', async (_name, body, code, symbol) => {
    await expectStopped(await attempt(body), code, symbol);
  });

  it('stops an endless loop at the CPU limit (TIMEOUT_ERROR)', async () => {
    const o = await attempt('while True:\n    pass', { limits: { cpuSeconds: 3 } });
    await expectStopped(o, 'TIMEOUT_ERROR');
    expect(o.error!.details).toMatchObject({ limit: 'cpu' });
  });

  it('stops an exploding constant (10**10**10) by a limit', async () => {
    await expectStopped(await attempt('n = 10 ** 10 ** 10', { limits: { cpuSeconds: 3 } }), ['TIMEOUT_ERROR', 'MEMORY_LIMIT']);
  });

  it('a refusal the script catches still fails the job (latched)', async () => {
    const o = await attempt("try:\n    Part.insert('/etc/passwd', 'x')\nexcept:\n    pass\nresult = Part.makeBox(1, 1, 1)");
    await expectStopped(o, 'SECURITY_VIOLATION', /Part\.insert/);
    expect(o.error!.details?.line).toBe(4); // the Part.insert line
  });

  describe('with the compile layer off (builtins, import hook, audit hook and file check alone)', () => {
    it.each(AUDIT_ONLY)('stops: %s', async (_name, body, symbol, layer) => {
      await expectStopped(await attempt(body, { guardOff: ['compile'] }), 'SECURITY_VIOLATION', symbol, layer);
    });
  });

  it('no connection reached the host listener and nothing appeared in the canary dir', () => {
    expect(connections).toBe(0);
    expect(fs.readdirSync(canary)).toEqual([]);
  });
});

describe('what the runtime accepts', () => {
  it('the seeds’ flange with an M8 hole runs and exports (policy on)', async () => {
    const o = await attempt('body = Part.makeCylinder(10.0, 5.0)\nhole = Part.makeCylinder(4.25, 5.0)\nresult = body.cut(hole)', {
      policy: true,
    });
    expect(o.error).toBeNull();
    const m = o.run!.metrics!;
    expect(m.solids).toBe(1);
    expect(m.volume_mm3).toBeCloseTo(Math.PI * (100 - 4.25 ** 2) * 5, 3);
    expect(m.bbox_mm).toEqual({ xmin: -10, ymin: -10, zmin: 0, xmax: 10, ymax: 10, zmax: 5 });
    expect(o.run!.outputs.map((x) => x.kind)).toEqual(['fcstd', 'step', 'stl', 'glb', 'script']);
    expect(o.run!.report!.ok).toBe(true);
  });

  it('a gear train shown with Part.show (no `result`) becomes a compound of 3 solids', async () => {
    const body = [
      "doc = App.newDocument('gears')",
      'radii = [10.0, 20.0, 10.0]',
      'x = 0.0',
      'for i, r in enumerate(radii):',
      '    if i:',
      '        x += radii[i - 1] + r',
      '    g = Part.makeCylinder(r, 10.0)',
      '    g.translate(App.Vector(x, 0, 0))',
      '    Part.show(g)',
      'doc.recompute()',
    ].join('\n');
    const o = await attempt(body, { policy: true });
    expect(o.error).toBeNull();
    expect(o.run!.metrics).toMatchObject({ solids: 3, bbox_mm: { xmin: -10, xmax: 70, ymin: -20, ymax: 20, zmin: 0, zmax: 10 } });
    expect(o.run!.metrics!.volume_mm3).toBeCloseTo(Math.PI * 10 * (100 + 400 + 100), 3);
  });

  it('Draft, Sketcher, PartDesign, numpy, classes, generators, properties and str.format work under the guard', async () => {
    const body = [
      'import Draft',
      'import Sketcher',
      'import math',
      'import numpy as np',
      'from math import *',
      "doc = App.newDocument('t')",
      'w = Draft.make_wire([App.Vector(0, 0, 0), App.Vector(10, 0, 0), App.Vector(10, 10, 0)], closed=True)',
      "sk = doc.addObject('Sketcher::SketchObject', 'S')",
      'sk.addGeometry(Part.LineSegment(App.Vector(0, 0, 0), App.Vector(10, 0, 0)))',
      "body = doc.addObject('PartDesign::Body', 'Body')",
      'doc.recompute()',
      'a = np.linspace(0, 1, 10)',
      'k = float(np.sin(a).sum()) + sqrt(2) + pi + float(np.unique(a).max())',
      "feature = doc.addObject('Part::Box', 'Box')",
      'feature.Length = 5',
      'feature.Placement.Base = App.Vector(50, 0, 0)',
      'class Gear:',
      '    def __init__(self, r):',
      '        self.r = r',
      '    @property',
      '    def d(self):',
      '        return 2 * self.r',
      'def gen():',
      '    for i in range(3):',
      '        yield i',
      "label = '{} {:.1f}'.format(sum(gen()), Gear(3).d)",
      'b = Part.makeBox(10, 20, 30)',
      'b = b.makeFillet(1, b.Edges[:4])',
      'result = [b, Part.makeSphere(5, App.Vector(40, 0, 0))]',
    ].join('\n');
    const o = await attempt(body, { policy: true });
    expect(o.error).toBeNull();
    expect(o.run!.metrics!.solids).toBe(2);
  });

  it.each([
    ['a face', 'result = Part.makePlane(10, 10)', /Face/],
    ['a string', "result = 'box'", /str/],
    ['nothing', 'x = Part.makeBox(1, 1, 1)', /no shape/],
    ['a compound with a face in it', 'result = Part.makeCompound([Part.makeBox(1, 1, 1), Part.makePlane(2, 2)])', /Face/],
    [
      'an object that only looks like a shape',
      'class Fake:\n    def isNull(self):\n        return False\n    def isValid(self):\n        return True\nresult = Fake()',
      /Fake, not a Part shape/,
    ],
    // FreeCAD's constructors ignore Python subclasses (a null base shape comes back); never a subclass instance
    [
      'a Python subclass of a FreeCAD shape',
      'class S(Part.Solid):\n    def isValid(self):\n        return True\nresult = S(Part.makeBox(1, 1, 1))',
      /null|not a Part shape/,
    ],
  ])('refuses %s as the result (FC_GEOM_INVALID_SHAPE)', async (_name, body, reason) => {
    const o = await attempt(body);
    await expectStopped(o, 'FC_GEOM_INVALID_SHAPE');
    expect(String(o.error!.details?.reason)).toMatch(reason);
  });

  it('the static policy refuses what the runtime refuses, first (policy on)', async () => {
    const o = await attempt("import os\nos.system('touch CANARY/x')", { policy: true });
    await expectStopped(o, 'SECURITY_VIOLATION', /os/);
    expect(o.error!.details?.rule).toBe('forbidden-module');
    expect(o.files).toEqual([]); // refused before any FreeCAD started
    expect((await checkScript('import os')).ok).toBe(false);
  });
});

describe('the test-only switches are honoured only in tests', () => {
  it('skipping the static policy is refused without TEZGAH_TEST_HOOKS=1', async () => {
    process.env.TEZGAH_TEST_HOOKS = '0';
    try {
      const o = await attempt('result = Part.makeBox(1, 1, 1)');
      expect(o.error?.code).toBe('INTERNAL');
      expect(o.files).toEqual([]);
    } finally {
      process.env.TEZGAH_TEST_HOOKS = '1';
    }
  });

  it('a worker without test hooks ignores guard_off: the compile layer still refuses', async () => {
    const plain = new FreeCadBridge({ runtime, jobsRoot, poolSize: 1, testHooks: false });
    try {
      const o = await attempt("open('CANARY/x', 'w')", { guardOff: ['compile'], via: plain });
      await expectStopped(o, 'SECURITY_VIOLATION', /^open$/, 'compile');
    } finally {
      await plain.dispose();
    }
  });
});
