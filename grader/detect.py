"""Which assignment a submission is for, from its file names and the functions it defines."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from grader import assignment
from grader.errors import UsageError
from grader.submission import Submission


def _file_names(sub: Submission) -> set[str]:
    return {PurePosixPath(f).name for f in sub.files} | {
        PurePosixPath(p.file).name for p in sub.syntax_errors.values()}


def _scores(sub: Submission) -> dict[str, tuple[int, int]]:
    """Assignment (its default edition's name) -> (files and functions found, functions
    found), the best of its editions."""
    names = _file_names(sub)
    scores: dict[str, tuple[int, int]] = {}
    for key, path in assignment.available().items():
        spec = assignment.outline(path)  # read, not validated: only the chosen one loads
        files = sum(f in names for f in spec.detect)
        functions = sum(fn in sub.definitions for fn in spec.functions)
        family = key.partition("@")[0]
        if files or functions:
            scores[family] = max(scores.get(family, (0, 0)), (functions + files, functions))
    return scores


MARKER = 100


def edition_evidence(spec: assignment.Outline, sub: Submission) -> tuple[int, list[str]]:
    """How strongly a submission looks like this edition: each of its markers found counts
    a hundred (a marker proves an edition: an edition that grades fewer functions, whose
    starter gives the others solved, still wins by its marker); each of its files present
    counts one, each of its functions the submission defines one, and one more where it is
    in the file this edition has it in. Returns the score and what was found, for the
    report."""
    names, found, score = _file_names(sub), [], 0
    for marker, in_file in spec.markers:
        try:
            pattern = re.compile(marker, re.MULTILINE)
        except re.error:  # the spec is broken: loading it says so
            continue
        hits = [rel for rel, text in sub.files.items()
                if (in_file is None or PurePosixPath(rel).name == in_file)
                and pattern.search(text)]
        if hits:
            score += MARKER
            found.append(f"{PurePosixPath(hits[0]).name}: {_readable(marker)}")
    present = [f for f in spec.detect if f in names]
    score += len(present)
    found += present
    for fname, file in spec.functions.items():
        defined = sub.definitions.get(fname, ())
        score += bool(defined) + any(PurePosixPath(d.file).name == file for d in defined)
    return score, found


def _readable(pattern: str) -> str:
    """A marker's regular expression as the code it matches (``\\(`` is ``(``)."""
    return re.sub(r"\\(.)", r"\1", pattern.replace("\\b", "")).strip("^$")


def choose_edition(name: str, sub: Submission) -> assignment.Assignment:
    """The edition of assignment ``name`` the submission matches best (ties: the default
    edition, then the latest)."""
    family = assignment.editions(name)
    if len(family) < 2:
        return assignment.find(name)
    ranked, specs = [], assignment.available()
    for key in family.values():
        spec = assignment.outline(specs[key])
        score, found = edition_evidence(spec, sub)
        ranked.append((score, key == name, spec.years or (0, 0), key, spec, found))
    ranked.sort(key=lambda r: r[:3], reverse=True)
    best = assignment.find(ranked[0][3])  # the only edition validated and loaded
    found = ranked[0][5]
    runner_up = set(ranked[1][5]) if len(ranked) > 1 else set()
    shared = set.intersection(*(set(r[4].detect) for r in ranked))
    # what told it from the next best, else from all the others
    found = [f for f in found if f not in runner_up] or [f for f in found if f not in shared]
    others = ", ".join(f"{name}@{r[4].edition}" for r in ranked[1:] if r[4].edition)
    why = f"from {'; '.join(found[:4])}" if found else \
        "nothing told the editions apart: the default"
    best.edition_note = (f"graded as the {best.spec.edition} edition of {name} ({why}); "
                         f"another edition: --assignment {others.split(', ')[0]}"
                         if others else f"graded as the {best.spec.edition} edition of {name}")
    return best


def resolve(name: str | None, sub: Submission) -> assignment.Assignment:
    """What ``--assignment NAME`` means for this submission: detected when not given, the
    edition chosen from the submission when NAME has several, as given otherwise."""
    if not name:
        return detect(sub)
    if "@" in name or name.endswith((".yaml", ".yml")) or "/" in name:
        spec = assignment.find(name)
        if spec.spec.edition:
            spec.edition_note = f"graded as the {spec.spec.edition} edition of {spec.name} (as asked)"
        return spec
    return choose_edition(assignment.find(name).name, sub)


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


def also_here(sub: Submission, spec) -> list[str]:
    """Other installed assignments whose files this submission also holds (most of the files
    that detect them, with functions it defines there: a 2025 assignment 2 is numpy and
    PyTorch, two packs grade it), each named with the command that grades them."""
    names = _file_names(sub)
    own = {s.file for s in spec.functions.values()} | set(spec.detect)
    found: dict[str, list[str]] = {}
    for key, path in assignment.available().items():
        family = key.partition("@")[0]
        if family == spec.name or family in found:
            continue
        outline = assignment.outline(path)
        files = sorted(f for f in outline.detect if f in names and f not in own)
        defined = any(PurePosixPath(d.file).name == file and file not in own
                      for fname, file in outline.functions.items()
                      for d in sub.definitions.get(fname, ()))
        present = [f for f in outline.detect if f in names]
        if files and defined and 2 * len(present) > len(outline.detect):  # most of its files:
            found[family] = files  # one shared helper (a provided optim.py) is not enough
    return [f"{', '.join(files)} {'is' if len(files) == 1 else 'are'} graded by {family}: "
            f"grade {'it' if len(files) == 1 else 'them'} with --assignment {family}"
            for family, files in sorted(found.items())]


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
    return choose_edition(ranked[0][0], sub)
