"""Gradebooks: ``grades.csv`` for the instructor, and a Canvas gradebook import.

Canvas' importer (lib/gradebook_importer.rb) wants the header ``Student, ID, SIS User ID,
SIS Login ID, Section`` then one column per assignment titled ``<title> (<canvas id>)``, a
second row starting with ``    Points Possible``, and matches students by ID, then SIS User
ID, then SIS Login ID. The roster comes from the course's own gradebook export.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

CANVAS_INFO = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")


def grades_csv(results: dict[str, dict], functions: list[str], names: dict[str, str],
               late: set[str] = frozenset()) -> str:
    """One row per student: total, percent, status (graded, ungraded: the submission could
    not be used, error: the grader's failure), late, and the points of every function."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", "name", "total", "max_score", "percent", "status", "late",
                     *functions, "notes"])
    for student in sorted(results):
        result = results[student]
        points = {f: 0.0 for f in functions}
        for test in result.get("tests", []):
            if test["function"] in points:
                points[test["function"]] += float(test["score"])
        top = float(result.get("max_score") or 0.0)
        score = float(result.get("score") or 0.0)
        writer.writerow([cell(student), cell(names.get(student, "")), _num(score), _num(top),
                         _num(100 * score / top if top else 0.0),
                         result.get("status", "graded"), "late" if student in late else "",
                         *(_num(points[f]) for f in functions),
                         cell("; ".join(result.get("notes", []))[:500])])
    return out.getvalue()


def read_roster(path: Path) -> list[dict[str, str]]:
    """Students of a Canvas gradebook export (its Points Possible and Muted rows dropped)."""
    text = path.read_text(encoding="utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;")
    rows = list(csv.DictReader(io.StringIO(text), dialect=dialect))
    students = []
    for row in rows:
        first = (row.get("Student") or "").strip()
        if "Points Possible" in first or not first or set(row.values()) <= {"", "Muted",
                                                                             "Manual Posting"}:
            continue
        students.append({k: (row.get(k) or "").strip() for k in CANVAS_INFO})
    if rows and "ID" not in rows[0]:
        raise ValueError(f"{path}: not a Canvas gradebook export (no ID column)")
    return students


def canvas_csv(results: dict[str, dict], roster: list[dict[str, str]], title: str,
               assignment_id: str, points: float, ungraded: str = "blank"
               ) -> tuple[str, list[str]]:
    """The import file, and the graded students no roster row matched. A submission that
    could not be graded is left blank (Canvas keeps the cell for a later import) or, with
    ``ungraded="zero"``, scored 0."""
    column = f"{title} ({assignment_id})"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CANVAS_INFO, column])
    writer.writerow(["    Points Possible", "", "", "", "", f"{points:.2f}"])
    used = set()
    for person in roster:
        key = next((person[k] for k in ("ID", "SIS User ID", "SIS Login ID")
                    if person[k] and person[k] in results), None)
        score = f"{float(results[key]['score']):.2f}" if key else ""
        if key and results[key].get("status", "graded") != "graded" and ungraded == "blank":
            score = ""
        if key:
            used.add(key)
        writer.writerow([*(cell(person[k]) for k in CANVAS_INFO), score])
    return out.getvalue(), sorted(set(results) - used)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """A text cell a spreadsheet shows as text: one that would start a formula
    (=HYPERLINK(...), +, -, @) gets a leading apostrophe (OWASP's CSV injection advice)."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _num(value: float) -> str:
    return f"{value:.4g}" if value != int(value) else str(int(value))
