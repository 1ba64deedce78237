"""An exact, fast and safe autograder for cs231n-style ML assignments."""

from __future__ import annotations

__version__ = "0.1.0"

from grader.assignment import Assignment, available, find, load  # noqa: E402
from grader.grade import Options, grade  # noqa: E402
from grader.results import Found, GradeResult, TestResult  # noqa: E402

__all__ = sorted([
    "Assignment",
    "Found",
    "GradeResult",
    "Options",
    "TestResult",
    "__version__",
    "available",
    "find",
    "grade",
    "load",
])
