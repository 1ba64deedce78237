"""The grader's source as an export carries it: the ``grader`` package laid out as installed
(``grader/assignments`` and ``grader/reference`` inside it, whether this install is editable
or not), plus pinned requirements."""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path

import grader
import grader.reference
from grader.assignment import SHIPPED

REQUIREMENTS = ("numpy", "pyyaml", "pydantic", "rich", "click", "nbformat")
PINS = Path(__file__).resolve().parent / "pins"
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache")


def copy_package(target: Path) -> Path:
    """``target/grader`` with the assignments and reference code inside; returns it."""
    package = target / "grader"
    shutil.copytree(Path(grader.__path__[0]), package, ignore=SKIP, dirs_exist_ok=True)
    for sub, source in (("assignments", SHIPPED), ("reference", Path(grader.reference.__path__[0]))):
        if source.resolve() != (package / sub).resolve():
            shutil.copytree(source, package / sub, ignore=SKIP, dirs_exist_ok=True)
    return package


def requirements(python: str) -> str:
    """The grader's dependencies pinned to versions that install on the target's ``python``
    ("3.10" for Gradescope's Ubuntu 22.04, "3.11" for the grader image), from the pins shipped
    in ``grader/export/pins`` (tested to resolve for that Python)."""
    pins = {}
    for line in (PINS / f"python{python}.txt").read_text().splitlines():
        name, _, version = line.split("#")[0].strip().partition("==")
        if version:
            pins[name.lower()] = version
    missing = [name for name in REQUIREMENTS if name not in pins]
    if missing:
        raise RuntimeError(f"no pinned version of {', '.join(missing)} for Python {python}")
    return "".join(f"{name}=={pins[name]}\n" for name in REQUIREMENTS)


def new_seed() -> str:
    """A fresh secret seed for hidden inputs (written root-only into the export)."""
    return str(secrets.randbits(62))
