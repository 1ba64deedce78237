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


class InternalError(GraderError):
    """A bug in the grader itself; never charged to the student."""

    exit_code = 3
