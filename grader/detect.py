"""Which assignment a submission is for, from its file names and the functions it defines."""

from __future__ import annotations

from pathlib import PurePosixPath

from grader import assignment
from grader.errors import UsageError
from grader.submission import Submission


def _scores(sub: Submission) -> dict[str, tuple[int, int]]:
    names = {PurePosixPath(f).name for f in sub.files} | {
        PurePosixPath(p.file).name for p in sub.syntax_errors.values()}
    scores = {}
    for name, path in assignment.available().items():
        spec = assignment.load(path).spec
        files = sum(f in names for f in spec.detect)
        functions = sum(fn in sub.definitions for fn in spec.functions)
        if files or functions:
            scores[name] = (functions + files, functions)
    return scores


def wrong_place(sub: Submission, spec) -> list[str]:
    """Which assignment it looks like when nothing the spec grades was found, and where the
    missing files are when they sit above the folder (run one folder too deep)."""
    notes = []
    if not any(fn in sub.definitions for fn in spec.functions):
        scores = {k: v for k, v in _scores(sub).items() if k != spec.name and v[1]}
        if scores:
            best = max(scores, key=lambda k: scores[k])
            notes.append(f"nothing of {spec.name} was found, but this looks like {best}: "
                         f"grade it with --assignment {best}")
    have = {PurePosixPath(f).name for f in sub.files}
    missing = {s.file for s in spec.functions.values()} - have
    source = sub.source if sub.source.is_dir() else sub.source.parent
    for parent in list(source.resolve().parents)[:2] if missing else []:
        here = sorted(f for f in missing if (parent / f).is_file())
        if here:
            notes.append(f"{', '.join(here)} {'is' if len(here) == 1 else 'are'} in {parent}, "
                         f"above the folder graded: run the grader from there")
            break
    return notes


def detect(sub: Submission) -> assignment.Assignment:
    """The installed assignment whose files and functions the submission matches best."""
    if not assignment.available():
        raise UsageError(assignment.NONE_INSTALLED)
    scores = _scores(sub)
    if not scores:
        raise UsageError("could not tell which assignment this is (no known files or functions); "
                         "pass --assignment NAME (see `grader list`)")
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        raise UsageError(f"this could be {ranked[0][0]} or {ranked[1][0]}; pass --assignment NAME")
    return assignment.find(ranked[0][0])
