"""Errors a flow raises on purpose. The bridge (TypeScript) maps them, and any other exception, to
the stable codes of shared/errors.ts using code, operation, phase and message."""
import contextlib


class FlowError(Exception):
    def __init__(self, code, message, operation=None, details=None, phase=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.operation = operation
        self.details = details
        self.phase = phase


@contextlib.contextmanager
def operation(name):
    """Tags any exception raised inside with the geometric operation (cut, fuse, fillet, chamfer…),
    so "BRep_API: command not done" from a fillet is reported as a fillet failure."""
    try:
        yield
    except FlowError as e:
        if e.operation is None:
            e.operation = name
        raise
    except Exception as e:  # noqa: BLE001
        raise FlowError(None, str(e), operation=name) from e


def check_solid(shape, operation_name, expect_solids=None):
    """A null, invalid or unexpectedly split result is an invalid shape, whatever OCC said. After a
    fillet or chamfer it is reported as that operation's failure: the fix is a smaller radius."""
    code = 'FC_FILLET_CHAMFER_FAILED' if operation_name in ('fillet', 'chamfer') else 'FC_GEOM_INVALID_SHAPE'
    if shape is None or shape.isNull():
        raise FlowError(code, 'shape is null after %s' % operation_name, operation=operation_name)
    if not shape.isValid():
        raise FlowError(code, 'shape is not valid after %s' % operation_name, operation=operation_name)
    if expect_solids is not None and len(shape.Solids) != expect_solids:
        raise FlowError(code, '%d solids after %s, expected %d' % (len(shape.Solids), operation_name, expect_solids),
                        operation=operation_name, details={'solids': len(shape.Solids)})
    return shape
