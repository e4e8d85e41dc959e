"""Readers for the import flow: one function per format, each returning (parts, tree, info).

A part is a named piece of geometry in global coordinates (a B-rep shape or a triangle mesh); the tree
is the assembly structure the file carries (nodes {name, children} and leaves {name, part: True}).
Any exception from FreeCAD/OpenCASCADE while reading means the file could not be read: UPLOAD_CORRUPT.
"""
from flows.errors import FlowError

# Reference geometry and helpers that are not part of the model.
_NOT_GEOMETRY = {
    'App::Origin', 'App::Line', 'App::Plane', 'App::Point', 'App::LocalCoordinateSystem',
    'App::DatumElement', 'PartDesign::Plane', 'PartDesign::Line', 'PartDesign::Point',
    'PartDesign::CoordinateSystem', 'PartDesign::ShapeBinder', 'PartDesign::SubShapeBinder',
    'Sketcher::SketchObject', 'Spreadsheet::Sheet', 'App::TextDocument', 'App::VarSet',
}
_CONTAINERS = {'App::Part', 'App::DocumentObjectGroup'}
MAX_TREE_NODES = 500


class ImportedPart:
    def __init__(self, name, path, shape=None, mesh=None):
        self.name = name
        self.path = path
        self.shape = shape
        self.mesh = mesh


def corrupt(reason, **details):
    details['reason'] = reason
    return FlowError('UPLOAD_CORRUPT', reason, details=details)


def read(path, fmt, name, expected_triangles=None):
    readers = {'step': _read_cad, 'iges': _read_cad, 'brep': _read_brep, 'fcstd': _read_fcstd,
               'stl': _read_mesh, 'obj': _read_obj}
    reader = readers.get(fmt)
    if reader is None:
        raise FlowError('UPLOAD_UNSUPPORTED_FORMAT', 'format %r is not supported' % (fmt,), details={'format': fmt})
    try:
        if reader is _read_mesh:
            return _read_mesh(path, name, expected_triangles)
        return reader(path, name)
    except FlowError:
        raise
    except MemoryError as e:
        raise FlowError('UPLOAD_TOO_LARGE', 'out of memory while reading', details={'limit': 'memory'}) from e
    except Exception as e:  # noqa: BLE001 - whatever the reader says, the file could not be read
        text = str(e) or type(e).__name__
        if 'bad_alloc' in text:
            raise FlowError('UPLOAD_TOO_LARGE', 'out of memory while reading', details={'limit': 'memory'}) from e
        raise corrupt('%s could not be read: %s' % (fmt.upper(), text.strip().splitlines()[0] if text.strip() else type(e).__name__)) from e


def _global_shape(obj):
    """The object's shape in document (global) coordinates, or None."""
    import Part
    try:
        shape = Part.getShape(obj)
    except Exception:  # noqa: BLE001 - links to missing documents and the like carry no shape
        return None
    if shape is None or shape.isNull():
        return None
    own = getattr(obj, 'Placement', None)
    if own is not None:
        parent = obj.getGlobalPlacement().multiply(own.inverse())
        shape = shape.copy()
        shape.Placement = parent.multiply(shape.Placement)
    return shape


class _Walker:
    """Collects parts from a document's object tree, keeping container names as assembly nodes."""

    def __init__(self, skip_partdesign_features):
        self.parts = []
        self.nodes = 0
        self.edges_only = 0
        self.skip_pd = skip_partdesign_features

    def walk(self, obj, prefix):
        t = obj.TypeId
        if t in _NOT_GEOMETRY:
            return None
        if self.skip_pd and ((t.startswith('PartDesign::') and t != 'PartDesign::Body') or _consumed(obj)):
            return None  # features inside a Body (the Body carries the finished shape), inputs of others
        if t in _CONTAINERS:
            children = [c for c in (self.walk(ch, prefix + [obj.Label]) for ch in obj.Group) if c]
            return self._node({'name': obj.Label, 'children': children}) if children else None
        shape = _global_shape(obj)
        if shape is None:
            return None
        if not shape.Faces:
            self.edges_only += len(shape.Edges)
            return None
        self.parts.append(ImportedPart(obj.Label, '/'.join(prefix + [obj.Label]), shape=shape))
        return self._node({'name': obj.Label, 'part': True})

    def _node(self, node):
        self.nodes += 1
        return node if self.nodes <= MAX_TREE_NODES else None


def _roots(doc):
    return [o for o in doc.Objects if not [p for p in o.InList if p.TypeId in _CONTAINERS or p.TypeId == 'PartDesign::Body']]


def _read_cad(path, name):
    """STEP and IGES through FreeCAD's importer, which keeps product/entity names and the assembly
    structure; OpenCASCADE converts the file's length unit to mm on the way in."""
    import FreeCAD
    import Import
    doc = FreeCAD.newDocument('TezgahSource')
    Import.insert(path, doc.Name)
    walker = _Walker(skip_partdesign_features=False)
    tree = [n for n in (walker.walk(o, []) for o in _roots(doc)) if n]
    if walker.parts:
        return walker.parts, tree, {'edges_only': walker.edges_only, 'objects': len(doc.Objects)}
    # nothing the document importer could use: the plain reader still sees curves (or faces)
    import Part
    shape = Part.read(path)
    if shape.isNull() or not shape.Faces:
        return [], [], {'edges_only': 0 if shape.isNull() else len(shape.Edges), 'objects': len(doc.Objects)}
    return [ImportedPart(name, name, shape=shape)], [{'name': name, 'part': True}], {'edges_only': 0, 'objects': 1}


def _read_brep(path, name):
    import Part
    shape = Part.Shape()
    shape.read(path)
    if shape.isNull():
        raise corrupt('BREP file holds no shape')
    if not shape.Faces:
        return [], [], {'edges_only': len(shape.Edges), 'objects': 1}
    return [ImportedPart(name, name, shape=shape)], [{'name': name, 'part': True}], {'edges_only': 0, 'objects': 1}


def _read_fcstd(path, name):
    """A FreeCAD document: the stored shapes of its finished objects (Bodies, Part features that no
    other feature consumes), without a recompute: what the author saw is what comes in."""
    import FreeCAD
    doc = FreeCAD.openDocument(path)
    walker = _Walker(skip_partdesign_features=True)
    tree = [n for n in (walker.walk(o, []) for o in _roots(doc)) if n]
    return walker.parts, tree, {'edges_only': walker.edges_only, 'objects': len(doc.Objects)}


def _consumed(obj):
    """A Part feature used as input by another shape feature (the box of a Cut) is not a result."""
    return any(p.TypeId not in _CONTAINERS and hasattr(p, 'Shape') for p in obj.InList)


def _read_obj(path, name):
    """OBJ by our own reader (flows/import_obj.py): n-gons, continued lines, relative indices."""
    from flows.import_obj import read_obj_mesh
    mesh, facts = read_obj_mesh(path)
    if not mesh.CountFacets:
        return [], [], {'edges_only': 0, 'objects': 0}
    return [ImportedPart(name, name, mesh=mesh)], [{'name': name, 'part': True}], {'edges_only': 0, 'objects': max(1, facts['groups'])}


def _read_mesh(path, name, expected_triangles=None):
    import Mesh
    mesh = Mesh.Mesh(path)
    if not mesh.CountFacets:
        if expected_triangles:
            # the text has faces the reader could not take (e.g. OBJ polygons continued over lines)
            raise FlowError('UPLOAD_UNSUPPORTED_FORMAT', 'the mesh reader read none of its faces',
                            details={'reason': 'FreeCAD read none of the %d faces; export plain triangles' % expected_triangles})
        return [], [], {'edges_only': 0, 'objects': 0}
    return [ImportedPart(name, name, mesh=mesh)], [{'name': name, 'part': True}], {'edges_only': 0, 'objects': 1}
