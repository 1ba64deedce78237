"""A failing call as Python a student can paste: small public inputs only, never hidden ones."""

from __future__ import annotations

import numpy as np

CODE_MARK = "\nTry this call yourself:\n"
MAX_ELEMENTS = 60
MAX_CHARS = 1800


def as_python(value: object, lib: str = "np") -> str | None:
    """An exact literal (floats round-trip through repr), or None when it is not small data.
    ``lib="torch"`` writes arrays as ``torch.tensor(...)``."""
    if isinstance(value, np.ndarray):
        if value.size > MAX_ELEMENTS:
            return None
        make = "torch.tensor" if lib == "torch" else "np.array"
        dtype = f"dtype={lib}.{value.dtype.name}"
        if value.ndim == 2:  # one row per line (wrapped after commas: still valid Python)
            rows = "\n".join(_wrap([repr(x) for x in row], "    [", "],") for row in value.tolist())
            return f"{make}([\n{rows}\n], {dtype})"
        if value.ndim == 1 and value.size:
            return _wrap([repr(x) for x in value.tolist()], f"{make}([", f"], {dtype})")
        return f"{make}({value.tolist()!r}, {dtype})"
    if isinstance(value, (tuple, list)):
        items = [as_python(v, lib) for v in value]
        if any(i is None for i in items):
            return None
        body = ", ".join(items) + ("," if isinstance(value, tuple) and len(items) == 1 else "")
        return f"({body})" if isinstance(value, tuple) else f"[{body}]"
    if isinstance(value, dict):
        items = {k: as_python(v, lib) for k, v in value.items()}
        if any(i is None for i in items.values()):
            return None
        return "{" + ", ".join(f"{k!r}: {v}" for k, v in items.items()) + "}"
    if value is None or isinstance(value, (bool, int, float, str, np.generic)):
        return repr(value.item() if isinstance(value, np.generic) else value)
    return None


def _wrap(items: list[str], start: str, end: str, width: int = 76) -> str:
    """``start`` + items joined by ", " + ``end``, broken after commas to stay within width."""
    lines, current = [], start
    for i, item in enumerate(items):
        piece = item + (", " if i < len(items) - 1 else "")
        if len(current) + len(piece.rstrip()) > width and current.strip() not in ("", start.strip()):
            lines.append(current.rstrip())
            current = " " * 8
        current += piece
    lines.append(current + end)
    return "\n".join(lines)


def snippet(function: str, fspec, args: dict, module: str, lib: str = "np",
            expected: list[tuple[str, np.ndarray]] = ()) -> str | None:
    """``from MODULE import ...``, the call and what it should print, or None when the inputs
    are too big (or the call needs functions only the grader has, such as a loss_func).
    ``module`` is an import path from the submission's root, or ``notebook:NAME``."""
    if fspec.via or fspec.autograd or fspec.prepare or any(p.where == "arg" for p in fspec.proxies.values()):
        return None
    lines = ["import torch" if lib == "torch" else "import numpy as np"]
    names = list(fspec.params)
    cls, _, method = function.rpartition(".")
    for name in [*names, *fspec.self_attrs]:
        if name not in args:
            continue
        literal = as_python(args[name], lib)
        if literal is None:
            return None
        lines.append(f"{name} = {literal}")
    call_args = ", ".join(n for n in names if n in args)
    if module.startswith("notebook:"):
        imported = f"# run this in {module[9:]}, after the cell that defines {cls or function}"
    else:
        imported = f"# in your submission's folder:\nfrom {module} import {cls or function}"
    if cls:
        lines.insert(0, imported)
        lines.append(f"obj = {cls}.__new__({cls})")
        lines += [f"obj.{a} = {a}" for a in fspec.self_attrs]
        lines.append(f"print(obj.{method}({call_args}))")
    else:
        lines.insert(0, imported)
        lines.append(f"print({function}({call_args}))")
    lines += expected_lines(expected)
    text = "\n".join(lines)
    return text if len(text) <= MAX_CHARS else None


def expected_lines(expected: list[tuple[str, np.ndarray]], limit: int = 6) -> list[str]:
    """What the call should give, as comments (a value, or the first entries of an array)."""
    lines = []
    for name, value in expected:
        value = np.asarray(value, np.float64)
        if value.ndim == 0:
            lines.append(f"# expected {name} = {float(value)!r}")
        else:
            head = ", ".join(f"{x:.6g}" for x in value.ravel()[:limit])
            more = ", ..." if value.size > limit else ""
            lines.append(f"# expected {name}: shape {value.shape}, first entries [{head}{more}]")
    return lines
