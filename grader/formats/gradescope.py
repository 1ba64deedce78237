"""Gradescope's results.json (https://gradescope-autograders.readthedocs.io/en/latest/specs/)."""

from __future__ import annotations

from grader.results import GradeResult, TestResult


def gradescope(result: GradeResult) -> dict:
    tests = [_test(i, t) for i, t in enumerate(result.tests, start=1)]
    return {
        "score": result.score,
        "execution_time": result.timings.get("total_seconds", 0.0),
        "output": summary(result),
        "output_format": "text",
        "test_output_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {
            "schema_version": result.schema_version,
            "grader_version": result.grader_version,
            "assignment": result.assignment,
            "spec_hash": result.spec_hash,
            "submission_hash": result.submission_hash,
            "backend": result.backend,
            "sandbox_log": result.log,
            "status": result.status,
            "staff_notes": list(result.staff_notes),
        },
    }


def _test(number: int, test: TestResult) -> dict:
    output = test.output
    for m in test.mistakes:
        output += f"\n\n[{m.id}] {m.message}"
    return {  # an extra credit test has no maximum: its points go beyond the total
        "name": test.name + (" (extra credit)" if test.extra_credit else ""),
        "number": str(number),
        "score": test.score,
        "max_score": 0.0 if test.extra_credit else test.max_score,
        "status": "passed" if test.passed else "failed",
        "output": output.strip(),
        "tags": [test.function, test.check] + [m.id for m in test.mistakes],
        "visibility": "after_published" if test.hidden else "visible",
        "extra_data": {"status": test.status, "mistakes": [m.id for m in test.mistakes]},
    }


def summary(result: GradeResult) -> str:
    scope = "hidden" if result.hidden else "public"
    text = f"{result.assignment_title}: {result.score:g}/{result.max_score:g} on {scope} checks."
    return "\n".join([text, *result.notes])
