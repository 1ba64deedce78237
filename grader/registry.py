"""Registration shared by input recipes and check kinds: a name belongs to the files that
registered it, and a second file may register it only with the same code (a pack's copy)."""

from __future__ import annotations

import inspect
from pathlib import Path


def source_file(obj: object) -> str:
    """The resolved file that defines ``obj``."""
    return str(Path(inspect.getsourcefile(obj) or "?").resolve())


def refuse_other_code(what: str, name: str, origins, known: tuple, new: tuple) -> None:
    """Raise when ``new`` (the objects being registered) is not word for word ``known``."""
    if _code(known) != _code(new):
        raise ValueError(f"the {what} {name!r} is registered already, with other code, by "
                         f"{', '.join(sorted(origins))}; give yours another name")


def _code(objs: tuple) -> str:
    try:
        return "".join(inspect.getsource(o) for o in objs if o is not None)
    except (OSError, TypeError):
        return repr(objs)
