"""The grader's source as an export carries it: the ``grader`` package laid out as installed
(``grader/assignments`` and ``grader/reference`` inside it, whether this install is editable
or not), plus pinned requirements."""

from __future__ import annotations

import importlib.metadata
import secrets
import shutil
from pathlib import Path

import grader
import grader.reference
from grader.assignment import SHIPPED

REQUIREMENTS = ("numpy", "pyyaml", "pydantic", "rich", "click", "nbformat")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache")


def copy_package(target: Path) -> Path:
    """``target/grader`` with the assignments and reference code inside; returns it."""
    package = target / "grader"
    shutil.copytree(Path(grader.__path__[0]), package, ignore=SKIP, dirs_exist_ok=True)
    for sub, source in (("assignments", SHIPPED), ("reference", Path(grader.reference.__path__[0]))):
        if source.resolve() != (package / sub).resolve():
            shutil.copytree(source, package / sub, ignore=SKIP, dirs_exist_ok=True)
    return package


def requirements() -> str:
    """The grader's dependencies pinned to the versions it runs with here."""
    lines = [f"{name}=={importlib.metadata.version(name)}" for name in REQUIREMENTS]
    return "\n".join(lines) + "\n"


def new_seed() -> str:
    """A fresh secret seed for hidden inputs (written root-only into the export)."""
    return str(secrets.randbits(62))
