"""The grader's three kinds of failure, never mixed.

The student's mistakes are not exceptions at all: they are results. What is left is the
instructor's (a bad spec, a bad command line) and the grader's own (a bug: never charged
to the student).
"""

from __future__ import annotations


class GraderError(Exception):
    """Base class for errors that stop a command."""

    exit_code = 3


class SpecError(GraderError):
    """An assignment spec is invalid: the message cites file, line and field."""

    exit_code = 2


class UsageError(GraderError):
    """The command line or its inputs cannot be used (missing path, unknown assignment)."""

    exit_code = 2


class SubmissionError(GraderError):
    """The submission itself cannot be used (a corrupt archive, an oversized file): the
    student's problem, so a result is written (score 0, the reason in its notes)."""

    exit_code = 1


class EnvironmentProblem(GraderError):
    """Something around the grader is unusable (a read-only output folder, an unreachable
    scheduler): one line naming the path or address."""

    exit_code = 2


class InternalError(GraderError):
    """A bug in the grader itself; never charged to the student."""

    exit_code = 3
