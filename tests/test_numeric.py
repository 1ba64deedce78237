"""The pure numeric core: comparison, signatures, regularization fits, inputs and seeds."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from grader import find
from grader.checks.regularization import fit_regularization
from grader.compare import compare, rel_error
from grader.diagnose import constant_ratio, signatures
from grader.inputs import RECIPES, draw
from grader.seeds import rng_for, stable_words


def test_tolerance_rule_is_atol_plus_rtol_times_expected():
    assert compare(1.0 + 1e-8, 1.0, rtol=1e-7, atol=0).passed
    assert not compare(1.0 + 1e-6, 1.0, rtol=1e-7, atol=0).passed
    assert compare(1e-11, 0.0, rtol=1e-7, atol=1e-10).passed


def test_nan_and_inf_never_pass():
    for bad in (np.nan, np.inf, -np.inf):
        c = compare(np.array([1.0, bad]), np.array([1.0, bad]), rtol=1, atol=1)
        assert not c.passed and c.nonfinite == 1


def test_comparison_reports_the_worst_entry_and_cs231n_rel_error():
    e = np.arange(12.0).reshape(3, 4)
    a = e.copy()
    a[2, 1] += 1.0
    c = compare(a, e, rtol=1e-7, atol=1e-10)
    assert (not c.passed and c.mismatched == 1 and c.worst_index == (2, 1)
            and c.expected_at_worst == 9.0 and c.actual_at_worst == 10.0)
    assert c.rel_error == pytest.approx(rel_error(a, e)) == pytest.approx(1 / 19)


def test_shapes_must_match_and_a_mismatch_is_a_failed_comparison_in_words():
    """Never an exception: anything a student returns compares (issue: the judge never breaks)."""
    comp = compare(np.zeros(3), np.zeros((3, 1)), 1e-7, 0)
    assert not comp.passed and comp.problem == "shape (3,), expected (3, 1)"
    comp = compare(np.array(["a", "b"]), np.zeros(2), 1e-7, 0)
    assert not comp.passed and comp.problem.startswith("not numbers")
    comp = compare(np.zeros((2, 2)), np.zeros((2, 2)), 1e-7, 0)
    assert comp.passed and comp.problem == ""


def test_constant_ratio_and_signatures():
    e = np.random.default_rng(0).standard_normal((4, 3))
    assert constant_ratio(40 * e, e) == pytest.approx(40)
    assert constant_ratio(e + 1, e) is None
    sig = signatures([("loss", 2.0), ("dW", -e)], [("loss", 1.0), ("dW", e)], n=40)
    assert "grad_sign_flipped" in sig.ids and "opposite sign" in sig.text
    sig = signatures([("loss", 1.025), ("dW", 40 * e)], [("loss", 1.025), ("dW", e)], n=40)
    assert sig.ids == ["dW_not_normalized"]
    sig = signatures([("loss", 3.5), ("dW", e)], [("loss", 2.5), ("dW", e)], n=40)
    assert sig.ids == ["exactly_one_more"]  # correct_class_not_excluded, in an SVM pack


@pytest.mark.parametrize("b,scalar", [(2.0, False), (1.0, False), (0.0, False), (0.05, False),
                                      (None, True)])
def test_regularization_fit_recovers_the_coefficient(b, scalar):
    W = np.random.default_rng(1).standard_normal((5, 3)) * 1e-2
    reg = 0.7
    dgrad = reg * np.ones_like(W) if scalar else b * reg * W
    fit = fit_regularization(0.5 * reg * np.sum(W * W), dgrad, W, reg)
    assert fit.loss_coef == pytest.approx(0.5)
    assert fit.scalar is scalar
    if not scalar:
        assert fit.grad_coef == pytest.approx(b, abs=1e-9)


def test_inputs_are_deterministic_and_avoid_the_hinge_kink():
    find("cs231n-a1")  # its generators register the recipe
    params = {"N": 200, "D": 5, "C": 10}
    a = draw("linear_classifier", params, rng_for(1, "x"))
    b = draw("linear_classifier", params, rng_for(1, "x"))
    c = draw("linear_classifier", params, rng_for(2, "x"))
    assert all(np.array_equal(a[k], b[k]) for k in "WXy")
    assert not np.array_equal(a["X"], c["X"])
    rows_near_kink = sys.modules[RECIPES["linear_classifier"].draw.__module__]._rows_near_kink
    assert not rows_near_kink(a["W"], a["X"], a["y"], 0.05).any()
    assert a["X"].dtype == np.float64 and a["y"].dtype == np.int64
    scores = a["X"] @ a["W"]
    margins = scores - scores[np.arange(200), a["y"]][:, None] + 1
    assert (margins > 0).mean() > 0.1 and (margins < 0).mean() > 0.1  # both sides of the hinge


def test_offset_inputs_shift_every_score_of_a_row():
    base = {"N": 30, "D": 4, "C": 3, "offset": 1000.0}
    up = draw("linear_classifier", base, rng_for(0))
    mixed = draw("linear_classifier", {**base, "mixed_offsets": True}, rng_for(0))
    assert ((up["X"] @ up["W"]) > 900).all()
    rows = np.abs((mixed["X"] @ mixed["W"]).mean(axis=1))
    assert (rows > 900).all() and len(set(np.sign((mixed["X"] @ mixed["W"]).mean(axis=1)))) == 2


def test_stable_seed_words_do_not_depend_on_python_hash_salt():
    assert stable_words("cs231n-a1", "svm", 0) == [794839800, 2132111505, 255429894, 3125662303]


@pytest.mark.parametrize("kind,message,expected", [
    ("NameError", "name 'xrange' is not defined", "python2_code"),
    ("AttributeError", "'dict' object has no attribute 'iteritems'", "python2_code"),
    ("SyntaxError", "Missing parentheses in call to 'print'. Did you mean print(...)?",
     "python2_code"),
    ("TypeError", "'float' object cannot be interpreted as an integer", "python2_code"),
    ("TypeError", "'newshape' is an invalid keyword argument for this function",
     "numpy2_removed_api"),
    ("AttributeError", "module 'numpy' has no attribute 'float'.", "numpy2_removed_api"),
    ("NameError", "name 'foo' is not defined", None),
    ("ValueError", "operands could not be broadcast together", None),
])
def test_legacy_code_is_named_from_its_error(kind, message, expected):
    from grader.legacy import legacy_hint

    hint = legacy_hint(kind, message)
    assert (hint[0] if hint else None) == expected


def test_signatures_name_the_rows_that_differ_and_transposes():
    from grader.outputs import _array

    e = np.arange(12.0).reshape(4, 3)
    a = e.copy()
    a[[1, 3]] += 1
    sig = signatures([("dists", a)], [("dists", e)], n=None)
    assert "only rows 1, 3 of dists differ (2 of 4)" in sig.text
    assert "(transposed?)" in _array(np.zeros((3, 4)), (4, 3)).message


def test_signatures_name_a_transpose_a_log_n_offset_and_float32_precision():
    import numpy as np

    from grader.diagnose import signatures

    e = np.arange(9.0).reshape(3, 3) + 1
    assert signatures([("dW", e.T)], [("dW", e)], 5).text == (
        "dW is the transpose of the expected value")
    offset = signatures([("loss", np.array(3.0 + np.log(40)))], [("loss", np.array(3.0))], 40)
    assert "about log(N)" in offset.text and offset.ids == ["about_log_n_more"]
    noisy = e * (1 + 1e-7)
    assert signatures([("dW", noisy)], [("dW", e)], 5, float32=True).ids == ["float32_precision"]
    assert "float32" not in signatures([("dW", noisy)], [("dW", e)], 5).text  # NumPy: not said


def test_squeeze_outputs_accept_length_one_axes_only():
    """``squeeze: true``: a (C,) dgamma for a (1, C, 1, 1) gamma is the same answer; any
    other shape is still wrong."""
    from grader.assignment import Output
    from grader.outputs import OutputProblem, normalize

    spec = [Output(name="dgamma", kind="array", like="gamma", squeeze=True)]
    gamma = np.ones((1, 3, 1, 1))
    (out,) = normalize(np.arange(3.0), spec, {"gamma": gamma})
    assert out.shape == (1, 3, 1, 1) and out.ravel().tolist() == [0.0, 1.0, 2.0]
    assert isinstance(normalize(np.arange(6.0).reshape(2, 3), spec, {"gamma": gamma}), OutputProblem)
    strict = [Output(name="dgamma", kind="array", like="gamma")]
    assert isinstance(normalize(np.arange(3.0), strict, {"gamma": gamma}), OutputProblem)
