"""The native results.json: a versioned contract, written atomically."""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path

import numpy as np

from grader.results import GradeResult


def plain(value: object) -> object:
    """JSON-safe data: numpy types become Python ones, nan/inf become strings."""
    if isinstance(value, dict):
        return {plain(str(k)): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, np.generic):
        return plain(value.item())
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, str):  # lone surrogates (a file name, a student's print) cannot be
        return value.encode("utf-8", "replace").decode("utf-8")  # written as UTF-8
    return value


def dumps(data: dict) -> str:
    return json.dumps(plain(data), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def native(result: GradeResult) -> dict:
    return result.to_dict()


def umask() -> int:
    """The process's umask (read without changing it where Linux tells it)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    current = os.umask(0o022)
    os.umask(current)
    return current


def writable_folder(path: Path) -> Path:
    """``path`` as a folder this process can write, or one line saying why not."""
    from grader.errors import EnvironmentProblem

    try:
        Path(path).mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".grader-probe-", dir=path)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise EnvironmentProblem(f"cannot write to {path}: {why_unwritable(path, exc)}") from None
    return Path(path)


def why_unwritable(path: Path, exc: OSError) -> str:
    """The reason in words: a file standing where a folder must be, or the system's own."""
    for parent in Path(path).parents:
        if parent.exists():
            if not parent.is_dir():
                return f"{parent} is a file, not a folder"
            break
    return exc.strerror or str(exc)


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder and ``os.replace``: never half-written.
    The file gets the mode a plain ``open`` would give it (0666 less the umask), not
    ``mkstemp``'s 0600."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), 0o666 & ~umask())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
