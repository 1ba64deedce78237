"""Choosing a sandbox backend by name."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from grader.errors import GraderError, UsageError
from grader.sandbox import NAMES, bwrap
from grader.sandbox.bwrap import BwrapBackend
from grader.sandbox.limits import Limits
from grader.sandbox.process import ProcessBackend
from grader.sandbox.session import Backend, Session

BACKENDS = {"bwrap": BwrapBackend, "process": ProcessBackend}


def auto_choice() -> tuple[str, str]:
    """(backend, why): bwrap where it works (Linux with user namespaces), else process."""
    if not sys.platform.startswith("linux"):
        return "process", f"bwrap needs Linux (this is {sys.platform})"
    ok, why = bwrap.works()
    return ("bwrap", "") if ok else ("process", why)


def pick_backend(name: str) -> Backend:
    """The named backend; ``auto`` is the strongest that works here."""
    if name == "auto":
        name, _ = auto_choice()
    if name == "docker":
        from grader.sandbox.container import DockerBackend

        return DockerBackend()
    if name not in BACKENDS:
        raise UsageError(f"unknown sandbox {name!r}; choose from: {', '.join(NAMES)}")
    if name == "bwrap":
        ok, why = bwrap.works()
        if not ok:
            raise UsageError(f"the bwrap sandbox does not work here: {why}")
    return BACKENDS[name]()


@contextmanager
def prestarted(name: str, root: Path, limits: Limits) -> Iterator[Session | None]:
    """A sandbox for the submission at ``root``, started before its assignment is known (so
    under default limits: numpy, no course stand-ins): its start-up overlaps detection and
    spec loading, and ``grade_submission`` adopts it when the assignment needs nothing else.
    None when it cannot start now (grading then starts its own and says why it cannot).
    Closed on leaving, whatever happened."""
    try:
        session = Session(pick_backend(name), root, limits)
        session.start()
    except GraderError:
        session = None
    try:
        yield session
    finally:
        if session is not None:
            session.close()
