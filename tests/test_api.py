"""The public API is small and pinned; results round-trip through JSON."""

from __future__ import annotations

import json

import grader
from conftest import EXAMPLES, graded
from grader.formats.results_json import dumps
from grader.results import GradeResult


def test_public_api_is_pinned():
    assert grader.__all__ == ["Assignment", "Found", "GradeResult", "Options", "TestResult",
                              "__version__", "available", "find", "grade", "load"]


def test_result_round_trips_through_json():
    result = graded(str(EXAMPLES / "buggy-assignment1"))
    data = json.loads(dumps(result.to_dict()))
    back = GradeResult.from_dict(data)
    assert back.score == result.score and back.tests[0].mistakes == result.tests[0].mistakes
    assert json.loads(dumps(back.to_dict())) == data
