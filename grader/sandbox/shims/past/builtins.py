"""Python 2 names that old cs231n starter code imports (`from past.builtins import xrange`)."""

xrange = range
basestring = str
unicode = str
long = int
raw_input = input


def execfile(path, globals=None, locals=None):  # noqa: A002 - mirrors the Python 2 builtin
    with open(path) as handle:
        exec(compile(handle.read(), path, "exec"), globals, locals)
