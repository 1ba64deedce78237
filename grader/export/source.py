"""The grader's source as an export carries it: the ``grader`` package (the engine), the
assignment's pack beside it under ``packs/NAME`` (found there through
``GRADER_ASSIGNMENTS_PATH``, which the exported entry points set), plus pinned
requirements."""

from __future__ import annotations

import ast
import json
import secrets
import shutil
import sys
from pathlib import Path

import grader
from grader.assignment import PACK_FILE, Assignment
from grader.errors import SpecError
from grader.starter import FINGERPRINTS, starter_description

REQUIREMENTS = ("numpy", "pyyaml", "pydantic", "rich", "click", "nbformat")
PINS = Path(__file__).resolve().parent / "pins"
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache")


def copy_package(target: Path) -> Path:
    """``target/grader``: the engine, as installed; returns it."""
    package = target / "grader"
    shutil.copytree(Path(grader.__path__[0]), package, ignore=SKIP, dirs_exist_ok=True)
    return package


PACKS = "packs"  # beside the grader package in an export: a course's own packs


def copy_pack(spec: Assignment, target: Path) -> Path:
    """``target/packs/NAME``: the assignment's pack (its spec, reference package, generators
    and the starter's fingerprints). Refuses (SpecError, exit 2) a pack that the copy could
    not grade: one whose code imports modules from outside the pack."""
    files = spec.pack_files()
    outside = outside_imports(spec)
    if outside:
        raise SpecError(f"{spec.name}: cannot export: {outside[0]}; an export carries the "
                        "pack's folder only (use relative imports inside the reference package)")
    folder = target / PACKS / spec.name
    for rel, source in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, folder / rel)
    fingerprints = folder / (Path(PACK_FILE).stem + FINGERPRINTS)
    if not fingerprints.exists():  # untouched starter code must score 0 there too
        fingerprints.write_text(json.dumps(starter_description(spec.path, spec.starter_path)))
    return folder


def outside_imports(spec: Assignment) -> list[str]:
    """The pack's absolute imports of modules an export would not carry: neither the standard
    library, nor the grader and its dependencies, nor numpy, scipy or torch."""
    allowed = {"grader", "numpy", "scipy", "torch", "pydantic", "yaml", *sys.stdlib_module_names}
    problems = []
    for rel, source in spec.pack_files().items():
        if not rel.endswith(".py"):
            continue
        try:
            tree = ast.parse(source.read_bytes(), filename=str(source))
        except (SyntaxError, ValueError) as exc:
            problems.append(f"{source} does not parse ({exc})")
            continue
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 \
                and node.module else []
            problems += [f"{source}:{node.lineno} imports {name!r}, which is not in the pack"
                         for name in names if name.partition(".")[0] not in allowed]
    return problems


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
