from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from grader import Options, find, grade
from grader.results import GradeResult
from grader.sandbox.limits import Limits

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLES = ROOT / "examples"
FAST = Options(limits=replace(Limits(), call_seconds=1.5, import_seconds=5.0))


@cache
def graded(path: str, assignment: str = "cs231n-a1") -> GradeResult:
    """Grade a fixture once per test session (results are immutable)."""
    return grade(find(assignment), Path(path), FAST)


def by_function(result: GradeResult) -> dict[str, tuple[float, float, set[str]]]:
    """function -> (score, max_score, mistake ids)."""
    out: dict[str, tuple[float, float, set[str]]] = {}
    for name, tests in result.functions().items():
        out[name] = (sum(t.score for t in tests), sum(t.max_score for t in tests),
                     {m.id for t in tests for m in t.mistakes})
    return out


@pytest.fixture
def a1():
    return find("cs231n-a1")


def run_mounted(tree: Path, mount: str, command: list[str]) -> subprocess.CompletedProcess:
    """``command`` with ``tree`` mounted at ``mount`` (everything else as on the host): an
    LMS's own tree (/autograder, /grade) simulated with bubblewrap."""
    env = {**os.environ, "GRADER_PYTHON": sys.executable}
    env.pop("PYTHONPATH", None)
    env.pop("GRADER_ASSIGNMENTS_PATH", None)  # the export's entry point sets its own
    existed = os.path.exists(mount)
    try:
        return subprocess.run(["bwrap", "--bind", "/", "/", "--bind", str(tree), mount,
                               "--dev", "/dev", "--proc", "/proc", "--die-with-parent",
                               *command], capture_output=True, text=True, env=env, timeout=600)
    finally:  # bwrap made the mount point on the host's root: leave no trace for other tests
        if not existed:
            try:
                os.rmdir(mount)
            except OSError:
                pass
