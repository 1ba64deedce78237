"""Gradescope's ``run_autograder`` calls ``python -m grader.export.run_gradescope NAME``.

It grades /autograder/submission on the hidden seed and writes /autograder/results/results.json
in Gradescope's format, hidden checks ``after_published``. Whatever happens (an unusable
submission, a grader failure), a valid results file is written: a grader failure scores 0 with
a visible test saying it is not the student's fault, and the trace goes to stdout (which
Gradescope shows to instructors only).
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from pathlib import Path

ROOT = Path(os.environ.get("GRADESCOPE_ROOT", "/autograder"))


def main(argv: list[str]) -> int:
    results = ROOT / "results" / "results.json"
    try:
        from grader import Options, find, grade
        from grader.errors import SubmissionError, UsageError
        from grader.formats.gradescope import gradescope
        from grader.formats.results_json import dumps, write_atomic
        from grader.seeds import hidden_seed

        spec = find(argv[1])
        options = Options(hidden=True, hidden_seed=hidden_seed())
        try:
            result = grade(spec, ROOT / "submission", options)
        except (SubmissionError, UsageError) as exc:  # an unusable submission: the student's
            from grader.grade import not_graded

            result = not_graded(spec, "submission", str(exc), "ungraded", options)
        for note in result.staff_notes:  # stdout: shown to instructors only
            print(note)
        data = gradescope(result)
        data.setdefault("extra_data", {})["submission"] = metadata()
        write_atomic(results, dumps(data))
        return 0
    except BaseException:  # noqa: BLE001 - Gradescope must always get a valid file
        print(traceback.format_exc())
        failure = {"score": 0.0, "visibility": "visible", "tests": [{
            "name": "Autograder error", "score": 0.0, "max_score": 0.0, "visibility": "visible",
            "output": "The autograder failed (not your fault). Your course staff can see why."}]}
        results.parent.mkdir(parents=True, exist_ok=True)
        results.write_text(json.dumps(failure))
        return 0


def metadata() -> dict:
    """Who submitted and when, from /autograder/submission_metadata.json when present."""
    path = ROOT / "submission_metadata.json"
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    users = data.get("users") if isinstance(data, dict) else None
    return {"id": data.get("id"), "created_at": data.get("created_at"),
            "users": [u.get("email") or u.get("name") for u in users or [] if isinstance(u, dict)]}


if __name__ == "__main__":
    sys.exit(main(sys.argv))
