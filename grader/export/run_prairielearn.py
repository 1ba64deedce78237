"""PrairieLearn's entrypoint calls ``python -m grader.export.run_prairielearn NAME``.

Grades /grade/student on inputs drawn from the secret seed mixed with the variant's seed, and
writes /grade/results/results.json: ``score`` in [0, 1], one test per check with ``points``
and ``max_points``, the student's report as ``output``, at most 1 MB. A submission of which
nothing could be imported is ``gradable: false`` with ``format_errors`` (the attempt is not
used up). A failure of the grader itself still writes a valid file.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import traceback
from pathlib import Path

ROOT = Path(os.environ.get("PRAIRIELEARN_ROOT", "/grade"))
MAX_BYTES = 1_000_000
UNIMPORTABLE = {"missing_function", "syntax_error", "import_error", "python2_code"}


def main(argv: list[str]) -> int:
    results = ROOT / "results" / "results.json"
    results.parent.mkdir(parents=True, exist_ok=True)
    try:
        data = grade_student(argv[1])
    except BaseException:  # noqa: BLE001 - PrairieLearn must always get a valid file
        print(traceback.format_exc())
        data = {"gradable": True, "score": 0.0, "succeeded": False,
                "message": "The grader failed (not your fault); your course staff can see why.",
                "tests": []}
    results.write_text(fit(data))
    return 0


def grade_student(assignment: str) -> dict:
    from grader import Options, find, grade
    from grader.batch.files import feedback_text
    from grader.errors import SubmissionError, UsageError
    from grader.seeds import hidden_seed

    spec = find(assignment)
    seed = mixed_seed(hidden_seed(), variant_seed())
    try:
        result = grade(spec, ROOT / "student", Options(hidden=True, hidden_seed=seed))
    except (SubmissionError, UsageError) as exc:
        return {"gradable": False, "format_errors": [str(exc)]}
    for note in result.staff_notes:  # the grader's log: course staff only
        print(note)
    scored = [t for t in result.tests if t.max_score > 0]
    if scored and all(t.mistakes and {m.id for m in t.mistakes} <= UNIMPORTABLE
                      for t in scored):
        errors = list(dict.fromkeys(m.message for t in scored for m in t.mistakes))
        return {"gradable": False, "format_errors": errors[:10]}
    return {
        "gradable": True,
        "score": round(result.score / result.max_score, 6) if result.max_score else 0.0,
        "message": f"{result.score:g} / {result.max_score:g} points",
        "output": feedback_text(result),
        "tests": [{"name": t.name, "description": t.check, "points": t.score,
                   "max_points": t.max_score, "output": t.output,
                   "message": "; ".join(m.id for m in t.mistakes)} for t in result.tests],
    }


def variant_seed() -> int:
    try:
        data = json.loads((ROOT / "data" / "data.json").read_text())
        return int(data.get("variant_seed") or 0)
    except (OSError, ValueError, TypeError, AttributeError):
        return 0


def mixed_seed(secret: int, variant: int) -> int:
    """Each variant its own inputs, none of them guessable without the secret."""
    return int(hashlib.sha256(f"{secret}:{variant}".encode()).hexdigest()[:15], 16)


def fit(data: dict) -> str:
    """The results as JSON of at most 1 MB: long outputs are cut first, then dropped."""
    text = json.dumps(data)
    for limit in (20_000, 4_000, 500, 0):
        if len(text.encode()) <= MAX_BYTES:
            return text
        for item in [data, *data.get("tests", [])]:
            if isinstance(item.get("output"), str) and len(item["output"]) > limit:
                item["output"] = item["output"][:limit] + ("\n... (cut)" if limit else "")
        text = json.dumps(data)
    return text


if __name__ == "__main__":
    sys.exit(main(sys.argv))
