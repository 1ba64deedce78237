"""Which assignment a submission is for, from its file names and the functions it defines."""

from __future__ import annotations

from pathlib import PurePosixPath

from grader import assignment
from grader.errors import UsageError
from grader.submission import Submission


def detect(sub: Submission) -> assignment.Assignment:
    """The shipped assignment whose files and functions the submission matches best."""
    names = {PurePosixPath(f).name for f in sub.files} | {
        PurePosixPath(p.file).name for p in sub.syntax_errors.values()}
    scores = {}
    for name, path in assignment.available().items():
        spec = assignment.load(path).spec
        files = sum(f in names for f in spec.detect)
        functions = sum(fn in sub.definitions for fn in spec.functions)
        if files or functions:
            scores[name] = (functions + files, functions)
    if not scores:
        raise UsageError("could not tell which assignment this is (no known files or functions); "
                         "pass --assignment NAME (see `grader list`)")
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        raise UsageError(f"this could be {ranked[0][0]} or {ranked[1][0]}; pass --assignment NAME")
    return assignment.find(ranked[0][0])
