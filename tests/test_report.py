"""Messages are UI: the terminal report is pinned at 80 columns (golden file)."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from conftest import FAST, ROOT
from grader import find, grade
from grader.formats.terminal import render

GOLDEN = ROOT / "tests" / "golden" / "buggy-assignment1.txt"


def test_report_matches_golden_at_80_columns(monkeypatch):
    monkeypatch.chdir(ROOT)
    options = replace(FAST, sandbox="process")  # the header names the backend
    result = grade(find("cs231n-a1"), Path("examples/buggy-assignment1"), options)
    text = render(result, width=80)
    if os.environ.get("GRADER_UPDATE_GOLDEN"):
        GOLDEN.write_text(text)
    assert text == GOLDEN.read_text()
    command = ("grader check examples/buggy-assignment1 --assignment cs231n-a1@2021-2024 "
               "--seed 231")
    lines = text.splitlines()
    assert command in lines  # copyable: on a line of its own, never wrapped mid-command
    assert max(len(line) for line in lines if line != command) <= 80
    assert not any(line != line.rstrip() for line in lines)  # no trailing spaces


def test_the_report_starts_with_a_summary_and_shows_only_what_did_not_pass(monkeypatch):
    monkeypatch.chdir(ROOT)
    text = render(grade(find("cs231n-a1"), Path("examples/buggy-assignment1"), FAST), width=80)
    lines = text.splitlines()
    summary = lines[3:21]  # after the title, the submission line and a blank line
    assert [line.split()[0] for line in summary][:4] == [
        "svm_loss_naive", "svm_loss_vectorized", "softmax_loss_naive", "softmax_loss_vectorized"]
    assert summary[2].split()[1:] == ["passed", "10/10"]
    assert summary[4].split()[1:] == ["missing", "0/3"]
    details = lines[22:]  # a function that passed has no details section
    assert not any(line.startswith("softmax_loss_naive ") for line in details)
    assert any(line.startswith("softmax_loss_vectorized ") for line in details)
    assert text.count("not found in the submission") == 0  # one line names them all
    assert sum(line.startswith("Not found in the submission:") for line in lines) == 1


def test_a_file_that_cannot_be_parsed_is_reported_once(tmp_path):
    (tmp_path / "linear_svm.py").write_text(
        "import numpy as np\n\ndef svm_loss_naive(W, X, y, reg):\n    return 1 +\n\n"
        "def svm_loss_vectorized(W, X, y, reg):\n    pass\n")
    text = render(grade(find("cs231n-a1"), tmp_path, FAST), width=80)
    assert text.count("linear_svm.py:4: invalid syntax") == 2  # the note, and one block
    assert "svm_loss_naive, svm_loss_vectorized: the file has a syntax error" in text
    assert "(the same for the 7 other checks of these functions)" in text


def test_report_says_which_checks_were_public(monkeypatch):
    monkeypatch.chdir(ROOT)
    text = render(grade(find("cs231n-a1"), Path("examples/assignment1"), FAST), width=80)
    assert "public inputs, seed 231" in text
    assert text.rstrip().endswith("Total 89/89: all public checks passed.")


def test_the_reproduction_snippet_is_small_and_reproduces_the_mistake(monkeypatch):
    """The paste-able call of a public failure is the smallest failing input found, and run in
    the submission's folder it shows the mistake: dW is N times the reference's."""
    import sys

    import numpy as np

    svm_loss = find("cs231n-a1").reference_named("linear_svm:svm_loss")

    monkeypatch.chdir(ROOT / "examples/buggy-assignment1")
    monkeypatch.syspath_prepend(str(ROOT / "examples/buggy-assignment1"))
    monkeypatch.delitem(sys.modules, "linear_svm", raising=False)
    result = grade(find("cs231n-a1"), Path("."), FAST)
    test = next(t for t in result.tests if t.function == "svm_loss_naive" and t.check == "value")
    code = test.output.split("Try this call yourself:\n", 1)[1]
    assert "smallest failing input" in code
    namespace: dict = {}
    exec(code.replace("print(", "RESULT = ("), namespace)
    W, X, y, reg = (namespace[k] for k in ("W", "X", "y", "reg"))
    assert X.size < 40 * 20  # smaller than the spec's largest case
    loss, dW = namespace["RESULT"]
    np.testing.assert_allclose(dW, len(y) * svm_loss(W, X, y, reg)[1])


def test_hidden_failures_never_show_a_snippet(monkeypatch):
    monkeypatch.chdir(ROOT)
    options = replace(FAST, hidden=True, hidden_seed=12345)
    result = grade(find("cs231n-a1"), Path("examples/buggy-assignment1"), options)
    assert not any("Try this call yourself" in t.output for t in result.tests)


def test_a_file_that_cannot_be_imported_is_reported_once(tmp_path):
    (tmp_path / "softmax.py").write_text(
        "import numpy as np\nimport no_such_module_here\n\n"
        "def softmax_loss_naive(W, X, y, reg):\n    return 0.0, np.zeros_like(W)\n\n"
        "def softmax_loss_vectorized(W, X, y, reg):\n    return 0.0, np.zeros_like(W)\n")
    text = render(grade(find("cs231n-a1"), tmp_path, FAST), width=80)
    assert "softmax_loss_naive, softmax_loss_vectorized: the file could not be imported" in text
    assert text.count("No module named 'no_such_module_here'") == 1
    assert "softmax.py:2" in text  # with the line

