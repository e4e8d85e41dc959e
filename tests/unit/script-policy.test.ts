// The static script policy: escape attempts refused with the right code, good FreeCAD scripts
// accepted with a stable canonical form and hash.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FEW_SHOTS } from '../../electron/domains/prompt/prompt.js';
import { checkScript, type PolicyCode, type PolicyRule } from '../../freecad-bridge/src/policy/index.js';

type Attempt = [name: string, code: PolicyCode, source: string, rule?: PolicyRule];

const S: PolicyCode = 'SECURITY_VIOLATION';

const ESCAPES: Attempt[] = [
  // subclass walks and dunder access
  ['subclass walk from a tuple', S, 'x = ().__class__.__bases__[0].__subclasses__()', 'dunder'],
  ['mro walk from a list', S, 'x = [].__class__.__mro__[-1].__subclasses__()', 'dunder'],
  ['object.__subclasses__', S, 'x = object.__subclasses__()', 'dunder'],
  ['object.__getattribute__', S, 'f = object.__getattribute__(Part, "show")', 'dunder'],
  ['module __dict__', S, 'f = Part.__dict__["show"]', 'dunder'],
  ['module __loader__', S, 'x = Part.__loader__', 'dunder'],
  ['builtin __self__', S, 'b = print.__self__', 'dunder'],
  ['frame trick via lambda __code__', S, 'c = (lambda: 0).__code__', 'dunder'],
  ['function __globals__', S, 'f = lambda: 0\ng = f.__globals__["__builtins__"]', 'dunder'],
  ['generator gi_frame / f_globals', S, 'def gen():\n    yield 1\nfr = gen().gi_frame\ng = fr.f_globals', 'forbidden-attribute'],
  ['frame f_back', S, 'def gen():\n    yield 1\nb = gen().gi_frame.f_back', 'forbidden-attribute'],
  ['traceback frames', S, 'try:\n    1 / 0\nexcept Exception as e:\n    g = e.__traceback__.tb_frame.f_globals', 'dunder'],
  [
    'traceback tb_frame without dunder',
    S,
    'try:\n    1 / 0\nexcept Exception as e:\n    t = e.with_traceback(None)',
    'forbidden-attribute',
  ],
  ['coroutine cr_frame', S, 'async def c():\n    pass\nf = c().cr_frame', 'forbidden-attribute'],
  ['private attribute', S, 'x = App._importFromFreeCAD', 'private-attribute'],
  ['__import__', S, 'm = __import__("os")', 'forbidden-name'],
  ['__builtins__ lookup', S, 'b = __builtins__', 'forbidden-name'],
  // format strings
  ['format-string attribute access', S, 's = "{0.__class__}".format(1)', 'format-string'],
  ['format-string frame walk without dunder', S, 'def gen():\n    yield 1\ns = "{0.gi_frame.f_globals}".format(gen())', 'format-string'],
  ['format-string index into builtins', S, 's = "{0[__builtins__]}".format(globals)', 'dunder-string'],
  ['format_map', S, 's = "{x.__init__.__globals__}".format_map({"x": 1})', 'dunder-string'],
  ['format on a variable template', S, 't = "{0.real}"\ns = t.format(1)', 'format-string'],
  ['str.format called unbound', S, 's = str.format("{0.real}", 1)', 'format-string'],
  ['nested format field', S, 's = "{0:{1.real}}".format(1, 2)', 'format-string'],
  ['f-string attribute walk', S, 's = f"{().__class__.__base__}"', 'dunder'],
  ['escaped dunder in a string', S, 'n = "\\x5f\\x5fclass\\x5f\\x5f"', 'dunder-string'],
  ['dunder split over implicit concatenation', S, 'n = "__cl" "ass__"', 'dunder-string'],
  ['dunder spelled with \\N{LOW LINE}', S, 'n = "\\N{LOW LINE}\\N{LOW LINE}class\\N{LOW LINE}\\N{LOW LINE}"', 'dunder-string'],
  // decorators, lambdas, default arguments
  ['decorator exec', S, '@exec\ndef f():\n    pass', 'forbidden-name'],
  [
    'decorator chain decoding hex',
    S,
    '@eval\n@bytes.decode\n@bytes.fromhex\n@lambda _: "7072696e74283129"\nclass X:\n    pass',
    'decorator',
  ],
  ['decorator lambda', S, '@(lambda f: f)\ndef g():\n    pass', 'decorator'],
  ['decorator from a module', S, '@Part.show\ndef f():\n    return 1', 'decorator'],
  ['default argument grabs globals', S, 'def f(x=globals()):\n    return x', 'forbidden-name'],
  ['lambda default grabs builtins', S, 'f = lambda b=__builtins__: b', 'forbidden-name'],
  ['metaclass keyword', S, 'class A(metaclass=Part.Shape):\n    pass', 'metaclass'],
  ['class keyword splat', S, 'kw = {}\nclass A(**kw):\n    pass', 'metaclass'],
  // dynamic lookup and code execution
  ['getattr on builtins with a built name', S, 'f = getattr(__builtins__, "ev" + "al")', 'forbidden-name'],
  ['getattr with chr-encoded name', S, 'f = getattr(Part, chr(101) + "xport")', 'forbidden-name'],
  ['setattr', S, 'setattr(App, "x", 1)', 'forbidden-name'],
  ['delattr', S, 'delattr(Part, "show")', 'forbidden-name'],
  ['hasattr probing', S, 'h = hasattr(Part, "export")', 'forbidden-name'],
  ['eval of bytes.fromhex', S, 'eval(bytes.fromhex("5f5f696d706f72745f5f28276f732729").decode())', 'forbidden-name'],
  ['exec of base64', S, 'import base64\nexec(base64.b64decode("aW1wb3J0IG9z"))', 'forbidden-module'],
  ['compile', S, 'c = compile("1", "x", "eval")', 'forbidden-name'],
  ['vars()', S, 'v = vars()', 'forbidden-name'],
  ["globals()['...']", S, 'b = globals()["Part"]', 'forbidden-name'],
  ['locals()', S, 'l = locals()', 'forbidden-name'],
  ['three-argument type()', S, 'X = type("X", (object,), {"f": lambda self: 1})', 'forbidden-name'],
  ['subclassing type', S, 'class M(type):\n    pass', 'forbidden-name'],
  ['dir()', S, 'd = dir(Part)', 'forbidden-name'],
  ['breakpoint()', S, 'breakpoint()', 'forbidden-name'],
  ['help()', S, 'help(Part)', 'forbidden-name'],
  ['input()', S, 'x = input()', 'forbidden-name'],
  ['memoryview', S, 'm = memoryview(b"x")', 'forbidden-name'],
  ['exit()', S, 'exit()', 'forbidden-name'],
  // Unicode normalisation (Python applies NFKC to identifiers)
  ['full-width eval', S, 'ｅｖａｌ("1+1")', 'forbidden-name'],
  ['full-width getattr', S, 'ｇｅｔａｔｔｒ(Part, "show")', 'forbidden-name'],
  ['ligature ﬁle → file', S, 'x = ﬁle', 'forbidden-name'],
  ['full-width os', S, 'ｏｓ = 1', 'forbidden-module'],
  ['full-width harmless name still refused', S, 'ｐｒｉｎｔ(1)', 'homoglyph'],
  ['full-width attribute', S, 'Part.ｅｘｐｏｒｔ([], "x")', 'file-io'],
  // imports
  ['import os', S, 'import os', 'forbidden-module'],
  ['import os as o', S, 'import os as o\no.system("ls")', 'forbidden-module'],
  ['from os import system', S, 'from os import system', 'forbidden-module'],
  ['import subprocess', S, 'import subprocess', 'forbidden-module'],
  ['importlib', S, 'import importlib\nm = importlib.import_module("os")', 'forbidden-module'],
  ['from importlib import import_module', S, 'from importlib import import_module', 'forbidden-module'],
  ['import socket', S, 'import socket', 'forbidden-module'],
  ['import ctypes', S, 'import ctypes', 'forbidden-module'],
  ['sys.modules', S, 'import sys\nos = sys.modules["os"]', 'forbidden-module'],
  ['from sys import modules', S, 'from sys import modules', 'forbidden-module'],
  ['pathlib', S, 'import pathlib', 'forbidden-module'],
  ['shutil', S, 'import shutil', 'forbidden-module'],
  ['pickle', S, 'import pickle', 'forbidden-module'],
  ['builtins', S, 'import builtins', 'forbidden-module'],
  ['a module not on the allowlist', S, 'import json', 'import'],
  ['relative import', S, 'from . import x', 'import'],
  ['__future__', S, 'from __future__ import annotations', 'import'],
  ['FreeCAD Import module', S, 'import Import', 'forbidden-module'],
  ['numpy submodule import', S, 'import numpy.linalg', 'import'],
  ['wildcard import of FreeCAD', S, 'from FreeCAD import *', 'import'],
  ['alias named like a forbidden module', S, 'import Part as os', 'forbidden-module'],
  ['import inside a function', S, 'def f():\n    import os\n    return os', 'forbidden-module'],
  ['FreeCAD module reaching os', S, 'import Draft\nDraft.os.system("ls")', 'forbidden-module'],
  // Qt / GUI
  ['FreeCADGui', S, 'import FreeCADGui', 'forbidden-module'],
  ['PySide QtCore', S, 'from PySide import QtCore', 'forbidden-module'],
  ['PySide2 QProcess', S, 'from PySide2.QtCore import QProcess', 'forbidden-module'],
  ['QFile without an import', S, 'f = QFile("/etc/passwd")', 'qt'],
  ['QProcess without an import', S, 'p = QProcess()\np.start("ls")', 'qt'],
  ['FreeCAD.Qt', S, 'App.Qt.translate("a", "b")', 'forbidden-module'],
  ['FreeCAD.Gui', S, 'g = App.Gui', 'forbidden-module'],
  // files: Python and FreeCAD's own writers and loaders
  ['open()', S, 'data = open("/etc/passwd").read()', 'forbidden-name'],
  ['doc.saveAs', S, 'doc = App.newDocument()\ndoc.saveAs("/tmp/x.FCStd")', 'file-io'],
  ['doc.save', S, 'doc = App.newDocument()\ndoc.save()', 'file-io'],
  ['doc.saveCopy', S, 'doc = App.newDocument()\ndoc.saveCopy("/tmp/y.FCStd")', 'file-io'],
  ['Part.export', S, 'Part.export([Part.makeBox(1, 1, 1)], "/tmp/x.step")', 'file-io'],
  ['shape.exportStep', S, 'b = Part.makeBox(1, 1, 1)\nb.exportStep("/tmp/x.step")', 'file-io'],
  ['shape.exportStl', S, 'b = Part.makeBox(1, 1, 1)\nb.exportStl("/tmp/x.stl")', 'file-io'],
  ['shape.exportBrep', S, 'b = Part.makeBox(1, 1, 1)\nb.exportBrep("/tmp/x.brep")', 'file-io'],
  ['shape.exportIges', S, 'b = Part.makeBox(1, 1, 1)\nb.exportIges("/tmp/x.igs")', 'file-io'],
  ['shape.importBrep', S, 's = Part.Shape()\ns.importBrep("/tmp/x.brep")', 'file-io'],
  ['Mesh.export', S, 'import Mesh\nMesh.export([], "/tmp/x.stl")', 'file-io'],
  ['mesh.write', S, 'import Mesh\nm = Mesh.Mesh()\nm.write("/tmp/x.stl")', 'file-io'],
  ['Mesh.Mesh from a path', S, 'import Mesh\nm = Mesh.Mesh("/etc/passwd")', 'path-argument'],
  ['FreeCAD.openDocument', S, 'd = App.openDocument("/tmp/x.FCStd")', 'forbidden-attribute'],
  ['FreeCAD.open', S, 'import FreeCAD\nFreeCAD.open("/tmp/x.FCStd")', 'forbidden-attribute'],
  ['App.loadFile', S, 'App.loadFile("/tmp/x.step")', 'forbidden-attribute'],
  ['App.ParamGet call', S, 'p = App.ParamGet("User parameter:BaseApp/Preferences")', 'forbidden-attribute'],
  ['App.ParamGet any use', S, 'p = App.ParamGet', 'forbidden-attribute'],
  ['from FreeCAD import ParamGet', S, 'from FreeCAD import ParamGet', 'forbidden-attribute'],
  ['a document observer FreeCAD would call after the script', S, 'App.addDocumentObserver(object())', 'forbidden-attribute'],
  ['App.saveParameter', S, 'App.saveParameter()', 'file-io'],
  ['Part.read', S, 's = Part.read("/etc/passwd")', 'forbidden-attribute'],
  ['Part.insert', S, 'Part.insert("/tmp/x.step", "Doc")', 'file-io'],
  ['insert through a list', S, 'm = [Part][0]\nm.insert("/tmp/x.step", "Doc")', 'file-io'],
  ['module alias by assignment', S, 'm = Part\nm.insert(p, "Doc")', 'file-io'],
  ['numpy alias by assignment', S, 'import numpy\nn = numpy\nx = n.linalg.inv([[1]])', 'numpy-subset'],
  ['doc.mergeProject', S, 'doc = App.newDocument()\ndoc.mergeProject("/tmp/x.FCStd")', 'forbidden-attribute'],
  ['Mesh::Export object', S, 'doc = App.newDocument()\ndoc.addObject("Mesh::Export", "E")', 'object-type'],
  ['Part::ImportStep object', S, 'doc = App.newDocument()\ndoc.addObject("Part::ImportStep", "S")', 'object-type'],
  ['object type not a literal', S, 'doc = App.newDocument()\nkind = "Mesh::" + "Export"\ndoc.addObject(kind, "E")', 'object-type'],
  [
    'file property',
    S,
    'doc = App.newDocument()\no = doc.addObject("Part::Feature", "F")\no.addProperty("App::PropertyFileIncluded", "Blob")',
    'property-type',
  ],
  [
    'setExpression with a computed expression',
    S,
    'doc = App.newDocument()\nb = doc.addObject("Part::Box", "B")\ne = "2" + "*3"\nb.setExpression("Length", e)',
    'expression',
  ],
  // numpy file I/O and the numeric subset
  ['np.load', S, 'import numpy as np\na = np.load("/tmp/x.npy")', 'file-io'],
  ['np.save', S, 'import numpy as np\nnp.save("/tmp/x", np.zeros(3))', 'file-io'],
  ['np.fromfile', S, 'import numpy as np\na = np.fromfile("/etc/passwd")', 'forbidden-attribute'],
  ['ndarray.tofile', S, 'import numpy as np\nnp.zeros(3).tofile("/tmp/x")', 'forbidden-attribute'],
  ['np.loadtxt', S, 'import numpy as np\na = np.loadtxt("/etc/passwd")', 'file-io'],
  ['np.savetxt', S, 'import numpy as np\nnp.savetxt("/tmp/x", np.zeros(3))', 'file-io'],
  ['np.genfromtxt', S, 'import numpy as np\na = np.genfromtxt("/etc/passwd")', 'numpy-subset'],
  ['np.memmap', S, 'import numpy as np\na = np.memmap("/tmp/x")', 'forbidden-attribute'],
  ['np.ctypeslib', S, 'import numpy as np\nc = np.ctypeslib', 'forbidden-attribute'],
  ['np.lib', S, 'import numpy as np\nm = np.lib.format.open_memmap("/tmp/x")', 'numpy-subset'],
  ['from numpy import load', S, 'from numpy import load', 'file-io'],
  ['numpy outside the numeric subset', S, 'import numpy as np\nx = np.linalg.solve([[1]], [1])', 'numpy-subset'],
  ['ndarray.ctypes', S, 'import numpy as np\np = np.zeros(3).ctypes', 'forbidden-attribute'],
  ['ndarray.dump (pickle)', S, 'import numpy as np\nnp.zeros(3).dump("/tmp/x")', 'forbidden-attribute'],
  // resource exhaustion
  ['10**10**10', S, 'x = 10**10**10', 'huge-constant'],
  ["'a'*10**12", S, "x = 'a' * 10**12", 'huge-constant'],
  ['huge list', S, 'x = [0] * (10**9)', 'huge-constant'],
  ['huge power through a constant name', S, 'n = 10**6\ny = 7 ** n', 'huge-constant'],
  ['huge shift', S, 'x = 1 << 10**8', 'huge-constant'],
  ['huge range', S, 'for i in range(10**12):\n    pass', 'huge-constant'],
  ['while True without break', S, 'while True:\n    x = 1', 'unbounded-loop'],
  ['while 1 without break', S, 'while 1:\n    pass', 'unbounded-loop'],
  ['break only in an inner loop', S, 'while not False:\n    for i in range(3):\n        break', 'unbounded-loop'],
  ['iter(callable, sentinel)', S, 'for x in iter(int, 1):\n    pass', 'unbounded-loop'],
  // FreeCAD API names and dimensions
  ['unknown Part function', 'API_NOT_FOUND', 'b = Part.makeBoxx(1, 2, 3)', 'api'],
  ['unknown FreeCAD name', 'API_NOT_FOUND', 'v = App.Vectr(1, 2, 3)', 'api'],
  ['unknown from-import', 'API_NOT_FOUND', 'from Part import makeCyl', 'api'],
  ['unknown document object type', 'API_NOT_FOUND', 'doc = App.newDocument()\ndoc.addObject("Part::Boxx", "B")', 'api'],
  ['box larger than 1000 mm', 'DIMENSION_ERROR', 'b = Part.makeBox(2000, 10, 10)', 'dimension'],
  ['cylinder radius below 0.1 mm', 'DIMENSION_ERROR', 'c = Part.makeCylinder(0.05, 10)', 'dimension'],
  ['dimension through a constant name', 'DIMENSION_ERROR', 'L = 1500\nb = Part.makeBox(L, 10, 10)', 'dimension'],
  ['negative sphere radius', 'DIMENSION_ERROR', 's = Part.makeSphere(-5)', 'dimension'],
  ['vector component beyond 1000 mm', 'DIMENSION_ERROR', 'v = App.Vector(0, 0, 5000)', 'dimension'],
  ['cone height 1e6', 'DIMENSION_ERROR', 'c = Part.makeCone(0, 5, 1e6)', 'dimension'],
  ['torus radius from arithmetic', 'DIMENSION_ERROR', 't = Part.makeTorus(2 * 600, 10)', 'dimension'],
  ['imported Vector', 'DIMENSION_ERROR', 'from FreeCAD import Vector\nv = Vector(1, 2, -2000)', 'dimension'],
  ['Base.Vector', 'DIMENSION_ERROR', 'v = App.Base.Vector(0.01, 0, 0)', 'dimension'],
  // syntax
  ['broken def', 'INVALID_SYNTAX', 'def f(:\n    pass', 'syntax'],
  ['Python 2 print', 'INVALID_SYNTAX', 'print "hello"', 'syntax'],
  ['unclosed bracket', 'INVALID_SYNTAX', 'x = (1, 2', 'syntax'],
];

describe('script policy: escape attempts', () => {
  it('has at least 60 distinct attempts', () => {
    expect(ESCAPES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(ESCAPES.map((e) => e[2])).size).toBe(ESCAPES.length);
  });

  it.each(ESCAPES)('refuses %s with %s', async (_name, code, source, rule) => {
    const report = await checkScript(source);
    expect(report.ok).toBe(false);
    const hit = report.findings.find((f) => f.code === code && (!rule || f.rule === rule));
    expect(hit, JSON.stringify(report.findings, null, 1)).toBeDefined();
    expect(hit!.line).toBeGreaterThanOrEqual(1);
    expect(hit!.message.en.length).toBeGreaterThan(10);
    expect(hit!.message.tr.length).toBeGreaterThan(10);
  });

  it('points at the line, column and symbol', async () => {
    const r = await checkScript('x = 1\ny = 2 + eval("3")\n');
    expect(r.findings).toEqual([
      {
        code: 'SECURITY_VIOLATION',
        rule: 'forbidden-name',
        line: 2,
        col: 9,
        symbol: 'eval',
        message: {
          en: "'eval' is not allowed in scripts (dynamic code, introspection or host access).",
          tr: "'eval' betiklerde kullanılamaz (dinamik kod, iç gözlem veya sisteme erişim).",
        },
      },
    ]);
  });

  it('reports a syntax error alone, with its position', async () => {
    const r = await checkScript('import os\ndef f(:\n    pass\n');
    expect(r.findings.map((f) => [f.code, f.line])).toEqual([['INVALID_SYNTAX', 2]]);
  });

  it('leaves data-dependent loops to the runtime limits (CPU and wall clock of the sandboxed worker)', async () => {
    // Not decidable statically: the worker's prlimit --cpu and the wall-clock kill stop it.
    const r = await checkScript('n = 1\nwhile n > 0:\n    n += 1\n');
    expect(r.ok).toBe(true);
  });

  it('refuses scripts larger than 200 000 characters without parsing them', async () => {
    const r = await checkScript(`x = 1\n${'# pad\n'.repeat(40_000)}`);
    expect(r.findings.map((f) => f.rule)).toEqual(['too-large']);
  });
});

const FLANGE = `import math
import FreeCAD as App
import Part

outer_d = 120.0
inner_d = 40.0
thickness = 12.0
bolt_circle_d = 90.0
bolt_hole_d = 11.0
bolt_count = 6

flange = Part.makeCylinder(outer_d / 2, thickness)
flange = flange.cut(Part.makeCylinder(inner_d / 2, thickness))
for i in range(bolt_count):
    a = 2 * math.pi * i / bolt_count
    x = bolt_circle_d / 2 * math.cos(a)
    y = bolt_circle_d / 2 * math.sin(a)
    hole = Part.makeCylinder(bolt_hole_d / 2, thickness, App.Vector(x, y, 0))
    flange = flange.cut(hole)
result = flange.removeSplitter()
`;

const GEAR_TRAIN = `import FreeCAD as App
import Part

module = 2.0
teeth = [18, 36, 18]
width = 10.0
radii = [module * t / 2.0 for t in teeth]
xs = [0.0, radii[0] + radii[1], radii[0] + 2 * radii[1] + radii[2]]
gears = []
for r, x in zip(radii, xs):
    g = Part.makeCylinder(r, width)
    g.translate(App.Vector(x, 0, 0))
    bore = Part.makeCylinder(4.0, width, App.Vector(x, 0, 0))
    gears.append(g.cut(bore))
result = Part.makeCompound(gears)
`;

const SHAFT = `import FreeCAD as App
import Part

class Shaft:
    def __init__(self, d, length):
        self.d = d
        self.length = length

    @property
    def radius(self):
        return self.d / 2.0

def build(d=12.0, length=80.0, chamfer=0.5):
    s = Shaft(d, length)
    body = Part.makeCylinder(s.radius, s.length)
    circles = [e for e in body.Edges if e.Curve.TypeId == "Part::GeomCircle"]
    circles.insert(0, circles.pop())
    label = f"shaft {d:.1f} x {length:.0f}"
    note = "{:.2f} mm chamfer".format(chamfer)
    return body.makeChamfer(chamfer, circles)

result = build()
`;

const PARTDESIGN_PLATE = `import FreeCAD as App
import Part
import Sketcher
import numpy as np

doc = App.newDocument("plate")
body = doc.addObject("PartDesign::Body", "Body")
sketch = body.newObject("Sketcher::SketchObject", "Sketch")
pts = [App.Vector(x, y, 0) for x, y in [(0, 0), (60, 0), (60, 40), (0, 40)]]
for i in range(4):
    sketch.addGeometry(Part.LineSegment(pts[i], pts[(i + 1) % 4]))
    sketch.addConstraint(Sketcher.Constraint("Coincident", i, 2, (i + 1) % 4, 1))
pad = body.newObject("PartDesign::Pad", "Pad")
pad.Profile = sketch
pad.Length = 8.0
pad.setExpression("Length", "6 mm + 2 mm")
spacing = float(np.linspace(10, 50, 3)[1])
doc.recompute()
result = body.Shape
`;

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('script policy: good scripts', () => {
  it.each([
    ['a flange with a bolt circle', FLANGE],
    ['a gear train of 3 cylinders as a compound', GEAR_TRAIN],
    ['a shaft with a chamfer (class, property, f-string, plain format)', SHAFT],
    ['a PartDesign plate from a sketch (Sketcher, numpy subset)', PARTDESIGN_PLATE],
  ])('accepts %s', async (_name, source) => {
    const r = await checkScript(source);
    expect(r.findings).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.entry).toBe('result');
    expect(r.script_hash).toBe(sha256(r.canonical));
    expect(r.script_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts every few-shot script the model is shown', async () => {
    const scripts = FEW_SHOTS.map((e) => e.answer.script_py as string).filter((s) => s.trim() !== '');
    expect(scripts.length).toBeGreaterThanOrEqual(4);
    for (const s of scripts) {
      const r = await checkScript(s);
      expect(r.findings, s).toEqual([]);
    }
  });

  it('accepts the boundary dimensions 0.1 and 1000 mm and a cone tip of 0', async () => {
    const r = await checkScript(
      'b = Part.makeBox(0.1, 1000, 1000.0)\nc = Part.makeCone(0, 5, 10)\nv = App.Vector(-1000, 0, 0.1)\nresult = b\n',
    );
    expect(r.findings).toEqual([]);
  });

  it('writes a fixed, readable canonical form', async () => {
    const r = await checkScript(FLANGE);
    expect(r.canonical).toBe(
      [
        'import FreeCAD',
        'import FreeCAD as App',
        'import Part',
        'import math',
        'outer_d = 120.0',
        'inner_d = 40.0',
        'thickness = 12.0',
        'bolt_circle_d = 90.0',
        'bolt_hole_d = 11.0',
        'bolt_count = 6',
        'flange = Part.makeCylinder(outer_d / 2, thickness)',
        'flange = flange.cut(Part.makeCylinder(inner_d / 2, thickness))',
        'for i in range(bolt_count):',
        '    a = 2 * math.pi * i / bolt_count',
        '    x = bolt_circle_d / 2 * math.cos(a)',
        '    y = bolt_circle_d / 2 * math.sin(a)',
        '    hole = Part.makeCylinder(bolt_hole_d / 2, thickness, App.Vector(x, y, 0))',
        '    flange = flange.cut(hole)',
        'result = flange.removeSplitter()',
        '',
      ].join('\n'),
    );
  });

  it('gives the same hash to the same script written differently', async () => {
    const base = await checkScript(FLANGE);
    const variant = FLANGE.replace(
      'import math\nimport FreeCAD as App\nimport Part\n',
      'import Part   # geometry\nimport math\nimport FreeCAD as App\n\n\n',
    )
      .replace(/\n {4}/g, '\n\t')
      .replace('bolt_count = 6', 'bolt_count = 6    # cıvata sayısı')
      .replace(/\n/g, '\r\n')
      .concat('\r\n# end\r\n\r\n');
    const v = await checkScript(`\uFEFF${variant}`);
    expect(v.ok).toBe(true);
    expect(v.canonical).toBe(base.canonical);
    expect(v.script_hash).toBe(base.script_hash);

    const twoSpaces = await checkScript(GEAR_TRAIN.replace(/\n {4}/g, '\n  '));
    expect(twoSpaces.script_hash).toBe((await checkScript(GEAR_TRAIN)).script_hash);

    const different = await checkScript(FLANGE.replace('thickness = 12.0', 'thickness = 13.0'));
    expect(different.script_hash).not.toBe(base.script_hash);
  });

  it('is idempotent: the canonical form of a canonical script is itself', async () => {
    for (const s of [FLANGE, GEAR_TRAIN, SHAFT, PARTDESIGN_PLATE]) {
      const once = await checkScript(s);
      const twice = await checkScript(once.canonical);
      expect(twice.canonical).toBe(once.canonical);
      expect(twice.findings).toEqual([]);
    }
  });

  it('keeps multi-line strings verbatim and re-indents only code', async () => {
    const src = 'def f():\n  s = """a  \n\n   b"""  # c\n  return s\nresult = Part.makeBox(1, 1, 1)\n';
    const r = await checkScript(src);
    expect(r.canonical).toContain('def f():\n    s = """a  \n\n   b"""\n    return s\n');
  });
});

describe('rules.json', () => {
  it('is the one list the runtime guard will read too', () => {
    const rules = JSON.parse(readFileSync(new URL('../../freecad-bridge/src/policy/rules.json', import.meta.url), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(rules.allowed_modules).toEqual(['FreeCAD', 'Part', 'PartDesign', 'Sketcher', 'Draft', 'Mesh', 'math', 'numpy']);
    for (const n of [
      'exec',
      'eval',
      'compile',
      'open',
      '__import__',
      'globals',
      'locals',
      'vars',
      'getattr',
      'setattr',
      'delattr',
      'input',
      'breakpoint',
      'help',
      'memoryview',
    ]) {
      expect(rules.forbidden_names).toContain(n);
    }
    for (const m of [
      'os',
      'sys',
      'subprocess',
      'socket',
      'ctypes',
      'importlib',
      'pathlib',
      'shutil',
      'pickle',
      'marshal',
      'builtins',
      'io',
    ]) {
      expect(rules.forbidden_modules).toContain(m);
    }
  });
});
