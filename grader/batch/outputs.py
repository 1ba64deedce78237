"""Everything a batch writes into its folder, derived from the store (so always complete):

    results/<student>.json              the native result
    results/<student>.gradescope.json   the same in Gradescope's format
    feedback/<student>.txt              the report a student would see from ``grader check``
    grades.csv                          student, total, percent, points per function
    canvas.csv                          a Canvas gradebook import (with a roster)
    summary.json                        class analytics
    report.html                         the class report
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from grader.batch import analytics, gradebook, report
from grader.batch.files import student_files
from grader.batch.layouts import Entry
from grader.batch.run import STORE_NAME, Job
from grader.batch.store import Store
from grader.formats.results_json import dumps, write_atomic


@dataclass(frozen=True)
class Canvas:
    title: str
    assignment_id: str
    roster: Path
    ungraded: str = "blank"
    """What canvas.csv gives a submission that could not be graded: blank, or zero."""


def collect(out: Path, jobs: list[Job]) -> dict[str, dict]:
    """Student -> stored result, for the submissions of this run (the latest content)."""
    store = Store(out / STORE_NAME)
    try:
        return {job.student: r for job in jobs if (r := store.get(job.key)) is not None}
    finally:
        store.close()


def write_outputs(out: Path, spec, entries: list[Entry], jobs: list[Job],
                  canvas: Canvas | None = None, skipped: list[str] = (),
                  written: frozenset[str] | set[str] = frozenset()) -> dict:
    """Write every output; returns the class summary. ``written``: the students whose own
    files this run wrote as their results came in (``run_batch``)."""
    results = collect(out, jobs)
    names = {e.student: e.name for e in entries}
    max_score = spec.spec.points
    for student, data in results.items():
        if student not in written:  # graded by an earlier run: its files are made here
            for rel, text in student_files(student, data).items():
                write_atomic(out / rel, text)
    functions = list(spec.spec.functions)
    late = {e.student for e in entries if e.meta.get("late")}
    write_atomic(out / "grades.csv", gradebook.grades_csv(results, functions, names, late))
    unmatched: list[str] = []
    if canvas is not None:
        text, unmatched = gradebook.canvas_csv(results, gradebook.read_roster(canvas.roster),
                                               canvas.title, canvas.assignment_id, max_score,
                                               canvas.ungraded)
        write_atomic(out / "canvas.csv", text)
    summary = analytics.summarize(results, max_score, order=list(spec.spec.functions))
    not_graded = {s for s, r in results.items() if r.get("status", "graded") != "graded"}
    summary.update(assignment=spec.name,
                   ungraded=sorted((set(names) - set(results)) | not_graded),
                   late=sorted(late), not_in_roster=unmatched, skipped_entries=skipped)
    write_atomic(out / "summary.json", dumps(summary))
    rows = [{"student": s, "name": names.get(s, ""), "score": float(r["score"]),
             "max_score": float(r["max_score"]), "failed": failed_functions(r),
             "status": r.get("status", "graded"), "late": s in late,
             "messages": _first_messages(r),
             "feedback": f"feedback/{s}.txt", "result": f"results/{s}.json"}
            for s, r in sorted(results.items())]
    write_atomic(out / "report.html", report.render(spec.spec.title, summary, rows,
                                                    report.facts_of(results)))
    return summary


def failed_functions(result: dict) -> list[str]:
    return sorted({t["function"] for t in result.get("tests", [])
                   if t.get("max_score") and t.get("status") != "passed"})


def _first_messages(result: dict) -> dict[str, str]:
    """Mistake id -> the first message the student got for it (in spec order)."""
    messages: dict[str, str] = {}
    for test in result.get("tests", []):
        for m in test.get("mistakes", []):
            messages.setdefault(m["id"], str(m.get("message", "")))
    return messages
