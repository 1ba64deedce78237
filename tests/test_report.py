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
    assert max(len(line) for line in text.splitlines()) <= 80


def test_report_says_which_checks_were_public(monkeypatch):
    monkeypatch.chdir(ROOT)
    text = render(grade(find("cs231n-a1"), Path("examples/assignment1"), FAST), width=80)
    assert "public inputs, seed 231" in text
    assert text.rstrip().endswith("Total 89/89: all public checks passed.")


def test_the_reproduction_snippet_runs_and_shows_the_students_numbers(monkeypatch):
    """The copy-pasteable call in a public failure, run in the submission's folder, gives the
    same numbers the report shows."""
    import subprocess
    import sys

    monkeypatch.chdir(ROOT)
    result = grade(find("cs231n-a1"), Path("examples/buggy-assignment1"), FAST)
    test = next(t for t in result.tests if t.function == "svm_loss_naive" and t.check == "value")
    code = test.output.split("Try this call yourself:\n", 1)[1]
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "examples/buggy-assignment1",
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "138.81342403" in run.stdout  # the dW entry the report calls "got 138.813"


def test_hidden_failures_never_show_a_snippet(monkeypatch):
    monkeypatch.chdir(ROOT)
    options = replace(FAST, hidden=True, hidden_seed=12345)
    result = grade(find("cs231n-a1"), Path("examples/buggy-assignment1"), options)
    assert not any("Try this call yourself" in t.output for t in result.tests)
