"""Choosing a sandbox backend by name."""

from __future__ import annotations

from grader.errors import UsageError
from grader.sandbox.process import ProcessBackend
from grader.sandbox.session import Backend

BACKENDS = {"process": ProcessBackend}


def pick_backend(name: str) -> Backend:
    """``auto`` is the strongest backend that works here (today: ``process``)."""
    if name == "auto":
        name = "process"
    if name not in BACKENDS:
        raise UsageError(f"unknown sandbox {name!r}; choose from: auto, {', '.join(BACKENDS)}")
    return BACKENDS[name]()
