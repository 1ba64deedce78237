"""Files at their starter paths, whatever layout arrived.

Canvas single-file uploads and flat folders lose the official package: ``fc_net.py``'s
``from ..layers import *`` then has no parent package, and a file renamed ``losses (1).py``
cannot be imported by name. Each file whose name (after the copy numbers browsers and Canvas add)
is that of a starter file, and which is not already at that place, is moved there, and the
packages it needs get an empty ``__init__.py``, so the starter's own imports work. Pure planning
(``plan``) and one side effect (``arrange``, on the submission's private copy)."""

from __future__ import annotations

import os
import re
from pathlib import PurePosixPath

COPY_NUMBER = re.compile(r"^(?P<stem>.+?)(?:\s*\(\d+\)|-\d+|_\d+)?(?P<suffix>\.py)$", re.I)


def clean_name(name: str) -> str:
    """``losses (1).py``, ``losses-2.py`` -> ``losses.py`` (lower case)."""
    match = COPY_NUMBER.match(name)
    return (f"{match['stem']}{match['suffix']}" if match else name).lower()


def plan(files: list[str], layout: list[str]) -> tuple[dict[str, str], list[str]]:
    """(moves old -> new, __init__.py files to create) for the submission's ``files``."""
    targets = {PurePosixPath(p).name.lower(): p for p in layout
               if not p.endswith("__init__.py")}
    prefix = _prefix(files, layout)
    occupied = set(files)
    moves: dict[str, str] = {}
    for path in sorted(files, key=lambda f: (f.count("/"), f)):
        target = targets.get(clean_name(PurePosixPath(path).name))
        if target is None:
            continue
        wanted = prefix + target
        if path == wanted or wanted in occupied or wanted in moves.values():
            continue
        if any(f.endswith("/" + target) or f == target for f in files):
            continue  # that starter file is already somewhere in the package
        moves[path] = wanted
    packages = set()  # every folder above a moved file is a package of the starter's
    for new in moves.values():
        parent = PurePosixPath(new).parent
        while str(parent) not in ("", "."):
            packages.add(str(parent))
            parent = parent.parent
    inits = [prefix + p for p in layout if p.endswith("__init__.py")
             and str(PurePosixPath(prefix + p).parent) in packages and prefix + p not in occupied]
    return moves, sorted(inits)


def _prefix(files: list[str], layout: list[str]) -> str:
    """The folder the student's copy of the package sits in ("" or "assignment1/")."""
    for f in files:
        for p in layout:
            if "/" in p and f.endswith("/" + p):
                return f[: -len(p)]
    return ""


RELATIVE = re.compile(r"^\s*from\s+\.", re.M)


def needs_package(files: dict[str, str], layout: list[str]) -> bool:
    """Whether the code imports through the starter's package (relative imports, or
    ``from cs231n...``): only then do flat files have to move into it."""
    packages = {p.split("/")[0] for p in layout if "/" in p}
    qualified = re.compile(rf"^\s*(from|import)\s+({'|'.join(map(re.escape, packages))})\b",
                           re.M) if packages else None
    return any(RELATIVE.search(t) or (qualified and qualified.search(t))
               for t in files.values())


def arrange(root, files: dict[str, str], layout: list[str]
            ) -> tuple[dict[str, str], dict[str, str]]:
    """Move misplaced files of the private copy at ``root`` to their starter paths (or, when
    nothing imports through the package, only give renamed copies their names back);
    returns the new {path: text} and the moves (old -> new; ``note`` says them in words)."""
    moves, inits = plan(list(files), layout)
    if not needs_package(files, layout):
        moves = {old: str(PurePosixPath(old).with_name(PurePosixPath(new).name))
                 for old, new in moves.items()
                 if PurePosixPath(old).name != PurePosixPath(new).name}
        inits = []
    if not moves:
        return files, {}
    out = dict(files)
    for old, new in moves.items():
        target = root / new
        make_folders(root, target.parent)
        os.replace(root / old, target)
        os.chmod(target, 0o644)
        out[new] = out.pop(old)
    for init in inits:
        target = root / init
        if not target.exists():
            make_folders(root, target.parent)
            target.write_text("")
            os.chmod(target, 0o644)
            out[init] = ""
    return out, moves


def note(moves: dict[str, str]) -> str:
    """One line for all moves: where they went, and which files were renamed."""
    folders = sorted({str(PurePosixPath(new).parent) for new in moves.values()})
    renamed = [f"{PurePosixPath(old).name} -> {PurePosixPath(new).name}"
               for old, new in sorted(moves.items())
               if PurePosixPath(old).name != PurePosixPath(new).name]
    if all(PurePosixPath(o).parent == PurePosixPath(n).parent for o, n in moves.items()):
        return f"graded under the starter's file names: {', '.join(renamed)}"
    text = (f"{len(moves)} file{'s' if len(moves) != 1 else ''} graded at the starter's paths "
            f"(in {', '.join(folders)}) so that their imports work")
    return text + (f"; renamed: {', '.join(renamed)}" if renamed else "")


def make_folders(root, folder) -> None:
    """``folder`` and those between it and ``root``, each 0755 whatever the umask."""
    missing = []
    while folder != root and not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
        os.chmod(path, 0o755)
