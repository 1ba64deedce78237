"""An exact, fast and safe autograder for cs231n-style ML assignments.

The public names load on first use (``grader --version`` imports none of the machinery)."""

from __future__ import annotations

import importlib
import sys
import types

__version__ = "0.1.0"

_EXPORTS = {
    "Assignment": "grader.assignment", "available": "grader.assignment",
    "find": "grader.assignment", "load": "grader.assignment",
    "Options": "grader.grade", "grade": "grader.grade",
    "Found": "grader.results", "GradeResult": "grader.results", "TestResult": "grader.results",
    "check": "grader.precheck",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'grader' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


class _Package(types.ModuleType):
    """``grader.grade`` is the function (as it always was), though a submodule of that name
    exists: importing the submodule does not rebind the package's attribute."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in _EXPORTS and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
