"""Every assignment with a fixture set under tests/fixtures/assignments/<name>/: correct
submissions in several styles get full marks (the bundled example too), the shipped starter
scores zero, and each mistakes/<id>__<function>.py fails that function with that id, on the
public seed and on another one. (cs231n-a1's larger set has its own module, test_fixtures.)
"""

from __future__ import annotations

import importlib.util
from dataclasses import replace

import pytest

from conftest import EXAMPLES, FAST, FIXTURES, by_function, graded
from grader import find, grade

ROOT = FIXTURES / "assignments"
TORCH = importlib.util.find_spec("torch") is not None


def _assignments() -> list[str]:
    names = sorted(p.name for p in ROOT.iterdir() if p.is_dir())
    return [n for n in names if TORCH or find(n).spec.framework != "torch"]


ASSIGNMENTS = _assignments()
CORRECT = [(a, p) for a in ASSIGNMENTS for p in sorted((ROOT / a / "correct").iterdir())]
CORRECT += [(a, EXAMPLES / a) for a in ASSIGNMENTS if (EXAMPLES / a).is_dir()]
MISTAKES = [(a, p) for a in ASSIGNMENTS for p in sorted((ROOT / a / "mistakes").glob("*.py"))]
PAIRS = [(a, p) for a in ASSIGNMENTS for p in sorted((ROOT / a / "pairs").glob("*.py"))]


def expected(assignment: str, path) -> tuple[str, str]:
    """(mistake id, function) from a fixture's name ``<id>__<function>[_form].py``."""
    mistake, _, rest = path.stem.partition("__")
    functions = find(assignment).spec.functions
    function = next(f for f in sorted(functions, key=len, reverse=True) if rest.startswith(f))
    return mistake, function


def test_every_shipped_assignment_has_a_fixture_set():
    from grader import assignment

    shipped = set(assignment.available()) - {"cs231n-a1"}  # tests/fixtures/{correct,mistakes}
    assert shipped <= {p.name for p in ROOT.iterdir()}


@pytest.mark.parametrize("assignment,path", CORRECT, ids=lambda v: getattr(v, "name", v))
def test_correct_submission_gets_full_marks(assignment, path):
    """Every point; extra credit (cs231n-a3's LSTM in 2021-2024) is optional: what is done of
    it adds to the score."""
    result = graded(str(path), assignment)
    core = [t for t in result.tests if not t.extra_credit]
    assert sum(t.score for t in core) == result.max_score, [
        (t.name, t.output[:300], [m.id for m in t.mistakes]) for t in core if not t.passed]
    assert not any(t.mistakes for t in core)
    assert result.all_passed and result.score >= result.max_score


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_starter_code_scores_zero(assignment):
    spec = find(assignment)
    result = graded(str(spec.starter_path), assignment)
    assert result.score == 0 and result.max_score > 0
    assert all(t.max_score == 0 or not t.passed for t in result.tests)


@pytest.mark.parametrize("assignment,path", MISTAKES, ids=lambda v: getattr(v, "stem", v))
def test_mistake_fails_the_right_function_with_the_right_id(assignment, path):
    mistake, function = expected(assignment, path)
    functions = by_function(graded(str(path), assignment))
    score, top, ids = functions[function]
    assert score < top, f"{function} passed despite {mistake}"
    assert mistake in ids, f"expected {mistake}, got {sorted(ids)}"
    for other, (other_score, _, other_ids) in functions.items():
        if other.rpartition(".")[2] not in path.read_text():
            assert other_score == 0 and other_ids == {"missing_function"}


@pytest.mark.parametrize("assignment,path", PAIRS, ids=lambda v: getattr(v, "stem", v))
def test_two_mistakes_at_once_are_both_named(assignment, path):
    """``pairs/<id>+<id>__<function>.py``: frequent mistakes made together are named
    together, and nothing else is."""
    ids, _, rest = path.stem.partition("__")
    function = next(f for f in sorted(find(assignment).spec.functions, key=len, reverse=True)
                    if rest.startswith(f))
    score, top, named = by_function(graded(str(path), assignment))[function]
    assert score < top and named == set(ids.split("+")), named


def _family(assignment: str) -> str:
    return assignment.partition("@")[0]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_catalogued_mistake_of_the_assignment_has_a_fixture(assignment):
    """The fixture set covers the catalogue: one student-like submission per variant id. An
    edition's own set holds what its edition changes; the ids it shares with the others are
    covered by theirs (cs231n-a1's main set is tests/fixtures/mistakes)."""
    variants = {v.mistake for v in find(assignment).variants}
    fixtures = {expected(a, p)[0] for a, p in MISTAKES if _family(a) == _family(assignment)}
    if _family(assignment) == "cs231n-a1":
        fixtures |= {p.stem.partition("__")[0] for p in (FIXTURES / "mistakes").glob("*.py")}
    assert variants <= fixtures, sorted(variants - fixtures)


ANOTHER_SEED = 12
"""Mistake fixtures per assignment regraded on another seed (every k-th: a bounded sweep)."""


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_verdicts_hold_for_another_seed(assignment):
    """Correct code is never blamed for a random draw; a sample of the mistakes (every k-th,
    about ANOTHER_SEED of them) is still named."""
    options = replace(FAST, seed=11)
    for name, path in CORRECT:
        if name == assignment:
            result = grade(find(name), path, options)
            assert result.all_passed and result.score >= result.max_score, (path.name, [
                t.name for t in result.tests if not t.passed and not t.extra_credit])
    mine = [(name, path) for name, path in MISTAKES if name == assignment]
    for name, path in mine[::max(1, len(mine) // ANOTHER_SEED)]:
        if name == assignment:
            mistake, function = expected(name, path)
            score, top, ids = by_function(grade(find(name), path, options))[function]
            assert score < top and mistake in ids, (path.name, ids)


CONTRADICTIONS = [("no_stability_shift", "global_max_shift")]
"""Ids never named together: the first explains everything the second would say."""


@pytest.mark.parametrize("assignment,path", [m for m in MISTAKES if any(
    m[1].name.startswith(first + "__") for first, _ in CONTRADICTIONS)],
    ids=lambda v: getattr(v, "stem", v))
def test_no_contradictory_diagnoses(assignment, path):
    mistake, function = expected(assignment, path)
    ids = by_function(graded(str(path), assignment))[function][2]
    for first, second in CONTRADICTIONS:
        if first in ids:
            assert second not in ids, ids
