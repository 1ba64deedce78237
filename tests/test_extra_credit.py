"""Extra credit: checks of a part a spec's `extra_credit` names (cs231n-a3's LSTM in
2021-2024) add to the score and never to the total, in every output."""

from __future__ import annotations

import pytest

from conftest import EXAMPLES, FIXTURES, graded
from grader import assignment
from grader.errors import SpecError
from grader.formats import terminal
from grader.formats.gradescope import gradescope

EDITION = "cs231n-a3@2021-2024"


def test_extra_credit_adds_to_the_score_not_to_the_total():
    done = graded(str(EXAMPLES / EDITION), EDITION)
    skipped = graded(str(FIXTURES / "assignments" / EDITION / "correct" / "without_lstm"), EDITION)
    spec = assignment.find(EDITION).spec
    assert done.max_score == skipped.max_score == spec.points == 19
    assert spec.extra_points == 16 and done.extra_credit == 16 and done.score == 35
    assert skipped.all_passed and skipped.score == 19 + skipped.extra_credit
    # the same functions are required in the edition before 2021
    assert assignment.find("cs231n-a3@2016-2020").spec.points == 35


def test_every_output_says_what_is_extra():
    result = graded(str(EXAMPLES / EDITION), EDITION)
    text = terminal.render(result, width=100)
    assert "Total 35/19 (with 16 of 16 extra credit points): all public checks passed" in text
    tests = gradescope(result)["tests"]
    extra = [t for t in tests if t["name"].endswith("(extra credit)")]
    assert len(extra) == 6 and all(t["max_score"] == 0 and t["score"] > 0 for t in extra)
    assert sum(t["max_score"] for t in tests) == 19
    assert gradescope(result)["score"] == 35


def test_an_extra_credit_part_no_check_has_is_the_authors_error(tmp_path):
    pack = assignment.find(EDITION).path.parent
    spec = tmp_path / "pack.yaml"
    spec.write_text((pack / "pack.yaml").read_text().replace(
        "public_seed: 2313\n", "public_seed: 2313\nextra_credit: [lstn]\n"))
    for name in ("generators.py",):
        (tmp_path / name).write_text((pack / name).read_text())
    (tmp_path / "reference").symlink_to(pack / "reference")
    with pytest.raises(SpecError, match="extra_credit names 'lstn'"):
        assignment.load(spec)
