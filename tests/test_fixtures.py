"""Every verdict and every diagnosis on the fixture set of student-like submissions.

The expected outcome is in each fixture's name: ``mistakes/<id>__<function>[_form].py``
fails ``<function>`` with mistake ``<id>``; everything under ``correct/`` gets full marks.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import EXAMPLES, FIXTURES, by_function, graded
from grader.formats.results_json import dumps

CORRECT = sorted(p for p in (FIXTURES / "correct").iterdir()) + [EXAMPLES / "assignment1"]
MISTAKES = sorted((FIXTURES / "mistakes").glob("*.py"))
FUNCTIONS = [
    "svm_loss_naive", "svm_loss_vectorized", "softmax_loss_naive", "softmax_loss_vectorized",
    "affine_forward", "affine_backward", "relu_forward", "relu_backward", "svm_loss",
    "softmax_loss", "KNearestNeighbor.compute_distances_two_loops",
    "KNearestNeighbor.compute_distances_one_loop", "KNearestNeighbor.compute_distances_no_loops",
    "KNearestNeighbor.predict_labels", "LinearClassifier.train", "LinearClassifier.predict",
    "TwoLayerNet.__init__", "TwoLayerNet.loss",
]
WARNINGS = {"mutates_input"}  # named, but worth no points by default


@pytest.mark.parametrize("path", CORRECT, ids=lambda p: p.name)
def test_correct_submission_gets_full_marks(path):
    """Every function a correct fixture defines gets full marks and no mistake."""
    result = graded(str(path))
    defined = [f for f, (_, _, ids) in by_function(result).items() if ids != {"missing_function"}]
    assert defined
    for function in defined:
        tests = [t for t in result.tests if t.function == function]
        assert all(t.passed and not t.mistakes for t in tests), [
            (t.name, t.output, [m.id for m in t.mistakes]) for t in tests if not t.passed]


def test_the_bundled_example_gets_full_marks_on_everything():
    result = graded(str(EXAMPLES / "assignment1"))
    assert result.score == result.max_score and all(t.passed for t in result.tests)


def test_starter_code_scores_zero():
    result = graded(str(EXAMPLES / "starter"))
    assert result.score == 0
    assert all(t.max_score == 0 or not t.passed for t in result.tests)


def _expected(path):
    mistake, _, rest = path.stem.partition("__")
    function = next(f for f in sorted(FUNCTIONS, key=len, reverse=True) if rest.startswith(f))
    return mistake, function


def test_every_mistake_fixture_names_a_catalogued_id():
    from grader.catalogue import CATALOGUE

    assert len(MISTAKES) >= 25
    assert {_expected(p)[0] for p in MISTAKES} <= set(CATALOGUE)


@pytest.mark.parametrize("path", MISTAKES, ids=lambda p: p.stem)
def test_mistake_fails_the_right_function_with_the_right_id(path):
    mistake, function = _expected(path)
    result = graded(str(path))
    functions = by_function(result)
    score, top, ids = functions[function]
    if mistake not in WARNINGS:
        assert score < top, f"{function} passed despite {mistake}"
    assert mistake in ids, f"expected {mistake}, got {sorted(ids)}"
    for other, (other_score, _, other_ids) in functions.items():
        defined = other == function or other.rpartition(".")[2] in path.read_text()
        if not defined:
            assert other_score == 0 and other_ids == {"missing_function"}


REQUIRED_IDS = {
    "dW_not_normalized", "loss_not_normalized", "reg_grad_scalar", "reg_grad_missing_factor_2",
    "reg_convention", "reg_missing_in_loss", "reg_missing_in_grad", "correct_class_not_excluded",
    "grad_sign_flipped", "no_stability_shift", "not_vectorized", "returns_none",
    "wrong_output_type", "wrong_output_shape", "nan_or_inf", "timeout", "crash", "memory_limit",
    "import_error", "syntax_error", "missing_function",
}


def test_every_required_id_is_produced_by_some_fixture():
    seen = set()
    for path in MISTAKES + sorted((FIXTURES / "broken").iterdir()) + sorted(
            (FIXTURES / "pairs").iterdir()):
        for _, _, ids in by_function(graded(str(path))).values():
            seen |= ids
    assert seen >= REQUIRED_IDS, sorted(REQUIRED_IDS - seen)


def with_correct_softmax(tmp_path, fixture) -> str:
    """The fixture's broken or hostile linear_svm.py beside the example's correct softmax.py:
    the grader must keep grading the file that is fine."""
    import shutil

    target = tmp_path / fixture.name
    shutil.copytree(fixture, target)
    shutil.copy(EXAMPLES / "assignment1/cs231n/classifiers/softmax.py", target / "softmax.py")
    return str(target)


def test_syntax_error_names_file_and_line_and_spares_the_other_file(tmp_path):
    path = with_correct_softmax(tmp_path, FIXTURES / "broken" / "syntax_error")
    functions = by_function(graded(path))
    for name in ("svm_loss_naive", "svm_loss_vectorized"):
        assert functions[name][0] == 0 and functions[name][2] == {"syntax_error"}
    for name in ("softmax_loss_naive", "softmax_loss_vectorized"):
        assert functions[name][0] == functions[name][1] == 10
    result = graded(path)
    message = next(m.message for t in result.tests for m in t.mistakes)
    assert "linear_svm.py:7" in message


def test_import_error_costs_only_that_files_functions(tmp_path):
    result = graded(with_correct_softmax(tmp_path, FIXTURES / "broken" / "import_error"))
    functions = by_function(result)
    assert functions["svm_loss_naive"][2] == {"import_error"}
    assert functions["softmax_loss_vectorized"][0] == 10
    message = next(m.message for t in result.tests for m in t.mistakes)
    assert "ModuleNotFoundError" in message and "cs231n" in message


def test_timeout_costs_only_that_function_and_is_not_retried():
    result = graded(str(FIXTURES / "mistakes" / "timeout__svm_loss_naive.py"))
    tests = [t for t in result.tests if t.function == "svm_loss_naive"]
    assert all(t.status == "error" for t in tests)
    assert result.timings["total_seconds"] < 5  # one 1.5 s timeout, then no more calls to it
    assert any("not run again" in m.message for t in tests for m in t.mistakes)


MALICIOUS = {
    "fake_json_stdout": None,
    "os_exit": {"crash"},
    "monkeypatch_numpy": None,
    "ndarray_subclass": {"wrong_output_type"},
    "reduce_object": {"wrong_output_type"},
    "sys_exit_at_import": {"import_error"},
    "writes_files": None,
}


@pytest.mark.parametrize("name", sorted(MALICIOUS))
def test_malicious_submission_scores_zero_and_the_rest_is_graded(name, tmp_path):
    result = graded(with_correct_softmax(tmp_path, FIXTURES / "malicious" / name))
    functions = by_function(result)
    for function in ("svm_loss_naive", "svm_loss_vectorized"):
        score, _, ids = functions[function]
        assert score == 0, (function, ids)
        if MALICIOUS[name] is not None:
            assert ids == MALICIOUS[name]
    for function in ("softmax_loss_naive", "softmax_loss_vectorized"):
        assert functions[function][0] == functions[function][1] == 10
    json.loads(dumps(result.to_dict()))  # the result is still a valid file


def test_reduce_payload_never_runs_on_the_host():
    marker = "/tmp/grader-reduce-pwned"
    if os.path.exists(marker):
        os.unlink(marker)
    graded.cache_clear()
    graded(str(FIXTURES / "malicious" / "reduce_object"))
    assert not os.path.exists(marker)


def test_huge_printing_is_capped_and_graded_normally():
    result = graded(str(FIXTURES / "malicious" / "huge_print"))
    svm = [t for t in result.tests if t.function.startswith("svm_loss_")]
    assert svm and all(t.passed for t in svm)
    assert all(len(t.output) < 10_000 for t in result.tests)


def test_same_submission_and_seed_give_the_same_result():
    from conftest import FAST
    from grader import find, grade

    path = FIXTURES / "mistakes" / "dW_not_normalized__svm_loss_naive.py"
    first, second = (grade(find("cs231n-a1"), path, FAST) for _ in range(2))
    strip = lambda r: [(t.name, t.status, t.score, t.output, t.mistakes) for t in r.tests]  # noqa: E731
    assert strip(first) == strip(second)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_verdicts_hold_for_other_seeds(seed):
    """Correct code is never blamed for a random draw; every mistake is still named."""
    from dataclasses import replace

    from conftest import FAST
    from grader import find, grade

    options = replace(FAST, seed=seed)
    for path in CORRECT:
        for function, (score, top, ids) in by_function(grade(find("cs231n-a1"), path,
                                                             options)).items():
            assert ids == {"missing_function"} or score == top, (seed, path.name, function, ids)
    for path in MISTAKES[seed - 1 :: 3]:
        if "timeout" in path.name:
            continue
        mistake, function = _expected(path)
        score, top, ids = by_function(grade(find("cs231n-a1"), path, options))[function]
        assert (score < top or mistake in WARNINGS) and mistake in ids, (seed, path.name, ids)


# The bundled correct example with one line changed: (file, old line, new line).
CASCADES = {
    "broken_vectorized_loss": ("cs231n/classifiers/linear_svm.py",
                               "dW = X.T.dot(mask) / num_train + 2 * reg * W",
                               "dW = X.T.dot(mask) + 2 * reg * W  # forgot / num_train"),
    "broken_affine_backward": ("cs231n/layers.py", "db = np.sum(dout, axis=0)",
                               "db = np.mean(dout, axis=0)"),
    "syntax_error_in_layers": ("cs231n/layers.py", "def relu_forward(x):", "def relu_forward(x)"),
}


def mutated_example(tmp_path, case: str):
    """A copy of examples/assignment1 with the case's one-line change applied."""
    import shutil

    rel, old, new = CASCADES[case]
    root = tmp_path / case
    shutil.copytree(EXAMPLES / "assignment1", root)
    path = root / rel
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} must appear once in {rel}"
    path.write_text(text.replace(old, new))
    from conftest import FAST
    from grader import find, grade

    return grade(find("cs231n-a1"), root, FAST)


@pytest.mark.parametrize("case,culprit", [
    ("broken_vectorized_loss", "svm_loss_vectorized"),  # train() uses the reference loss
    ("broken_affine_backward", "affine_backward"),  # TwoLayerNet.loss uses reference layers
])
def test_a_bug_costs_points_in_exactly_one_function(case, culprit, tmp_path):
    result = mutated_example(tmp_path, case)
    losing = {f for f, (score, top, _) in by_function(result).items() if score < top}
    assert losing == {culprit}


def test_a_file_that_does_not_parse_costs_only_its_own_functions(tmp_path):
    """layers.py has a syntax error: its six functions score 0, TwoLayerNet (which imports it)
    is still graded, with reference layers behind its proxies, and the report says so."""
    result = mutated_example(tmp_path, "syntax_error_in_layers")
    functions = by_function(result)
    layers = {"affine_forward", "affine_backward", "relu_forward", "relu_backward", "svm_loss",
              "softmax_loss"}
    losing = {f for f, (score, top, _) in functions.items() if score < top}
    assert losing == layers
    assert all(functions[f][2] == {"syntax_error"} for f in layers)
    assert any("without cs231n.layers" in note for note in result.notes)


PAIRS = sorted((FIXTURES / "pairs").glob("*.py"))


@pytest.mark.parametrize("path", PAIRS, ids=lambda p: p.stem)
def test_two_mistakes_at_once_are_named_together(path):
    mistakes, _, function = path.stem.partition("__")
    expected = set(mistakes.split("+"))
    result = graded(str(path))
    value = next(t for t in result.tests if t.function == function and t.check == "value")
    assert {m.id for m in value.mistakes} == expected, [m.message for m in value.mistakes]


def test_a_method_is_graded_on_the_instance_the_students_own_constructor_and_train_build():
    """kNN keeping its data as self.x_train, a TwoLayerNet using self.input_dim in loss():
    right code that an instance made with __new__ would crash."""
    result = graded(str(FIXTURES / "correct" / "own_attribute_names"))
    for function in ("KNearestNeighbor.compute_distances_no_loops", "TwoLayerNet.loss",
                     "KNearestNeighbor.predict_labels"):
        score, top, ids = by_function(result)[function]
        assert score == top and not ids, (function, ids)


def test_a_broken_train_costs_nothing_else_and_the_feedback_says_how_it_was_graded():
    result = graded(str(FIXTURES / "correct" / "broken_train"))
    tests = [t for t in result.tests if t.function.startswith("KNearestNeighbor.")]
    assert tests and all(t.passed for t in tests)
    assert all("your KNearestNeighbor.train raised AttributeError" in t.output and
               "graded on an instance the grader built" in t.output for t in tests)


def test_untouched_starter_functions_are_named_not_implemented_and_collapse_to_one_line():
    from grader.formats.terminal import render

    result = graded(str(EXAMPLES / "starter"))
    ids = {f: i for f, (_, _, i) in by_function(result).items()}
    assert ids and all(i == {"not_implemented"} for i in ids.values()), ids
    text = render(result)
    assert "wrong_output_type" not in text and "all zeros" not in text
    assert len(text.splitlines()) < 3 * len(ids) + 10  # one line (and a blank) each


def test_the_shipped_starter_fingerprints_are_current():
    """An install has no starter folder: it reads <spec>.starter.json (hashes only)."""
    import json

    from grader import assignment
    from grader.starter import FINGERPRINTS, describe_starter, starter_fingerprints

    for name in assignment.available():
        spec = assignment.find(name)
        shipped = spec.path.with_name(spec.path.stem + FINGERPRINTS)
        if os.environ.get("GRADER_UPDATE_GOLDEN"):
            shipped.write_text(json.dumps(describe_starter(spec.starter_path), indent=1,
                                          sort_keys=True) + "\n")
        assert json.loads(shipped.read_text()) == describe_starter(spec.starter_path), name
        assert starter_fingerprints(spec.path, None) == starter_fingerprints(
            spec.path, spec.starter_path)


def test_a_function_changed_in_any_way_is_graded_not_called_untouched(tmp_path):
    import shutil

    from conftest import FAST
    from grader import find, grade

    def graded(path):  # not the session cache: the same path is graded twice here
        return grade(find("cs231n-a1"), Path(path), FAST)

    shutil.copytree(EXAMPLES / "starter", tmp_path / "s")
    path = tmp_path / "s" / "cs231n" / "classifiers" / "linear_svm.py"
    text = path.read_text()
    marker = "    # TODO"  # the first comment only: a comment edit is still untouched
    path.write_text(text.replace(marker, "    # TODO (I read this)", 1))
    assert "not_implemented" in by_function(graded(str(tmp_path / "s")))["svm_loss_naive"][2]
    path.write_text(text.replace("loss = 0.0", "loss = 0.0 + 0.0", 1))
    ids = by_function(graded(str(tmp_path / "s")))["svm_loss_naive"][2]
    assert "not_implemented" not in ids


def test_a_pass_beside_the_given_code_does_not_make_a_starter_function_look_worked_on():
    """2018's starter ends svm_loss_naive's given code with `return`; 2019+ put a `pass`
    (between the START/END markers) before it, 2025 none again: untouched either way."""
    import ast

    from grader.starter import fingerprint

    given = ("def f(W, X):\n    \"\"\"Doc.\"\"\"\n    loss = 0.0\n{extra}    return loss\n")
    prints = {fingerprint(ast.parse(given.format(extra=extra)).body[0])
              for extra in ("", "    pass\n", "    # START\n    pass\n    # END\n")}
    assert len(prints) == 1
    changed = given.format(extra="    loss += 1\n")
    assert fingerprint(ast.parse(changed).body[0]) not in prints
    only_pass = "def g():\n    pass\n"
    assert fingerprint(ast.parse(only_pass).body[0]) == \
        fingerprint(ast.parse('def g():\n    """Doc."""\n').body[0])


def test_partial_credit_is_one_rule_per_output_rounded_down_to_half_a_point():
    from grader.checks.base import partial_points

    assert partial_points(5, 0.5) == 2.5 and partial_points(4, 4 / 5) == 3.0
    assert partial_points(3, 1 / 3) == 1.0 and partial_points(2, 0.0) == 0.0
    result = graded(str(FIXTURES / "mistakes" / "dW_not_normalized__svm_loss_naive.py"))
    value = next(t for t in result.tests if t.function == "svm_loss_naive" and t.check == "value")
    assert value.status == "failed" and value.score == value.max_score / 2  # loss right, dW not


def test_nothing_earns_partial_credit_when_the_outputs_cannot_be_compared():
    for name in ("crash__softmax_loss_vectorized.py",):
        result = graded(str(FIXTURES / "mistakes" / name))
        tests = [t for t in result.tests if t.function == "softmax_loss_vectorized"]
        assert all(t.score == 0 for t in tests if t.max_score)
