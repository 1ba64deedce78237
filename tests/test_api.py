"""The public API is small and pinned; results round-trip through JSON."""

from __future__ import annotations

import json

import grader
from conftest import EXAMPLES, graded
from grader.formats.results_json import dumps
from grader.results import GradeResult


def test_public_api_is_pinned():
    assert grader.__all__ == ["Assignment", "Found", "GradeResult", "Options", "TestResult",
                              "__version__", "available", "check", "find", "grade", "load"]
    assert callable(grader.grade) and callable(grader.check)  # names load on first use


def test_importing_the_package_loads_none_of_the_machinery():
    import subprocess
    import sys

    code = ("import sys, grader; grader.__version__; "
            "print(sorted(m for m in ('grader.assignment', 'grader.grade', 'pydantic', 'rich') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_result_round_trips_through_json():
    result = graded(str(EXAMPLES / "buggy-assignment1"))
    data = json.loads(dumps(result.to_dict()))
    back = GradeResult.from_dict(data)
    assert back.score == result.score and back.tests[0].mistakes == result.tests[0].mistakes
    assert json.loads(dumps(back.to_dict())) == data
